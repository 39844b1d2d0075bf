/**
 * Test helper: when `DATABASE_URL` is set (`npm run test:pg`), each test server or test database
 * gets its own fresh PostgreSQL schema (`enclave_test_<random>`), selected through the
 * connection's `search_path`, and dropped afterwards; without it tests use SQLite files as before.
 * Not for production code.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
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
