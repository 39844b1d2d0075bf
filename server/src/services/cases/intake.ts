/**
 * Intake of one signed report, in one unit of work: the same (integration, reportId) answers the
 * existing case and creates nothing; otherwise every account becomes or updates a data subject,
 * the complaint text is protected (case-room policy), a case is created and routed to a queue,
 * the known-subject index learns the subjects' values, and an `intake.report` audit event is
 * written — all committed together or not at all.
 */
import type { Finding, KnownSubjectIndex } from '@enclave/pii';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { Vault } from '../vault/index.ts';
import { protectCaseText } from './case-text.ts';
import { PRIORITY_OF, routeCategory } from './queues.ts';
import type { Report } from './report-schema.ts';
import { upsertSubject } from './subjects.ts';

/** What intake needs from the context. */
export interface IntakeDeps {
  vault: Vault;
  analyze: (text: string) => Finding[];
  index?: KnownSubjectIndex;
}

/** Result of {@link receiveReport}; `created` false for a repeated report. */
export interface IntakeResult {
  caseId: string;
  status: string;
  created: boolean;
}

/** See the module comment. Throws what the vault throws (the unit then rolls back). */
export async function receiveReport(uow: UnitOfWork, deps: IntakeDeps, input: { integrationId: string; report: Report }): Promise<IntakeResult> {
  const db = uow.db;
  const { integrationId, report } = input;
  const existing = await db.selectFrom('cases').select(['id', 'status']).where('integration_id', '=', integrationId).where('report_id', '=', report.reportId).executeTakeFirst();
  if (existing) return { caseId: existing.id, status: existing.status, created: false };
  const now = new Date();
  const caseId = newId();
  const subjects: Array<{ subjectId: string; role: string; forms: string[]; supporting: string[] }> = [];
  const invalid: Record<string, string[]> = {};
  for (const account of report.accounts) {
    const r = await upsertSubject(db, { vault: deps.vault }, { integrationId, account });
    subjects.push({ subjectId: r.subjectId, role: account.role, forms: r.forms, supporting: r.supporting });
    if (r.invalidFields.length > 0) invalid[r.subjectId] = r.invalidFields;
  }
  const queue = await routeCategory(db, report.category);
  const last = await db.selectFrom('cases').select((eb) => eb.fn.max('number').as('n')).executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  const iso = now.toISOString();
  // The index learns the values before the complaint text is protected, so they are caught in it
  // (if this unit then fails, the index keeps fingerprints of a subject that does not exist: harmless).
  for (const s of subjects) {
    deps.index?.registerKnownValues(s.subjectId, s.forms);
    if (s.supporting.length > 0) deps.index?.registerSupportingValues(s.subjectId, s.supporting);
  }
  const protectedText = await protectCaseText(db, deps, { caseId, text: report.text });
  await db
    .insertInto('cases')
    .values({
      id: caseId,
      number,
      integration_id: integrationId,
      report_id: report.reportId,
      category: report.category,
      status: 'open',
      priority: PRIORITY_OF[report.category],
      queue_id: queue.id,
      room_channel_id: null,
      text: protectedText.text,
      entities: JSON.stringify(protectedText.entities),
      media: JSON.stringify((report.media ?? []).map((m) => ({ id: m.id, ...(m.sha256 ? { sha256: m.sha256.toLowerCase() } : {}), status: 'not_received' }))),
      submitted_at: new Date(report.submittedAt).toISOString(),
      due_at: new Date(now.getTime() + queue.slaMinutes * 60_000).toISOString(),
      merged_into: null,
      closed_at: null,
      legal_hold_at: null,
      purged_at: null,
      created_at: iso,
      updated_at: iso,
    })
    .execute();
  const links = [...new Map(subjects.map((s) => [`${s.subjectId}/${s.role}`, { case_id: caseId, subject_id: s.subjectId, role: s.role }])).values()];
  if (links.length > 0) await db.insertInto('case_subjects').values(links).execute();
  await appendAuditEvent(db, {
    actor: `integration:${integrationId}`,
    action: 'intake.report',
    target: `case:${caseId}`,
    outcome: 'success',
    details: { number, category: report.category, queueId: queue.id, subjects: subjects.length, invalidFields: invalid, media: report.media?.length ?? 0 },
  });
  return { caseId, status: 'open', created: true };
}
