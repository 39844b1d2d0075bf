import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

type Err = { error: { code: string; message: string } };
type Channel = { id: string; name: string; archived: boolean; archivedAt: string | null; description: string; kind: string };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let cy: TestUser;
let admin: TestUser;

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  cy = await makeUser(srv, { name: 'Cy' });
  admin = await makeUser(srv, { role: 'admin', name: 'Admin' });
});
afterAll(async () => srv.close());

const audited = async (action: string, target: string) =>
  srv.ctx.db.selectFrom('audit_events').select(['outcome', 'actor']).where('action', '=', action).where('target', '=', target).execute();

describe('channel names', () => {
  it.each([
    ['Capitals', 'lower-case'],
    ['two words', 'no spaces'],
    ['x'.repeat(81), 'at most 80'],
    ['   ', 'must not be empty'],
    ['bad!name', 'only lower-case letters'],
  ])('refuses %j on create with 400 invalid_channel_name (%s)', async (name, why) => {
    const r = await call<Err>(srv, ada.token, 'POST', '/api/v1/channels', { name, visibility: 'private' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_channel_name');
    expect(r.body.error.message).toContain(why);
  });

  it('accepts lower-case names of 80 characters, digits, - _ . and a leading #', async () => {
    const long = `a${'b'.repeat(79)}`;
    expect((await call(srv, ada.token, 'POST', '/api/v1/channels', { name: long, visibility: 'private' })).status).toBe(201);
    const r = await call<Channel>(srv, ada.token, 'POST', '/api/v1/channels', { name: '#ops_2026-q1.review', visibility: 'private' });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe('ops_2026-q1.review');
  });

  it('validates renames; a public channel is renamed by its owners and admins only', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    const bad = await call<Err>(srv, ada.token, 'PATCH', `/api/v1/channels/${pub.id}`, { name: 'New Name' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_channel_name');
    const byMember = await call<Err>(srv, bob.token, 'PATCH', `/api/v1/channels/${pub.id}`, { name: `bob-${Date.now()}` });
    expect(byMember.status).toBe(403);
    expect(await audited('channel.update', `channel:${pub.id}`)).toContainEqual({ outcome: 'denied', actor: bob.id });
    expect((await call(srv, bob.token, 'PATCH', `/api/v1/channels/${pub.id}`, { topic: 'members set topics' })).status).toBe(200);
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/channels/${pub.id}`, { name: `owner-${Date.now()}` })).status).toBe(200);
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/channels/${pub.id}`, { name: `admin-${Date.now()}` })).status).toBe(200);
    const priv = await makeChannel(srv, ada, { members: [bob] });
    expect((await call(srv, bob.token, 'PATCH', `/api/v1/channels/${priv.id}`, { name: `private-by-member-${Date.now()}` })).status).toBe(200);
  });

  it('a channel stored with an old-style name still loads, lists and takes topic changes', async () => {
    const ch = await makeChannel(srv, ada);
    await srv.ctx.db.updateTable('channels').set({ name: 'Old Style Name', name_key: `old style name ${ch.id}` }).where('id', '=', ch.id).execute();
    const got = await call<Channel>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}`);
    expect(got.status).toBe(200);
    expect(got.body.name).toBe('Old Style Name');
    const list = await call<{ channels: Channel[] }>(srv, ada.token, 'GET', '/api/v1/channels');
    expect(list.body.channels.map((c) => c.name)).toContain('Old Style Name');
    const patched = await call<Channel>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { name: 'Old Style Name', topic: 'still works' });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Old Style Name');
  });

  it('keeps personal data out of the description (422) and stores a clean one', async () => {
    const ch = await makeChannel(srv, ada);
    const bad = await call<Err>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { description: 'write to jane.doe@example.com' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).not.toContain('jane.doe');
    const ok = await call<Channel>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { description: 'Weekly review of escalations.' });
    expect(ok.body.description).toBe('Weekly review of escalations.');
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { description: 'x'.repeat(1001) })).status).toBe(400);
  });
});

describe('archive and unarchive', () => {
  it('owners archive; the channel turns read-only (409 channel_archived) and is flagged; unarchive restores posting', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, bob, ch.id, 'before archive');
    const s = await connect(srv, bob.token);
    const denied = await call<Err>(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/archive`);
    expect(denied.status).toBe(403);
    expect(await audited('channel.archive', `channel:${ch.id}`)).toEqual([{ outcome: 'denied', actor: bob.id }]);
    const r = await call<Channel>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/archive`);
    expect(r.status).toBe(200);
    expect(r.body.archived).toBe(true);
    expect(await audited('channel.archive', `channel:${ch.id}`)).toContainEqual({ outcome: 'success', actor: ada.id });
    await s.until((f) => f.some((x) => x.type === 'channel.updated' && (x as { channel?: Channel }).channel?.archived === true));
    s.close();
    const posting = await call<Err>(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'after archive' });
    expect(posting.status).toBe(409);
    expect(posting.body.error.code).toBe('channel_archived');
    expect((await call<Err>(srv, bob.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'edited' })).body.error.code).toBe('channel_archived');
    expect((await call<Err>(srv, bob.token, 'POST', `/api/v1/messages/${m.id}/reactions`, { emoji: '👍' })).body.error.code).toBe('channel_archived');
    expect((await call<Err>(srv, bob.token, 'POST', `/api/v1/messages/${m.id}/pin`)).body.error.code).toBe('channel_archived');
    expect((await call<Err>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: cy.id })).body.error.code).toBe('channel_archived');
    // history stays readable
    const history = await call<{ messages: Array<{ id: string }> }>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(history.body.messages.map((x) => x.id)).toContain(m.id);
    const listed = await call<{ channels: Channel[] }>(srv, bob.token, 'GET', '/api/v1/channels');
    expect(listed.body.channels.find((c) => c.id === ch.id)?.archived).toBe(true);
    const un = await call<Channel>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/unarchive`);
    expect(un.status).toBe(200);
    expect(un.body.archived).toBe(false);
    expect(await audited('channel.unarchive', `channel:${ch.id}`)).toContainEqual({ outcome: 'success', actor: ada.id });
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'back again' })).status).toBe(201);
  });

  it('admins archive public channels; DMs are not archivable; private channels stay invisible to others (404)', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    expect((await call<Channel>(srv, admin.token, 'POST', `/api/v1/channels/${pub.id}/archive`)).body.archived).toBe(true);
    const dm = await call<Channel>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [bob.id] });
    expect((await call<Err>(srv, ada.token, 'POST', `/api/v1/channels/${dm.body.id}/archive`)).body.error.code).toBe('not_archivable');
    const priv = await makeChannel(srv, ada);
    expect((await call(srv, cy.token, 'POST', `/api/v1/channels/${priv.id}/archive`)).status).toBe(404);
  });
});

describe('leave', () => {
  it('a member leaves; access ends', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/leave`)).status).toBe(204);
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`)).status).toBe(404);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/leave`)).status).toBe(404);
  });

  it('the last owner names another owner before leaving (409 last_owner); alone they may leave', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const r = await call<Err>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/leave`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('last_owner');
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/owners`, { userId: bob.id })).status).toBe(204);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/leave`)).status).toBe(204);
    const solo = await makeChannel(srv, cy);
    expect((await call(srv, cy.token, 'POST', `/api/v1/channels/${solo.id}/leave`)).status).toBe(204);
  });

  it('DMs are hidden, not left; a hidden DM comes back with its next message', async () => {
    const dm = await call<Channel>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [cy.id] });
    await post(srv, cy, dm.body.id, 'hello');
    expect((await call<Err>(srv, ada.token, 'POST', `/api/v1/channels/${dm.body.id}/leave`)).body.error.code).toBe('dm_members_fixed');
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${dm.body.id}/hide`)).status).toBe(204);
    const ids = async (u: TestUser) => (await call<{ channels: Channel[] }>(srv, u.token, 'GET', '/api/v1/channels')).body.channels.map((c) => c.id);
    expect(await ids(ada)).not.toContain(dm.body.id);
    expect(await ids(cy)).toContain(dm.body.id);
    await new Promise((r) => setTimeout(r, 5));
    await post(srv, cy, dm.body.id, 'are you there?');
    expect(await ids(ada)).toContain(dm.body.id);
    const ch = await makeChannel(srv, ada);
    expect((await call<Err>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/hide`)).body.error.code).toBe('not_a_dm');
  });

  it("a case room cannot be left by its assignee while assigned (409 case_room_assigned)", async () => {
    const lead = await makeUser(srv, { role: 'lead' });
    const integ = await makeIntegration(srv);
    const res = await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: 'leave-1', email: 'leave.case@example.com' }] }));
    const caseId = res.body.caseId as string;
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: bob.id })).status).toBe(204);
    const room = (await call<{ roomChannelId: string }>(srv, bob.token, 'GET', `/api/v1/cases/${caseId}`)).body.roomChannelId;
    const r = await call<Err>(srv, bob.token, 'POST', `/api/v1/channels/${room}/leave`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('case_room_assigned');
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${room}/messages`)).status).toBe(200);
    expect((await call<Err>(srv, bob.token, 'POST', `/api/v1/channels/${room}/archive`)).body.error.code).toBe('not_archivable');
  });
});
