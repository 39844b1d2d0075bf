/**
 * Staff accounts: create, update (name, role, active), password changes and resets, roles.
 * Every change appends an audit event in the same transaction; deactivation and password resets
 * end the user's sessions and sockets.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { revokeSessions } from '../auth/sessions.ts';
import { revokeAllApiTokens } from '../auth/credentials.ts';
import { needsApproval } from './approval-roles.ts';

export type UserRow = Selectable<UsersTable>;

/** Normalises an e-mail for storage and lookup (trimmed, lower-cased). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Loose e-mail shape check (one `@`, a dot in the domain, no spaces). */
export function isEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254;
}

/** Throws `400 unknown_role` unless `role` is in the `roles` table. */
export async function requireRole(db: Kysely<Database>, role: string): Promise<void> {
  const row = await db.selectFrom('roles').select('name').where('name', '=', role).executeTakeFirst();
  if (!row) throw new AppError(400, 'unknown_role', 'Unknown role');
}

/**
 * Creates an account. `passwordHash` is an argon2id PHC string or null. Throws `409 email_taken`,
 * `400 invalid_email`, `400 unknown_role`. `db` should be a transaction handle.
 */
export async function createUser(
  db: Kysely<Database>,
  args: { email: string; name: string; role: string; passwordHash: string | null; actor: string; mustChangePassword?: boolean },
): Promise<UserRow> {
  const email = normalizeEmail(args.email);
  if (!isEmail(email)) throw new AppError(400, 'invalid_email', 'Not a valid e-mail address');
  const name = args.name.trim();
  if (name.length === 0) throw new AppError(400, 'invalid_request', 'Name must not be empty');
  await requireRole(db, args.role);
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new AppError(409, 'email_taken', 'An account with this e-mail already exists');
  const now = new Date().toISOString();
  const row: UserRow = {
    id: newId(),
    email,
    name,
    role: args.role,
    password_hash: args.passwordHash,
    active: 1,
    failed_logins: 0,
    locked_until: null,
    created_at: now,
    updated_at: now,
    must_change_password: args.mustChangePassword ? 1 : 0,
  };
  await db.insertInto('users').values(row).execute();
  await appendAuditEvent(db, { actor: args.actor, action: 'user.create', target: `user:${row.id}`, outcome: 'success', details: { after: { role: row.role, active: true } } });
  return row;
}

/** Loads a user or throws `404 not_found`. */
export async function getUser(db: Kysely<Database>, id: string): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such user');
  return row;
}

/** Users matching `q` in name or e-mail (all when empty), by name, at most `limit`. */
export function searchUsers(db: Kysely<Database>, q: string, limit: number): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll().orderBy('name').orderBy('id').limit(limit);
  const term = q.trim().toLowerCase();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([sql<boolean>`lower(${eb.ref('name')}) like ${like} escape '\\'`, sql<boolean>`${eb.ref('email')} like ${like} escape '\\'`]));
  }
  return query.execute();
}

async function assertNotLastAdmin(db: Kysely<Database>, user: UserRow): Promise<void> {
  if (user.role !== 'admin' || user.active !== 1) return;
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .where('id', '!=', user.id)
    .limit(1)
    .executeTakeFirst();
  if (!other) throw new AppError(409, 'last_admin', 'The last active admin cannot be demoted or deactivated');
}

/**
 * Admin update of name, role and/or active. A role that needs a second approver (`approval-roles.ts`)
 * is refused with 409 `approval_required` (see `role-requests.ts`). Deactivation revokes every session and closes every
 * socket of the user after commit (API tokens stop working because the user is inactive).
 */
export async function updateUser(
  uow: UnitOfWork,
  args: { id: string; name?: string; role?: string; active?: boolean; actor: string },
): Promise<UserRow> {
  const db = uow.db;
  const before = await getUser(db, args.id);
  const patch: Partial<UserRow> = {};
  if (args.name !== undefined && args.name.trim() !== before.name) {
    if (!args.name.trim()) throw new AppError(400, 'invalid_request', 'Name must not be empty');
    patch.name = args.name.trim();
  }
  if (args.role !== undefined && args.role !== before.role) {
    await requireRole(db, args.role);
    if (needsApproval(args.role)) {
      throw new AppError(409, 'approval_required', 'This role is granted only with a second approver: open a role request (POST /api/v1/role-requests)');
    }
    await assertNotLastAdmin(db, before);
    patch.role = args.role;
  }
  if (args.active !== undefined && (args.active ? 1 : 0) !== before.active) {
    if (!args.active) await assertNotLastAdmin(db, before);
    patch.active = args.active ? 1 : 0;
  }
  if (Object.keys(patch).length === 0) return before;
  patch.updated_at = new Date().toISOString();
  await db.updateTable('users').set(patch).where('id', '=', before.id).execute();
  const target = `user:${before.id}`;
  if (patch.name !== undefined) await appendAuditEvent(db, { actor: args.actor, action: 'user.update', target, outcome: 'success', details: { fields: ['name'] } });
  if (patch.role !== undefined) {
    await appendAuditEvent(db, { actor: args.actor, action: 'user.role_change', target, outcome: 'success', details: { before: { role: before.role }, after: { role: patch.role } } });
  }
  if (patch.active !== undefined) {
    const action = patch.active ? 'user.activate' : 'user.deactivate';
    await appendAuditEvent(db, { actor: args.actor, action, target, outcome: 'success', details: { before: { active: before.active === 1 }, after: { active: patch.active === 1 } } });
    if (!patch.active) await revokeSessions(uow, before.id, 'all', args.actor, 'deactivated');
    // API tokens end on deactivation and again on reactivation (tokens from before either change never come back).
    await revokeAllApiTokens(uow, before.id, args.actor, patch.active ? 'reactivated' : 'deactivated');
  }
  return getUser(db, before.id);
}

/**
 * Sets a new password hash and clears any lockout. `reset: true` (an admin-issued temporary
 * password) sets `must_change_password`; the user's own change clears it. The caller ends the
 * user's credentials (`services/auth/credentials.ts`) in the same transaction.
 */
export async function setPasswordHash(uow: UnitOfWork, args: { userId: string; hash: string; actor: string; reset: boolean }): Promise<void> {
  await uow.db
    .updateTable('users')
    .set({ password_hash: args.hash, failed_logins: 0, locked_until: null, must_change_password: args.reset ? 1 : 0, updated_at: new Date().toISOString() })
    .where('id', '=', args.userId)
    .execute();
  await appendAuditEvent(uow.db, {
    actor: args.actor,
    action: args.reset ? 'user.password_reset' : 'user.password_change',
    target: `user:${args.userId}`,
    outcome: 'success',
  });
}

/** All roles, by name. */
export function listRoles(db: Kysely<Database>) {
  return db.selectFrom('roles').select(['name', 'description']).orderBy('name').execute();
}
