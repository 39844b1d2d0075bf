/**
 * Test helper: when `DATABASE_URL` is set (`npm run test:pg`), each test server or test database
 * gets its own fresh PostgreSQL database (`enclave_test_<random>`) in `DATABASE_URL`'s cluster,
 * dropped afterwards; without it tests use SQLite files as before. A migrated one is a copy of a
 * template database that the first caller of the run migrates once (`CREATE DATABASE … TEMPLATE`,
 * about 0.1 s instead of about 1.5 s of migrations per test). The role of `DATABASE_URL` needs
 * `CREATEDB` (the throw-away cluster of `scripts/with-postgres.sh` has it). Not for production code.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, type OpenDatabase } from '../db/database.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { isPostgresUrl, openPostgres } from '../db/postgres.ts';

/** A fresh database: `url` connects to it; `drop()` removes it (closing any connection still open to it). */
export interface TestSchema {
  url: string;
  /** The database's name (`enclave_test_<random>`); its tables live in its `public` schema. */
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

/** `base` pointing at database `name` (same host, role and options). */
function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Byte-wise collation, as production expects (`db/postgres.ts`), whatever the cluster's default. */
const CREATE_OPTIONS = "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'";

/** Name of the migrated template: changes with the migrations (names and code), so a kept cluster never serves a stale one. */
function templateName(): string {
  const h = createHash('sha256');
  for (const [name, m] of Object.entries(MIGRATIONS)) h.update(`${name}\0${m.up.toString()}\0`);
  return `enclave_template_${h.digest('hex').slice(0, 12)}`;
}

const templates = new Map<string, Promise<string>>();

/**
 * The migrated template database of `base`'s cluster, created and migrated on first use. Test
 * processes run side by side: the first takes an advisory lock, migrates into `<name>_wip` and
 * renames it when done (a process killed half-way leaves only a `_wip`, rebuilt by the next run).
 */
function migratedTemplate(base: string): Promise<string> {
  let p = templates.get(base);
  if (!p) {
    p = admin(base, async (c) => {
      const name = templateName();
      await c.query("SELECT pg_advisory_lock(hashtext('enclave-test-template'))");
      try {
        const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) {
          const wip = `${name}_wip`;
          await c.query(`DROP DATABASE IF EXISTS ${wip} WITH (FORCE)`);
          await c.query(`CREATE DATABASE ${wip} TEMPLATE template0 ${CREATE_OPTIONS}`);
          const open = openPostgres(databaseUrl(base, wip), { max: 1 });
          try {
            await migrateToLatest(open.db);
          } finally {
            await open.close();
          }
          await c.query(`ALTER DATABASE ${wip} RENAME TO ${name}`);
        }
      } finally {
        await c.query("SELECT pg_advisory_unlock(hashtext('enclave-test-template'))");
      }
      return name;
    });
    // a failed build is not cached: the next caller retries (and reports its own error)
    p.catch(() => templates.delete(base));
    templates.set(base, p);
  }
  return p;
}

/**
 * Creates a fresh database in the `DATABASE_URL` cluster: empty (the default, for tests of
 * `db migrate`, `--init` and "no database" answers) or, with `migrated: true`, already carrying
 * every migration (a copy of the run's template). Undefined when `DATABASE_URL` is not PostgreSQL.
 * Throws the `pg` error when the role may not create databases.
 */
export async function createTestSchema(opts: { migrated?: boolean } = {}): Promise<TestSchema | undefined> {
  const base = testPostgresUrl();
  if (!base) return undefined;
  const name = `enclave_test_${randomBytes(6).toString('hex')}`;
  const from = opts.migrated ? `TEMPLATE ${await migratedTemplate(base)} STRATEGY FILE_COPY` : `TEMPLATE template0 ${CREATE_OPTIONS}`;
  await admin(base, (c) => c.query(`CREATE DATABASE ${name} ${from}`));
  return {
    url: databaseUrl(base, name),
    schema: name,
    drop: () => admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
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
