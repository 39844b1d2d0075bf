/**
 * Browser sessions: created at sign-in, looked up by the SHA-256 of the cookie value, sliding
 * expiry (`expires_at` moves forward on use), revocable one by one or all at once.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { SessionsTable, UsersTable } from '../../db/schema/chat.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { sessionsEnded } from '../../events.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { hashSecret, randomSecret } from './secrets.ts';
import { param, prepareQuery } from '../../db/prepared.ts';
import { activeUserQuery } from './api-tokens.ts';

const liveSessionQuery = prepareQuery<{ hash: string; now: string }, Selectable<SessionsTable>>((db) =>
  db.selectFrom('sessions').selectAll().where('token_hash', '=', param('hash')).where('revoked_at', 'is', null).where('expires_at', '>', param('now')),
);

/** A new session: the cookie secret and CSRF token are returned once and never stored in clear (CSRF excepted). */
export interface NewSession {
  id: string;
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

/** Creates a session for `userId`; `ttlMs` until expiry. */
export async function createSession(uow: UnitOfWork, userId: string, userAgent: string | null, ttlMs: number): Promise<NewSession> {
  const now = new Date();
  const secret = randomSecret();
  const csrfToken = randomSecret();
  const id = newId();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await uow.db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      token_hash: hashSecret(secret),
      csrf_token: csrfToken,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  await appendAuditEvent(uow.db, { actor: userId, action: 'session.create', target: `session:${id}`, outcome: 'success' });
  return { id, secret, csrfToken, expiresAt };
}

/** A live session with its (active) user. */
export interface ResolvedSession {
  session: Selectable<SessionsTable>;
  user: Selectable<UsersTable>;
}

/**
 * Looks up the session of cookie value `secret`: not revoked, not expired, user active. Reads with
 * `db` (uncached, so revocation and deactivation are seen at once); slides expiry at most once a
 * minute with `writeDb` (default `db`).
 */
export async function resolveSession(db: Kysely<Database>, secret: string, ttlMs: number, writeDb: Kysely<Database> = db): Promise<ResolvedSession | null> {
  const now = new Date();
  const session = await liveSessionQuery.takeFirst(db, { hash: hashSecret(secret), now: now.toISOString() });
  if (!session) return null;
  const user = await activeUserQuery.takeFirst(db, { id: session.user_id });
  if (!user) return null;
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    await writeDb
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString() })
      .where('id', '=', session.id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return { session, user };
}

/** Live sessions of `userId`, newest first. */
export async function listSessions(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Revokes sessions of `userId` (the given ids, or all) and closes their sockets after commit.
 * Returns how many were revoked. `actor` is who did it (the user, an admin, or `"system"`).
 */
export async function revokeSessions(uow: UnitOfWork, userId: string, ids: string[] | 'all', actor: string, reason: string): Promise<number> {
  let q = uow.db
    .updateTable('sessions')
    .set({ revoked_at: new Date().toISOString() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const res = await q.executeTakeFirst();
  const n = Number(res.numUpdatedRows);
  await appendAuditEvent(uow.db, {
    actor,
    action: 'session.revoke',
    target: `user:${userId}`,
    outcome: 'success',
    details: { sessions: ids === 'all' ? 'all' : ids, count: n, reason },
  });
  sessionsEnded(uow, userId, ids);
  return n;
}
