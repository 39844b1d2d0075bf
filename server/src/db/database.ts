/**
 * Opens the database: SQLite (better-sqlite3 via Kysely) in the data folder.
 * PostgreSQL comes later behind the same `Kysely<Database>` type; keep queries dialect-neutral.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely';
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

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');

/**
 * Kysely's SQLite driver starts transactions with a plain (deferred) `BEGIN`: the write lock is
 * only taken at the first write, and in WAL mode a transaction that has already read and then
 * finds that another connection committed in between fails at once with `SQLITE_BUSY_SNAPSHOT`
 * ("database is locked") — the busy timeout cannot help it. `BEGIN IMMEDIATE` takes the write
 * lock up front (https://sqlite.org/lang_transaction.html), waiting out `busy_timeout` if another
 * process holds it, so concurrent writers (a server and `bin/enclave users add`, or two CLI runs)
 * queue instead of failing.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
  }
}

/** {@link SqliteDialect} whose transactions begin with `BEGIN IMMEDIATE` (see {@link ImmediateSqliteDriver}). */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: KyselySqliteDatabase;
  constructor(database: KyselySqliteDatabase) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** Whether `<dataDir>/enclave.sqlite` exists (the CLI refuses other folders unless `--init`). */
export function sqliteFileExists(dataDir: string): boolean {
  return existsSync(join(dataDir, 'enclave.sqlite'));
}

/**
 * Opens (creating if needed) `<dataDir>/enclave.sqlite` with WAL, `synchronous=NORMAL`,
 * `foreign_keys=ON`, `secure_delete=ON`, `busy_timeout=5000` ms, `temp_store=MEMORY`. Does not migrate.
 * Write transactions (`db.transaction()`) begin with `BEGIN IMMEDIATE`.
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
  // Savepoint sub-journals (group commit, unit-of-work.ts) and other temporary storage in memory:
  // faster, and no page images in temp files on disk.
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(sqlite)) });
  return {
    db,
    sqlite,
    file,
    close: async () => {
      await db.destroy();
    },
  };
}

/** A second, query-only connection to the same file, for reads that need no write lock. */
export interface ReadDatabase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * Opens a query-only connection (`PRAGMA query_only = ON`: any write fails with
 * `SQLITE_READONLY`) to the SQLite file `file`, which must exist and be in WAL mode. In WAL mode a
 * reader never waits for the writer and sees every transaction committed before its statement
 * starts (https://sqlite.org/wal.html#concurrency), so reads after a committed write see it. Each
 * read is one autocommit statement, so no read transaction stays open to hold back checkpoints.
 */
export function openSqliteReader(file: string): ReadDatabase {
  const sqlite = new SqliteDatabase(file, { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('query_only = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(sqlite)) });
  return { db, close: () => db.destroy() };
}

/**
 * Kysely's SQLite driver prepares every statement anew (≈ 40 % of the CPU of a small write
 * transaction); this keeps up to `max` prepared statements by SQL text (LRU). Safe because
 * Kysely runs one query at a time per connection (its connection mutex), so a cached statement is
 * never in use twice; SQLite re-prepares statements itself after schema changes.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
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
