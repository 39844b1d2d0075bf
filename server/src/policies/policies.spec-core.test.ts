/**
 * Security-core tests of the access policies (docs/api.md "Channels", "Access"), through the HTTP
 * API with the body code checked, plus the pure role checks. A policy that always allowed (e.g.
 * `canAddMember` or `canEditChannel` returning true) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Selectable } from 'kysely';
import type { ChannelsTable, MessagesTable } from '../db/schema/chat.ts';
import { AppError } from '../errors.ts';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { canDeleteMessage, canEditMessage, canRemoveMember, requireAdmin, requirePrivacyOfficer } from './index.ts';

type ErrBody = { error?: { code: string; message: string } };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;
let admin: TestUser;
let pub: { id: string };
let priv: { id: string };

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  eve = await makeUser(srv, { name: 'Eve' });
  admin = await makeUser(srv, { name: 'Admin', role: 'admin' });
  pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
  priv = await makeChannel(srv, ada, { members: [bob] });
});
afterAll(async () => srv.close());

const members = async (channelId: string): Promise<string[]> =>
  (await call<{ members: { userId: string }[] }>(srv, ada.token, 'GET', `/api/v1/channels/${channelId}/members`)).body.members.map((m) => m.userId).sort();

function expectError(r: { status: number; body: ErrBody }, status: number, code: string, what = ''): void {
  expect(r.status, what).toBe(status);
  expect(r.body.error?.code, what).toBe(code);
  // The documented error shape `{ error: { code, message } }`: a message a person can read.
  expect(r.body.error?.message, what).toMatch(/\w{3}/);
}

describe('adding members (canAddMember)', () => {
  it('a non-member, non-admin may not add someone else to a public channel: 403 forbidden, nothing added', async () => {
    const carl = await makeUser(srv, { name: 'Carl' });
    const r = await call<ErrBody>(srv, eve.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: carl.id });
    expectError(r, 403, 'forbidden');
    expect(await members(pub.id)).not.toContain(carl.id);
  });

  it('a non-member may not add someone to a private channel: 404 not_found (invisible), nothing added', async () => {
    const carl = await makeUser(srv, { name: 'Carl' });
    for (const u of [eve, admin]) {
      const r = await call<ErrBody>(srv, u.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: carl.id });
      expectError(r, 404, 'not_found', u.name);
    }
    expect(await members(priv.id)).not.toContain(carl.id);
  });

  it('self-join of a public channel is allowed; of a private one it is not', async () => {
    const dan = await makeUser(srv, { name: 'Dan' });
    expect((await call(srv, dan.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: dan.id })).status).toBe(204);
    expect(await members(pub.id)).toContain(dan.id);
    expectError(await call<ErrBody>(srv, dan.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: dan.id }), 404, 'not_found');
  });

  it('a member adds others (public and private); an admin who is not a member adds to a public channel', async () => {
    const carl = await makeUser(srv, { name: 'Carl' });
    const fay = await makeUser(srv, { name: 'Fay' });
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${priv.id}/members`, { userId: carl.id })).status).toBe(204);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: carl.id })).status).toBe(204);
    expect((await call(srv, admin.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: fay.id })).status).toBe(204);
    expect(await members(priv.id)).toContain(carl.id);
    expect(await members(pub.id)).toEqual(expect.arrayContaining([carl.id, fay.id]));
  });

  it('DM members are fixed: 400 dm_members_fixed, even for a member', async () => {
    const dm = await call<{ id: string }>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [bob.id] });
    expect([200, 201]).toContain(dm.status);
    expectError(await call<ErrBody>(srv, ada.token, 'POST', `/api/v1/channels/${dm.body.id}/members`, { userId: eve.id }), 400, 'dm_members_fixed');
  });
});

describe('editing channels (canEditChannel)', () => {
  it('a non-member, non-admin may not rename or re-topic a public channel: 403 forbidden, unchanged', async () => {
    const before = (await call<{ name: string; topic: string }>(srv, ada.token, 'GET', `/api/v1/channels/${pub.id}`)).body;
    expectError(await call<ErrBody>(srv, eve.token, 'PATCH', `/api/v1/channels/${pub.id}`, { topic: 'taken over' }), 403, 'forbidden');
    expectError(await call<ErrBody>(srv, eve.token, 'PATCH', `/api/v1/channels/${pub.id}`, { name: `renamed-${Date.now()}` }), 403, 'forbidden');
    const after = (await call<{ name: string; topic: string }>(srv, ada.token, 'GET', `/api/v1/channels/${pub.id}`)).body;
    expect([after.name, after.topic]).toEqual([before.name, before.topic]);
  });

  it('a non-member may not edit a private channel: 404 not_found', async () => {
    expectError(await call<ErrBody>(srv, eve.token, 'PATCH', `/api/v1/channels/${priv.id}`, { topic: 'x' }), 404, 'not_found');
  });

  it('a member and a non-member admin may edit a public channel', async () => {
    const byMember = await call<{ topic: string }>(srv, bob.token, 'PATCH', `/api/v1/channels/${pub.id}`, { topic: 'set by a member' });
    expect(byMember.status).toBe(200);
    expect(byMember.body.topic).toBe('set by a member');
    const byAdmin = await call<{ topic: string }>(srv, admin.token, 'PATCH', `/api/v1/channels/${pub.id}`, { topic: 'set by an admin' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.topic).toBe('set by an admin');
  });

  it('nobody edits a DM, not even its members: 403 forbidden', async () => {
    const dm = await call<{ id: string }>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [eve.id] });
    expectError(await call<ErrBody>(srv, ada.token, 'PATCH', `/api/v1/channels/${dm.body.id}`, { topic: 'x' }), 403, 'forbidden');
  });
});

describe('removing members (canRemoveMember)', () => {
  it('someone who is neither the member, the creator nor an admin gets 403 forbidden; the creator may', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob, eve] });
    expectError(await call<ErrBody>(srv, bob.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${eve.id}`), 403, 'forbidden');
    expect(await members(ch.id)).toContain(eve.id);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${eve.id}`)).status).toBe(204);
    expect(await members(ch.id)).not.toContain(eve.id);
  });
});

describe('reading (channelFor)', () => {
  it('public channel: visible to a non-member, its messages are 404 not_a_member; private: 404 not_found; unknown: 404 not_found', async () => {
    expect((await call(srv, eve.token, 'GET', `/api/v1/channels/${pub.id}`)).status).toBe(200);
    expectError(await call<ErrBody>(srv, eve.token, 'GET', `/api/v1/channels/${pub.id}/messages`), 404, 'not_a_member');
    expectError(await call<ErrBody>(srv, eve.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text: 'hello' }), 404, 'not_a_member');
    expectError(await call<ErrBody>(srv, eve.token, 'GET', `/api/v1/channels/${priv.id}`), 404, 'not_found');
    expectError(await call<ErrBody>(srv, eve.token, 'GET', `/api/v1/channels/${priv.id}/messages`), 404, 'not_found');
    expectError(await call<ErrBody>(srv, eve.token, 'GET', '/api/v1/channels/01ARZ3NDEKTSV4RRFFQ69G5FAV'), 404, 'not_found');
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${priv.id}/messages`)).status).toBe(200);
  });

  it('an admin is not a member: a private channel stays invisible, public messages need joining', async () => {
    expectError(await call<ErrBody>(srv, admin.token, 'GET', `/api/v1/channels/${priv.id}/messages`), 404, 'not_found');
    const ch = await makeChannel(srv, ada, { visibility: 'public' });
    expectError(await call<ErrBody>(srv, admin.token, 'GET', `/api/v1/channels/${ch.id}/messages`), 404, 'not_a_member');
  });
});

describe('messages (canEditMessage, canDeleteMessage)', () => {
  it('only the author edits; the author or an admin deletes; others get 403 forbidden', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob, admin] });
    const m = await post(srv, ada, ch.id, 'first version');
    expectError(await call<ErrBody>(srv, bob.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'hijack' }), 403, 'forbidden');
    expectError(await call<ErrBody>(srv, admin.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'hijack' }), 403, 'forbidden');
    expectError(await call<ErrBody>(srv, bob.token, 'DELETE', `/api/v1/messages/${m.id}`), 403, 'forbidden');
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'second version' })).status).toBe(200);
    expect((await call(srv, admin.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(204);
    const m2 = await post(srv, bob, ch.id, 'by bob');
    expect((await call(srv, bob.token, 'DELETE', `/api/v1/messages/${m2.id}`)).status).toBe(204);
  });
});

describe('role checks (pure)', () => {
  const user = (id: string, role: string) => ({ id, role });
  const channel = (over: Partial<Selectable<ChannelsTable>> = {}): Selectable<ChannelsTable> => ({
    id: 'c1', name: 'c', name_key: 'c', visibility: 'private', kind: 'channel', topic: '', dm_key: null, created_by: 'creator',
    created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', last_message_at: null, ...over,
  });
  const message = { author_id: 'author' } as Selectable<MessagesTable>;

  function thrown(f: () => void): AppError | undefined {
    try {
      f();
    } catch (e) {
      return e as AppError;
    }
    return undefined;
  }

  it('requireAdmin lets only admins through (403 forbidden otherwise)', () => {
    expect(thrown(() => requireAdmin(user('a', 'admin')))).toBeUndefined();
    for (const role of ['agent', 'lead', 'privacy_officer', 'Admin', '']) {
      const e = thrown(() => requireAdmin(user('a', role)));
      expect(e).toBeInstanceOf(AppError);
      expect([e?.status, e?.code]).toEqual([403, 'forbidden']);
      expect(e?.message).toMatch(/\w{3}/);
    }
  });

  it('requirePrivacyOfficer lets only privacy officers through (403 forbidden otherwise, admins included)', () => {
    expect(thrown(() => requirePrivacyOfficer(user('a', 'privacy_officer')))).toBeUndefined();
    for (const role of ['agent', 'lead', 'admin', '']) {
      const e = thrown(() => requirePrivacyOfficer(user('a', role)));
      expect(e).toBeInstanceOf(AppError);
      expect([e?.status, e?.code]).toEqual([403, 'forbidden']);
      expect(e?.message).toMatch(/\w{3}/);
    }
  });

  it('canRemoveMember: oneself, the creator, an admin — nobody else', () => {
    expect(canRemoveMember(user('x', 'agent'), channel(), 'x')).toBe(true);
    expect(canRemoveMember(user('creator', 'agent'), channel(), 'y')).toBe(true);
    expect(canRemoveMember(user('x', 'admin'), channel(), 'y')).toBe(true);
    expect(canRemoveMember(user('x', 'agent'), channel(), 'y')).toBe(false);
    expect(canRemoveMember(user('x', 'privacy_officer'), channel(), 'y')).toBe(false);
  });

  it('canEditMessage: the author only; canDeleteMessage: the author or an admin', () => {
    expect(canEditMessage(user('author', 'agent'), message)).toBe(true);
    expect(canEditMessage(user('other', 'admin'), message)).toBe(false);
    expect(canDeleteMessage(user('author', 'agent'), message)).toBe(true);
    expect(canDeleteMessage(user('other', 'admin'), message)).toBe(true);
    expect(canDeleteMessage(user('other', 'agent'), message)).toBe(false);
  });
});
