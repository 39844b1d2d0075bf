/**
 * 006: "not personal data" marks take a privacy officer's approval (issue 7). `status` is
 * `pending` (requested, not applied), `active` (approved by a different person), `denied` or
 * `revoked`; `decided_by`/`decided_at` record the approval or denial. Marks made before this
 * migration were self-service: they become `pending` (or `revoked` when already revoked) and
 * need an approval before they apply again.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('privacy_marks').addColumn('status', 'text', (c) => c.notNull().defaultTo('pending')).execute();
  await db.schema.alterTable('privacy_marks').addColumn('decided_by', 'text').execute();
  await db.schema.alterTable('privacy_marks').addColumn('decided_at', 'text').execute();
  await sql`UPDATE privacy_marks SET status = 'revoked' WHERE revoked_at IS NOT NULL`.execute(db);
  await db.schema.createIndex('privacy_marks_status').on('privacy_marks').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('privacy_marks_status').ifExists().execute();
  await db.schema.alterTable('privacy_marks').dropColumn('decided_at').execute();
  await db.schema.alterTable('privacy_marks').dropColumn('decided_by').execute();
  await db.schema.alterTable('privacy_marks').dropColumn('status').execute();
}
