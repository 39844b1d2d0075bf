/**
 * Notifications through the API and the stream (issue 12): who gets one, its body (labels, never a
 * value or a token id), the list and read marks, settings, and withdrawal when the message is
 * deleted, edited so the mention is gone, or the person leaves; none for a blocked message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

interface N {
  id: string;
  kind: string;
  channelId: string;
  messageId: string;
  body: string;
  read: boolean;
  authorName: string;
}
type List = { notifications: N[]; unread: number; hasMore: boolean };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let cy: TestUser;

const list = async (u: TestUser, q = '') => (await call<List>(srv, u.token, 'GET', `/api/v1/notifications${q}`)).body;
const forMessage = async (u: TestUser, messageId: string) => (await list(u)).notifications.filter((n) => n.messageId === messageId);

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada Notif' });
  bob = await makeUser(srv, { name: 'Bob Notif' });
  cy = await makeUser(srv, { name: 'Cy Notif' });
});
afterAll(async () => srv.close());

describe('creation', () => {
  it('a mention notifies the person mentioned only (not the author, not other members); the body shows labels, never the value or token', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob, cy] });
    const bobLive = await connect(srv, bob.token);
    const cyLive = await connect(srv, cy.token);
    const msg = await post(srv, ada, ch.id, '@Bob Notif please check jane.roe@example.com from 192.0.2.44 today');
    const full = (await call<{ message: { entities: Array<{ token: string }> } }>(srv, ada.token, 'GET', `/api/v1/messages/${msg.id}`)).body.message;
    expect(full.entities.length).toBe(2);
    const [n] = await forMessage(bob, msg.id);
    expect(n).toMatchObject({ kind: 'mention', channelId: ch.id, authorName: 'Ada Notif', read: false });
    expect(n?.body).toBe('@Bob Notif please check an e-mail address from an IP address today');
    expect(await forMessage(ada, msg.id)).toEqual([]);
    expect(await forMessage(cy, msg.id)).toEqual([]);
    await bobLive.until((f) => f.some((x) => x.type === 'notification.created'));
    const frame = JSON.stringify(bobLive.of('notification.created'));
    for (const secret of ['jane.roe', '192.0.2.44', ...full.entities.map((e) => e.token)]) expect(frame).not.toContain(secret);
    // Cy's stream got the message itself but no notification.
    await cyLive.until((f) => f.some((x) => x.type === 'message.created' && x.message?.id === msg.id));
    expect(cyLive.of('notification.created')).toEqual([]);
    bobLive.close();
    cyLive.close();
  });

  it('a DM notifies the other person; level "all" notifies every message; mute and "nothing" silence', async () => {
    const dm = (await call<{ id: string }>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [bob.id] })).body;
    const d = await post(srv, ada, dm.id, 'are you around?');
    expect((await forMessage(bob, d.id))[0]?.kind).toBe('dm');

    const ch = await makeChannel(srv, ada, { members: [bob, cy] });
    expect((await call(srv, cy.token, 'PUT', `/api/v1/channels/${ch.id}/notification-settings`, { level: 'all' })).body).toMatchObject({ level: 'all', muted: false, effectiveLevel: 'all' });
    const m1 = await post(srv, ada, ch.id, 'a plain update');
    expect((await forMessage(cy, m1.id))[0]?.kind).toBe('message');
    expect(await forMessage(bob, m1.id)).toEqual([]);

    expect((await call(srv, bob.token, 'PUT', `/api/v1/channels/${ch.id}/notification-settings`, { muted: true })).status).toBe(200);
    expect((await call(srv, cy.token, 'PUT', '/api/v1/notifications/settings', { level: 'nothing' })).body).toEqual({ level: 'nothing', email: true });
    expect((await call(srv, cy.token, 'PUT', `/api/v1/channels/${ch.id}/notification-settings`, { level: null })).body).toMatchObject({ level: null, effectiveLevel: 'nothing' });
    const m2 = await post(srv, ada, ch.id, '@Bob Notif and @Cy Notif, see this');
    expect(await forMessage(bob, m2.id)).toEqual([]);
    expect(await forMessage(cy, m2.id)).toEqual([]);
    await call(srv, cy.token, 'PUT', '/api/v1/notifications/settings', { level: 'mentions' });
  });

  it('a default of "all" notifies every message of every channel, unless the channel says otherwise', async () => {
    const dee = await makeUser(srv, { name: 'Dee Notif' });
    const ch = await makeChannel(srv, ada, { members: [dee] });
    const quiet = await makeChannel(srv, ada, { members: [dee] });
    expect((await call(srv, dee.token, 'PUT', '/api/v1/notifications/settings', { level: 'all' })).status).toBe(200);
    expect((await call(srv, dee.token, 'PUT', `/api/v1/channels/${quiet.id}/notification-settings`, { level: 'mentions' })).status).toBe(200);
    const m = await post(srv, ada, ch.id, 'no mention here');
    const q = await post(srv, ada, quiet.id, 'nor here');
    expect((await forMessage(dee, m.id)).map((n) => n.kind)).toEqual(['message']);
    expect(await forMessage(dee, q.id)).toEqual([]);
  });

  it('a blocked message notifies nobody', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    await call(srv, bob.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: bob.id });
    const before = (await list(bob)).notifications.length;
    const r = await call(srv, ada.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text: '@Bob Notif mail jane.roe@example.com or call +1 202-555-0147' });
    expect(r.status).toBe(422);
    expect((await list(bob)).notifications.length).toBe(before);
  });
});

describe('list and read marks', () => {
  it('newest first, paginated, with the unread count; read by ids (others ignored) or all', async () => {
    const ch = await makeChannel(srv, ada, { members: [cy] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post(srv, ada, ch.id, `@Cy Notif item ${i}`)).id);
    const page = await list(cy, '?limit=2');
    expect(page.notifications.map((n) => n.messageId)).toEqual([ids[2], ids[1]]);
    expect(page.hasMore).toBe(true);
    const next = await list(cy, `?limit=2&before=${page.notifications[1]?.id}`);
    expect(next.notifications[0]?.messageId).toBe(ids[0]);
    const unread = page.unread;
    expect(unread).toBeGreaterThanOrEqual(3);
    const one = page.notifications[0]?.id as string;
    expect((await call(srv, ada.token, 'POST', '/api/v1/notifications/read', { ids: [one] })).body).toEqual({ updated: 0 });
    expect((await call(srv, cy.token, 'POST', '/api/v1/notifications/read', { ids: [one] })).body).toEqual({ updated: 1 });
    expect((await list(cy)).unread).toBe(unread - 1);
    expect((await call(srv, cy.token, 'POST', '/api/v1/notifications/read', { all: true })).status).toBe(200);
    expect((await list(cy)).unread).toBe(0);
  });

  it('bad input: both or neither of ids/all, bad limits, unknown fields, no token', async () => {
    for (const body of [{}, { ids: [], all: true }, { ids: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'], all: true }, { all: false }, { ids: ['x'] }, { all: true, x: 1 }]) {
      const r = await call<{ error: { code: string } }>(srv, cy.token, 'POST', '/api/v1/notifications/read', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBeTruthy();
    }
    for (const q of ['?limit=0', '?limit=101', '?limit=x', '?before=zzz', '?foo=1']) expect((await call(srv, cy.token, 'GET', `/api/v1/notifications${q}`)).status, q).toBe(400);
    expect((await call(srv, null, 'GET', '/api/v1/notifications')).status).toBe(401);
  });
});

describe('settings', () => {
  it('defaults read and change; bad values answer 400', async () => {
    const u = await makeUser(srv);
    expect((await call(srv, u.token, 'GET', '/api/v1/notifications/settings')).body).toEqual({ level: 'mentions', email: true });
    expect((await call(srv, u.token, 'PUT', '/api/v1/notifications/settings', { email: false })).body).toEqual({ level: 'mentions', email: false });
    for (const body of [{}, { level: 'loud' }, { email: 'yes' }, { level: 'all', extra: 1 }]) {
      expect((await call(srv, u.token, 'PUT', '/api/v1/notifications/settings', body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('channel settings of a channel one is not in: 404, whatever its visibility (private, public not joined, unknown)', async () => {
    const priv = await makeChannel(srv, ada);
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    for (const id of [priv.id, pub.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      for (const [method, body] of [['GET', undefined], ['PUT', { muted: true }]] as const) {
        const r = await call<{ error: { code: string } }>(srv, bob.token, method, `/api/v1/channels/${id}/notification-settings`, body);
        expect(r.status, `${method} ${id}`).toBe(404);
      }
    }
    expect((await call(srv, ada.token, 'PUT', `/api/v1/channels/${priv.id}/notification-settings`, { level: 'sometimes' })).status).toBe(400);
    expect((await call(srv, ada.token, 'PUT', `/api/v1/channels/${priv.id}/notification-settings`, {})).status).toBe(400);
  });
});

describe('withdrawal', () => {
  it('deleting the message withdraws its notification (row gone, withdrawn event, no replay of the old frame)', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const live = await connect(srv, bob.token);
    const msg = await post(srv, ada, ch.id, '@Bob Notif ticket about jane.roe@example.com');
    const [n] = await forMessage(bob, msg.id);
    expect(n).toBeDefined();
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${msg.id}`)).status).toBe(204);
    expect(await forMessage(bob, msg.id)).toEqual([]);
    await live.until((f) => f.some((x) => x.type === 'notification.withdrawn' && x.notificationId === n?.id));
    live.close();
    const replay = await connect(srv, bob.token, { since: 0 });
    await replay.until((f) => f.some((x) => x.type === 'notification.withdrawn' && x.notificationId === n?.id));
    const created = replay.of('notification.created').filter((x) => (x.notification as { id: string }).id === n?.id);
    expect(created).toEqual([]);
    replay.close();
  });

  it('an edit that removes the mention withdraws it; an edit that keeps it updates the body', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const msg = await post(srv, ada, ch.id, '@Bob Notif first version');
    expect((await forMessage(bob, msg.id))[0]?.body).toBe('@Bob Notif first version');
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/messages/${msg.id}`, { text: '@Bob Notif second version' })).status).toBe(200);
    expect((await forMessage(bob, msg.id))[0]?.body).toBe('@Bob Notif second version');
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/messages/${msg.id}`, { text: 'never mind' })).status).toBe(200);
    expect(await forMessage(bob, msg.id)).toEqual([]);
  });

  it('leaving the channel withdraws its notifications; the list never shows a channel one left', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const msg = await post(srv, ada, ch.id, '@Bob Notif before you go');
    expect(await forMessage(bob, msg.id)).toHaveLength(1);
    expect((await call(srv, bob.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
    expect(await forMessage(bob, msg.id)).toEqual([]);
    const after = await post(srv, ada, ch.id, '@Bob Notif are you still there?');
    expect(await forMessage(bob, after.id)).toEqual([]);
  });
});
