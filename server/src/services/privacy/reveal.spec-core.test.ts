/**
 * Security-core tests of reveal through the HTTP API (PRODUCT.md "Interfaces", docs/api.md
 * "Privacy"): every refusal is checked by status AND body code, never by status alone; the
 * justification minimum is the documented 12 characters after trimming; the rate limit allows
 * exactly `ENCLAVE_REVEAL_RATE` attempts per person and window; every attempt is an audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

type Entity = { entityType: string; token: string };
type RevealBody = { value?: string; entityType?: string; flagged?: boolean; error?: { code: string; message: string; retryAfterSeconds?: number } };
type AuditRow = { seq: number; actor: string; action: string; target: string; outcome: string; justification: string | null; details: Record<string, unknown> | null };

const WHY = 'verifying the reporter for case 1234';
const EMAIL = 'jane.doe@example.com';
const RATE = 4;

let srv: TestServer;
let ada: TestUser;
let po: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 }, privacy: { settings: { revealMax: RATE } } });
  ada = await makeUser(srv, { name: 'Ada' });
  po = await makeUser(srv, { name: 'Pia Officer', role: 'privacy_officer' });
});
afterAll(async () => srv.close());

async function audit(actor: string): Promise<AuditRow[]> {
  const rows = (await srv.ctx.database.raw.all('SELECT seq, actor, action, target, outcome, justification, details FROM audit_events WHERE actor = ? ORDER BY seq', [actor])) as (Omit<AuditRow, 'details'> & { details: string | null })[];
  return rows.map((r) => ({ ...r, details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>) }));
}
const reveal = (u: TestUser, token: string, justification = WHY) => call<RevealBody>(srv, u.token, 'POST', '/api/v1/reveal', { token, justification });

/** A fresh member (own rate budget) of a fresh private channel holding a fresh e-mail token. */
async function setup(): Promise<{ bob: TestUser; channelId: string; token: string }> {
  const bob = await makeUser(srv, { name: 'Bob' });
  const ch = await makeChannel(srv, ada, { members: [bob] });
  const m = (await post(srv, ada, ch.id, `reporter wrote from ${EMAIL} today`)) as unknown as { entities: Entity[] };
  const token = m.entities.find((e) => e.entityType === 'EMAIL_ADDRESS')?.token;
  if (!token) throw new Error('no e-mail token');
  return { bob, channelId: ch.id, token };
}

describe('justification (at least 12 characters after trimming)', () => {
  it('refuses 11 characters with 403 reveal_denied and no value; accepts exactly 12', async () => {
    const { bob, token } = await setup();
    const eleven = 'abcdefghijk';
    const twelve = 'abcdefghijkl';
    expect(eleven).toHaveLength(11);
    expect(twelve).toHaveLength(12);
    const short = await reveal(bob, token, eleven);
    expect(short.status).toBe(403);
    expect(short.body.error?.code).toBe('reveal_denied');
    expect(short.body.value).toBeUndefined();
    const ok = await reveal(bob, token, twelve);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ value: EMAIL, entityType: 'EMAIL_ADDRESS', flagged: false });
  });

  it('does not count surrounding spaces; an 8-character justification is refused', async () => {
    const { bob, token } = await setup();
    for (const j of ['   abcdefghijk   ', 'abcdefgh', '', '            ']) {
      const r = await reveal(bob, token, j);
      expect(r.status, JSON.stringify(j)).toBe(403);
      expect(r.body.error?.code).toBe('reveal_denied');
      expect(r.body.value).toBeUndefined();
    }
    const rows = (await audit(bob.id)).filter((e) => e.action === 'reveal');
    expect(rows.map((e) => [e.outcome, e.details?.reason])).toEqual(Array.from({ length: 4 }, () => ['denied', 'justification_too_short']));
    expect(rows.map((e) => e.justification)).toEqual(['abcdefghijk', 'abcdefgh', null, null]);
    expect(rows.every((e) => e.target === `token:${token}`)).toBe(true);
  });

  it('a privacy officer also needs 12 characters', async () => {
    const { token } = await setup();
    const r = await reveal(po, token, 'because');
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('reveal_denied');
    expect(r.body.value).toBeUndefined();
  });

  it('stores the trimmed justification in the audit event', async () => {
    const { bob, token } = await setup();
    const padded = `  \t ${WHY}   `;
    expect((await reveal(bob, token, padded)).status).toBe(200);
    const ev = (await audit(bob.id)).filter((e) => e.action === 'reveal').at(-1);
    expect(ev?.justification).toBe(WHY);
  });
});

describe('need-to-know', () => {
  it('grants a current member, audited as success with the channel, entity type and not flagged — never the value', async () => {
    const { bob, channelId, token } = await setup();
    const r = await reveal(bob, token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: EMAIL, entityType: 'EMAIL_ADDRESS', flagged: false });
    const ev = (await audit(bob.id)).filter((e) => e.action === 'reveal');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ outcome: 'success', target: `token:${token}`, justification: WHY });
    expect(ev[0]?.details).toMatchObject({ entityType: 'EMAIL_ADDRESS', flagged: false, channelId, scope: `channel:${channelId}` });
    expect(JSON.stringify(ev)).not.toContain(EMAIL);
  });

  it('refuses a non-member with a refusal body (403 reveal_denied or the 404 not_found of an unknown token), audited as not successful', async () => {
    const { token } = await setup();
    const eve = await makeUser(srv, { name: 'Eve' });
    const r = await reveal(eve, token);
    expect([[403, 'reveal_denied'], [404, 'not_found']]).toContainEqual([r.status, r.body.error?.code]);
    expect(r.body.value).toBeUndefined();
    const ev = (await audit(eve.id)).filter((e) => e.action === 'reveal');
    expect(ev).toHaveLength(1);
    expect(ev[0]?.outcome).not.toBe('success');
  });

  it('refuses a member removed from the channel', async () => {
    const { bob, channelId, token } = await setup();
    expect((await reveal(bob, token)).status).toBe(200);
    const rm = await call(srv, ada.token, 'DELETE', `/api/v1/channels/${channelId}/members/${bob.id}`);
    expect(rm.status).toBe(204);
    const r = await reveal(bob, token);
    expect([[403, 'reveal_denied'], [404, 'not_found']]).toContainEqual([r.status, r.body.error?.code]);
    expect(r.body.value).toBeUndefined();
    expect((await audit(bob.id)).filter((e) => e.action === 'reveal').map((e) => e.outcome)).toEqual(['success', expect.stringMatching(/^(denied|failed)$/)]);
  });

  it('refuses a member of a broad channel with 403 reveal_denied (reason broad_channel)', async () => {
    const put = await call(srv, po.token, 'PUT', '/api/v1/privacy/policies', { class: 'broad', entityType: 'EMAIL_ADDRESS', action: 'tokenize' });
    expect(put.status).toBe(200);
    const carl = await makeUser(srv, { name: 'Carl' });
    const pub = await makeChannel(srv, ada, { visibility: 'public', members: [carl] });
    const m = (await post(srv, ada, pub.id, `write to ${EMAIL} please`)) as unknown as { entities: Entity[] };
    const token = m.entities[0]?.token ?? '';
    const r = await reveal(carl, token);
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('reveal_denied');
    expect(r.body.value).toBeUndefined();
    expect((await audit(carl.id)).filter((e) => e.action === 'reveal').map((e) => [e.outcome, e.details?.reason])).toEqual([['denied', 'broad_channel']]);
  });

  it('lets a privacy officer who is not a member reveal, flagged, audited with flagged: true', async () => {
    const { token } = await setup();
    const r = await reveal(po, token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: EMAIL, entityType: 'EMAIL_ADDRESS', flagged: true });
    const ev = (await audit(po.id)).filter((e) => e.action === 'reveal' && e.target === `token:${token}`);
    expect(ev.map((e) => [e.outcome, e.details?.flagged])).toEqual([['success', true]]);
  });
});

describe('unknown and erased tokens', () => {
  it('an unknown token: 404 not_found, audited as failed', async () => {
    const bob = await makeUser(srv, { name: 'Bob' });
    const r = await reveal(bob, 'tok_aaaaaaaaaaaaaaaa');
    expect(r.status).toBe(404);
    expect(r.body.error?.code).toBe('not_found');
    expect((await audit(bob.id)).filter((e) => e.action === 'reveal').map((e) => [e.outcome, e.details?.reason])).toEqual([['failed', 'not_found']]);
  });

  it('an erased token: 410 erased, audited as failed', async () => {
    const { bob, channelId, token } = await setup();
    const er = await call(srv, po.token, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${channelId}` });
    expect(er.status).toBe(200);
    const r = await reveal(bob, token);
    expect(r.status).toBe(410);
    expect(r.body.error?.code).toBe('erased');
    expect(r.body.value).toBeUndefined();
    expect((await audit(bob.id)).filter((e) => e.action === 'reveal').map((e) => [e.outcome, e.details?.reason])).toEqual([['failed', 'erased']]);
  });
});

describe(`rate limit (ENCLAVE_REVEAL_RATE = ${RATE} here)`, () => {
  it(`allows exactly ${RATE} attempts, denied ones included; the next answers 429 rate_limited, audited, one alert per person`, async () => {
    const { bob, token } = await setup();
    expect((await reveal(bob, token, 'short')).body.error?.code).toBe('reveal_denied');
    for (let i = 1; i < RATE; i++) expect((await reveal(bob, token)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await reveal(bob, token);
      expect(r.status).toBe(429);
      expect(r.body.error?.code).toBe('rate_limited');
      expect(r.body.error?.retryAfterSeconds).toBeGreaterThan(0);
      expect(r.body.value).toBeUndefined();
    }
    const limited = (await audit(bob.id)).filter((e) => e.action === 'reveal.rate_limited');
    expect(limited).toHaveLength(2);
    expect(limited[0]).toMatchObject({ outcome: 'denied', target: `token:${token}`, justification: WHY });
    expect(limited[0]?.details).toMatchObject({ reason: 'rate_limited', limit: RATE });
    const alerts = (await audit('system')).filter((e) => e.action === 'alert.reveal_rate_limit' && e.target === `user:${bob.id}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ outcome: 'success' });
  });

  it('counts per person: another member is not limited, and gets an alert of their own when they are', async () => {
    const a = await setup();
    const b = await setup();
    for (let i = 0; i < RATE; i++) expect((await reveal(a.bob, a.token)).status).toBe(200);
    expect((await reveal(a.bob, a.token)).status).toBe(429);
    expect((await reveal(b.bob, b.token)).status).toBe(200);
    for (let i = 1; i < RATE; i++) await reveal(b.bob, b.token);
    expect((await reveal(b.bob, b.token)).body.error?.code).toBe('rate_limited');
    const alerted = (await audit('system')).filter((e) => e.action === 'alert.reveal_rate_limit').map((e) => e.target);
    expect(alerted).toContain(`user:${a.bob.id}`);
    expect(alerted).toContain(`user:${b.bob.id}`);
  });

  it('other audited actions of the person do not use up the reveal budget', async () => {
    const { bob, channelId, token } = await setup();
    // Marks are audited under the member's id (mark.not_personal_data): not reveals.
    for (let i = 0; i < RATE + 1; i++) {
      await call(srv, bob.token, 'POST', '/api/v1/privacy/marks', { channelId, text: `build host 192.0.2.${10 + i} again`, start: 11, end: 11 + `192.0.2.${10 + i}`.length });
    }
    expect((await audit(bob.id)).filter((e) => e.action !== 'reveal').length).toBeGreaterThan(0);
    expect((await reveal(bob, token)).status).toBe(200);
  });
});

describe('rate-limit window', () => {
  it('the budget comes back once the window has passed, and a new window alerts again', async () => {
    const windowMs = 1500;
    const s2 = await startServer({ privacy: { settings: { revealMax: 2, revealWindowMs: windowMs } } });
    try {
      const a = await makeUser(s2, { name: 'Ada' });
      const b = await makeUser(s2, { name: 'Bob' });
      const ch = await makeChannel(s2, a, { members: [b] });
      const m = (await post(s2, a, ch.id, `reporter wrote from ${EMAIL} today`)) as unknown as { entities: Entity[] };
      const token = m.entities[0]?.token ?? '';
      const r2 = (j = WHY) => call<RevealBody>(s2, b.token, 'POST', '/api/v1/reveal', { token, justification: j });
      expect((await r2()).status).toBe(200);
      expect((await r2()).status).toBe(200);
      expect((await r2()).body.error?.code).toBe('rate_limited');
      await new Promise((r) => setTimeout(r, windowMs + 300));
      expect((await r2()).status).toBe(200);
      expect((await r2()).status).toBe(200);
      expect((await r2()).body.error?.code).toBe('rate_limited');
      const alerts = (await s2.ctx.database.raw.all("SELECT details FROM audit_events WHERE action = 'alert.reveal_rate_limit' AND target = ?", [`user:${b.id}`])) as { details: string }[];
      expect(alerts).toHaveLength(2);
      expect(JSON.parse(alerts[0]?.details ?? '{}')).toEqual({ limit: 2, windowMs });
    } finally {
      await s2.close();
    }
  });
});

describe('a ciphertext altered in the database', () => {
  it('answers an error without any value and audits a failed reveal', async () => {
    const { bob, token } = await setup();
    await srv.ctx.database.raw.run('UPDATE vault_values SET tag = ? WHERE token = ?', [Buffer.alloc(16), token]);
    const r = await reveal(bob, token);
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(r.body.error?.code).toBeTruthy();
    expect(r.body.value).toBeUndefined();
    expect(JSON.stringify(r.body)).not.toContain(EMAIL);
    const ev = (await audit(bob.id)).filter((e) => e.action === 'reveal');
    expect(ev.map((e) => [e.outcome, e.details?.reason])).toEqual([['failed', 'error']]);
  });
});

describe('privacy-officer views are refused to other roles with 403 forbidden', () => {
  it('for agents and admins, on every officer call; the officer is let in', async () => {
    const admin = await makeUser(srv, { name: 'Admin', role: 'admin' });
    const agent = await makeUser(srv, { name: 'Agent' });
    const { channelId, token } = await setup();
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/audit/events'],
      ['GET', `/api/v1/audit/who-saw?token=${token}`],
      ['GET', '/api/v1/audit/reveal-counts'],
      ['GET', '/api/v1/audit/export'],
      ['GET', '/api/v1/privacy/policies'],
      ['PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'PERSON', action: 'allow' }],
      ['GET', '/api/v1/privacy/marks'],
      ['POST', '/api/v1/privacy/erasure', { scope: `channel:${channelId}` }],
    ];
    for (const u of [agent, admin]) {
      for (const [method, path, body] of calls) {
        const r = await call<{ error?: { code: string } }>(srv, u.token, method, path, body);
        expect(r.status, `${u.role} ${method} ${path}`).toBe(403);
        expect(r.body.error?.code, `${u.role} ${method} ${path}`).toBe('forbidden');
      }
    }
    for (const path of ['/api/v1/audit/events', `/api/v1/audit/who-saw?token=${token}`, '/api/v1/audit/reveal-counts', '/api/v1/privacy/policies', '/api/v1/privacy/marks']) {
      expect((await call(srv, po.token, 'GET', path)).status, path).toBe(200);
    }
    // Nothing was erased by the refused calls.
    expect((await reveal(po, token)).status).toBe(200);
  });
});
