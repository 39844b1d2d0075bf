/**
 * 005: `data_migrations`, the record of data migrations that need more than SQL (e.g. the vault,
 * whose master key lives outside the database). They run from `buildContext` right after the
 * schema migrations, each at most once (see `services/privacy/data-migrations.ts`).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('data_migrations')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('data_migrations').ifExists().execute();
}
