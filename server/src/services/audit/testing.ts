/**
 * Test helper (used by the audit, vault and privacy tests): a real SQLite file in a fresh
 * temporary folder (or, with `DATABASE_URL` set, a fresh PostgreSQL schema), fully migrated.
 * Not for production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, openSqlite, type OpenDatabase } from '../../db/database.ts';
import { createTestSchema } from '../../test/database.ts';

/** An open, migrated test database; `cleanup()` closes it and deletes the folder. */
export interface TestDb extends OpenDatabase {
  dir: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * Creates `<tmp>/enclave-test-XXXX/data/enclave.sqlite` (under `npm run test:pg`: a fresh schema
 * of `DATABASE_URL`'s PostgreSQL database) and applies every migration.
 */
export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-test-'));
  const dataDir = join(dir, 'data');
  const schema = await createTestSchema({ migrated: true });
  const open = schema ? openDatabase({ dataDir, databaseUrl: schema.url }) : openSqlite(dataDir);
  await migrateToLatest(open.db);
  // Object.assign onto `open` (not a spread): on PostgreSQL its `sqlite` getter throws when read.
  return Object.assign(open, {
    dir,
    dataDir,
    cleanup: async () => {
      await open.close();
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** `{ sqlite }` (the fast array reader of `verifyAuditLog`) on SQLite; `{}` on PostgreSQL. */
export function fastReader(open: OpenDatabase): { sqlite?: OpenDatabase['sqlite'] } {
  return open.dialect === 'sqlite' ? { sqlite: open.sqlite } : {};
}

/**
 * Drops the append-only triggers of `tables` (an attacker with write access to the database),
 * on either dialect; missing triggers are ignored.
 */
export async function dropAppendOnlyTriggers(open: Pick<OpenDatabase, 'dialect' | 'raw'>, tables: readonly string[] = ['audit_events', 'audit_checkpoints']): Promise<void> {
  for (const table of tables) {
    for (const op of ['update', 'delete', ...(open.dialect === 'postgres' ? ['truncate'] : [])]) {
      await open.raw.exec(open.dialect === 'postgres' ? `DROP TRIGGER IF EXISTS ${table}_no_${op} ON ${table}` : `DROP TRIGGER IF EXISTS ${table}_no_${op}`);
    }
  }
}
