import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './db/database.ts';
import { autoIncrementKey } from './db/dialect.ts';
import { createTestSchema, type TestSchema } from './test/database.ts';
import type { DomainEvent } from './events.ts';
import { Writer, type UnitOfWork } from './unit-of-work.ts';

let dir: string;
let open: OpenDatabase;
let dispatched: string[];
let writer: Writer;
/** Under `npm run test:pg`: each test's own PostgreSQL schema; else a SQLite file. */
let schema: TestSchema | undefined;

const ended = (userId: string): DomainEvent => ({ kind: 'sessions_ended', userId, sessionIds: 'all' });
const insert = (uow: UnitOfWork, v: string) => sql`INSERT INTO t (v) VALUES (${v})`.execute(uow.db);
const stored = async () => (await sql<{ v: string }>`SELECT v FROM t ORDER BY n`.execute(open.db)).rows.map((r) => r.v);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-uow-'));
  schema = await createTestSchema();
  open = openDatabase({ dataDir: dir, databaseUrl: schema?.url });
  await open.db.schema
    .createTable('t')
    .addColumn('n', 'integer', autoIncrementKey(open.db as Kysely<unknown>))
    .addColumn('v', 'text', (c) => c.notNull().unique())
    .execute();
  dispatched = [];
  writer = new Writer(open.db, (events) => {
    for (const e of events) if (e.kind === 'sessions_ended') dispatched.push(e.userId);
  });
});

afterEach(async () => {
  await open.close();
  await schema?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Writer (group commit)', () => {
  it('isolates a failing unit of a group: its rows and events vanish, the others commit in order', async () => {
    const results = await Promise.allSettled([
      writer.write(async (uow) => {
        await insert(uow, 'a');
        uow.events.push(ended('a'));
        return 'A';
      }),
      writer.write(async (uow) => {
        await insert(uow, 'b');
        uow.events.push(ended('b'));
        throw new Error('unit b fails');
      }),
      writer.write(async (uow) => {
        await insert(uow, 'a'); // UNIQUE violation: an engine error, also confined to this unit
        return 'dup';
      }),
      writer.write(async (uow) => {
        await insert(uow, 'c');
        uow.events.push(ended('c'));
        return 'C';
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: 'A' });
    expect(results[1]).toMatchObject({ reason: new Error('unit b fails') });
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE|duplicate key/);
    expect(await stored()).toEqual(['a', 'c']);
    expect(dispatched).toEqual(['a', 'c']);
  });

  it('sees earlier units of the same group (idempotency checks stay correct)', async () => {
    const seen = await Promise.all(
      [1, 2, 3].map(() =>
        writer.write(async (uow) => {
          const n = (await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(uow.db)).rows[0]?.n ?? -1;
          await insert(uow, `v${n}`);
          return n;
        }),
      ),
    );
    expect(seen).toEqual([0, 1, 2]);
    expect(await stored()).toEqual(['v0', 'v1', 'v2']);
  });

  it('a lone failing unit rolls back and dispatches nothing', async () => {
    await expect(
      writer.write(async (uow) => {
        await insert(uow, 'x');
        uow.events.push(ended('x'));
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(await stored()).toEqual([]);
    expect(dispatched).toEqual([]);
  });

  it('runs exclusive sections between groups, in queue order, and drains', async () => {
    const order: string[] = [];
    const w1 = writer.write(async (uow) => {
      await insert(uow, '1');
      order.push('w1');
    });
    const ex = writer.exclusive(async () => {
      order.push(`exclusive sees ${(await stored()).join(',')}`);
    });
    const w2 = writer.write(async (uow) => {
      await insert(uow, '2');
      order.push('w2');
    });
    await writer.drained();
    await Promise.all([w1, ex, w2]);
    expect(order).toEqual(['w1', 'exclusive sees 1', 'w2']);
  });
});
