/**
 * Cases: listing and reading (masked subject cards only), assignment and taking (with the case
 * room kept in step), each change audited in its unit. Access follows `permissions.ts`.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CasesTable } from '../../db/schema/cases.ts';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { permission, type Action } from './permissions.ts';
import { ensureCaseRoom, syncRoomMembers } from './rooms.ts';
import { subjectCards, type SubjectLegalHold } from './subjects.ts';

/** Who acts. */
export interface Caller {
  id: string;
  role: string;
}

/** A case in lists and `GET /cases/:id` (stable fields first). */
export interface CaseJson {
  id: string;
  number: number;
  category: string;
  status: string;
  priority: string;
  queue: string | null;
  assignees: string[];
  watchers: string[];
  roomChannelId: string | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  subjects: Array<{ id: string; role: string; erased: boolean; fields: Record<string, string>; invalid: string[]; legalHold: SubjectLegalHold | null }>;
}

/** Statuses, in workflow order. */
export const STATUSES = ['open', 'assigned', 'waiting', 'resolved', 'closed'] as const;

async function membership(db: Kysely<Database>, caller: Caller, c: Selectable<CasesTable>): Promise<{ assigned: boolean; inQueue: boolean }> {
  const a = await db.selectFrom('case_assignees').select('user_id').where('case_id', '=', c.id).where('user_id', '=', caller.id).executeTakeFirst();
  const q = c.queue_id ? await db.selectFrom('queue_members').select('user_id').where('queue_id', '=', c.queue_id).where('user_id', '=', caller.id).executeTakeFirst() : undefined;
  return { assigned: a !== undefined, inQueue: q !== undefined };
}

/** Throws 403 unless `caller` may do `action` on `c` (404 when they may not even see it). */
export async function authorizeCase(db: Kysely<Database>, caller: Caller, action: Action, c: Selectable<CasesTable>): Promise<void> {
  const grant = permission(caller.role, action);
  if (grant === 'yes' || grant === 'flagged') return;
  const m = await membership(db, caller, c);
  const ok = (grant === 'assigned' && m.assigned) || (grant === 'queue' && (m.assigned || m.inQueue));
  if (ok) return;
  const view = permission(caller.role, 'case.view');
  const canView = view === 'yes' || view === 'flagged' || (view === 'queue' && (m.assigned || m.inQueue)) || (view === 'assigned' && m.assigned);
  if (!canView) throw new AppError(404, 'not_found', 'No such case');
  throw new AppError(403, 'forbidden', 'You may not do this on this case');
}

/** The case row or 404. */
export async function caseRow(db: Kysely<Database>, id: string): Promise<Selectable<CasesTable>> {
  const c = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new AppError(404, 'not_found', 'No such case');
  return c;
}

/** Presents cases (with masked subject cards). */
export async function presentCases(db: Kysely<Database>, rows: Selectable<CasesTable>[], now = new Date()): Promise<CaseJson[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const people = await db.selectFrom('case_assignees').select(['case_id', 'user_id', 'kind']).where('case_id', 'in', ids).orderBy('created_at').execute();
  const links = await db.selectFrom('case_subjects').select(['case_id', 'subject_id', 'role']).where('case_id', 'in', ids).execute();
  const queues = await db.selectFrom('queues').select(['id', 'name']).execute();
  const cards = await subjectCards(db, [...new Set(links.map((l) => l.subject_id))]);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    category: r.category,
    status: r.status,
    priority: r.priority,
    queue: queues.find((q) => q.id === r.queue_id)?.name ?? null,
    assignees: people.filter((p) => p.case_id === r.id && p.kind === 'assignee').map((p) => p.user_id),
    watchers: people.filter((p) => p.case_id === r.id && p.kind === 'watcher').map((p) => p.user_id),
    roomChannelId: r.room_channel_id,
    dueAt: r.due_at,
    overdue: r.due_at !== null && r.status !== 'resolved' && r.status !== 'closed' && r.due_at < now.toISOString(),
    createdAt: r.created_at,
    subjects: links
      .filter((l) => l.case_id === r.id)
      .map((l) => {
        const card = cards.find((c) => c.id === l.subject_id);
        return { id: l.subject_id, role: l.role, erased: card?.erased ?? true, fields: card?.fields ?? {}, invalid: card?.invalid ?? [], legalHold: card?.legalHold ?? null };
      }),
  }));
}

/** Filters of {@link listCases}; `assignee` is a user id; `limit` 1..200 (default 50); `before` a case id. */
export interface CaseFilter {
  status?: string;
  queue?: string;
  assignee?: string;
  limit?: number;
  before?: string;
}

/** Cases the caller may list, newest first. Agents see their queues' cases and their own. */
export async function listCases(db: Kysely<Database>, caller: Caller, f: CaseFilter): Promise<{ cases: CaseJson[]; hasMore: boolean }> {
  const grant = permission(caller.role, 'case.list');
  if (grant === 'no') throw new AppError(403, 'forbidden', 'You may not list cases');
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  let q = db.selectFrom('cases').selectAll('cases');
  if (f.status) q = q.where('cases.status', '=', f.status);
  if (f.queue) q = q.where((eb) => eb.or([eb('cases.queue_id', '=', f.queue as string), eb('cases.queue_id', 'in', eb.selectFrom('queues').select('id').where('name', '=', f.queue as string))]));
  if (f.assignee) q = q.where('cases.id', 'in', (eb) => eb.selectFrom('case_assignees').select('case_id').where('user_id', '=', f.assignee as string).where('kind', '=', 'assignee'));
  if (f.before) q = q.where('cases.id', '<', f.before);
  if (grant !== 'yes') {
    q = q.where((eb) =>
      eb.or([
        eb('cases.queue_id', 'in', eb.selectFrom('queue_members').select('queue_id').where('user_id', '=', caller.id)),
        eb('cases.id', 'in', eb.selectFrom('case_assignees').select('case_id').where('user_id', '=', caller.id)),
      ]),
    );
  }
  const rows = await q.orderBy('cases.id', 'desc').limit(limit + 1).execute();
  return { cases: await presentCases(db, rows.slice(0, limit)), hasMore: rows.length > limit };
}

/** One case (masked), if the caller may view it (404 otherwise). */
export async function getCase(db: Kysely<Database>, caller: Caller, id: string): Promise<CaseJson> {
  const c = await caseRow(db, id);
  await authorizeCase(db, caller, 'case.view', c);
  const [json] = await presentCases(db, [c]);
  if (!json) throw new Error('unreachable');
  return json;
}

/**
 * Assigns `userId` to the case (or as a watcher): creates or joins the case room, moves an open
 * case to `assigned`. Leads and admins assign; an agent may take (assign themselves) a case of a
 * queue they belong to. `400 user_inactive` for a deactivated or unknown user. Audited.
 */
export async function assignCase(uow: UnitOfWork, caller: Caller, input: { caseId: string; userId: string; kind?: 'assignee' | 'watcher' }): Promise<void> {
  const c = await caseRow(uow.db, input.caseId);
  const action: Action = input.userId === caller.id && permission(caller.role, 'case.assign') !== 'yes' ? 'case.take' : 'case.assign';
  await authorizeCase(uow.db, caller, action, c);
  const user = await uow.db.selectFrom('users').select(['id', 'active', 'role']).where('id', '=', input.userId).executeTakeFirst();
  if (!user || user.active !== 1) throw new AppError(400, 'user_inactive', 'Unknown or deactivated user: cannot be assigned');
  if (user.role === 'admin' || user.role === 'specialist') throw new AppError(400, 'invalid_assignee', 'This role does not work cases');
  const kind = input.kind ?? 'assignee';
  await uow.db
    .insertInto('case_assignees')
    .values({ case_id: c.id, user_id: user.id, kind, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doUpdateSet({ kind }))
    .execute();
  const roomId = await ensureCaseRoom(uow, c, caller.id);
  await syncRoomMembers(uow, c.id, roomId);
  if (c.status === 'open' && kind === 'assignee') await uow.db.updateTable('cases').set({ status: 'assigned', updated_at: new Date().toISOString() }).where('id', '=', c.id).execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: action === 'case.take' ? 'case.take' : 'case.assign', target: `case:${c.id}`, outcome: 'success', details: { userId: user.id, kind, roomChannelId: roomId } });
}

/** Removes `userId` from the case and its room at once. 404 when not assigned. Audited. */
export async function unassignCase(uow: UnitOfWork, caller: Caller, input: { caseId: string; userId: string }): Promise<void> {
  const c = await caseRow(uow.db, input.caseId);
  await authorizeCase(uow.db, caller, input.userId === caller.id && permission(caller.role, 'case.assign') !== 'yes' ? 'case.take' : 'case.assign', c);
  const res = await uow.db.deleteFrom('case_assignees').where('case_id', '=', c.id).where('user_id', '=', input.userId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError(404, 'not_found', 'Not assigned to this case');
  if (c.room_channel_id) await syncRoomMembers(uow, c.id, c.room_channel_id);
  const left = await uow.db.selectFrom('case_assignees').select('user_id').where('case_id', '=', c.id).where('kind', '=', 'assignee').executeTakeFirst();
  if (!left && c.status === 'assigned') await uow.db.updateTable('cases').set({ status: 'open', updated_at: new Date().toISOString() }).where('id', '=', c.id).execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'case.unassign', target: `case:${c.id}`, outcome: 'success', details: { userId: input.userId } });
}

/** The cases (not closed) on which `userId` is an assignee and `subjectId` is a subject: need-to-know. */
export async function assignedCasesOfSubject(db: Kysely<Database>, subjectId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_subjects')
    .innerJoin('case_assignees', 'case_assignees.case_id', 'case_subjects.case_id')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select('cases.id')
    .where('case_subjects.subject_id', '=', subjectId)
    .where('case_assignees.user_id', '=', userId)
    .where('case_assignees.kind', '=', 'assignee')
    .where('cases.status', '!=', 'closed')
    .execute();
  return rows.map((r) => r.id);
}
