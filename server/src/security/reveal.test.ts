/**
 * Issue 4 security tests: reveal need-to-know, justification, rate limit — every denial audited —
 * and the privacy officer's views (audit search, who saw, counts, policies, marks, erasure).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../services/audit/index.ts';
import { fastReader } from '../services/audit/testing.ts';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { PLANTED } from './helpers.ts';

type Entity = { entityType: string; start: number; end: number; token: string };
type Msg = { id: string; text: string; entities: Entity[] };
type AuditRow = { seq: number; actor: string; action: string; target: string; outcome: string; justification: string | null; details: string | null };

const JUST = 'verifying the reporter for case 1234';
let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;
let carl: TestUser;
let po: TestUser;
let team: { id: string };
let emailToken: string;
let ipToken: string;

async function audit(where: Partial<AuditRow> = {}): Promise<AuditRow[]> {
  const rows = (await srv.ctx.database.raw.all('SELECT seq, actor, action, target, outcome, justification, details FROM audit_events ORDER BY seq')) as AuditRow[];
  return rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof AuditRow] === v));
}
const reason = (r: AuditRow | undefined): unknown => (r?.details ? (JSON.parse(r.details) as { reason?: string }).reason : undefined);
const reveal = (u: TestUser, token: string, justification = JUST) => call<{ value?: string; entityType?: string; expiresInMs?: number; error?: { code: string } }>(srv, u.token, 'POST', '/api/v1/reveal', { token, justification });

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 }, privacy: { settings: { revealMax: 6 } } });
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  eve = await makeUser(srv, { name: 'Eve' });
  carl = await makeUser(srv, { name: 'Carl' });
  po = await makeUser(srv, { name: 'Pia Officer', role: 'privacy_officer' });
  team = await makeChannel(srv, ada, { members: [bob, carl] });
  const m = (await post(srv, ada, team.id, `user ${PLANTED.email} from ${PLANTED.ip}`)) as unknown as Msg;
  emailToken = m.entities[0]?.token as string;
  ipToken = m.entities[1]?.token as string;
});
afterAll(async () => srv.close());

describe('reveal', () => {
  it('a team member with a justification gets the value, not cached, audited with the justification', async () => {
    const r = await reveal(bob, emailToken);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ value: PLANTED.email, entityType: 'EMAIL_ADDRESS', expiresInMs: 60_000, flagged: false });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('pragma')).toBe('no-cache');
    const ev = await audit({ action: 'reveal', actor: bob.id, outcome: 'success' });
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ target: `token:${emailToken}`, justification: JUST });
    expect(ev[0]?.details).not.toContain(PLANTED.email);
  });

  it('chip status: type, active, revealable for members; 404 for outsiders', async () => {
    const s = await call(srv, bob.token, 'GET', `/api/v1/vault/tokens/${emailToken}`);
    expect(s.status).toBe(200);
    expect(s.body).toEqual({ token: emailToken, entityType: 'EMAIL_ADDRESS', status: 'active', revealable: true, flagged: false });
    expect((await call(srv, eve.token, 'GET', `/api/v1/vault/tokens/${emailToken}`)).status).toBe(404);
  });

  it('denies a non-member with the answer of an unknown token (404, same body) and audits it', async () => {
    const r = await reveal(eve, emailToken);
    const unknown = await reveal(eve, 'tok_aaaaaaaaaaaaaaaa');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: 'Unknown token' } });
    expect([r.status, r.body]).toEqual([unknown.status, unknown.body]);
    expect(reason((await audit({ action: 'reveal', actor: eve.id, outcome: 'denied' }))[0])).toBe('not_member');
  });

  it('denies empty and short justifications and audits both', async () => {
    for (const j of ['', 'because   ']) {
      const r = await reveal(bob, emailToken, j);
      expect([r.status, r.body.error?.code]).toEqual([403, 'reveal_denied']);
    }
    const denied = await audit({ action: 'reveal', actor: bob.id, outcome: 'denied' });
    expect(denied.map(reason)).toEqual(['justification_too_short', 'justification_too_short']);
    expect(denied.map((d) => d.justification)).toEqual([null, 'because']);
  });

  it('a justification with personal data in it is stored with placeholders', async () => {
    const r = await reveal(bob, ipToken, `compare with ${PLANTED.card} of the chargeback`);
    expect(r.status).toBe(200);
    const ev = await audit({ action: 'reveal', actor: bob.id, target: `token:${ipToken}` });
    expect(ev.at(-1)?.justification).toBe('compare with [CREDIT_CARD] of the chargeback');
  });

  it('denies a removed member and audits it', async () => {
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${team.id}/members/${carl.id}`)).status).toBe(204);
    const r = await reveal(carl, emailToken);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: 'Unknown token' } });
    expect(reason((await audit({ action: 'reveal', actor: carl.id }))[0])).toBe('not_member');
  });

  it('denies reveals from broad channels (policy set to tokenize there by a privacy officer) and audits it', async () => {
    const put = await call(srv, po.token, 'PUT', '/api/v1/privacy/policies', { class: 'broad', entityType: 'IP_ADDRESS', action: 'tokenize' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ policy: { class: 'broad', entityType: 'IP_ADDRESS', action: 'tokenize', defaultAction: 'block', overridden: true, updatedBy: po.id } });
    expect(await audit({ action: 'policy.change', actor: po.id })).toHaveLength(1);
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const m = (await post(srv, ada, pub.id, `seen from ${PLANTED.ip} today`)) as unknown as Msg;
    const tok = m.entities[0]?.token as string;
    const r = await reveal(ada, tok);
    expect([r.status, r.body.error?.code]).toEqual([403, 'reveal_denied']);
    expect(reason((await audit({ action: 'reveal', actor: ada.id, target: `token:${tok}` }))[0])).toBe('broad_channel');
    expect((await call(srv, ada.token, 'GET', `/api/v1/vault/tokens/${tok}`)).body).toMatchObject({ revealable: false });
  });

  it('unknown and malformed tokens → 404, audited without storing what was sent', async () => {
    expect((await reveal(bob, 'tok_aaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await reveal(bob, PLANTED.email)).status).toBe(404);
    expect((await audit({ action: 'reveal', actor: bob.id, outcome: 'failed' })).map((r) => r.target)).toEqual(['token:tok_aaaaaaaaaaaaaaaa', 'token:malformed']);
  });

  it('over the rate limit → 429, audited, privacy officers alerted (audit + stream)', async () => {
    const poStream = await connect(srv, po.token);
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) status = (await reveal(bob, emailToken)).status;
    expect(status).toBe(429);
    const again = await reveal(bob, emailToken);
    expect(again.status).toBe(429);
    expect((again.body as unknown as { error: { retryAfterSeconds: number } }).error.retryAfterSeconds).toBeGreaterThan(0);
    expect((await audit({ action: 'reveal.rate_limited', actor: bob.id })).length).toBe(2);
    expect(await audit({ action: 'alert.reveal_rate_limit', target: `user:${bob.id}` })).toHaveLength(1);
    await poStream.until((f) => f.some((x) => x.type === 'privacy.alert'));
    expect(poStream.of('privacy.alert')).toHaveLength(1);
    expect(poStream.of('privacy.alert')[0]).toMatchObject({ alert: 'reveal_rate_limit', userId: bob.id });
    poStream.close();
  });

  it('a privacy officer may reveal, flagged; the audit chain verifies afterwards', async () => {
    const r = await reveal(po, emailToken);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: PLANTED.email, flagged: true });
    const v = await verifyAuditLog(srv.ctx.db, fastReader(srv.ctx.database));
    expect(v.ok).toBe(true);
    expect(v.events).toBe((await audit()).length);
  });
});

describe('privacy officer views', () => {
  it('are refused to other roles', async () => {
    for (const path of ['/api/v1/audit/events', `/api/v1/audit/who-saw?token=${emailToken}`, '/api/v1/audit/reveal-counts', '/api/v1/privacy/policies', '/api/v1/privacy/marks', '/api/v1/audit/export']) {
      expect((await call(srv, bob.token, 'GET', path)).status, path).toBe(403);
    }
    expect((await call(srv, ada.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'PERSON', action: 'allow' })).status).toBe(403);
    expect((await call(srv, ada.token, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${team.id}` })).status).toBe(403);
  });

  it('audit search filters, who-saw and reveal counts show the reveals', async () => {
    const ev = await call<{ events: Array<{ seq: number; actor: string; action: string; outcome: string; justification: string | null }>; hasMore: boolean }>(
      srv, po.token, 'GET', `/api/v1/audit/events?action=reveal&outcome=success&actor=${bob.id}&limit=1`,
    );
    expect(ev.status).toBe(200);
    expect(ev.body.events).toHaveLength(1);
    expect(ev.body.hasMore).toBe(true);
    const next = await call<{ events: Array<{ seq: number }> }>(srv, po.token, 'GET', `/api/v1/audit/events?action=reveal&outcome=success&actor=${bob.id}&before=${ev.body.events[0]?.seq}`);
    expect(next.body.events.length).toBeGreaterThan(0);
    expect(next.body.events.every((e) => e.seq < (ev.body.events[0]?.seq ?? 0))).toBe(true);
    const who = await call<{ events: Array<{ actor: string; outcome: string; justification: string | null }> }>(srv, po.token, 'GET', `/api/v1/audit/who-saw?token=${emailToken}`);
    expect(who.body.events.filter((e) => e.outcome === 'success').map((e) => e.actor)).toContain(bob.id);
    expect(who.body.events.some((e) => e.actor === eve.id && e.outcome === 'denied')).toBe(true);
    const counts = await call<{ counts: Array<{ actor: string; granted: number; denied: number; rateLimited: number }> }>(srv, po.token, 'GET', '/api/v1/audit/reveal-counts');
    const b = counts.body.counts.find((c) => c.actor === bob.id);
    expect(b?.rateLimited).toBe(2);
    expect(b?.granted).toBe((await audit({ action: 'reveal', actor: bob.id, outcome: 'success' })).length);
    expect((await call(srv, po.token, 'GET', '/api/v1/audit/who-saw')).status).toBe(400);
  });

  it('an export is itself audited', async () => {
    const before = (await audit({ action: 'audit.export' })).length;
    const res = await fetch(`${srv.url}/api/v1/audit/export?action=reveal`, { headers: { authorization: `Bearer ${po.token}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(lines.length).toBe((await audit({ action: 'reveal' })).length);
    expect(await audit({ action: 'audit.export' })).toHaveLength(before + 1);
  });

  it('"not personal data" marks: created by a member, respected by the guard, listed and revoked by the officer', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const text = 'the build server is at 192.0.2.10 again';
    const mark = await call<{ mark: { id: string; entityType: string } }>(srv, ada.token, 'POST', '/api/v1/privacy/marks', { channelId: ch.id, text, start: 23, end: 33 });
    expect(mark.status).toBe(201);
    expect(mark.body.mark.entityType).toBe('IP_ADDRESS');
    expect(await audit({ action: 'mark.not_personal_data', actor: ada.id, outcome: 'success' })).toHaveLength(1);
    expect(((await post(srv, ada, ch.id, text)) as unknown as Msg).entities).toHaveLength(1); // pending until approved
    expect((await call(srv, po.token, 'POST', `/api/v1/privacy/marks/${mark.body.mark.id}/approve`)).status).toBe(200);
    expect(((await post(srv, ada, ch.id, text)) as unknown as Msg).entities).toEqual([]);
    const other = await makeChannel(srv, ada);
    expect(((await post(srv, ada, other.id, text)) as unknown as Msg).entities).toHaveLength(1);
    expect((await call(srv, eve.token, 'POST', '/api/v1/privacy/marks', { channelId: ch.id, text, start: 23, end: 33 })).status).toBe(404);
    expect((await call(srv, ada.token, 'POST', '/api/v1/privacy/marks', { channelId: ch.id, text, start: 0, end: 3 })).status).toBe(400);
    const list = await call<{ marks: Array<{ id: string; channelId: string }> }>(srv, po.token, 'GET', '/api/v1/privacy/marks');
    expect(list.body.marks.map((m) => m.id)).toContain(mark.body.mark.id);
    expect((await call(srv, po.token, 'DELETE', `/api/v1/privacy/marks/${mark.body.mark.id}`)).status).toBe(204);
    expect(await audit({ action: 'mark.revoke', actor: po.id })).toHaveLength(1);
    expect(((await post(srv, ada, ch.id, text)) as unknown as Msg).entities).toHaveLength(1);
  });

  it('erasure of a scope answers 410 for its tokens afterwards, audited', async () => {
    const r = await call<{ scope: string; tokens: number }>(srv, po.token, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${team.id}` });
    expect(r.status).toBe(200);
    expect(r.body.tokens).toBe(2);
    expect(await audit({ action: 'erasure', actor: po.id, target: `channel:${team.id}` })).toHaveLength(1);
    const after = await reveal(ada, ipToken);
    expect(after.status).toBe(410);
    expect((await call(srv, ada.token, 'GET', `/api/v1/vault/tokens/${ipToken}`)).body).toMatchObject({ status: 'erased', revealable: false });
    expect((await verifyAuditLog(srv.ctx.db)).ok).toBe(true);
  });
});
