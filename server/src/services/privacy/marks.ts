/**
 * "Not personal data" marks: a sender asks that a finding be treated as not personal data. A mark
 * covers that exact value in that one channel, is stored only as a keyed hash (HMAC under the
 * channel scope's mark key, see the vault), and applies only once a privacy officer other than the
 * requester approved it (`pending` → `active`). Hard identifiers ({@link HARD_IDENTIFIER_TYPES})
 * can never be marked for a broad channel, and an active mark of one never applies while the
 * channel is broad. Every step is audited in the same transaction; revoking is the caller's cue to
 * re-protect what the mark let through (see `reprotect.ts`).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { PrivacyMarksTable } from '../../db/schema/vault.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { Vault } from '../vault/index.ts';
import type { ChannelClass } from './policy.ts';

/** Lifecycle of a mark. */
export type MarkStatus = 'pending' | 'active' | 'denied' | 'revoked';

/**
 * Entity types that identify a person on their own: never markable by the sender for broad
 * channels, and an active mark of one is ignored while its channel is broad.
 */
export const HARD_IDENTIFIER_TYPES: ReadonlySet<string> = new Set([
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'IP_ADDRESS',
  'DEVICE_ID',
  'US_PASSPORT',
  'PASSPORT',
  'US_DRIVER_LICENSE',
  'KNOWN_SUBJECT',
]);

/** Whether a mark of `entityType` may take effect in a channel of class `cls`. */
export const markMayApply = (entityType: string, cls: ChannelClass): boolean => !(cls === 'broad' && HARD_IDENTIFIER_TYPES.has(entityType));

/** A mark as listed for privacy officers (no value: there is none stored). */
export interface NotPersonalDataMark {
  id: string;
  channelId: string;
  entityType: string;
  status: MarkStatus;
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** The channel scope whose key hashes mark values. */
export const markScope = (channelId: string): string => `channel:${channelId}`;

/**
 * Records a mark request (`pending`) and its `mark.not_personal_data` audit event in one
 * transaction; returns the mark id and status (an existing pending or active mark of the same value
 * is returned as is, not duplicated). Throws `AppError(422, 'mark_not_allowed')` for `KNOWN_SUBJECT`
 * and for a hard identifier in a broad channel, `AppError(400, 'invalid_request')` for an empty
 * value. Membership of the channel and auditing a refusal are the caller's job.
 */
export async function markNotPersonalData(
  db: Kysely<Database>,
  vault: Vault,
  input: { actor: string; channelId: string; value: string; entityType: string; channelClass: ChannelClass },
): Promise<{ id: string; created: boolean; status: MarkStatus }> {
  assertMarkable(input.entityType, input.channelClass);
  if (input.value.trim() === '') throw new AppError(400, 'invalid_request', 'Nothing to mark');
  if (!db.isTransaction) return db.transaction().execute((trx) => markNotPersonalData(trx, vault, input));
  const valueHash = await vault.markHash(db, markScope(input.channelId), input.value);
  const existing = await db
    .selectFrom('privacy_marks')
    .select(['id', 'status'])
    .where('channel_id', '=', input.channelId)
    .where('value_hash', '=', valueHash)
    .where('status', 'in', ['pending', 'active'])
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false, status: existing.status as MarkStatus };
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
      status: 'pending',
      decided_by: null,
      decided_at: null,
    })
    .execute();
  await appendAuditEvent(db, {
    actor: input.actor,
    action: 'mark.not_personal_data',
    target: `channel:${input.channelId}`,
    outcome: 'success',
    details: { markId: id, entityType: input.entityType, status: 'pending' },
  });
  return { id, created: true, status: 'pending' };
}

/** Throws `AppError(422, 'mark_not_allowed')` when a mark of `entityType` cannot exist for class `cls`. */
export function assertMarkable(entityType: string, cls: ChannelClass): void {
  if (entityType === 'KNOWN_SUBJECT') {
    throw new AppError(422, 'mark_not_allowed', 'Values of a known data subject cannot be marked as not personal data');
  }
  if (!markMayApply(entityType, cls)) {
    throw new AppError(422, 'mark_not_allowed', `${entityType} values cannot be marked as not personal data in a broad channel: share them in a private channel, where they are protected.`);
  }
}

/** Marks, newest first; `status` filters (default: pending and active). */
export async function listMarks(
  db: Kysely<Database>,
  q: { channelId?: string; includeRevoked?: boolean; status?: MarkStatus } = {},
): Promise<NotPersonalDataMark[]> {
  let query = db.selectFrom('privacy_marks').selectAll();
  if (q.channelId !== undefined) query = query.where('channel_id', '=', q.channelId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  else if (!q.includeRevoked) query = query.where('status', 'in', ['pending', 'active']);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toMark);
}

function toMark(r: Selectable<PrivacyMarksTable>): NotPersonalDataMark {
  return {
    id: r.id,
    channelId: r.channel_id,
    entityType: r.entity_type,
    status: r.status as MarkStatus,
    createdBy: r.created_by,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  };
}

/**
 * Approves (`active`) or denies (`denied`) a pending mark, with a `mark.approve` / `mark.deny`
 * audit event in the same transaction. The caller checks the privacy-officer role and passes the
 * channel's current class. Throws `AppError(404, 'not_found')` for an unknown mark,
 * `AppError(409, 'mark_not_pending')` when already decided, `AppError(403, 'same_person')` when the
 * officer requested the mark themself (audit a refusal separately), and `AppError(422,
 * 'mark_not_allowed')` when approving a hard identifier for a channel that is now broad.
 */
export async function decideMark(
  db: Kysely<Database>,
  input: { actor: string; markId: string; decision: 'approve' | 'deny'; channelClassOf: (channelId: string) => Promise<ChannelClass> },
): Promise<NotPersonalDataMark> {
  if (!db.isTransaction) return db.transaction().execute((trx) => decideMark(trx, input));
  const row = await db.selectFrom('privacy_marks').selectAll().where('id', '=', input.markId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such mark');
  if (row.status !== 'pending') throw new AppError(409, 'mark_not_pending', `This mark is ${row.status}, not pending`);
  if (row.created_by === input.actor) throw new AppError(403, 'same_person', 'A mark needs the approval of someone other than the person who requested it');
  if (input.decision === 'approve') assertMarkable(row.entity_type, await input.channelClassOf(row.channel_id));
  const now = new Date().toISOString();
  const status: MarkStatus = input.decision === 'approve' ? 'active' : 'denied';
  await db.updateTable('privacy_marks').set({ status, decided_by: input.actor, decided_at: now }).where('id', '=', row.id).execute();
  await appendAuditEvent(db, {
    actor: input.actor,
    action: input.decision === 'approve' ? 'mark.approve' : 'mark.deny',
    target: `channel:${row.channel_id}`,
    outcome: 'success',
    details: { markId: row.id, entityType: row.entity_type, requestedBy: row.created_by },
  });
  return toMark({ ...row, status, decided_by: input.actor, decided_at: now });
}

/** What a revoked mark covered, for re-protection. `activeSince` is null when it never applied. */
export interface RevokedMark {
  channelId: string;
  entityType: string;
  valueHash: string;
  activeSince: string | null;
}

/**
 * Revokes a pending or active mark (privacy officers; the caller checks the role) with a
 * `mark.revoke` audit event in the same transaction. Throws `AppError(404, 'not_found')` for an
 * unknown, denied or already revoked mark.
 */
export async function revokeMark(db: Kysely<Database>, actor: string, markId: string): Promise<RevokedMark> {
  if (!db.isTransaction) return db.transaction().execute((trx) => revokeMark(trx, actor, markId));
  const row = await db.selectFrom('privacy_marks').selectAll().where('id', '=', markId).where('status', 'in', ['pending', 'active']).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such active mark');
  await db.updateTable('privacy_marks').set({ status: 'revoked', revoked_at: new Date().toISOString(), revoked_by: actor }).where('id', '=', markId).execute();
  await appendAuditEvent(db, {
    actor,
    action: 'mark.revoke',
    target: `channel:${row.channel_id}`,
    outcome: 'success',
    details: { markId, entityType: row.entity_type, wasActive: row.status === 'active' },
  });
  return {
    channelId: row.channel_id,
    entityType: row.entity_type,
    valueHash: row.value_hash,
    activeSince: row.status === 'active' ? (row.decided_at ?? row.created_at) : null,
  };
}

/** The value hashes of a channel's active marks with their entity types (empty map when none, without touching the vault). */
export async function activeMarkHashes(db: Kysely<Database>, channelId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('privacy_marks')
    .select(['value_hash', 'entity_type'])
    .where('channel_id', '=', channelId)
    .where('status', '=', 'active')
    .where('revoked_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.value_hash, r.entity_type]));
}
