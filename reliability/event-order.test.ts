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
import { Writer } from '../server/src/unit-of-work.ts';
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

  it('two nodes\' writers updating the same rows and appending events never deadlock; each sees its events in seq order', async () => {
    await one.db.insertInto('users').values({ id: 'u-shared-a', email: 'order.a@example.com', name: 'Order A', role: 'agent', active: 1, password_hash: null, failed_logins: 0, locked_until: null, must_change_password: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute();
    await one.db.insertInto('users').values({ id: 'u-shared-b', email: 'order.b@example.com', name: 'Order B', role: 'agent', active: 1, password_hash: null, failed_logins: 0, locked_until: null, must_change_password: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute();
    const dispatched: number[][] = [[], []];
    const writers = [one, two].map((d, k) => new Writer(d.db, (events) => events.forEach((e) => e.kind === 'stream' && dispatched[k]?.push(e.seq))));
    // the two nodes touch the shared rows in opposite orders, then append an event
    const unit = (k: number, i: number) =>
      (writers[k] as Writer).write(async (uow) => {
        const [first, second] = k === 0 ? ['u-shared-a', 'u-shared-b'] : ['u-shared-b', 'u-shared-a'];
        await uow.db.updateTable('users').set({ name: `Order ${k}-${i}` }).where('id', '=', first).execute();
        await new Promise((r) => setTimeout(r, 2));
        await uow.db.updateTable('users').set({ name: `Order ${k}-${i}` }).where('id', '=', second).execute();
        await channelRead(uow, first, 'c-2', `m-${k}-${i}`);
      });
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => [unit(0, i), unit(1, i)]).flat());
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    for (const seqs of dispatched) expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  }, 60_000);
});
