/**
 * Red team: an incoming webhook (`POST /hooks/<secret>`, no sign-in) posting `192.0.2.*44*` or
 * `jane.doe@**example.com**` into a public channel: the formatting marks vanish on screen, so the
 * whole value would be shown to every member. Refused like the plain value, nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

describe('webhook text with values split by Markdown marks', { timeout: 90_000 }, () => {
  let srv: TestServer;
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    admin = await makeUser(srv, { role: 'admin' });
    agent = await makeUser(srv, { role: 'agent' });
  });
  afterAll(async () => srv.close());

  it.each([
    ['New ticket from 192.0.2.*44*', 'IP_ADDRESS'],
    ['New ticket from jane.doe@**example.com**', 'EMAIL_ADDRESS'],
    ['New ticket from 192\\.0\\.2\\.44', 'IP_ADDRESS'],
  ])('%j is refused in a public channel', async (text, type) => {
    const ch = await makeChannel(srv, agent, { visibility: 'public' });
    const hook = await call<{ url: string }>(srv, admin.token, 'POST', '/api/v1/webhooks', { channelId: ch.id, name: 'Ticket bot' });
    const res = await fetch(srv.url + hook.body.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; findings: { entityType: string }[] } };
    expect(body.error.code).toBe('personal_data_blocked');
    expect(body.error.findings.map((f) => f.entityType)).toContain(type);
    expect(await srv.ctx.db.selectFrom('messages').select('id').where('channel_id', '=', ch.id).execute()).toHaveLength(0);
  });
});
