/**
 * Case workflow: status changes along open → assigned → waiting → resolved → closed (and back
 * from waiting/resolved to assigned), priority, internal notes (guarded like case-room text),
 * decisions with a reason, merge of a duplicate into the case of the same reported account.
 * Each change is a timeline event and an audit event in the same unit.
 */
import type { Finding } from '@enclave/pii';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { Vault } from '../vault/index.ts';
import { authorizeCase, caseRow, type Caller } from './cases.ts';
import { caseScope, protectCaseText } from './case-text.ts';

export const DECISIONS = ['no_action', 'warn', 'remove_content', 'suspend', 'escalate'] as const;
export type Decision = (typeof DECISIONS)[number];
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** Allowed status moves. */
const MOVES: Record<string, string[]> = {
  open: ['assigned', 'closed'],
  assigned: ['waiting', 'resolved', 'open'],
  waiting: ['assigned', 'resolved'],
  resolved: ['closed', 'assigned'],
  closed: [],
};

async function timeline(db: Kysely<Database>, e: { caseId: string; kind: string; actor: string; text?: string; entities?: unknown[]; data?: Record<string, unknown> }): Promise<string> {
  const id = newId();
  await db
    .insertInto('case_events')
    .values({ id, case_id: e.caseId, kind: e.kind, actor: e.actor, text: e.text ?? '', entities: JSON.stringify(e.entities ?? []), data: JSON.stringify(e.data ?? {}), created_at: new Date().toISOString() })
    .execute();
  return id;
}

/** Changes status and/or priority. `409 invalid_transition` for a move the workflow does not allow. */
export async function updateCase(uow: UnitOfWork, caller: Caller, input: { caseId: string; status?: string; priority?: string }): Promise<void> {
  const c = await caseRow(uow.db, input.caseId);
  await authorizeCase(uow.db, caller, 'case.update', c);
  const now = new Date().toISOString();
  if (input.status !== undefined && input.status !== c.status) {
    if (!(MOVES[c.status] ?? []).includes(input.status)) throw new AppError(409, 'invalid_transition', `A ${c.status} case cannot become ${input.status}`);
    await uow.db.updateTable('cases').set({ status: input.status, updated_at: now, closed_at: input.status === 'closed' ? now : null }).where('id', '=', c.id).execute();
  }
  if (input.priority !== undefined) await uow.db.updateTable('cases').set({ priority: input.priority, updated_at: now }).where('id', '=', c.id).execute();
  const data = { from: c.status, status: input.status ?? c.status, priority: input.priority ?? c.priority };
  await timeline(uow.db, { caseId: c.id, kind: 'status', actor: caller.id, data });
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'case.update', target: `case:${c.id}`, outcome: 'success', details: data });
}

/** Adds an internal note (text protected with the case-room policy). Returns its id. */
export async function addNote(uow: UnitOfWork, caller: Caller, deps: { vault: Vault; analyze: (t: string) => Finding[] }, input: { caseId: string; text: string }): Promise<string> {
  const c = await caseRow(uow.db, input.caseId);
  await authorizeCase(uow.db, caller, 'case.update', c);
  const p = await protectCaseText(uow.db, deps, { caseId: c.id, text: input.text });
  if (c.room_channel_id) {
    for (const e of p.entities) {
      await uow.db.insertInto('vault_token_channels').values({ token: e.token, channel_id: c.room_channel_id, message_id: null, created_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  const id = await timeline(uow.db, { caseId: c.id, kind: 'note', actor: caller.id, text: p.text, entities: p.entities });
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'case.note', target: `case:${c.id}`, outcome: 'success', details: { noteId: id, tokens: p.entities.length, scope: caseScope(c.id) } });
  return id;
}

/** Records a decision with a reason (guarded text); resolves the case unless escalated. */
export async function decide(
  uow: UnitOfWork,
  caller: Caller,
  deps: { vault: Vault; analyze: (t: string) => Finding[] },
  input: { caseId: string; decision: Decision; reason: string },
): Promise<string> {
  const c = await caseRow(uow.db, input.caseId);
  await authorizeCase(uow.db, caller, 'case.update', c);
  if (c.status === 'closed') throw new AppError(409, 'invalid_transition', 'The case is closed');
  const p = await protectCaseText(uow.db, deps, { caseId: c.id, text: input.reason });
  const id = await timeline(uow.db, { caseId: c.id, kind: 'decision', actor: caller.id, text: p.text, entities: p.entities, data: { decision: input.decision } });
  const status = input.decision === 'escalate' ? c.status : 'resolved';
  await uow.db.updateTable('cases').set({ status, updated_at: new Date().toISOString() }).where('id', '=', c.id).execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'case.decision', target: `case:${c.id}`, outcome: 'success', details: { decision: input.decision, from: c.status, status } });
  return id;
}

/**
 * Merges duplicate `caseId` into `intoCaseId`: both must share a reported subject (same reported
 * account). The duplicate is closed with `merged_into`; its subjects join the target. Leads only
 * (`case.assign`). `409 not_duplicate` otherwise.
 */
export async function mergeCase(uow: UnitOfWork, caller: Caller, input: { caseId: string; intoCaseId: string }): Promise<void> {
  const dup = await caseRow(uow.db, input.caseId);
  const into = await caseRow(uow.db, input.intoCaseId);
  await authorizeCase(uow.db, caller, 'case.assign', dup);
  await authorizeCase(uow.db, caller, 'case.assign', into);
  if (dup.id === into.id || dup.merged_into !== null || into.status === 'closed') throw new AppError(409, 'not_duplicate', 'These cases cannot be merged');
  const shared = await uow.db
    .selectFrom('case_subjects as a')
    .innerJoin('case_subjects as b', 'b.subject_id', 'a.subject_id')
    .select('a.subject_id')
    .where('a.case_id', '=', dup.id)
    .where('b.case_id', '=', into.id)
    .where('a.role', '=', 'reported')
    .where('b.role', '=', 'reported')
    .executeTakeFirst();
  if (!shared) throw new AppError(409, 'not_duplicate', 'The cases do not concern the same reported account');
  const links = await uow.db.selectFrom('case_subjects').selectAll().where('case_id', '=', dup.id).execute();
  for (const l of links) await uow.db.insertInto('case_subjects').values({ ...l, case_id: into.id }).onConflict((oc) => oc.doNothing()).execute();
  const now = new Date().toISOString();
  await uow.db.updateTable('cases').set({ merged_into: into.id, status: 'closed', closed_at: now, updated_at: now }).where('id', '=', dup.id).execute();
  // the duplicate's complaint text tokens become visible in the target's room
  if (into.room_channel_id) {
    for (const e of JSON.parse(dup.entities) as Array<{ token: string }>) {
      await uow.db.insertInto('vault_token_channels').values({ token: e.token, channel_id: into.room_channel_id, message_id: null, created_at: now }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  await timeline(uow.db, { caseId: into.id, kind: 'merge', actor: caller.id, data: { merged: dup.id, number: dup.number } });
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'case.merge', target: `case:${dup.id}`, outcome: 'success', details: { into: into.id } });
}

/** The case timeline (guarded texts and entities), oldest first. */
export async function caseTimeline(db: Kysely<Database>, caller: Caller, caseId: string) {
  const c = await caseRow(db, caseId);
  await authorizeCase(db, caller, 'case.view', c);
  const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
  return {
    complaint: { text: c.text, entities: JSON.parse(c.entities) as unknown[], submittedAt: c.submitted_at, media: JSON.parse(c.media) as unknown[] },
    events: rows.map((r) => ({ id: r.id, kind: r.kind, actorId: r.actor, text: r.text, entities: JSON.parse(r.entities) as unknown[], data: JSON.parse(r.data) as Record<string, unknown>, at: r.created_at })),
  };
}
