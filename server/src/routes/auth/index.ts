/** `/api/v1/setup`, `/api/v1/auth/*`, `/api/v1/tokens` (docs/api.md, "Authentication"). */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { clearSessionCookies, principalOf, setSessionCookies } from '../../http/auth.ts';
import { presentUser } from '../../presenters/user.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/auth/api-tokens.ts';
import { endAllCredentials } from '../../services/auth/credentials.ts';
import { assertPasswordAcceptable } from '../../services/auth/password-policy.ts';
import { login } from '../../services/auth/login.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../services/auth/passwords.ts';
import { safeEqual } from '../../services/auth/secrets.ts';
import { createSession, listSessions, revokeSessions } from '../../services/auth/sessions.ts';
import { createUser, getUser, setPasswordHash } from '../../services/users/users.ts';
import { IdParam, Strict, type Api } from '../types.ts';

const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 });
const Email = Type.String({ minLength: 3, maxLength: 254 });
const Name = Type.String({ minLength: 1, maxLength: 120 });

export function authRoutes(api: Api, ctx: AppContext): void {
  api.get('/setup', { config: { public: true }, schema: { tags: ['auth'] } }, async () => {
    const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    return { needed: !any };
  });

  api.post(
    '/setup',
    {
      config: { public: true },
      schema: { tags: ['auth'], body: Type.Object({ token: Type.String({ maxLength: 200 }), email: Email, name: Name, password: Password }, Strict) },
    },
    async (req, reply) => {
      assertPasswordAcceptable(req.body.password, { email: req.body.email, name: req.body.name });
      const hash = await hashPassword(req.body.password);
      const result = await ctx.write(async (uow) => {
        const any = await uow.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
        if (any || !ctx.setup.token) throw new AppError(403, 'setup_closed', 'Setup is closed: an account already exists');
        if (!safeEqual(req.body.token, ctx.setup.token)) throw new AppError(403, 'invalid_setup_token', 'Wrong setup token');
        const user = await createUser(uow.db, { email: req.body.email, name: req.body.name, role: 'admin', passwordHash: hash, actor: 'setup' });
        const session = await createSession(uow, user.id, req.headers['user-agent'] ?? null, ctx.limits.sessionTtlMs);
        return { user, session };
      });
      ctx.setup.token = null;
      setSessionCookies(ctx, reply, result.session);
      return reply.status(201).send({ user: presentUser(result.user) });
    },
  );

  api.post(
    '/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], body: Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }, Strict) } },
    async (req, reply) => {
      const { user, session } = await login(ctx, { email: req.body.email, password: req.body.password, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      setSessionCookies(ctx, reply, session);
      return { user: presentUser(user), ...(user.must_change_password === 1 ? { mustChangePassword: true } : {}) };
    },
  );

  api.post('/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const p = principalOf(req);
    if (p.via === 'cookie') await ctx.write((uow) => revokeSessions(uow, p.user.id, [p.credentialId], p.user.id, 'logout'));
    clearSessionCookies(reply);
    return reply.status(204).send();
  });

  // "Sign out everywhere": every session; with `includeApiTokens: true` every API token too.
  // Answers what it ended: `{ sessionsEnded, apiTokensEnded }`.
  api.post(
    '/auth/logout-all',
    {
      schema: { tags: ['auth'], body: Type.Object({ includeApiTokens: Type.Optional(Type.Boolean()) }, Strict) },
      // The body is optional: no body means `{}` (sessions only).
      preValidation: async (req) => {
        if (req.body === undefined) req.body = {};
      },
    },
    async (req) => {
      const p = principalOf(req);
      const withTokens = req.body.includeApiTokens === true;
      const ended = await ctx.write(async (uow) =>
        withTokens
          ? endAllCredentials(uow, { userId: p.user.id, actor: p.user.id, reason: 'logout_all' })
          : { sessions: await revokeSessions(uow, p.user.id, 'all', p.user.id, 'logout_all'), apiTokens: 0 },
      );
      return { sessionsEnded: ended.sessions, apiTokensEnded: ended.apiTokens };
    },
  );

  api.get('/auth/sessions', { schema: { tags: ['auth'] } }, async (req) => {
    const p = principalOf(req);
    const rows = await listSessions(ctx.db, p.user.id);
    return {
      sessions: rows.map((s) => ({ id: s.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, userAgent: s.user_agent, current: p.via === 'cookie' && s.id === p.credentialId })),
    };
  });

  api.delete('/auth/sessions/:id', { schema: { tags: ['auth'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    const p = principalOf(req);
    const n = await ctx.write((uow) => revokeSessions(uow, p.user.id, [req.params.id], p.user.id, 'revoked'));
    if (n === 0) throw new AppError(404, 'not_found', 'No such session');
    if (p.via === 'cookie' && req.params.id === p.credentialId) clearSessionCookies(reply);
    return reply.status(204).send();
  });

  api.post(
    '/auth/password',
    { schema: { tags: ['auth'], body: Type.Object({ currentPassword: Type.String({ maxLength: 1024 }), newPassword: Password }, Strict) } },
    async (req, reply) => {
      const p = principalOf(req);
      const user = await getUser(ctx.db, p.user.id);
      if (!(await verifyPassword(user.password_hash, req.body.currentPassword))) throw new AppError(403, 'invalid_credentials', 'Current password is wrong');
      assertPasswordAcceptable(req.body.newPassword, { email: user.email, name: user.name });
      if (await verifyPassword(user.password_hash, req.body.newPassword)) throw new AppError(400, 'weak_password', 'Choose a password different from the current one', { reason: 'unchanged' });
      const hash = await hashPassword(req.body.newPassword);
      // Every API token and every other session ends; this browser's session stays.
      await ctx.write(async (uow) => {
        await setPasswordHash(uow, { userId: user.id, hash, actor: user.id, reset: false });
        await endAllCredentials(uow, { userId: user.id, actor: user.id, reason: 'password_change', keepSessionId: p.via === 'cookie' ? p.credentialId : null });
      });
      return reply.status(204).send();
    },
  );

  api.get('/tokens', { schema: { tags: ['tokens'] } }, async (req) => {
    const p = principalOf(req);
    const rows = await listApiTokens(ctx.db, p.user.id);
    return { tokens: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, expiresAt: t.expires_at, lastUsedAt: t.last_used_at })) };
  });

  api.post(
    '/tokens',
    { schema: { tags: ['tokens'], body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) }, Strict) } },
    async (req, reply) => {
      const p = principalOf(req);
      // A token may not mint tokens: a leaked token must not outlive its own revocation through children.
      if (p.via !== 'cookie') throw new AppError(403, 'token_cannot_mint', 'API tokens are created from a signed-in browser session, not with another token');
      const t = await ctx.write((uow) => createApiToken(uow.db, { userId: p.user.id, name: req.body.name, expiresInDays: req.body.expiresInDays ?? 90, actor: p.user.id }));
      return reply.status(201).send(t);
    },
  );

  api.delete('/tokens/:id', { schema: { tags: ['tokens'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    const p = principalOf(req);
    await ctx.write((uow) => revokeApiToken(uow, p.user.id, req.params.id, p.user.id));
    return reply.status(204).send();
  });
}
