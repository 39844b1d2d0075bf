/**
 * Test helper (used by the audit, vault and privacy tests): a real SQLite file in a fresh
 * temporary folder, fully migrated. Not for production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openSqlite, type OpenDatabase } from '../../db/database.ts';

/** An open, migrated test database; `cleanup()` closes it and deletes the folder. */
export interface TestDb extends OpenDatabase {
  dir: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** Creates `<tmp>/enclave-test-XXXX/data/enclave.sqlite` and applies every migration. */
export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-test-'));
  const dataDir = join(dir, 'data');
  const open = openSqlite(dataDir);
  await migrateToLatest(open.db);
  return {
    ...open,
    dir,
    dataDir,
    cleanup: async () => {
      await open.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
