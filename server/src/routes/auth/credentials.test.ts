/**
 * Issue 7, items 7 and 9 (b, c, e): tokens end with their owner's intent, no account-existence
 * oracle at sign-in, NIST SP 800-63B password checks, forced change of admin-issued passwords.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeUser, signIn, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

let srv: TestServer;
let admin: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { lockoutThreshold: 3, loginAttempts: 50 } });
  admin = await makeUser(srv, { role: 'admin' });
});
afterAll(async () => srv.close());

type Session = { cookie: string; csrf: string };
async function cookieCall(s: Session, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(srv.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { error?: { code: string } } };
}
const errCode = (r: { body: unknown }) => (r.body as { error?: { code?: string } } | undefined)?.error?.code;

async function mintToken(u: TestUser): Promise<string> {
  const s = await signIn(srv, u.email, u.password);
  const r = await cookieCall(s, 'POST', '/api/v1/tokens', { name: 'script' });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

describe('item 7: tokens outlive their owner intent', () => {
  it('a bearer token cannot mint tokens (403 token_cannot_mint, nothing created)', async () => {
    const u = await makeUser(srv);
    const before = await srv.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', u.id).execute();
    const r = await call(srv, u.token, 'POST', '/api/v1/tokens', { name: 'child' });
    expect(r.status).toBe(403);
    expect(errCode(r)).toBe('token_cannot_mint');
    const after = await srv.ctx.db.selectFrom('api_tokens').select('id').where('user_id', '=', u.id).execute();
    expect(after).toHaveLength(before.length);
  });

  it("the user's own password change ends every API token and other session, keeps this session", async () => {
    const u = await makeUser(srv);
    const minted = await mintToken(u);
    const other = await signIn(srv, u.email, u.password);
    const here = await signIn(srv, u.email, u.password);
    const sock = await connect(srv, minted);
    const r = await cookieCall(here, 'POST', '/api/v1/auth/password', { currentPassword: u.password, newPassword: 'violet kettle harbour' });
    expect(r.status).toBe(204);
    expect(await sock.closed()).toBe(4401);
    for (const t of [u.token, minted]) expect(errCode(await call(srv, t, 'GET', '/api/v1/me'))).toBe('unauthenticated');
    expect((await cookieCall(other, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await cookieCall(here, 'GET', '/api/v1/me')).status).toBe(200);
  });

  it('an admin password reset ends every API token', async () => {
    const u = await makeUser(srv);
    const minted = await mintToken(u);
    const r = await call(srv, admin.token, 'POST', `/api/v1/users/${u.id}/password-reset`);
    expect(r.status).toBe(200);
    for (const t of [u.token, minted]) expect(errCode(await call(srv, t, 'GET', '/api/v1/me'))).toBe('unauthenticated');
  });

  it('deactivation followed by reactivation does not bring API tokens back', async () => {
    const u = await makeUser(srv);
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/users/${u.id}`, { active: false })).status).toBe(200);
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/users/${u.id}`, { active: true })).status).toBe(200);
    const r = await call(srv, u.token, 'GET', '/api/v1/me');
    expect(r.status).toBe(401);
    expect(errCode(r)).toBe('unauthenticated');
    // A token left live by an older deactivation (before this fix) ends at reactivation.
    const v = await makeUser(srv);
    await srv.ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', v.id).execute();
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/users/${v.id}`, { active: true })).status).toBe(200);
    expect(errCode(await call(srv, v.token, 'GET', '/api/v1/me'))).toBe('unauthenticated');
  });

  it('sign out everywhere ends sessions only by default, API tokens too with includeApiTokens, and says what it ended', async () => {
    const u = await makeUser(srv);
    const s1 = await signIn(srv, u.email, u.password);
    const s2 = await signIn(srv, u.email, u.password);
    const keep = await cookieCall(s1, 'POST', '/api/v1/auth/logout-all');
    expect(keep.status).toBe(200);
    expect(keep.body).toEqual({ sessionsEnded: 2, apiTokensEnded: 0 });
    expect((await cookieCall(s2, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await call(srv, u.token, 'GET', '/api/v1/me')).status).toBe(200);

    const s3 = await signIn(srv, u.email, u.password);
    const all = await cookieCall(s3, 'POST', '/api/v1/auth/logout-all', { includeApiTokens: true });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ sessionsEnded: 1, apiTokensEnded: 1 });
    expect(errCode(await call(srv, u.token, 'GET', '/api/v1/me'))).toBe('unauthenticated');
    const bad = await call(srv, (await makeUser(srv)).token, 'POST', '/api/v1/auth/logout-all', { includeApiTokens: 'yes' });
    expect(bad.status).toBe(400);
    expect(errCode(bad)).toBe('invalid_request');
  });
});

describe('item 9b: sign-in tells nothing about which e-mails exist', () => {
  it('an unknown e-mail locks out after the same failures, with the same answers, as a known one', async () => {
    const known = await makeUser(srv);
    const unknownEmail = `nobody.${Date.now()}@example.com`;
    const seq = async (email: string) => {
      const out: Array<[number, string | undefined]> = [];
      for (let i = 0; i < 5; i++) {
        const r = await call(srv, null, 'POST', '/api/v1/auth/login', { email, password: 'not the password' });
        out.push([r.status, errCode(r)]);
      }
      return out;
    };
    const a = await seq(known.email);
    const b = await seq(unknownEmail);
    expect(a).toEqual(b);
    expect(a.map((x) => x[1])).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'account_locked', 'account_locked']);
  });
});

describe('item 9c: NIST SP 800-63B password checks', () => {
  it('refuses common, repetitive and sequential passwords and ones built from the own e-mail or name', async () => {
    const u = await makeUser(srv, { name: 'Ada Lovelace', email: `ada.lovelace.${Date.now()}@example.com` });
    for (const [pw, reason] of [
      ['aaaaaaaaaa', 'repetitive'],
      ['1234567890', 'common'],
      ['abcdefghijkl', 'sequential'],
      ['qwertyuiop', 'common'],
      ['Password123!', 'common'],
      ['adalovelace1', 'personal'],
      [u.email, 'personal'],
    ] as const) {
      const r = await call(srv, u.token, 'POST', '/api/v1/auth/password', { currentPassword: u.password, newPassword: pw });
      expect(r.status, pw).toBe(400);
      expect(errCode(r), pw).toBe('weak_password');
      expect((r.body as { error: { reason: string } }).error.reason, pw).toBe(reason);
      expect(JSON.stringify(r.body)).not.toContain(pw);
    }
    const created = await call(srv, admin.token, 'POST', '/api/v1/users', { email: `grace.${Date.now()}@example.com`, name: 'Grace Hopper', role: 'agent', password: 'gracehopper2' });
    expect(errCode(created)).toBe('weak_password');
    expect((await call(srv, u.token, 'POST', '/api/v1/auth/password', { currentPassword: u.password, newPassword: 'lantern orchid 47 rivers' })).status).toBe(204);
  });
});

describe('item 9e: admin-issued passwords must be changed at next sign-in', () => {
  it('a reset user may only change the password until they do; then everything works', async () => {
    const u = await makeUser(srv);
    const reset = await call<{ temporaryPassword: string }>(srv, admin.token, 'POST', `/api/v1/users/${u.id}/password-reset`);
    const login = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: reset.body.temporaryPassword }) });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { mustChangePassword?: boolean }).mustChangePassword).toBe(true);
    const s = await signIn(srv, u.email, reset.body.temporaryPassword);
    const me = await cookieCall(s, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);
    const blocked = await cookieCall(s, 'GET', '/api/v1/channels');
    expect(blocked.status).toBe(403);
    expect(errCode(blocked)).toBe('password_change_required');
    const post = await cookieCall(s, 'POST', '/api/v1/channels', { name: `c${Date.now()}`, visibility: 'private' });
    expect(errCode(post)).toBe('password_change_required');
    const same = await cookieCall(s, 'POST', '/api/v1/auth/password', { currentPassword: reset.body.temporaryPassword, newPassword: reset.body.temporaryPassword });
    expect(errCode(same)).toBe('weak_password');
    const changed = await cookieCall(s, 'POST', '/api/v1/auth/password', { currentPassword: reset.body.temporaryPassword, newPassword: 'copper meadow 19 lanterns' });
    expect(changed.status).toBe(204);
    expect((await cookieCall(s, 'GET', '/api/v1/channels')).status).toBe(200);
    expect((await cookieCall(s, 'GET', '/api/v1/me')).body.mustChangePassword).toBeUndefined();
  });

  it('an account an admin creates without a password starts with a temporary one to change', async () => {
    const email = `temp.${Date.now()}@example.com`;
    const r = await call<{ temporaryPassword: string }>(srv, admin.token, 'POST', '/api/v1/users', { email, name: 'Temp Person', role: 'agent' });
    expect(r.status).toBe(201);
    const s = await signIn(srv, email, r.body.temporaryPassword);
    expect(errCode(await cookieCall(s, 'GET', '/api/v1/users'))).toBe('password_change_required');
  });
});
