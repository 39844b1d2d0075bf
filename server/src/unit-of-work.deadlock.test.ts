/**
 * The writer's answer to a deadlock between a row lock and the append lock (PostgreSQL only, so
 * this file starts its own throw-away PostgreSQL whatever the run's `DATABASE_URL`): a unit that
 * updated a row and then waits for the append lock, while another node holds that lock and waits
 * for the row, is aborted by PostgreSQL (40P01); the writer runs the group again with the lock
 * first and the unit succeeds — the caller never sees the deadlock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { lockEventLog } from './events.ts';
import { startPostgres, type TestPostgres } from './test/postgres.ts';
import { Writer } from './unit-of-work.ts';

let pg: TestPostgres;
let dir: string;
let nodeA: OpenDatabase;
let nodeB: OpenDatabase;

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'enclave-uow-deadlock-'));
  nodeA = openDatabase({ dataDir: join(dir, 'a'), databaseUrl: pg.url });
  nodeB = openDatabase({ dataDir: join(dir, 'b'), databaseUrl: pg.url });
  await sql`CREATE TABLE r (id integer PRIMARY KEY, v integer NOT NULL)`.execute(nodeA.db);
  await sql`INSERT INTO r (id, v) VALUES (1, 0)`.execute(nodeA.db);
}, 150_000);

afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Writer on PostgreSQL: a deadlock on the append lock', () => {
  it('is broken by PostgreSQL and the group runs again with the lock first; the unit succeeds', async () => {
    const writer = new Writer(nodeA.db, () => undefined);
    let otherHoldsLock!: () => void;
    const lockHeldByOther = new Promise<void>((resolve) => (otherHoldsLock = resolve));
    let attempts = 0;
    let otherError: unknown;
    // "Node B": takes the append lock, then (once node A holds the row) wants the row.
    const other = nodeB.db
      .transaction()
      .execute(async (trx) => {
        await lockEventLog(trx);
        otherHoldsLock();
        await new Promise((r) => setTimeout(r, 300)); // node A is waiting for the lock by now
        await sql`UPDATE r SET v = v + 10 WHERE id = 1`.execute(trx);
      })
      .catch((err: unknown) => {
        otherError = err;
      });
    // Node A's unit: the row first, then the append lock (waits for B, which then waits for A).
    const unit = writer.write(async (uow) => {
      attempts++;
      await sql`UPDATE r SET v = v + 1 WHERE id = 1`.execute(uow.db);
      if (attempts === 1) await lockHeldByOther;
      await lockEventLog(uow.db);
      return 'done';
    });
    await expect(unit).resolves.toBe('done');
    await other;
    const v = (await sql<{ v: number }>`SELECT v FROM r WHERE id = 1`.execute(nodeA.db)).rows[0]?.v;
    if (otherError === undefined) {
      // PostgreSQL chose node A's first attempt as the victim (it waited first): it ran twice.
      expect(attempts).toBe(2);
      expect(v).toBe(11);
    } else {
      // It chose node B: B's change is gone, A's unit went through on its first attempt.
      expect((otherError as { code?: string }).code).toBe('40P01');
      expect(attempts).toBe(1);
      expect(v).toBe(1);
    }
  }, 60_000);
});
