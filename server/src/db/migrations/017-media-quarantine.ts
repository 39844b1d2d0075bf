import type { Kysely } from 'kysely';

/**
 * Quarantine (issue 11): one row per quarantined file (what matched, the specialist's decision) and
 * the time-limited unblur grants of specialists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media_quarantine')
    .addColumn('file_id', 'text', (c) => c.primaryKey())
    .addColumn('matches', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('media_unblur_grants')
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_unblur_grants_pk', ['file_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_unblur_grants').execute();
  await db.schema.dropTable('media_quarantine').execute();
}
