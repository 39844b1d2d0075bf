/**
 * Test helper: when `DATABASE_URL` is set (`npm run test:pg`), each test server or test database
 * gets its own fresh PostgreSQL schema (`enclave_test_<random>`), selected through the
 * connection's `search_path`, and dropped afterwards; without it tests use SQLite files as before.
 * Not for production code.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { OpenDatabase } from '../db/database.ts';
import { isPostgresUrl } from '../db/postgres.ts';

/** A fresh schema: `url` connects with it as `search_path`; `drop()` removes it and everything in it. */
export interface TestSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

async function admin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL base URL of the test run (`DATABASE_URL`), or undefined (SQLite). */
export function testPostgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && isPostgresUrl(url) ? url : undefined;
}

/** Creates a fresh schema in the `DATABASE_URL` database; undefined when it is not PostgreSQL. */
export async function createTestSchema(): Promise<TestSchema | undefined> {
  const base = testPostgresUrl();
  if (!base) return undefined;
  const schema = `enclave_test_${randomBytes(6).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    schema,
    drop: () => admin(base, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

/**
 * Every `table.column` of the database (SQLite: every table, FTS5 shadow tables included;
 * PostgreSQL: every table of the current schema) whose value contains `needle`, text or binary
 * (bytes compared as UTF-8). The PostgreSQL counterpart of scanning the SQLite file for a planted
 * value; `skip` names tables left out (e.g. the vault's ciphertexts).
 */
export async function findInTables(open: Pick<OpenDatabase, 'dialect' | 'raw'>, needle: string, skip: readonly string[] = []): Promise<string[]> {
  const hits: string[] = [];
  if (open.dialect === 'postgres') {
    // One query per table (rows as JSON; bytea shows as "\\x<hex>"), searched here: fast enough
    // for a test database, and the same for every column type.
    const hex = Buffer.from(needle, 'utf8').toString('hex');
    const tables = await open.raw.all<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
    for (const { t } of tables) {
      if (skip.includes(t)) continue;
      const found = new Set<string>();
      for (const { j } of await open.raw.all<{ j: Record<string, unknown> }>(`SELECT row_to_json(x) AS j FROM "${t}" x`)) {
        for (const [c, v] of Object.entries(j)) {
          const text = typeof v === 'string' ? v : JSON.stringify(v ?? null);
          if (text.includes(needle) || (text.startsWith('\\x') && text.includes(hex))) found.add(`${t}.${c}`);
        }
      }
      hits.push(...found);
    }
    return hits;
  }
  const tables = await open.raw.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
  for (const { name } of tables) {
    if (skip.includes(name)) continue;
    for (const { name: c } of await open.raw.all<{ name: string }>(`SELECT name FROM pragma_table_info('${name}')`)) {
      const row = await open.raw.get<{ n: number }>(`SELECT count(*) AS n FROM "${name}" WHERE instr(CAST("${c}" AS BLOB), CAST(? AS BLOB)) > 0`, [needle]);
      if ((row?.n ?? 0) > 0) hits.push(`${name}.${c}`);
    }
  }
  return hits;
}
