/**
 * Ending every credential of a user at once: API tokens (and, with {@link endAllCredentials},
 * browser sessions). Used when the owner's intent changes — a password change or admin reset,
 * a deactivation or reactivation, or "sign out everywhere" with `includeApiTokens`.
 */
import { appendAuditEvent } from '../audit/index.ts';
import { sessionsEnded } from '../../events.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { listSessions, revokeSessions } from './sessions.ts';

/**
 * Revokes every live API token of `userId` in the caller's transaction, appends one
 * `token.revoke` audit event (`details: { count, reason }`, no token values) and closes the
 * sockets opened with those tokens after commit. Returns how many tokens were revoked.
 */
export async function revokeAllApiTokens(uow: UnitOfWork, userId: string, actor: string, reason: string): Promise<number> {
  const ids = (await uow.db.selectFrom('api_tokens').select('id').where('user_id', '=', userId).where('revoked_at', 'is', null).execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await uow.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
  await appendAuditEvent(uow.db, { actor, action: 'token.revoke', target: `user:${userId}`, outcome: 'success', details: { tokens: 'all', count: ids.length, reason } });
  sessionsEnded(uow, userId, ids);
  return ids.length;
}

/** What {@link endAllCredentials} ended. */
export interface EndedCredentials {
  sessions: number;
  apiTokens: number;
}

/**
 * Ends every API token and every session of `userId` except the session `keepSessionId`
 * (the caller's own, e.g. after changing their password in this browser). Same transaction as
 * the caller's action; audited; sockets closed after commit.
 */
export async function endAllCredentials(
  uow: UnitOfWork,
  args: { userId: string; actor: string; reason: string; keepSessionId?: string | null },
): Promise<EndedCredentials> {
  const apiTokens = await revokeAllApiTokens(uow, args.userId, args.actor, args.reason);
  let sessions: number;
  if (args.keepSessionId) {
    const others = (await listSessions(uow.db, args.userId)).map((s) => s.id).filter((id) => id !== args.keepSessionId);
    sessions = await revokeSessions(uow, args.userId, others, args.actor, args.reason);
  } else {
    sessions = await revokeSessions(uow, args.userId, 'all', args.actor, args.reason);
  }
  return { sessions, apiTokens };
}
