import type { Kysely } from 'kysely';

/**
 * Issue 13: `sealed_carriers` — the (message, token) carriers of history imported where the new
 * channel would have blocked the value: stored tokenized all the same, with no reveal through
 * them (a reveal answers `403 reveal_denied`). Read beside `message_tokens`, whose rows stay as
 * they are: a carrier counts as sealed while its `message_tokens` row lives.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sealed_carriers')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sealed_carriers_pk', ['message_id', 'token'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sealed_carriers').ifExists().execute();
}
