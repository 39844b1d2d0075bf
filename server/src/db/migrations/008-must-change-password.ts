/**
 * 008: `users.must_change_password` (0/1). Set when an admin issues a temporary password
 * (password reset, account created without a password); until the user sets their own, their
 * session may only change the password (issue 7, item 9e).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
