/**
 * Sign-in with e-mail and password: per IP+e-mail rate limit (429), lockout after consecutive
 * wrong passwords (423), argon2id verification, then a new session. Failed and denied attempts
 * are audited in their own transaction.
 */
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { normalizeEmail, type UserRow } from '../users/users.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, type NewSession } from './sessions.ts';

/** Signs in; returns the user and the new session. Throws 401 `invalid_credentials`, 423 `account_locked`, 429 `rate_limited`. */
export async function login(
  ctx: AppContext,
  args: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<{ user: UserRow; session: NewSession }> {
  const email = normalizeEmail(args.email);
  const limit = ctx.loginLimiter.hit(`${args.ip}|${email}`);
  if (!limit.allowed) {
    await ctx.write(async (uow) => appendAuditEvent(uow.db, { actor: 'anonymous', action: 'auth.login', target: 'user:unknown', outcome: 'denied', details: { reason: 'rate_limited' } }));
    throw new AppError(429, 'rate_limited', 'Too many sign-in attempts; try again later', { retryAfterSeconds: Math.ceil(limit.retryAfterMs / 1000) });
  }
  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const now = Date.now();
  if (user && user.locked_until && Date.parse(user.locked_until) > now) {
    await ctx.write(async (uow) => appendAuditEvent(uow.db, { actor: user.id, action: 'auth.login', target: `user:${user.id}`, outcome: 'denied', details: { reason: 'locked' } }));
    throw new AppError(423, 'account_locked', 'This account is temporarily locked after too many failed sign-ins');
  }
  const ok = await verifyPassword(user?.password_hash ?? null, args.password);
  if (!ok || !user || user.active !== 1) {
    if (user) {
      await ctx.write(async (uow) => {
        const failed = (await uow.db.selectFrom('users').select('failed_logins').where('id', '=', user.id).executeTakeFirstOrThrow()).failed_logins + 1;
        const lock = failed >= ctx.limits.lockoutThreshold;
        await uow.db
          .updateTable('users')
          .set(lock ? { failed_logins: 0, locked_until: new Date(now + ctx.limits.lockoutMs).toISOString() } : { failed_logins: failed })
          .where('id', '=', user.id)
          .execute();
        await appendAuditEvent(uow.db, { actor: 'anonymous', action: 'auth.login', target: `user:${user.id}`, outcome: 'failed', details: { reason: 'bad_credentials' } });
        if (lock) await appendAuditEvent(uow.db, { actor: 'system', action: 'user.lockout', target: `user:${user.id}`, outcome: 'denied', details: { until: new Date(now + ctx.limits.lockoutMs).toISOString() } });
      });
    }
    throw new AppError(401, 'invalid_credentials', 'Wrong e-mail or password');
  }
  const session = await ctx.write(async (uow) => {
    await uow.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    return createSession(uow, user.id, args.userAgent, ctx.limits.sessionTtlMs);
  });
  ctx.loginLimiter.reset(`${args.ip}|${email}`);
  return { user, session };
}
