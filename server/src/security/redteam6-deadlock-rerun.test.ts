/**
 * Red team 6 (issue 10): when PostgreSQL breaks a deadlock between a row lock and the append lock,
 * the writer runs the victim's whole group again with the lock first. Units of that group that had
 * already failed on their own (rolled back to their savepoint, their error decided) ran again too:
 * their effects outside the transaction happened twice — a post the guard refused wrote a second
 * `block` audit event (the guard writes it in a transaction of its own), so the audit log showed
 * two refused attempts where the person made one. A unit that failed keeps its first outcome.
 * PostgreSQL only, so this file starts its own throw-away PostgreSQL whatever the run's `DATABASE_URL`.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { lockEventLog } from '../events.ts';
import { createMessage } from '../services/chat/messages.ts';
import { startPostgres, type TestPostgres } from '../test/postgres.ts';
import { makeChannel, makeUser, startServer, type TestServer } from '../test/factories.ts';
import { Writer } from '../unit-of-work.ts';

let pg: TestPostgres;
let srv: TestServer;

beforeAll(async () => {
  pg = await startPostgres();
  srv = await startServer({}, { DATABASE_URL: pg.url });
  await sql`CREATE TABLE rt6_row (id integer PRIMARY KEY, v integer NOT NULL)`.execute(srv.ctx.db);
  await sql`INSERT INTO rt6_row (id, v) VALUES (1, 0)`.execute(srv.ctx.db);
}, 150_000);

afterAll(async () => {
  await srv?.close();
  await pg?.stop();
});

async function blockEvents(channelId: string): Promise<number> {
  await srv.ctx.privacy.privacyGuard.settled();
  const rows = await srv.ctx.db.selectFrom('audit_events').select('seq').where('action', '=', 'block').where('target', '=', `channel:${channelId}`).execute();
  return rows.length;
}

describe('a group run again after a deadlock', () => {
  it('does not run again a unit that had failed: one refused post, one block audit event', async () => {
    const ada = await makeUser(srv);
    const ch = await makeChannel(srv, ada, { visibility: 'public' }); // broad: an e-mail address is blocked
    const writer = new Writer(srv.ctx.db, () => undefined);
    let otherHoldsLock!: () => void;
    const lockHeldByOther = new Promise<void>((resolve) => (otherHoldsLock = resolve));
    // "Another node": takes the append lock, then (once this node's group holds the row) wants the row.
    const other = srv.ctx.db
      .transaction()
      .execute(async (trx) => {
        await lockEventLog(trx);
        otherHoldsLock();
        await new Promise((r) => setTimeout(r, 300));
        await sql`UPDATE rt6_row SET v = v + 10 WHERE id = 1`.execute(trx);
      })
      .catch((err: unknown) => err);
    await lockHeldByOther;
    // One group: a post the guard refuses, then a unit that takes the row, then waits for the lock.
    let attempts = 0;
    const refused = writer.write((uow) => createMessage(uow, { guard: srv.ctx.guard }, ada, { channelId: ch.id, text: 'mail jane.doe@example.com' })).catch((err: unknown) => err);
    const unit = writer.write(async (uow) => {
      attempts++;
      await sql`UPDATE rt6_row SET v = v + 1 WHERE id = 1`.execute(uow.db);
      await lockEventLog(uow.db);
      return 'done';
    });
    await expect(unit).resolves.toBe('done');
    const otherError = await other;
    const answer = await refused;
    expect(answer).toBeInstanceOf(AppError);
    expect((answer as AppError).code).toBe('personal_data_blocked');
    if (otherError === undefined) {
      // PostgreSQL chose this node's group as the victim (it waited first): the group ran twice
      expect(attempts).toBe(2);
    } else {
      expect(attempts).toBe(1);
    }
    // Two before the fix. At most one: the guard's own transaction for the event can itself be
    // chosen by PostgreSQL's deadlock detector (it waits for the same lock) and the event is then
    // lost — seen once in four runs; a separate finding (red team 6 report), not this one.
    expect(await blockEvents(ch.id)).toBeLessThanOrEqual(1);
  }, 60_000);
});
