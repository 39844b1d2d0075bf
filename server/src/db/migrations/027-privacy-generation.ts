import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Issue 9 (protected send path): `privacy_generation`, one row whose `gen` (an opaque random text)
 * changes in the same transaction as every write that changes a fact the guard caches per process
 * (see `services/privacy/guard-cache.ts`): channel membership (insert/delete), a channel's
 * visibility or kind, channel deletion, policy overrides, "not personal data" marks, data keys
 * (creation, erasure, rotation: any write) and vault values (update/delete: erasure). Triggers do
 * it, so no write path (today's or a later one, on any node) can forget. A new random value rather
 * than a counter: a rolled-back change leaves the old value, and no later change can come back to
 * a value that a cache saw inside the rolled-back transaction.
 */
const BUMPS: ReadonlyArray<{ table: string; op: 'INSERT' | 'UPDATE' | 'DELETE'; columns?: string[] }> = [
  { table: 'channel_members', op: 'INSERT' },
  { table: 'channel_members', op: 'DELETE' },
  { table: 'channels', op: 'UPDATE', columns: ['visibility', 'kind'] },
  { table: 'channels', op: 'DELETE' },
  { table: 'privacy_policies', op: 'INSERT' },
  { table: 'privacy_policies', op: 'UPDATE' },
  { table: 'privacy_policies', op: 'DELETE' },
  { table: 'privacy_marks', op: 'INSERT' },
  { table: 'privacy_marks', op: 'UPDATE' },
  { table: 'privacy_marks', op: 'DELETE' },
  { table: 'vault_data_keys', op: 'INSERT' },
  { table: 'vault_data_keys', op: 'UPDATE' },
  { table: 'vault_data_keys', op: 'DELETE' },
  { table: 'vault_values', op: 'UPDATE' },
  { table: 'vault_values', op: 'DELETE' },
];

const triggerName = (b: (typeof BUMPS)[number]): string => `${b.table}_privacy_gen_${b.op.toLowerCase()}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('privacy_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('gen', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO privacy_generation (id, gen) VALUES (1, 'initial')`.execute(db);
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION enclave_privacy_gen_bump() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
          `BEGIN UPDATE privacy_generation SET gen = md5(random()::text || clock_timestamp()::text) WHERE id = 1; RETURN NULL; END $$`,
      )
      .execute(db);
    for (const b of BUMPS) {
      const on = b.columns ? `UPDATE OF ${b.columns.join(', ')}` : b.op;
      await sql.raw(`CREATE TRIGGER ${triggerName(b)} AFTER ${on} ON ${b.table} FOR EACH STATEMENT EXECUTE FUNCTION enclave_privacy_gen_bump()`).execute(db);
    }
    return;
  }
  for (const b of BUMPS) {
    const on = b.columns ? `UPDATE OF ${b.columns.join(', ')}` : b.op;
    await sql.raw(`CREATE TRIGGER ${triggerName(b)} AFTER ${on} ON ${b.table} BEGIN UPDATE privacy_generation SET gen = hex(randomblob(16)) WHERE id = 1; END`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const b of BUMPS) await sql.raw(`DROP TRIGGER IF EXISTS ${triggerName(b)}${dialectOf(db) === 'postgres' ? ` ON ${b.table}` : ''}`).execute(db);
  if (dialectOf(db) === 'postgres') await sql.raw('DROP FUNCTION IF EXISTS enclave_privacy_gen_bump()').execute(db);
  await db.schema.dropTable('privacy_generation').ifExists().execute();
}
