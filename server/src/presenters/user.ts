/** User row → API JSON. Never includes password hashes or lockout state. */
import type { Selectable } from 'kysely';
import type { UsersTable } from '../db/schema/chat.ts';

export interface UserJson {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  createdAt: string;
}

export interface MeJson {
  id: string;
  email: string;
  name: string;
  role: string;
  /** Present (true) only while the password is an admin-issued temporary one. */
  mustChangePassword?: true;
}

export function presentUser(row: Selectable<UsersTable>): UserJson {
  return { id: row.id, email: row.email, name: row.name, role: row.role, active: row.active === 1, createdAt: row.created_at };
}

export function presentMe(row: Selectable<UsersTable>): MeJson {
  const me: MeJson = { id: row.id, email: row.email, name: row.name, role: row.role };
  if (row.must_change_password === 1) me.mustChangePassword = true;
  return me;
}
