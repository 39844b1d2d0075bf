/**
 * A write transaction plus the domain events it produced. `runWrite` serialises write
 * transactions (SQLite allows one writer anyway), commits, then hands the events to the
 * dispatcher before the next write starts — so live delivery follows `events.seq` order.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema/index.ts';
import type { DomainEvent } from './events.ts';

/** The transaction handle and the events recorded in it (delivered only after commit). */
export interface UnitOfWork {
  db: Transaction<Database>;
  events: DomainEvent[];
}

/** Serialises async critical sections (FIFO). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  /** Runs `fn` after every previously queued section has settled. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Runs `fn` in a transaction under `mutex`; after commit passes the recorded events to
 * `dispatch`. If `fn` throws, the transaction rolls back and nothing is dispatched.
 */
export async function runWrite<T>(
  db: Kysely<Database>,
  mutex: Mutex,
  dispatch: (events: DomainEvent[]) => void,
  fn: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return mutex.run(async () => {
    const events: DomainEvent[] = [];
    const result = await db.transaction().execute((trx) => fn({ db: trx, events }));
    if (events.length > 0) dispatch(events);
    return result;
  });
}
