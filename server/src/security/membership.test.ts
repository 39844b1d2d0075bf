/**
 * Issue 7, item 4: membership is need-to-know and audited. Every channel and membership change is
 * an audit event (who, whom); denied attempts too. A newcomer reveals values shared before they
 * joined only flagged (review queue). A private channel can restrict adding members to its owners.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../services/audit/index.ts';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { PLANTED } from './helpers.ts';

type Msg = { id: string; entities: { token: string }[] };
type AuditRow = { actor: string; action: string; target: string; outcome: string; details: string | null };

const JUST = 'checking the reporter for case 1234';
let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let carl: TestUser;
let dan: TestUser;
let admin: TestUser;

async function audit(action: string, target?: string): Promise<{ actor: string; outcome: string; details: Record<string, unknown> }[]> {
  const rows = (await srv.ctx.database.raw.all('SELECT actor, action, target, outcome, details FROM audit_events WHERE action = ? ORDER BY seq', [action])) as AuditRow[];
  return rows
    .filter((r) => target === undefined || r.target === target)
    .map((r) => ({ actor: r.actor, outcome: r.outcome, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : {} }));
}
const add = (by: TestUser, channelId: string, who: TestUser) => call<{ error?: { code: string } }>(srv, by.token, 'POST', `/api/v1/channels/${channelId}/members`, { userId: who.id });

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 } });
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  carl = await makeUser(srv, { name: 'Carl' });
  dan = await makeUser(srv, { name: 'Dan' });
  admin = await makeUser(srv, { name: 'Root', role: 'admin' });
});
afterAll(async () => srv.close());

describe('membership and channel changes are audited', () => {
  it('create, rename, add and remove each write who and whom', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const target = `channel:${ch.id}`;
    expect(await audit('channel.create', target)).toEqual([{ actor: ada.id, outcome: 'success', details: { kind: 'channel', visibility: 'private', members: [ada.id] } }]);
    expect(await audit('channel.member_add', target)).toEqual([{ actor: ada.id, outcome: 'success', details: { userId: bob.id } }]);
    expect((await call(srv, bob.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: 'fraud ring' })).status).toBe(200);
    expect(await audit('channel.update', target)).toEqual([{ actor: bob.id, outcome: 'success', details: { fields: ['topic'] } }]);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
    expect(await audit('channel.member_remove', target)).toEqual([{ actor: ada.id, outcome: 'success', details: { userId: bob.id } }]);
    const dm = await call<{ id: string }>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [carl.id] });
    expect(await audit('channel.create', `channel:${dm.body.id}`)).toHaveLength(1);
    expect((await verifyAuditLog(srv.ctx.db)).ok).toBe(true);
  });

  it('a denied add is audited as its own event', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const r = await add(bob, pub.id, carl);
    expect([r.status, r.body.error?.code]).toEqual([403, 'forbidden']);
    expect(await audit('channel.member_add', `channel:${pub.id}`)).toEqual([{ actor: bob.id, outcome: 'denied', details: { userId: carl.id, reason: 'forbidden' } }]);
  });
});

describe('owners-only channels', () => {
  it('only owners add members once restricted; owners and admins change the setting, audited', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    expect((await call(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/settings`)).body).toEqual({ channelId: ch.id, addMembers: 'members', owners: [ada.id], canManage: true });
    const bobSet = await call<{ error?: { code: string } }>(srv, bob.token, 'PATCH', `/api/v1/channels/${ch.id}/settings`, { addMembers: 'owners' });
    expect([bobSet.status, bobSet.body.error?.code]).toEqual([403, 'forbidden']);
    const set = await call(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}/settings`, { addMembers: 'owners' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ addMembers: 'owners', owners: [ada.id] });
    expect(await audit('channel.settings_change', `channel:${ch.id}`)).toEqual([
      { actor: bob.id, outcome: 'denied', details: { reason: 'forbidden' } },
      { actor: ada.id, outcome: 'success', details: { before: { addMembers: 'members' }, after: { addMembers: 'owners' } } },
    ]);

    const denied = await add(bob, ch.id, carl);
    expect([denied.status, denied.body.error?.code]).toEqual([403, 'forbidden']);
    expect((await add(ada, ch.id, carl)).status).toBe(204);

    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/owners`, { userId: bob.id })).status).toBe(204);
    expect(await audit('channel.owner_add', `channel:${ch.id}`)).toEqual([{ actor: ada.id, outcome: 'success', details: { userId: bob.id } }]);
    expect((await add(bob, ch.id, dan)).status).toBe(204);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/owners/${bob.id}`)).status).toBe(204);
    const again = await call(srv, bob.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${dan.id}`);
    expect(again.status).toBe(403);
  });

  it('a public channel cannot be restricted; an admin may change a visible channel’s setting', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const r = await call<{ error?: { code: string } }>(srv, ada.token, 'PATCH', `/api/v1/channels/${pub.id}/settings`, { addMembers: 'owners' });
    expect([r.status, r.body.error?.code]).toEqual([400, 'invalid_request']);
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/channels/${pub.id}/settings`, { addMembers: 'members' })).status).toBe(200);
  });
});

describe('values shared before joining', () => {
  it('a newcomer reveals them only flagged, queued for review; values shared after joining unflagged', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const before = (await post(srv, ada, ch.id, `reporter mail ${PLANTED.email}`)) as unknown as Msg;
    expect((await add(ada, ch.id, carl)).status).toBe(204);
    const after = (await post(srv, ada, ch.id, `reporter ip ${PLANTED.ip}`)) as unknown as Msg;
    const old = await call(srv, carl.token, 'POST', '/api/v1/reveal', { token: before.entities[0]?.token, justification: JUST });
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ value: PLANTED.email, flagged: true, flagReason: 'shared_before_joined' });
    const fresh = await call(srv, carl.token, 'POST', '/api/v1/reveal', { token: after.entities[0]?.token, justification: JUST });
    expect(fresh.body).toMatchObject({ value: PLANTED.ip, flagged: false });
    const bobOld = await call(srv, bob.token, 'POST', '/api/v1/reveal', { token: before.entities[0]?.token, justification: JUST });
    expect(bobOld.body).toMatchObject({ flagged: false });
    const events = (await audit('reveal')).filter((e) => e.actor === carl.id);
    expect(events.map((e) => [e.outcome, e.details.flagged, e.details.flagReason])).toEqual([
      ['success', true, 'shared_before_joined'],
      ['success', false, undefined],
    ]);
    const status = await call(srv, carl.token, 'GET', `/api/v1/vault/tokens/${before.entities[0]?.token}`);
    expect(status.body).toMatchObject({ revealable: true, flagged: true });
  });
});
