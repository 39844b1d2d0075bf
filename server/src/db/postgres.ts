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

/**
 * Opens a pool (at most `max` connections, default 10) to the PostgreSQL database at `url`.
 * Does not connect until the first query, and does not migrate. Query errors are the `pg` errors.
 */
export function openPostgres(url: string, opts: { max?: number } = {}): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types });
  // An idle client's error (e.g. the server restarted) must not crash the process; the next
  // query gets a fresh connection or a clear error.
  pool.on('error', () => undefined);
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
