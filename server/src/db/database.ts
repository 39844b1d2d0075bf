/**
 * Opens the database: SQLite (better-sqlite3 via Kysely) in the data folder.
 * PostgreSQL comes later behind the same `Kysely<Database>` type; keep queries dialect-neutral.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './schema/index.ts';

/** An open database and how to close it. */
export interface OpenDatabase {
  db: Kysely<Database>;
  /** The raw better-sqlite3 handle (for pragmas, checkpoints, FTS5 and benchmarks). */
  sqlite: SqliteDatabase.Database;
  /** Absolute path of the SQLite file. */
  file: string;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) `<dataDir>/enclave.sqlite` with WAL, `synchronous=NORMAL`,
 * `foreign_keys=ON`, `secure_delete=ON`, `busy_timeout=5000` ms. Does not migrate.
 */
export function openSqlite(dataDir: string): OpenDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'enclave.sqlite');
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    file,
    close: async () => {
      await db.destroy();
    },
  };
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration. Throws the first migration error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
