/**
 * Bearer API tokens (`enc_` + 43 base64url characters): stored as SHA-256, with expiry,
 * revocable. A token never goes in a URL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { ApiTokensTable, UsersTable } from '../../db/schema/chat.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { hashSecret, randomSecret } from './secrets.ts';
import { param, prepareQuery } from '../../db/prepared.ts';
import { sessionsEnded } from '../../events.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';

const DAY_MS = 86_400_000;

/** A new token; `token` is shown once. */
export interface NewApiToken {
  id: string;
  name: string;
  token: string;
  expiresAt: string;
}

/** Creates a token for `userId` valid `expiresInDays` (1..365) days. `db` is the caller's transaction. */
export async function createApiToken(
  db: Kysely<Database>,
  args: { userId: string; name: string; expiresInDays: number; actor: string },
): Promise<NewApiToken> {
  if (!Number.isInteger(args.expiresInDays) || args.expiresInDays < 1 || args.expiresInDays > 365) {
    throw new AppError(400, 'invalid_request', 'expiresInDays must be 1..365');
  }
  const now = new Date();
  const token = randomSecret('enc_');
  const id = newId();
  const expiresAt = new Date(now.getTime() + args.expiresInDays * DAY_MS).toISOString();
  await db
    .insertInto('api_tokens')
    .values({ id, user_id: args.userId, name: args.name, token_hash: hashSecret(token), created_at: now.toISOString(), expires_at: expiresAt, last_used_at: null, revoked_at: null })
    .execute();
  await appendAuditEvent(db, { actor: args.actor, action: 'token.create', target: `token:${id}`, outcome: 'success', details: { userId: args.userId, expiresAt } });
  return { id, name: args.name, token, expiresAt };
}

// Looked up on every bearer request: compiled once (db/prepared.ts).
const liveTokenQuery = prepareQuery<{ hash: string; now: string }, Selectable<ApiTokensTable>>((db) =>
  db.selectFrom('api_tokens').selectAll().where('token_hash', '=', param('hash')).where('revoked_at', 'is', null).where('expires_at', '>', param('now')),
);
/** The active user `id` (shared with session lookups). */
export const activeUserQuery = prepareQuery<{ id: string }, Selectable<UsersTable>>((db) =>
  db.selectFrom('users').selectAll().where('id', '=', param('id')).where('active', '=', 1),
);

/**
 * The token row and its active user, or null when unknown, revoked, expired or the user is
 * inactive. Reads with `db` (no caching: a revocation or deactivation committed before the lookup,
 * by this process or another one such as `bin/enclave users`, is seen at once); the at most once a
 * minute `last_used_at` update goes to `writeDb` (default `db`).
 */
export async function resolveApiToken(
  db: Kysely<Database>,
  token: string,
  writeDb: Kysely<Database> = db,
): Promise<{ token: Selectable<ApiTokensTable>; user: Selectable<UsersTable> } | null> {
  const now = new Date();
  const row = await liveTokenQuery.takeFirst(db, { hash: hashSecret(token), now: now.toISOString() });
  if (!row) return null;
  const user = await activeUserQuery.takeFirst(db, { id: row.user_id });
  if (!user) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await writeDb.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { token: row, user };
}

/** Live tokens of `userId`, newest first. */
export function listApiTokens(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes token `id` of `userId` and closes sockets opened with it; 404 when there is none. */
export async function revokeApiToken(uow: UnitOfWork, userId: string, id: string, actor: string): Promise<void> {
  const db = uow.db;
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError(404, 'not_found', 'No such token');
  await appendAuditEvent(db, { actor, action: 'token.revoke', target: `token:${id}`, outcome: 'success', details: { userId } });
  sessionsEnded(uow, userId, [id]);
}
