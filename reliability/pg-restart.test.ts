/**
 * A PostgreSQL restart while a pool connection is lent to an open transaction (found by the
 * cluster fault test: both nodes died of an unhandled pg 'error' event during
 * `pg_ctl restart -m fast`). The process survives, the transaction's next query fails as
 * "database unavailable", and the pool serves new queries once the server is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isDatabaseUnavailable, openPostgres } from '../server/src/db/postgres.ts';
import type { OpenDatabase } from '../server/src/db/database.ts';
import { startPostgres } from './postgres.ts';

let server: Awaited<ReturnType<typeof startPostgres>>;
let db: OpenDatabase;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown): void => void uncaught.push(err);

beforeAll(async () => {
  server = await startPostgres(); // its own: this file restarts it
  db = openPostgres(server.url);
  process.on('uncaughtException', onUncaught);
}, 120_000);
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await db?.close();
  await server?.stop();
});

describe('PostgreSQL restarted under an open transaction', () => {
  it('does not crash the process; the next query fails clearly; new queries work after the restart', async () => {
    let failure: unknown = null;
    await db.db
      .transaction()
      .execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        await server.restart(); // the lent connection is terminated while idle in the transaction
        await new Promise((r) => setTimeout(r, 200));
        await sql`SELECT 1`.execute(trx);
      })
      .catch((err: unknown) => {
        failure = err;
      });
    expect(uncaught).toEqual([]);
    expect(failure).not.toBeNull();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        expect(await db.raw.get<{ n: number }>('SELECT 1 AS n')).toEqual({ n: 1 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }, 120_000);
});
