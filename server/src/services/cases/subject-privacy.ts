/**
 * A subject's privacy operations: per-field reveal (through the token reveal path, so the same
 * rules, limits and audit apply), the access report (GDPR art. 15: every reveal attempt of the
 * subject's values, JSON or CSV) and erasure (crypto-shredding of the subject's data key, audited,
 * refused under legal hold).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { whoSaw } from '../audit/index.ts';
import type { Vault } from '../vault/index.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { sharedTokensOf } from '../privacy/shared-values.ts';

/** The token of `field` (its `index`-th value, default 0) of subject `subjectId`. 404 when absent. */
export async function subjectFieldToken(db: Kysely<Database>, subjectId: string, field: string, index = 0): Promise<string> {
  const s = await db.selectFrom('subjects').select(['id', 'erased_at']).where('id', '=', subjectId).executeTakeFirst();
  if (!s) throw new AppError(404, 'not_found', 'No such subject');
  const row = await db.selectFrom('subject_fields').select('token').where('subject_id', '=', subjectId).where('field', '=', field).where('position', '=', index).executeTakeFirst();
  if (!row) {
    if (s.erased_at !== null) throw new AppError(410, 'erased', 'This data was erased');
    throw new AppError(404, 'not_found', 'This subject has no such field');
  }
  return row.token;
}

/** One line of the access report. */
export interface AccessEvent {
  at: string;
  actorId: string;
  caseId: string | null;
  channelId: string | null;
  field: string | null;
  entityType: string | null;
  justification: string | null;
  outcome: string;
}

/** Every reveal attempt of the subject's values, oldest first. */
export async function accessReport(db: Kysely<Database>, subjectId: string): Promise<{ subjectId: string; events: AccessEvent[] }> {
  const s = await db.selectFrom('subjects').select('id').where('id', '=', subjectId).executeTakeFirst();
  if (!s) throw new AppError(404, 'not_found', 'No such subject');
  const events = await whoSaw(db, { subjectId });
  const fields = await db.selectFrom('subject_fields').select(['token', 'field']).where('subject_id', '=', subjectId).execute();
  const types = await db.selectFrom('vault_values').select(['token', 'entity_type']).where('scope', '=', `subject:${subjectId}`).execute();
  return {
    subjectId,
    events: events.map((e) => {
      const d = e.details ?? {};
      const token = e.target.startsWith('token:') ? e.target.slice(6) : '';
      const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
      return {
        at: e.at,
        actorId: e.actor,
        caseId: str(d.caseId),
        channelId: str(d.channelId),
        field: str(d.field) ?? fields.find((f) => f.token === token)?.field ?? null,
        entityType: str(d.entityType) ?? types.find((t) => t.token === token)?.entity_type ?? null,
        justification: e.justification,
        outcome: e.outcome,
      };
    }),
  };
}

const CSV_COLUMNS: (keyof AccessEvent)[] = ['at', 'actorId', 'caseId', 'channelId', 'field', 'entityType', 'justification', 'outcome'];

/** RFC 4180 CSV of the report (header line first; cells starting with = + - @ are prefixed with '). */
export function accessReportCsv(events: AccessEvent[]): string {
  const cell = (v: string | null): string => {
    let s = v ?? '';
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...events.map((e) => CSV_COLUMNS.map((c) => cell(e[c])).join(','))].join('\r\n') + '\r\n';
}

/**
 * Erases subject `subjectId` at once: destroys its data key (every copy of its values, in cards,
 * case text and messages, then answers `410 erased`) and marks the subject erased. `409
 * legal_hold` while the subject or one of its cases is on hold (audited as denied). The caller
 * rebuilds the known-subject index afterwards.
 */
export async function eraseSubject(uow: UnitOfWork, vault: Vault, input: { subjectId: string; actor: string }): Promise<{ subjectId: string; tokens: number }> {
  const s = await uow.db.selectFrom('subjects').select(['id', 'legal_hold_at']).where('id', '=', input.subjectId).executeTakeFirst();
  if (!s) throw new AppError(404, 'not_found', 'No such subject');
  const held = await uow.db
    .selectFrom('case_subjects')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select('cases.id')
    .where('case_subjects.subject_id', '=', s.id)
    .where('cases.legal_hold_at', 'is not', null)
    .executeTakeFirst();
  if (s.legal_hold_at !== null || held) throw new AppError(409, 'legal_hold', 'This subject is under legal hold');
  await uow.db.updateTable('subjects').set({ erased_at: new Date().toISOString() }).where('id', '=', s.id).execute();
  await uow.db.deleteFrom('subject_lookup').where('subject_id', '=', s.id).execute();
  const own = await vault.eraseScope(uow.db, `subject:${s.id}`);
  // copies of values shared with another subject (stored in that subject's scope): see shared-values.ts
  const shared = await vault.eraseTokens(uow.db, await sharedTokensOf(uow.db, s.id));
  const tokens = own.tokens + shared.tokens;
  await appendAuditEvent(uow.db, { actor: input.actor, action: 'erasure', target: `subject:${s.id}`, outcome: 'success', details: { tokens, sharedTokens: shared.tokens, reason: 'subject_request' } });
  return { subjectId: s.id, tokens };
}

/** Places or lifts a legal hold on a case or a subject (privacy officers; checked by the caller). Audited. */
export async function setLegalHold(uow: UnitOfWork, input: { target: 'case' | 'subject'; id: string; hold: boolean; actor: string }): Promise<void> {
  const at = input.hold ? new Date().toISOString() : null;
  const res =
    input.target === 'case'
      ? await uow.db.updateTable('cases').set({ legal_hold_at: at }).where('id', '=', input.id).executeTakeFirst()
      : await uow.db.updateTable('subjects').set({ legal_hold_at: at }).where('id', '=', input.id).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError(404, 'not_found', `No such ${input.target}`);
  await appendAuditEvent(uow.db, { actor: input.actor, action: input.hold ? 'legal_hold.place' : 'legal_hold.lift', target: `${input.target}:${input.id}`, outcome: 'success' });
}
