/**
 * Red team 3: an admin (no case assignment, no privacy-officer role) could create an incoming
 * webhook for a case room. That made the webhook's account a member of the room — whose
 * membership must be exactly the case's assignees and watchers (PRODUCT.md, "Case room") — and gave
 * whoever holds the hook URL a way to post into a room about a data subject, outside the case.
 * Webhooks now refuse case rooms, like DMs; the room's members stay as they were.
 *
 * Also: the webhook's name becomes the author name of every message it posts (shown to members, in
 * notifications and e-mails) but was stored unchecked, so `jane.doe@example.com` as a name went out
 * raw. The name now passes the analyzer like a display name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../routes/intake/test-helpers.ts';

describe('incoming webhooks and case rooms', () => {
  let srv: TestServer;
  let admin: TestUser;
  let lead: TestUser;
  let ada: TestUser;

  beforeAll(async () => {
    srv = await startServer();
    admin = await makeUser(srv, { role: 'admin' });
    lead = await makeUser(srv, { role: 'lead' });
    ada = await makeUser(srv, { name: 'Ada Assignee' });
  });
  afterAll(async () => srv.close());

  it('a webhook for a case room is refused and the room gains no member', async () => {
    const created = await postReport(srv, await makeIntegration(srv, 'rt3-hooks'), fakeReport({ reportId: 'rt3-hook-room' }));
    const caseId = String(created.body.caseId);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: ada.id })).status).toBe(204);
    const room = (await call<{ roomChannelId: string }>(srv, ada.token, 'GET', `/api/v1/cases/${caseId}`)).body.roomChannelId;
    const before = await srv.ctx.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', room).execute();

    const r = await call<{ url?: string; error?: { code: string } }>(srv, admin.token, 'POST', '/api/v1/webhooks', { channelId: room, name: 'Room bot' });
    expect(r.status).toBe(404);
    expect(r.body.url).toBeUndefined();
    const after = await srv.ctx.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', room).execute();
    expect(after.map((m) => m.user_id).sort()).toEqual(before.map((m) => m.user_id).sort());
    expect(await srv.ctx.db.selectFrom('incoming_webhooks').select('id').where('channel_id', '=', room).execute()).toEqual([]);
  });

  it.each([
    ['an e-mail address', 'jane.doe@example.com'],
    ['an IP address', 'bot at 192.0.2.44'],
    ['a backslash-escaped IP address', 'bot at 192\\.0\\.2\\.44'],
  ])('a webhook named with %s is refused and nothing is created', async (_what, name) => {
    const ch = await makeChannel(srv, ada);
    const r = await call<{ error?: { code: string; message: string } }>(srv, admin.token, 'POST', '/api/v1/webhooks', { channelId: ch.id, name });
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
    expect(r.body.error?.message).not.toContain('192.0.2.44');
    expect(await srv.ctx.db.selectFrom('users').select('id').where('name', '=', name).execute()).toEqual([]);
    expect(await srv.ctx.db.selectFrom('incoming_webhooks').select('id').where('channel_id', '=', ch.id).execute()).toEqual([]);
  });

  it('a webhook for a team channel still works', async () => {
    const ch = await makeChannel(srv, ada);
    const r = await call<{ url: string }>(srv, admin.token, 'POST', '/api/v1/webhooks', { channelId: ch.id, name: 'Ticket bot' });
    expect(r.status).toBe(201);
    const posted = await fetch(srv.url + r.body.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'build passed' }) });
    expect(posted.status).toBe(200);
  });
});
