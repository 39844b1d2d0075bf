/**
 * Opens the database: SQLite (better-sqlite3 via Kysely) in the data folder, or PostgreSQL
 * (`DATABASE_URL=postgres://…`, see `postgres.ts`) behind the same `Kysely<Database>` type; keep
 * queries dialect-neutral and put dialect-specific SQL behind one small interface per concern
 * (`dialect.ts`, `services/chat/search.ts`, {@link OpenDatabase.checkpoint}, {@link OpenDatabase.raw}).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  sql,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
  type SqliteDatabase as KyselySqliteDatabase,
} from 'kysely';
import { dialectOf, type DialectName } from './dialect.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { isPostgresUrl, openPostgres } from './postgres.ts';
import type { Database } from './schema/index.ts';

/**
 * Plain SQL on the open database, for operators' tools, benchmarks and tests (application code
 * uses Kysely). Parameters are positional `?` marks (turned into `$1…` on PostgreSQL; a literal
 * `?` inside the SQL text is not supported). Integers, including `count(*)`, come back as numbers.
 */
export interface RawSql {
  /** Every row of `text`. */
  all<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** The first row of `text`, or undefined. */
  get<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs one statement; resolves with the number of rows changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a script of several `;`-separated statements without parameters. */
  exec(script: string): Promise<void>;
}

/** An open database and how to close it. */
export interface OpenDatabase {
  db: Kysely<Database>;
  /** `sqlite` or `postgres`. */
  dialect: DialectName;
  /**
   * The raw better-sqlite3 handle (for pragmas and benchmarks). SQLite only: on PostgreSQL reading
   * it throws an `Error` ("SQLite only"); check {@link dialect} first.
   */
  sqlite: SqliteDatabase.Database;
  /** Absolute path of the SQLite file; on PostgreSQL the URL without its password. */
  file: string;
  /** Plain SQL (see {@link RawSql}). */
  raw: RawSql;
  /**
   * Maintenance between writes: SQLite `PRAGMA wal_checkpoint(TRUNCATE)` (no deleted text left in
   * the `-wal` file); nothing on PostgreSQL (the server's own VACUUM handles dead rows). Throws the
   * driver's error.
   */
  checkpoint(): void;
  /** A connection for reads that need no write lock (SQLite: a second, query-only one; PostgreSQL: the pool). */
  openReader(): ReadDatabase;
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
    dialect: 'sqlite',
    sqlite,
    file,
    raw: sqliteRaw(sqlite),
    checkpoint: () => {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    openReader: () => openSqliteReader(file),
    close: async () => {
      await db.destroy();
    },
  };
}

function sqliteRaw(sqlite: SqliteDatabase.Database): RawSql {
  const stmt = (text: string) => sqlite.prepare(text);
  return {
    all: async <T>(text: string, params: readonly unknown[] = []) => stmt(text).all(...params) as T[],
    get: async <T>(text: string, params: readonly unknown[] = []) => stmt(text).get(...params) as T | undefined,
    run: async (text, params = []) => stmt(text).run(...params).changes,
    exec: async (script) => {
      sqlite.exec(script);
    },
  };
}

/**
 * Opens the database `config` selects: PostgreSQL when `databaseUrl` is a `postgres://` URL,
 * otherwise SQLite in `dataDir`. Creates `dataDir` (mode 0700) either way: it also holds the
 * audit checkpoint file. Does not migrate.
 */
export function openDatabase(config: { dataDir: string; databaseUrl?: string | undefined }): OpenDatabase {
  if (config.databaseUrl && isPostgresUrl(config.databaseUrl)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    return openPostgres(config.databaseUrl);
  }
  return openSqlite(config.dataDir);
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

/** Whether the migrations have ever run on `open` (its current schema has Kysely's migration table). */
export async function isMigrated(open: OpenDatabase): Promise<boolean> {
  if (open.dialect === 'postgres') {
    const row = await open.raw.get<{ t: string | null }>("SELECT to_regclass('kysely_migration')::text AS t");
    return row?.t != null;
  }
  return (await open.raw.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")) !== undefined;
}

/**
 * Whether the database `config` selects exists: SQLite, `<dataDir>/enclave.sqlite` is there
 * (nothing is created); PostgreSQL, the migrations have run there. Throws when PostgreSQL is unreachable.
 */
export async function databaseExists(config: { dataDir: string; databaseUrl?: string | undefined }): Promise<boolean> {
  if (!(config.databaseUrl && isPostgresUrl(config.databaseUrl))) return sqliteFileExists(config.dataDir);
  const open = openPostgres(config.databaseUrl, { max: 1 });
  try {
    return await isMigrated(open);
  } finally {
    await open.close();
  }
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * Applies every pending migration. Throws the first migration error. On PostgreSQL the
 * bookkeeping tables live in the connection's current schema (so several schemas of one database,
 * e.g. one per test, each keep their own).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    migrationTableSchema = (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema;
  }
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
