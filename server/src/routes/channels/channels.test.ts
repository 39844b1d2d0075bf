import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

type Channel = { id: string; name: string; visibility: string; kind: string; topic: string; createdAt: string; memberCount: number; isMember: boolean; unreadCount: number; mentionCount: number; lastMessageAt: string | null };

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

describe('channels', () => {
  it('creates with the documented shape; names are unique case-insensitively', async () => {
    const r = await call<Channel>(srv, ada.token, 'POST', '/api/v1/channels', { name: 'general', visibility: 'public', topic: 'all hands' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual([
      'archived', 'archivedAt', 'class', 'createdAt', 'description', 'id', 'isMember', 'kind', 'lastMessageAt', 'memberCount', 'mentionCount', 'name', 'topic', 'unreadCount', 'visibility',
    ]);
    expect(r.body).toMatchObject({ name: 'general', visibility: 'public', kind: 'channel', topic: 'all hands', memberCount: 1, isMember: true, unreadCount: 0, mentionCount: 0, lastMessageAt: null, description: '', archived: false, archivedAt: null });
    const dup = await call<{ error: { code: string } }>(srv, bob.token, 'POST', '/api/v1/channels', { name: 'general', visibility: 'private' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('name_taken');
    expect((await call(srv, ada.token, 'POST', '/api/v1/channels', { name: 'x', visibility: 'secret' })).status).toBe(400);
  });

  it('lists own channels plus joinable public ones; private ones stay invisible (404)', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const priv = await makeChannel(srv, ada, { visibility: 'private' });
    const list = await call<{ channels: Channel[] }>(srv, bob.token, 'GET', '/api/v1/channels');
    const ids = list.body.channels.map((c) => c.id);
    expect(ids).toContain(pub.id);
    expect(ids).not.toContain(priv.id);
    expect(list.body.channels.find((c) => c.id === pub.id)?.isMember).toBe(false);
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${priv.id}`)).status).toBe(404);
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${priv.id}/members`)).status).toBe(404);
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${pub.id}`)).status).toBe(200);
    expect((await call(srv, bob.token, 'GET', '/api/v1/channels/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  });

  it('self-join of public channels; members add others; outsiders may not add to private', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: bob.id })).status).toBe(204);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: bob.id })).status).toBe(204);
    const priv = await makeChannel(srv, ada);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: bob.id })).status).toBe(404);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: bob.id })).status).toBe(204);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: cy.id })).status).toBe(204);
    expect((await call(srv, admin.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: cy.id })).status).toBe(204);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: 'nobody' })).status).toBe(404);
    const members = await call<{ members: Array<{ userId: string; name: string; email: string; role: string; joinedAt: string }> }>(srv, bob.token, 'GET', `/api/v1/channels/${priv.id}/members`);
    expect(members.body.members.map((m) => m.name)).toEqual(['Ada', 'Bob', 'Cy']);
    expect(Object.keys(members.body.members[0] ?? {}).sort()).toEqual(['email', 'joinedAt', 'name', 'role', 'userId']);
  });

  it('leave = remove self; others are removed by the creator or an admin only', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob, cy] });
    expect((await call(srv, bob.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${cy.id}`)).status).toBe(403);
    expect((await call(srv, cy.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${cy.id}`)).status).toBe(204);
    expect((await call(srv, cy.token, 'GET', `/api/v1/channels/${ch.id}`)).status).toBe(404);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(404);
  });

  it('renames and re-topics (members), announced on the stream', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const s = await connect(srv, bob.token);
    const r = await call<Channel>(srv, bob.token, 'PATCH', `/api/v1/channels/${ch.id}`, { name: `renamed-${ch.id.toLowerCase()}`, topic: 'new topic' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: `renamed-${ch.id.toLowerCase()}`, topic: 'new topic' });
    await s.until((f) => f.some((x) => x.type === 'channel.updated'));
    expect((await call(srv, cy.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: 'x' })).status).toBe(404);
    s.close();
  });
});

describe('DMs', () => {
  it('1:1 and group DMs; the same channel on repeat; named after the others', async () => {
    const a = await call<Channel>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [bob.id] });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ kind: 'dm', visibility: 'private', name: 'Bob', memberCount: 2 });
    const again = await call<Channel>(srv, bob.token, 'POST', '/api/v1/dms', { userIds: [ada.id, ada.id] });
    expect(again.body.id).toBe(a.body.id);
    expect(again.body.name).toBe('Ada');
    const g = await call<Channel>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [cy.id, bob.id] });
    expect(g.body.id).not.toBe(a.body.id);
    expect(g.body.name).toBe('Bob, Cy');
    const g2 = await call<Channel>(srv, cy.token, 'POST', '/api/v1/dms', { userIds: [bob.id, ada.id] });
    expect(g2.body.id).toBe(g.body.id);
    expect((await call(srv, admin.token, 'GET', `/api/v1/channels/${a.body.id}`)).status).toBe(404);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${a.body.id}/members`, { userId: cy.id })).status).toBe(400);
    expect((await call(srv, ada.token, 'POST', '/api/v1/dms', { userIds: ['ghost'] })).status).toBe(404);
    expect((await call(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [] })).status).toBe(400);
  });
});

describe('unread state', () => {
  it('counts others’ messages after the read position; read moves it forward only', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m1 = await post(srv, ada, ch.id, 'one');
    await post(srv, ada, ch.id, 'two');
    await post(srv, bob, ch.id, 'mine does not count');
    const get = async (u: TestUser) => (await call<Channel>(srv, u.token, 'GET', `/api/v1/channels/${ch.id}`)).body;
    expect((await get(bob)).unreadCount).toBe(0); // posting marks read up to one's own message
    await post(srv, ada, ch.id, 'three');
    expect((await get(bob)).unreadCount).toBe(1);
    expect((await get(ada)).unreadCount).toBe(0); // ada posted last
    const b2 = await post(srv, bob, ch.id, 'bob again');
    expect((await get(ada)).unreadCount).toBe(1);
    const s = await connect(srv, bob.token);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/read`, { messageId: b2.id })).status).toBe(204);
    expect((await get(ada)).unreadCount).toBe(0);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/read`, { messageId: m1.id })).status).toBe(204);
    expect((await get(ada)).unreadCount).toBe(0);
    const m4 = await post(srv, ada, ch.id, 'four');
    await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/read`, { messageId: m4.id });
    await s.until((f) => f.some((x) => x.type === 'channel.read'));
    expect(s.of('channel.read')[0]).toMatchObject({ channelId: ch.id, messageId: m4.id });
    expect(s.of('channel.read')).toHaveLength(1); // ada's read events go to ada only
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/read`, { messageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status).toBe(404);
    s.close();
  });
});

describe('unread cap', () => {
  it('stops counting at 999', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const { newId } = await import('../../ids.ts');
    const now = new Date().toISOString();
    const rows = Array.from({ length: 1005 }, (_, i) => ({ id: newId(), channel_id: ch.id, author_id: ada.id, text: `bulk ${i}`, entities: '[]', mentions: '[]', thread_root_id: null, client_msg_id: null, reply_count: 0, last_reply_at: null, created_at: now, edited_at: null, deleted_at: null }));
    for (let i = 0; i < rows.length; i += 200) await srv.ctx.db.insertInto('messages').values(rows.slice(i, i + 200)).execute();
    expect((await call<Channel>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}`)).body.unreadCount).toBe(999);
    await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/read`, { messageId: rows[1000]?.id });
    expect((await call<Channel>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}`)).body.unreadCount).toBe(4);
  });
});
