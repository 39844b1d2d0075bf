import type { Kysely } from 'kysely';

/** Retention (issue 8): when a closed case's personal data was destroyed. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('purged_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('purged_at').execute();
}
