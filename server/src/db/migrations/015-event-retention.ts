import type { Kysely } from 'kysely';

/**
 * Event-log retention (issue 10): `events_pruned` records, per stream scope (`channel:<id>` or
 * `user:<id>`), the highest `seq` pruned from `events`, so a stream resuming from an older cursor
 * gets `{ "type": "reset" }` instead of a silent gap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events_pruned')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('up_to_seq', 'integer', (c) => c.notNull())
    .addColumn('pruned_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_created_at').execute();
  await db.schema.dropTable('events_pruned').execute();
}
