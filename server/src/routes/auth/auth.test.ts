import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, signIn, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

let srv: TestServer;
let admin: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { lockoutThreshold: 3, loginAttempts: 6 } });
});
afterAll(async () => srv.close());

async function cookieCall(path: string, method: string, s: { cookie: string; csrf: string }, body?: unknown, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { cookie: s.cookie, ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(srv.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: res.headers };
}

describe('setup', () => {
  it('creates the first admin once with the printed token', async () => {
    expect((await call(srv, null, 'GET', '/api/v1/setup')).body).toEqual({ needed: true });
    const token = srv.ctx.setup.token as string;
    expect(token).toBeTruthy();
    const wrong = await call(srv, null, 'POST', '/api/v1/setup', { token: 'nope', email: 'root@example.com', name: 'Root', password: 'long enough pw' });
    expect(wrong.status).toBe(403);
    const ok = await fetch(`${srv.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, email: 'Root@Example.com', name: 'Root', password: 'long enough pw' }),
    });
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { user: { email: string; role: string } };
    expect(body.user).toMatchObject({ email: 'root@example.com', role: 'admin', active: true });
    const cookies = ok.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('enclave_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('enclave_csrf='))).not.toMatch(/HttpOnly/i);
    const again = await call<{ error: { code: string } }>(srv, null, 'POST', '/api/v1/setup', { token, email: 'x@example.com', name: 'X', password: 'long enough pw' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('setup_closed');
    expect((await call(srv, null, 'GET', '/api/v1/setup')).body).toEqual({ needed: false });
    admin = await makeUser(srv, { role: 'admin' });
  });
});

describe('cookies, CSRF and Origin', () => {
  it('signs in, reads /me, and requires X-CSRF-Token and a same Origin on changes', async () => {
    const u = await makeUser(srv);
    const s = await signIn(srv, u.email, u.password);
    expect(s.status).toBe(200);
    const me = await cookieCall('/api/v1/me', 'GET', s);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: u.id, email: u.email, name: u.name, role: 'agent' });
    const body = { name: `c-${u.id.toLowerCase()}`, visibility: 'private' };
    expect((await cookieCall('/api/v1/channels', 'POST', s, body)).status).toBe(403);
    expect((await cookieCall('/api/v1/channels', 'POST', s, body, { 'x-csrf-token': 'forged' })).status).toBe(403);
    const evil = await cookieCall('/api/v1/channels', 'POST', s, body, { 'x-csrf-token': s.csrf, origin: 'https://evil.example.com' });
    expect(evil.status).toBe(403);
    expect((evil.body as { error: { code: string } }).error.code).toBe('csrf_failed');
    const ok = await cookieCall('/api/v1/channels', 'POST', s, body, { 'x-csrf-token': s.csrf, origin: srv.url });
    expect(ok.status).toBe(201);
  });

  it('wrong password → 401; sign-in works case-insensitively on e-mail', async () => {
    const u = await makeUser(srv);
    expect((await signIn(srv, u.email, 'wrong-password')).status).toBe(401);
    expect((await signIn(srv, 'nobody@example.com', 'whatever-pw')).status).toBe(401);
    expect((await signIn(srv, u.email.toUpperCase(), u.password)).status).toBe(200);
  });

  it('logout ends the session; the session list marks current; sign-out everywhere ends all', async () => {
    const u = await makeUser(srv);
    const s1 = await signIn(srv, u.email, u.password);
    const s2 = await signIn(srv, u.email, u.password);
    const list = await cookieCall('/api/v1/auth/sessions', 'GET', s1);
    const sessions = (list.body as { sessions: Array<{ id: string; current: boolean; createdAt: string; lastSeenAt: string }> }).sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((x) => x.current)).toHaveLength(1);
    expect((await cookieCall('/api/v1/auth/logout', 'POST', s1, undefined, { 'x-csrf-token': s1.csrf })).status).toBe(204);
    expect((await cookieCall('/api/v1/me', 'GET', s1)).status).toBe(401);
    expect((await cookieCall('/api/v1/me', 'GET', s2)).status).toBe(200);
    const sock = await connect(srv, null, { headers: { cookie: s2.cookie } });
    expect((await cookieCall('/api/v1/auth/logout-all', 'POST', s2, undefined, { 'x-csrf-token': s2.csrf })).status).toBe(200);
    expect(await sock.closed()).toBe(4401);
    expect((await cookieCall('/api/v1/me', 'GET', s2)).status).toBe(401);
  });

  it('revoking one session by id closes its sockets', async () => {
    const u = await makeUser(srv);
    const s1 = await signIn(srv, u.email, u.password);
    const s2 = await signIn(srv, u.email, u.password);
    const sock = await connect(srv, null, { headers: { cookie: s1.cookie } });
    const list = await cookieCall('/api/v1/auth/sessions', 'GET', s1);
    const mine = (list.body as { sessions: Array<{ id: string; current: boolean }> }).sessions.find((x) => x.current);
    expect((await cookieCall(`/api/v1/auth/sessions/${mine?.id}`, 'DELETE', s2, undefined, { 'x-csrf-token': s2.csrf })).status).toBe(204);
    expect(await sock.closed()).toBe(4401);
    expect((await cookieCall('/api/v1/me', 'GET', s1)).status).toBe(401);
  });

  it('an expired session is refused', async () => {
    const u = await makeUser(srv);
    const s = await signIn(srv, u.email, u.password);
    await srv.ctx.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', u.id).execute();
    const r = await cookieCall('/api/v1/me', 'GET', s);
    expect(r.status).toBe(401);
    expect((r.body as { error: { code: string } }).error.code).toBe('unauthenticated');
  });
});

describe('lockout and rate limit', () => {
  it('locks after consecutive wrong passwords (423), rate-limits per IP+email (429)', async () => {
    const u = await makeUser(srv);
    for (let i = 0; i < 3; i++) expect((await signIn(srv, u.email, 'bad-password-x')).status).toBe(401);
    expect((await signIn(srv, u.email, u.password)).status).toBe(423);
    expect((await signIn(srv, u.email, u.password)).status).toBe(423);
    expect((await signIn(srv, u.email, u.password)).status).toBe(423); // 6th attempt: still within the limit of 6
    const res = await call<{ error: { code: string } }>(srv, null, 'POST', '/api/v1/auth/login', { email: u.email, password: u.password });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    const row = await srv.ctx.db.selectFrom('users').select('locked_until').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(Date.parse(row.locked_until as string)).toBeGreaterThan(Date.now());
  });
});

describe('API tokens', () => {
  it('creates, lists, uses, revokes; expired tokens are refused', async () => {
    const u = await makeUser(srv);
    const s = await signIn(srv, u.email, u.password);
    const created = await cookieCall('/api/v1/tokens', 'POST', s, { name: 'bot', expiresInDays: 7 }, { 'x-csrf-token': s.csrf });
    expect(created.status).toBe(201);
    const t = { body: created.body as { id: string; token: string; name: string; expiresAt: string } };
    expect(t.body.token).toMatch(/^enc_/);
    const stored = await srv.ctx.db.selectFrom('api_tokens').select('token_hash').where('id', '=', t.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(t.body.token);
    expect((await call(srv, t.body.token, 'GET', '/api/v1/me')).status).toBe(200);
    const list = await call<{ tokens: Array<{ id: string }> }>(srv, u.token, 'GET', '/api/v1/tokens');
    expect(list.body.tokens.map((x) => x.id)).toContain(t.body.id);
    expect(JSON.stringify(list.body)).not.toContain(t.body.token);
    const sock = await connect(srv, t.body.token);
    expect((await call(srv, u.token, 'DELETE', `/api/v1/tokens/${t.body.id}`)).status).toBe(204);
    expect(await sock.closed()).toBe(4401);
    expect((await call(srv, t.body.token, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await cookieCall('/api/v1/tokens', 'POST', s, { name: 'x', expiresInDays: 400 }, { 'x-csrf-token': s.csrf })).status).toBe(400);
    await srv.ctx.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1).toISOString() }).where('user_id', '=', u.id).execute();
    expect((await call(srv, u.token, 'GET', '/api/v1/me')).status).toBe(401);
  });
});

describe('admin', () => {
  it('creates users (409 on a taken e-mail), lists roles; agents may not', async () => {
    const r = await call<{ user: { id: string; role: string }; temporaryPassword: string }>(srv, admin.token, 'POST', '/api/v1/users', { email: 'new.person@example.com', name: 'New Person', role: 'agent' });
    expect(r.status).toBe(201);
    expect(r.body.temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect((await signIn(srv, 'new.person@example.com', r.body.temporaryPassword)).status).toBe(200);
    const dup = await call<{ error: { code: string } }>(srv, admin.token, 'POST', '/api/v1/users', { email: 'NEW.person@example.com', name: 'Dup', role: 'agent' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('email_taken');
    expect((await call(srv, admin.token, 'POST', '/api/v1/users', { email: 'r@example.com', name: 'R', role: 'emperor' })).status).toBe(400);
    const agent = await makeUser(srv);
    expect((await call(srv, agent.token, 'POST', '/api/v1/users', { email: 'z@example.com', name: 'Z', role: 'agent' })).status).toBe(403);
    const roles = await call<{ roles: Array<{ name: string }> }>(srv, agent.token, 'GET', '/api/v1/roles');
    expect(roles.body.roles.map((x) => x.name).sort()).toEqual(['admin', 'agent', 'lead', 'privacy_officer', 'specialist']);
    const users = await call<{ users: Array<{ email: string }> }>(srv, agent.token, 'GET', '/api/v1/users?q=new.person');
    expect(users.body.users.map((x) => x.email)).toEqual(['new.person@example.com']);
    const wild = await call<{ users: unknown[] }>(srv, agent.token, 'GET', `/api/v1/users?q=${encodeURIComponent('%_%')}`);
    expect(wild.body.users).toEqual([]); // LIKE wildcards are matched literally
  });

  it('deactivation ends sessions, tokens and sockets at once', async () => {
    const u = await makeUser(srv);
    const ch = await makeChannel(srv, admin, { members: [u] });
    const s = await signIn(srv, u.email, u.password);
    const sockToken = await connect(srv, u.token);
    const sockCookie = await connect(srv, null, { headers: { cookie: s.cookie } });
    const r = await call<{ user: { active: boolean } }>(srv, admin.token, 'PATCH', `/api/v1/users/${u.id}`, { active: false });
    expect(r.status).toBe(200);
    expect(r.body.user.active).toBe(false);
    expect(await sockToken.closed()).toBe(4401);
    expect(await sockCookie.closed()).toBe(4401);
    expect((await call(srv, u.token, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await cookieCall('/api/v1/me', 'GET', s)).status).toBe(401);
    expect((await signIn(srv, u.email, u.password)).status).toBe(401);
    await expect(connect(srv, u.token)).rejects.toThrow(/401/);
    expect((await call(srv, u.token, 'GET', `/api/v1/channels/${ch.id}/messages`)).status).toBe(401);
  });

  it('role change and password reset; the last admin cannot be demoted', async () => {
    const u = await makeUser(srv);
    const s = await signIn(srv, u.email, u.password);
    const r = await call<{ user: { role: string } }>(srv, admin.token, 'PATCH', `/api/v1/users/${u.id}`, { role: 'lead' });
    expect(r.body.user.role).toBe('lead');
    const reset = await call<{ temporaryPassword: string }>(srv, admin.token, 'POST', `/api/v1/users/${u.id}/password-reset`);
    expect(reset.status).toBe(200);
    expect((await cookieCall('/api/v1/me', 'GET', s)).status).toBe(401);
    expect((await signIn(srv, u.email, u.password)).status).toBe(401);
    expect((await signIn(srv, u.email, reset.body.temporaryPassword)).status).toBe(200);
    const solo = await startServer();
    try {
      const only = await makeUser(solo, { role: 'admin' });
      const res = await call<{ error: { code: string } }>(solo, only.token, 'PATCH', `/api/v1/users/${only.id}`, { role: 'agent' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('last_admin');
    } finally {
      await solo.close();
    }
  });

  it('password change needs the current password and a 10+ character new one', async () => {
    const u = await makeUser(srv);
    expect((await call(srv, u.token, 'POST', '/api/v1/auth/password', { currentPassword: 'wrong', newPassword: 'another long one' })).status).toBe(403);
    expect((await call(srv, u.token, 'POST', '/api/v1/auth/password', { currentPassword: u.password, newPassword: 'short' })).status).toBe(400);
    expect((await call(srv, u.token, 'POST', '/api/v1/auth/password', { currentPassword: u.password, newPassword: 'another long one' })).status).toBe(204);
    expect((await signIn(srv, u.email, 'another long one')).status).toBe(200);
  });
});

describe('audit trail', () => {
  it('account, role, session and token changes and failed sign-ins are audited', async () => {
    const rows = await srv.ctx.db.selectFrom('audit_events').select(['action', 'outcome', 'actor', 'details']).execute();
    const actions = new Set(rows.map((r) => `${r.action}:${r.outcome}`));
    for (const a of [
      'user.create:success',
      'user.role_change:success',
      'user.deactivate:success',
      'user.password_reset:success',
      'user.password_change:success',
      'session.create:success',
      'session.revoke:success',
      'token.create:success',
      'token.revoke:success',
      'auth.login:failed',
      'auth.login:denied',
      'user.lockout:denied',
    ]) {
      expect(actions, a).toContain(a);
    }
    const role = rows.find((r) => r.action === 'user.role_change');
    expect(JSON.parse(role?.details ?? '{}')).toEqual({ before: { role: 'agent' }, after: { role: 'lead' } });
    for (const r of rows) expect(r.details ?? '').not.toMatch(/password-|enc_[A-Za-z0-9_-]{20}/);
  });
});
