import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let lead: TestUser;
let agent: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  lead = await makeUser(srv, { role: 'lead' });
  agent = await makeUser(srv, { role: 'agent' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

async function newCase(accountId: string, text = 'Harassing messages every day.'): Promise<string> {
  const res = await postReport(srv, integ, fakeReport({ text, accounts: [{ role: 'reported', accountId, email: `${accountId}@example.com` }] }));
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

describe('case workflow: notes, decisions, states, merge', () => {
  it('notes pass the guard (known values tokenized), decisions resolve, the workflow refuses odd moves', async () => {
    const id = await newCase('wf-1', 'He wrote from wf-1@example.com and 192.0.2.7');
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${id}/assignees`, { userId: agent.id })).status).toBe(204);
    const tl0 = await call<{ complaint: { text: string; entities: unknown[] } }>(srv, agent.token, 'GET', `/api/v1/cases/${id}/timeline`);
    expect(tl0.body.complaint.text).toBe('He wrote from [KNOWN_SUBJECT] and [IP_ADDRESS]');
    const note = await call(srv, agent.token, 'POST', `/api/v1/cases/${id}/notes`, { text: 'Asked WF-1@example.com to stop' });
    expect(note.status).toBe(201);
    const tl = await call<{ events: Array<{ kind: string; text: string; entities: Array<{ entityType: string }> }> }>(srv, agent.token, 'GET', `/api/v1/cases/${id}/timeline`);
    expect(tl.body.events[0]).toMatchObject({ kind: 'note', text: 'Asked [KNOWN_SUBJECT] to stop', entities: [{ entityType: 'KNOWN_SUBJECT' }] });
    expect((await call(srv, agent.token, 'PATCH', `/api/v1/cases/${id}`, { status: 'closed' })).status).toBe(409);
    expect((await call<{ status: string }>(srv, agent.token, 'PATCH', `/api/v1/cases/${id}`, { status: 'waiting', priority: 'urgent' })).body).toMatchObject({ status: 'waiting', priority: 'urgent' });
    expect((await call(srv, agent.token, 'POST', `/api/v1/cases/${id}/decisions`, { decision: 'ban_forever', reason: 'nope' })).status).toBe(400);
    expect((await call(srv, agent.token, 'POST', `/api/v1/cases/${id}/decisions`, { decision: 'warn', reason: 'First offence, warned.' })).status).toBe(201);
    expect((await call<{ status: string }>(srv, agent.token, 'GET', `/api/v1/cases/${id}`)).body.status).toBe('resolved');
    const other = await makeUser(srv, { role: 'agent' });
    expect((await call(srv, other.token, 'POST', `/api/v1/cases/${id}/notes`, { text: 'hello' })).status).toBe(404);
  });

  it('merges a duplicate about the same reported account, refuses unrelated cases', async () => {
    const a = await newCase('dup-1');
    const b = await newCase('dup-1');
    const c = await newCase('dup-2');
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${b}/merge`, { intoCaseId: c })).status).toBe(409);
    expect((await call(srv, agent.token, 'POST', `/api/v1/cases/${b}/merge`, { intoCaseId: a })).status).toBe(404);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${b}/merge`, { intoCaseId: a })).status).toBe(204);
    expect((await call<{ status: string }>(srv, lead.token, 'GET', `/api/v1/cases/${b}`)).body.status).toBe('closed');
    const subjectsA = (await call<{ subjects: unknown[] }>(srv, lead.token, 'GET', `/api/v1/cases/${a}`)).body.subjects;
    expect(subjectsA).toHaveLength(1);
  });

  it('erasure by scope subject:<id> also retires the subject: its values stop matching and a later paste is not a crash', async () => {
    const officer = await makeUser(srv, { role: 'privacy_officer' });
    const id = await newCase('scope-erase');
    const subjectId = (await srv.ctx.db.selectFrom('case_subjects').select('subject_id').where('case_id', '=', id).executeTakeFirstOrThrow()).subject_id;
    expect(srv.ctx.privacy.analyze('mail scope-erase@example.com').some((f) => f.subjectId === subjectId)).toBe(true);
    expect((await call(srv, officer.token, 'POST', '/api/v1/privacy/erasure', { scope: `subject:${subjectId}` })).status).toBe(200);
    expect(srv.ctx.privacy.analyze('mail scope-erase@example.com').some((f) => f.subjectId === subjectId)).toBe(false);
    expect((await call<{ subjects: Array<{ erased: boolean }> }>(srv, lead.token, 'GET', `/api/v1/cases/${id}`)).body.subjects[0]?.erased).toBe(true);
    const ch = await makeChannel(srv, agent);
    expect((await call(srv, agent.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'mail scope-erase@example.com' })).status).toBe(201);
  });
});
