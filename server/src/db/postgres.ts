/**
 * PostgreSQL (`DATABASE_URL=postgres://…`): Kysely's `PostgresDialect` over a `pg` pool.
 * Integers come back as JS numbers (`int8` such as `count(*)` too, as on SQLite), binary columns
 * (`bytea`) as `Buffer`. Ids and timestamps are text compared byte-wise: run the database with the
 * `C` collation (`initdb --no-locale`, or `CREATE DATABASE … LC_COLLATE 'C' TEMPLATE template0`).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { OpenDatabase, RawSql } from './database.ts';
import type { Database } from './schema/index.ts';

/** Whether `url` selects PostgreSQL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

const INT8 = 20;
const NUMERIC = 1700;

/** Type parsers of the pool: `int8` and `numeric` as numbers (counts, sums, sequence values). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** `url` with its password replaced by `***` (for messages). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Rewrites `?` parameter marks to `$1, $2, …`. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** How long a query waits for a pool connection (a new one, or a free one), ms: then it fails (503), never hangs. */
export const CONNECT_TIMEOUT_MS = 5000;

/** SQLSTATE classes and codes that mean "the server is going away or not there yet". */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
/** Node socket errors of a refused connection (only with `syscall: 'connect'`: a missing file is not a database outage). */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly)/;

/**
 * True when `err` says the database cannot be reached right now (refused or lost connection,
 * server shutting down or starting up, too many connections, pool connect timeout) rather than a
 * bug or bad data: the HTTP layer answers 503 `database_unavailable` for these.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code)) return true;
  const syscall = (err as { syscall?: unknown }).syscall;
  if (typeof code === 'string' && UNAVAILABLE_ERRNO.has(code) && syscall === 'connect') return true;
  // a pooled connection whose server went away: the next write (BEGIN, a query) fails
  if ((code === 'EPIPE' || code === 'ECONNRESET') && (syscall === 'write' || syscall === 'read')) return true;
  return UNAVAILABLE_MESSAGE.test(err.message);
}

/**
 * Opens a pool (at most `max` connections, default 10) to the PostgreSQL database at `url`.
 * Does not connect until the first query, and does not migrate. Query errors are the `pg` errors;
 * waiting for a connection fails after {@link CONNECT_TIMEOUT_MS}. A lost connection never
 * crashes the process (see {@link isDatabaseUnavailable} for how such errors are told apart).
 */
export function openPostgres(url: string, opts: { max?: number } = {}): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client's error (e.g. the server restarted) must not crash the process; the next
  // query gets a fresh connection or a clear error.
  pool.on('error', () => undefined);
  // Nor a checked-out client's (the pool listens only on idle ones): a client lent to a
  // transaction that is between two queries when the server goes away (`pg_ctl restart`)
  // emitted an unhandled 'error' and killed the process. Its next query fails instead, and the
  // pool drops the broken client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const raw: RawSql = {
    all: async <T>(text: string, params: readonly unknown[] = []) => (await pool.query(numbered(text), [...params])).rows as T[],
    get: async <T>(text: string, params: readonly unknown[] = []) => (await pool.query(numbered(text), [...params])).rows[0] as T | undefined,
    run: async (text, params = []) => (await pool.query(numbered(text), [...params])).rowCount ?? 0,
    exec: async (script) => {
      await pool.query(script);
    },
  };
  return {
    db,
    dialect: 'postgres',
    get sqlite(): never {
      throw new Error('SQLite only: this database is PostgreSQL');
    },
    file: redactUrl(url),
    raw,
    checkpoint: () => undefined,
    openReader: () => ({ db, close: async () => undefined }),
    close: async () => {
      await db.destroy();
    },
  };
}
