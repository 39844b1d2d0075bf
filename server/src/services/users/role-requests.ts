/**
 * Separation of duties for roles that reach raw data (issue 7, item 5). Granting such a role
 * (`privacy_officer`) is a request that a second person approves: another active privacy officer,
 * or — while the workspace has none — a second admin; never the requester, never the person
 * concerned. Until approved the account keeps its current role. Requests, approvals and
 * rejections are audited in the same transaction and every privacy officer is alerted.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import type { RoleRequestsTable } from '../../db/schema/access.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { recordPrivacyAlert } from '../privacy/alerts.ts';
import { requireRole } from './users.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

export { APPROVAL_ROLES, PENDING_ROLE_DEFAULT, needsApproval } from './approval-roles.ts';

/** A role request as the API shows it. */
export interface RoleRequestJson {
  id: string;
  userId: string;
  role: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
}

const present = (r: Selectable<RoleRequestsTable>): RoleRequestJson => ({
  id: r.id,
  userId: r.user_id,
  role: r.role,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  status: r.status === 'approved' ? 'approved' : r.status === 'rejected' ? 'rejected' : 'pending',
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

/** Number of active holders of `role`. */
export async function activeHolders(db: Kysely<Database>, role: string): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', role).where('active', '=', 1).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Opens a pending request to give `userId` the role `role` (or returns the pending one). `actor`
 * is a user id or `cli`. Audited (`user.role_request`), privacy officers alerted. Throws
 * 400 `unknown_role`, 404 `not_found`, 409 `role_held` when the user already has it.
 */
export async function requestRole(uow: UnitOfWork, args: { userId: string; role: string; actor: string }): Promise<RoleRequestJson> {
  await requireRole(uow.db, args.role);
  const user = await uow.db.selectFrom('users').select(['id', 'role']).where('id', '=', args.userId).executeTakeFirst();
  if (!user) throw new AppError(404, 'not_found', 'No such user');
  if (user.role === args.role) throw new AppError(409, 'role_held', 'This person already has this role');
  const pending = await uow.db.selectFrom('role_requests').selectAll().where('user_id', '=', args.userId).where('role', '=', args.role).where('status', '=', 'pending').executeTakeFirst();
  if (pending) return present(pending);
  const row: Selectable<RoleRequestsTable> = {
    id: newId(),
    user_id: args.userId,
    role: args.role,
    requested_by: args.actor,
    requested_at: new Date().toISOString(),
    status: 'pending',
    decided_by: null,
    decided_at: null,
  };
  await uow.db.insertInto('role_requests').values(row).execute();
  await appendAuditEvent(uow.db, {
    actor: args.actor,
    action: 'user.role_request',
    target: `user:${args.userId}`,
    outcome: 'success',
    details: { requestId: row.id, before: { role: user.role }, requested: { role: args.role } },
  });
  await recordPrivacyAlert(uow, 'role_requested', args.userId, { by: args.actor, role: args.role });
  return present(row);
}

/** Role requests with `status` (default pending), oldest first. */
export async function listRoleRequests(db: Kysely<Database>, status: RoleRequestJson['status'] = 'pending'): Promise<RoleRequestJson[]> {
  const rows = await db.selectFrom('role_requests').selectAll().where('status', '=', status).orderBy('requested_at').orderBy('id').limit(500).execute();
  return rows.map(present);
}

/**
 * Why `approver` may not decide `request`, or `undefined` when they may: not the requester, not
 * the person concerned, and an active privacy officer — or an admin while no other active privacy
 * officer exists.
 */
export async function approvalRefusal(db: Kysely<Database>, approver: Caller, request: Pick<RoleRequestJson, 'userId' | 'requestedBy'>): Promise<string | undefined> {
  if (approver.id === request.requestedBy) return 'The person who asked cannot approve their own request';
  if (approver.id === request.userId) return 'Nobody approves their own role';
  if (approver.role === 'privacy_officer') return undefined;
  if (approver.role === 'admin' && (await activeHolders(db, 'privacy_officer')) === 0) return undefined;
  return 'Only another privacy officer (or a second admin while there is none) can approve';
}

/**
 * Approves or rejects a pending request. Approval gives the role at once (audited as
 * `user.role_change` with `approvedBy` and `requestedBy`, plus `user.role_request.approve`) and
 * alerts every privacy officer. Throws 404 `not_found`, 409 `already_decided`, 403 `forbidden`
 * (see {@link approvalRefusal}; the route audits the denial).
 */
export async function decideRoleRequest(uow: UnitOfWork, approver: Caller, id: string, decision: 'approve' | 'reject'): Promise<RoleRequestJson> {
  const row = await uow.db.selectFrom('role_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such role request');
  if (row.status !== 'pending') throw new AppError(409, 'already_decided', 'This request was already decided');
  const request = present(row);
  // The requester may withdraw their own request; every other decision needs an eligible approver.
  const withdraw = decision === 'reject' && approver.id === row.requested_by;
  if (!withdraw) {
    const refusal = await approvalRefusal(uow.db, approver, request);
    if (refusal) throw new AppError(403, 'forbidden', refusal);
  }
  const now = new Date().toISOString();
  const status = decision === 'approve' ? 'approved' : 'rejected';
  await uow.db.updateTable('role_requests').set({ status, decided_by: approver.id, decided_at: now }).where('id', '=', id).execute();
  const target = `user:${row.user_id}`;
  await appendAuditEvent(uow.db, { actor: approver.id, action: `user.role_request.${decision}`, target, outcome: 'success', details: { requestId: id, role: row.role, requestedBy: row.requested_by } });
  if (decision === 'approve') {
    const user = await uow.db.selectFrom('users').select('role').where('id', '=', row.user_id).executeTakeFirstOrThrow();
    await uow.db.updateTable('users').set({ role: row.role, updated_at: now }).where('id', '=', row.user_id).execute();
    await appendAuditEvent(uow.db, {
      actor: approver.id,
      action: 'user.role_change',
      target,
      outcome: 'success',
      details: { before: { role: user.role }, after: { role: row.role }, requestedBy: row.requested_by, approvedBy: approver.id, requestId: id },
    });
    await recordPrivacyAlert(uow, 'role_granted', row.user_id, { by: approver.id, role: row.role });
  }
  return { ...request, status, decidedBy: approver.id, decidedAt: now };
}
