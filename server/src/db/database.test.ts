import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from './database.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openSqlite write transactions (SQLite only: BEGIN IMMEDIATE and SQLITE_BUSY do not exist on PostgreSQL)', () => {
  it('take the write lock up front (BEGIN IMMEDIATE): a read-then-write transaction is not broken by another writer', async () => {
    const open = openSqlite(join(dir, 'data'));
    await migrateToLatest(open.db);
    open.sqlite.exec('CREATE TABLE lock_probe (x)');
    // A second connection, as another process (e.g. a second `bin/enclave users add`) would have.
    const other = new SqliteDatabase(open.file);
    other.pragma('busy_timeout = 50');
    try {
      let otherWrite: string | undefined;
      await open.db.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('id').execute();
        // With a deferred BEGIN this write goes through, and the transaction's own write below
        // then fails with SQLITE_BUSY_SNAPSHOT ("database is locked") — the defect.
        try {
          other.exec('INSERT INTO lock_probe (x) VALUES (2)');
          otherWrite = 'committed';
        } catch (err) {
          otherWrite = (err as { code?: string }).code;
        }
        await sql`INSERT INTO lock_probe (x) VALUES (1)`.execute(trx);
      });
      expect(otherWrite).toBe('SQLITE_BUSY');
      const n = open.sqlite.prepare('SELECT count(*) AS n FROM lock_probe').get() as { n: number };
      expect(n.n).toBe(1);
    } finally {
      other.close();
      await open.close();
    }
  });
});
