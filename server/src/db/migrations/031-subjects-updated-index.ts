import type { Kysely } from 'kysely';

/**
 * Issue 10 (red team 5): every node polls `subjects` for data subjects added or updated by another
 * node (`services/cases/known-subject-sync.ts`) twice a second; these indexes keep that poll two
 * range reads (`updated_at`, `erased_at`) instead of scans of every subject.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('subjects_updated_at').on('subjects').columns(['updated_at']).execute();
  await db.schema.createIndex('subjects_erased_at').on('subjects').columns(['erased_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('subjects_erased_at').execute();
  await db.schema.dropIndex('subjects_updated_at').execute();
}
