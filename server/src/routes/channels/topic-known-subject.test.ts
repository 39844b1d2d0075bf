import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let agent: TestUser;

beforeAll(async () => {
  srv = await startServer();
  agent = await makeUser(srv, { role: 'agent' });
  const integ = await makeIntegration(srv);
  const res = await postReport(
    srv,
    integ,
    fakeReport({ accounts: [{ role: 'reported', accountId: 'topic-acct-77', username: '@quill_topic77', phone: '+1 201-555-0163', deviceIds: ['DEVTOPIC9Q7'] }] }),
  );
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await srv.close();
});

describe('channel names and topics refuse known data subjects\' values (exact-data match)', () => {
  // Retyped forms no pattern recognizer catches: only the known-subject index knows them.
  const retyped = ['quill_topic77', 'call 2015550163 later', 'devtopic9q7', 'account topic-acct-77'];

  it('a topic change carrying a retyped known value is refused with 422 and stored nowhere', async () => {
    const ch = await makeChannel(srv, agent, { visibility: 'private' });
    for (const text of retyped) {
      const res = await call<{ error: { code: string; findings: Array<{ entityType: string }> } }>(srv, agent.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: `see ${text}` });
      expect(res.status, text).toBe(422);
      expect(res.body.error.code).toBe('personal_data_blocked');
      expect(res.body.error.findings.map((f) => f.entityType)).toContain('KNOWN_SUBJECT');
    }
    const after = await call<{ topic: string }>(srv, agent.token, 'GET', `/api/v1/channels/${ch.id}`);
    expect(after.body.topic).toBe('');
  });

  it('a new channel with a known value in its topic is refused; a neutral topic passes', async () => {
    const bad = await call(srv, agent.token, 'POST', '/api/v1/channels', { name: 'topic-known-bad', visibility: 'public', topic: 'about quill_topic77' });
    expect(bad.status).toBe(422);
    const ok = await call(srv, agent.token, 'POST', '/api/v1/channels', { name: 'topic-known-ok', visibility: 'public', topic: 'weekly planning' });
    expect(ok.status).toBe(201);
  });
});
