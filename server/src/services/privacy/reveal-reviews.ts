/**
 * Review queue of flagged reveals (issue 7, items 4–5): every reveal by a privacy officer, and every
 * reveal of a value shared before the caller joined, gets a `reveal_reviews` row (written by
 * `reveal.ts` in the reveal's transaction). A privacy officer other than the revealer signs it off
 * with a note; the sign-off is audited (`reveal.review`) in the same transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** A queued reveal as the review page shows it (no value, ever). */
export interface RevealReviewJson {
  id: string;
  revealerId: string;
  token: string;
  reason: string;
  revealedAt: string;
  justification: string | null;
  entityType: string | null;
  channelId: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
}

/** Queued reveals, `pending` (not signed off) or `done`, oldest first, at most 500. */
export async function listRevealReviews(db: Kysely<Database>, status: 'pending' | 'done' = 'pending'): Promise<RevealReviewJson[]> {
  const rows = await db
    .selectFrom('reveal_reviews as r')
    .leftJoin('audit_events as a', 'a.seq', 'r.audit_seq')
    .select(['r.id', 'r.revealer_id', 'r.token', 'r.reason', 'r.created_at', 'r.reviewed_by', 'r.reviewed_at', 'r.note', 'a.justification', 'a.details'])
    .where('r.reviewed_at', status === 'pending' ? 'is' : 'is not', null)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(500)
    .execute();
  return rows.map((r) => {
    const d = r.details ? (JSON.parse(r.details) as { entityType?: string; channelId?: string }) : {};
    return {
      id: r.id,
      revealerId: r.revealer_id,
      token: r.token,
      reason: r.reason,
      revealedAt: r.created_at,
      justification: r.justification ?? null,
      entityType: d.entityType ?? null,
      channelId: d.channelId ?? null,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
      note: r.note,
    };
  });
}

/**
 * Signs off a queued reveal with `note` (personal data already replaced by placeholders by the
 * caller). Throws 403 `forbidden` (not a privacy officer), 403 `own_reveal` (the revealer),
 * 404 `not_found`, 409 `already_reviewed`.
 */
export async function signOffReveal(uow: UnitOfWork, reviewer: Caller, id: string, note: string): Promise<RevealReviewJson> {
  if (reviewer.role !== 'privacy_officer') throw new AppError(403, 'forbidden', 'Privacy officers only');
  const row = await uow.db.selectFrom('reveal_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such review');
  if (row.revealer_id === reviewer.id) throw new AppError(403, 'own_reveal', 'A different privacy officer must review your reveal');
  if (row.reviewed_at !== null) throw new AppError(409, 'already_reviewed', 'This reveal was already signed off');
  const now = new Date().toISOString();
  await uow.db.updateTable('reveal_reviews').set({ reviewed_by: reviewer.id, reviewed_at: now, note }).where('id', '=', id).execute();
  await appendAuditEvent(uow.db, {
    actor: reviewer.id,
    action: 'reveal.review',
    target: `reveal_review:${id}`,
    justification: note,
    outcome: 'success',
    details: { revealSeq: row.audit_seq, revealerId: row.revealer_id, reason: row.reason },
  });
  const [out] = (await listRevealReviews(uow.db, 'done')).filter((r) => r.id === id);
  if (!out) throw new Error('unreachable: signed-off review not found');
  return out;
}
