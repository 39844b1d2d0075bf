/**
 * "Not personal data" marks: a sender says a finding is not personal data. A mark covers that
 * exact value in that one channel, is stored only as a keyed hash (HMAC under the channel scope's
 * mark key, see the vault), is never allowed for known-subject matches, and is audited, listable
 * and revocable by privacy officers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { Vault } from '../vault/index.ts';

/** A mark as listed for privacy officers (no value: there is none stored). */
export interface NotPersonalDataMark {
  id: string;
  channelId: string;
  entityType: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** The channel scope whose key hashes mark values. */
export const markScope = (channelId: string): string => `channel:${channelId}`;

/**
 * Records a mark and its `mark.not_personal_data` audit event in one transaction; returns the
 * mark id (an existing active mark of the same value is returned as is, not duplicated).
 * Throws `AppError(422, 'mark_not_allowed')` for `KNOWN_SUBJECT` and `AppError(400, 'invalid_request')`
 * for an empty value. Membership of the channel is the caller's check.
 */
export async function markNotPersonalData(
  db: Kysely<Database>,
  vault: Vault,
  input: { actor: string; channelId: string; value: string; entityType: string },
): Promise<{ id: string; created: boolean }> {
  if (input.entityType === 'KNOWN_SUBJECT') {
    throw new AppError(422, 'mark_not_allowed', 'Values of a known data subject cannot be marked as not personal data');
  }
  if (input.value.trim() === '') throw new AppError(400, 'invalid_request', 'Nothing to mark');
  if (!db.isTransaction) return db.transaction().execute((trx) => markNotPersonalData(trx, vault, input));
  const valueHash = await vault.markHash(db, markScope(input.channelId), input.value);
  const existing = await db
    .selectFrom('privacy_marks')
    .select('id')
    .where('channel_id', '=', input.channelId)
    .where('value_hash', '=', valueHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = newId();
  await db
    .insertInto('privacy_marks')
    .values({
      id,
      channel_id: input.channelId,
      entity_type: input.entityType,
      value_hash: valueHash,
      created_by: input.actor,
      created_at: new Date().toISOString(),
      revoked_at: null,
      revoked_by: null,
    })
    .execute();
  await appendAuditEvent(db, {
    actor: input.actor,
    action: 'mark.not_personal_data',
    target: `channel:${input.channelId}`,
    outcome: 'success',
    details: { markId: id, entityType: input.entityType },
  });
  return { id, created: true };
}

/** Marks, newest first; only active ones unless `includeRevoked`. */
export async function listMarks(
  db: Kysely<Database>,
  q: { channelId?: string; includeRevoked?: boolean } = {},
): Promise<NotPersonalDataMark[]> {
  let query = db.selectFrom('privacy_marks').selectAll();
  if (q.channelId !== undefined) query = query.where('channel_id', '=', q.channelId);
  if (!q.includeRevoked) query = query.where('revoked_at', 'is', null);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    entityType: r.entity_type,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  }));
}

/**
 * Revokes a mark (privacy officers; the caller checks the role) with a `mark.revoke` audit event in
 * the same transaction. Throws `AppError(404, 'not_found')` for an unknown or already revoked mark.
 */
export async function revokeMark(db: Kysely<Database>, actor: string, markId: string): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => revokeMark(trx, actor, markId));
  const res = await db
    .updateTable('privacy_marks')
    .set({ revoked_at: new Date().toISOString(), revoked_by: actor })
    .where('id', '=', markId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError(404, 'not_found', 'No such active mark');
  const row = await db.selectFrom('privacy_marks').select(['channel_id', 'entity_type']).where('id', '=', markId).executeTakeFirstOrThrow();
  await appendAuditEvent(db, {
    actor,
    action: 'mark.revoke',
    target: `channel:${row.channel_id}`,
    outcome: 'success',
    details: { markId, entityType: row.entity_type },
  });
}

/** The value hashes of a channel's active marks (empty set when none, without touching the vault). */
export async function activeMarkHashes(db: Kysely<Database>, channelId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('privacy_marks').select('value_hash').where('channel_id', '=', channelId).where('revoked_at', 'is', null).execute();
  return new Set(rows.map((r) => r.value_hash));
}
