/**
 * Issue 7, item 5: admin to raw data takes two people. Granting `privacy_officer` is a request a
 * second person approves (another privacy officer, or a second admin while none exists); the
 * account does not hold the role until then; privacy officers are alerted; all audited. Reveals
 * by a privacy officer go to a review queue that only a different privacy officer signs off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { PLANTED } from './helpers.ts';

type Err = { error?: { code: string } };
type RoleRequest = { id: string; userId: string; role: string; status: string; requestedBy: string; decidedBy: string | null };
type AuditRow = { actor: string; action: string; target: string; outcome: string; justification: string | null; details: string | null };

const JUST = 'data-subject access request 77';

async function audit(srv: TestServer, action: string): Promise<AuditRow[]> {
  return (await srv.ctx.database.raw.all('SELECT actor, action, target, outcome, justification, details FROM audit_events WHERE action = ? ORDER BY seq', [action])) as AuditRow[];
}

describe('granting the privacy-officer role while officers exist', () => {
  let srv: TestServer;
  let admin: TestUser;
  let po: TestUser;
  let po2: TestUser;
  beforeAll(async () => {
    srv = await startServer();
    admin = await makeUser(srv, { role: 'admin' });
    po = await makeUser(srv, { role: 'privacy_officer' });
    po2 = await makeUser(srv, { role: 'privacy_officer' });
  });
  afterAll(async () => srv.close());

  it('an admin-created officer is an agent with a pending request; only another officer approves; alerted and audited', async () => {
    const poStream = await connect(srv, po.token);
    const created = await call<{ user: { id: string; role: string }; roleRequest: RoleRequest }>(srv, admin.token, 'POST', '/api/v1/users', {
      email: 'quinn.officer@example.com',
      name: 'Quinn',
      role: 'privacy_officer',
      password: 'a long password 42',
    });
    expect(created.status).toBe(201);
    const quinn = created.body.user;
    expect(quinn.role).toBe('agent');
    expect(created.body.roleRequest).toMatchObject({ userId: quinn.id, role: 'privacy_officer', status: 'pending', requestedBy: admin.id });
    const reqId = created.body.roleRequest.id;
    await poStream.until((f) => f.some((x) => x.type === 'privacy.alert' && x.alert === 'role_requested' && x.userId === quinn.id));
    expect(await audit(srv, 'user.role_request')).toHaveLength(1);
    const me = await call<{ role: string }>(srv, admin.token, 'GET', '/api/v1/users');
    expect(JSON.stringify(me.body)).toContain('"role":"agent"');

    // The requester (an admin, while officers exist) cannot approve: 403 with a body, audited.
    const self = await call<Err>(srv, admin.token, 'POST', `/api/v1/role-requests/${reqId}/approve`);
    expect([self.status, self.body.error?.code]).toEqual([403, 'forbidden']);
    expect((await audit(srv, 'user.role_request.approve')).map((r) => [r.actor, r.outcome])).toEqual([[admin.id, 'denied']]);
    const listed = await call<{ roleRequests: RoleRequest[] }>(srv, po2.token, 'GET', '/api/v1/role-requests');
    expect(listed.body.roleRequests.map((r) => r.id)).toEqual([reqId]);

    const ok = await call<{ roleRequest: RoleRequest }>(srv, po2.token, 'POST', `/api/v1/role-requests/${reqId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body.roleRequest).toMatchObject({ status: 'approved', decidedBy: po2.id });
    const change = (await audit(srv, 'user.role_change')).at(-1);
    expect(change?.actor).toBe(po2.id);
    expect(JSON.parse(change?.details ?? '{}')).toMatchObject({ before: { role: 'agent' }, after: { role: 'privacy_officer' }, requestedBy: admin.id, approvedBy: po2.id });
    await poStream.until((f) => f.some((x) => x.type === 'privacy.alert' && x.alert === 'role_granted' && x.userId === quinn.id));
    poStream.close();
    const again = await call<Err>(srv, po.token, 'POST', `/api/v1/role-requests/${reqId}/approve`);
    expect([again.status, again.body.error?.code]).toEqual([409, 'already_decided']);
  });

  it('PATCH to privacy_officer opens a request instead of changing the role', async () => {
    const ada = await makeUser(srv);
    const r = await call<{ user: { role: string }; roleRequest: RoleRequest }>(srv, admin.token, 'PATCH', `/api/v1/users/${ada.id}`, { role: 'privacy_officer' });
    expect(r.status).toBe(200);
    expect(r.body.user.role).toBe('agent');
    expect(r.body.roleRequest.status).toBe('pending');
    const own = await call<Err>(srv, ada.token, 'POST', `/api/v1/role-requests/${r.body.roleRequest.id}/approve`);
    expect([own.status, own.body.error?.code]).toEqual([403, 'forbidden']);
    const me = await call<{ role: string }>(srv, ada.token, 'GET', '/api/v1/me');
    expect(me.body.role).toBe('agent');
  });
});

describe('granting the first privacy officer', () => {
  it('needs a second admin', async () => {
    const srv = await startServer();
    try {
      const a1 = await makeUser(srv, { role: 'admin' });
      const a2 = await makeUser(srv, { role: 'admin' });
      const target = await makeUser(srv);
      const r = await call<{ roleRequest: RoleRequest }>(srv, a1.token, 'POST', '/api/v1/role-requests', { userId: target.id, role: 'privacy_officer' });
      expect(r.status).toBe(201);
      const self = await call<Err>(srv, a1.token, 'POST', `/api/v1/role-requests/${r.body.roleRequest.id}/approve`);
      expect([self.status, self.body.error?.code]).toEqual([403, 'forbidden']);
      expect((await call(srv, a2.token, 'POST', `/api/v1/role-requests/${r.body.roleRequest.id}/approve`)).status).toBe(200);
      expect((await call<{ role: string }>(srv, target.token, 'GET', '/api/v1/me')).body.role).toBe('privacy_officer');
    } finally {
      await srv.close();
    }
  });
});

describe('review of privacy-officer reveals', () => {
  let srv: TestServer;
  let po: TestUser;
  let po2: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    srv = await startServer();
    po = await makeUser(srv, { role: 'privacy_officer' });
    po2 = await makeUser(srv, { role: 'privacy_officer' });
    agent = await makeUser(srv);
  });
  afterAll(async () => srv.close());

  it('queues the reveal; the revealer cannot sign off; another officer does, with a scrubbed note', async () => {
    const ch = await makeChannel(srv, agent);
    const m = (await post(srv, agent, ch.id, `reporter ${PLANTED.email}`)) as unknown as { entities: { token: string }[] };
    const token = m.entities[0]?.token as string;
    const r = await call(srv, po.token, 'POST', '/api/v1/reveal', { token, justification: JUST });
    expect(r.body).toMatchObject({ value: PLANTED.email, flagged: true, flagReason: 'privacy_officer' });
    const denied = await call<Err>(srv, agent.token, 'GET', '/api/v1/privacy/reveal-reviews');
    expect([denied.status, denied.body.error?.code]).toEqual([403, 'forbidden']);
    const queue = await call<{ reviews: { id: string; revealerId: string; token: string; reason: string; justification: string }[] }>(srv, po2.token, 'GET', '/api/v1/privacy/reveal-reviews');
    expect(queue.body.reviews).toHaveLength(1);
    expect(queue.body.reviews[0]).toMatchObject({ revealerId: po.id, token, reason: 'privacy_officer', justification: JUST });
    expect(JSON.stringify(queue.body)).not.toContain(PLANTED.email);
    const id = queue.body.reviews[0]?.id as string;

    const own = await call<Err>(srv, po.token, 'POST', `/api/v1/privacy/reveal-reviews/${id}/sign-off`, { note: 'looks fine to me' });
    expect([own.status, own.body.error?.code]).toEqual([403, 'own_reveal']);
    expect((await audit(srv, 'reveal.review')).map((e) => [e.actor, e.outcome])).toEqual([[po.id, 'denied']]);

    const ok = await call<{ review: { reviewedBy: string; note: string } }>(srv, po2.token, 'POST', `/api/v1/privacy/reveal-reviews/${id}/sign-off`, {
      note: `matches the request from ${PLANTED.email}`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.review).toMatchObject({ reviewedBy: po2.id, note: 'matches the request from [EMAIL_ADDRESS]' });
    expect((await audit(srv, 'reveal.review')).map((e) => [e.actor, e.outcome])).toEqual([
      [po.id, 'denied'],
      [po2.id, 'success'],
    ]);
    const twice = await call<Err>(srv, po2.token, 'POST', `/api/v1/privacy/reveal-reviews/${id}/sign-off`, { note: 'again' });
    expect([twice.status, twice.body.error?.code]).toEqual([409, 'already_reviewed']);
    expect((await call<{ reviews: unknown[] }>(srv, po.token, 'GET', '/api/v1/privacy/reveal-reviews')).body.reviews).toEqual([]);
    expect((await call<{ reviews: unknown[] }>(srv, po.token, 'GET', '/api/v1/privacy/reveal-reviews?status=done')).body.reviews).toHaveLength(1);
  });
});
