/**
 * Sign-in with e-mail and password: per IP+e-mail rate limit (429), lockout after consecutive
 * wrong passwords (423), argon2id verification, then a new session. Failed and denied attempts
 * are audited in their own transaction.
 *
 * No account-existence oracle: an unknown e-mail is locked out after the same number of failures
 * as a known one (counted in memory, {@link UnknownEmailLockouts}), with the same answers, and a
 * wrong password for an unknown e-mail is checked against a dummy hash (comparable timing).
 */
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { normalizeEmail, type UserRow } from '../users/users.ts';
import { verifyPassword } from './passwords.ts';
import { hashSecret } from './secrets.ts';
import { createSession, type NewSession } from './sessions.ts';

/** Most unknown e-mails tracked at once; the oldest entries are dropped beyond it. */
const MAX_TRACKED = 10_000;

/**
 * Failure counts and lockouts of e-mails that have no account, keyed by the SHA-256 of the
 * normalised e-mail (no addresses kept in memory), so an unknown e-mail locks like a known one.
 */
export class UnknownEmailLockouts {
  private readonly entries = new Map<string, { failed: number; lockedUntil: number }>();

  /** True while `email` is locked at `now` (ms). */
  locked(email: string, now: number): boolean {
    return (this.entries.get(hashSecret(email))?.lockedUntil ?? 0) > now;
  }

  /** Counts a failure; locks for `lockoutMs` at `threshold` failures (then the count restarts). */
  fail(email: string, now: number, threshold: number, lockoutMs: number): void {
    const key = hashSecret(email);
    const e = this.entries.get(key) ?? { failed: 0, lockedUntil: 0 };
    e.failed += 1;
    if (e.failed >= threshold) {
      e.failed = 0;
      e.lockedUntil = now + lockoutMs;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > MAX_TRACKED) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

const unknownLockouts = new WeakMap<AppContext, UnknownEmailLockouts>();
function lockoutsOf(ctx: AppContext): UnknownEmailLockouts {
  let l = unknownLockouts.get(ctx);
  if (!l) unknownLockouts.set(ctx, (l = new UnknownEmailLockouts()));
  return l;
}

const LOCKED = (): AppError => new AppError(423, 'account_locked', 'This account is temporarily locked after too many failed sign-ins');
const INVALID = (): AppError => new AppError(401, 'invalid_credentials', 'Wrong e-mail or password');

/** Signs in; returns the user and the new session. Throws 401 `invalid_credentials`, 423 `account_locked`, 429 `rate_limited`. */
export async function login(
  ctx: AppContext,
  args: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<{ user: UserRow; session: NewSession }> {
  const email = normalizeEmail(args.email);
  const limit = await ctx.loginLimiter.hit(`${args.ip}|${email}`);
  if (!limit.allowed) {
    await ctx.write(async (uow) => appendAuditEvent(uow.db, { actor: 'anonymous', action: 'auth.login', target: 'user:unknown', outcome: 'denied', details: { reason: 'rate_limited' } }));
    throw new AppError(429, 'rate_limited', 'Too many sign-in attempts; try again later', { retryAfterSeconds: Math.ceil(limit.retryAfterMs / 1000) });
  }
  const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const now = Date.now();
  const unknown = lockoutsOf(ctx);
  if (user ? user.locked_until !== null && Date.parse(user.locked_until) > now : unknown.locked(email, now)) {
    await ctx.write(async (uow) =>
      appendAuditEvent(uow.db, { actor: user?.id ?? 'anonymous', action: 'auth.login', target: user ? `user:${user.id}` : 'user:unknown', outcome: 'denied', details: { reason: 'locked' } }),
    );
    throw LOCKED();
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
    } else {
      // Same work as for a known e-mail: one write transaction with an audit event.
      unknown.fail(email, now, ctx.limits.lockoutThreshold, ctx.limits.lockoutMs);
      await ctx.write(async (uow) => appendAuditEvent(uow.db, { actor: 'anonymous', action: 'auth.login', target: 'user:unknown', outcome: 'failed', details: { reason: 'bad_credentials' } }));
    }
    throw INVALID();
  }
  const session = await ctx.write(async (uow) => {
    await uow.db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    return createSession(uow, user.id, args.userAgent, ctx.limits.sessionTtlMs);
  });
  await ctx.loginLimiter.reset(`${args.ip}|${email}`);
  return { user, session };
}
