/**
 * Event order across writers on PostgreSQL (a defect the cluster load test found): two nodes each
 * commit their own write transactions; a transaction that took `events.seq` N and commits slowly
 * let another node's N+1 commit first, the fan-out waited `holeWaitMs` for N, skipped it, and N's
 * delivery was lost to every live socket. Appends to `events` now take the append lock
 * (`lockEventLog`), so N+1 cannot be taken before N's transaction ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../server/src/db/database.ts';
import { channelRead, type DomainEvent } from '../server/src/events.ts';
import { usePostgres, type TestPostgres } from './postgres.ts';

let pgdb: TestPostgres;
let one: OpenDatabase;
let two: OpenDatabase;

beforeAll(async () => {
  pgdb = await usePostgres();
  one = openDatabase({ dataDir: '/nonexistent', databaseUrl: pgdb.url });
  two = openDatabase({ dataDir: '/nonexistent', databaseUrl: pgdb.url }); // a second node's pool
  await migrateToLatest(one.db);
}, 120_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
  await pgdb?.stop();
});

const seqOf = (events: DomainEvent[]): number => (events[0]?.kind === 'stream' ? events[0].seq : -1);

describe('events appended by two writers on PostgreSQL', () => {
  it('a second writer cannot take the next seq (and commit it) while the first one is still open', async () => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstInserted!: () => void;
    const inserted = new Promise<void>((r) => (firstInserted = r));
    const order: string[] = [];
    const first = one.db.transaction().execute(async (trx) => {
      const uow = { db: trx, events: [] as DomainEvent[] };
      await channelRead(uow, 'u-first', 'c-1', 'm-1');
      firstInserted();
      await firstHolds;
      order.push('first commits');
      return seqOf(uow.events);
    });
    await inserted;
    const second = two.db.transaction().execute(async (trx) => {
      const uow = { db: trx, events: [] as DomainEvent[] };
      await channelRead(uow, 'u-second', 'c-1', 'm-2');
      order.push('second inserted');
      return seqOf(uow.events);
    });
    try {
      // give the second writer ample time: it must still be waiting
      await new Promise((r) => setTimeout(r, 1500));
      expect(order).toEqual([]);
      const visible = await two.db.selectFrom('events').select('seq').execute();
      expect(visible).toEqual([]);
    } finally {
      releaseFirst(); // also on failure: an open transaction would keep the pools from closing
    }
    const [a, b] = await Promise.all([first, second]);
    expect(order).toEqual(['first commits', 'second inserted']);
    expect(b).toBeGreaterThan(a);
  }, 30_000);
});
