import type { Kysely } from 'kysely';

/**
 * Hash lists (issue 11): lists of PDQ / MD5 / SHA-256 signals of known illegal imagery, imported by
 * admins; an upload matching a list within its threshold is quarantined. Owned by `services/hashlists`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hash_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('pdq_threshold', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('hash_list_entries')
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('signal_type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hash_list_entries_pk', ['list_id', 'signal_type', 'value'])
    .execute();
  await db.schema.createIndex('hash_list_entries_signal').on('hash_list_entries').columns(['signal_type', 'value']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hash_list_entries').execute();
  await db.schema.dropTable('hash_lists').execute();
}
