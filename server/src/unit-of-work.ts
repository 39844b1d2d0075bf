/**
 * A write transaction plus the domain events it produced, and the single writer that runs them.
 *
 * {@link Writer} serialises write units (SQLite allows one writer anyway) and commits them in
 * groups: the units already queued when the writer becomes free run in ONE transaction, each
 * inside its own `SAVEPOINT` (SQL standard; SQLite https://sqlite.org/lang_savepoint.html, and
 * PostgreSQL alike). A unit that throws is rolled back to its savepoint — nothing of it stays — and
 * gets its own error; the others are unaffected. After the single COMMIT the events of the
 * successful units are dispatched in unit order, so live delivery follows `events.seq` order,
 * then each unit's promise settles. Nothing waits to fill a group: a unit arriving at an idle
 * writer starts in the same event-loop turn (after its I/O callbacks), with whatever else is queued. This saves the commit (the largest single cost of a small write,
 * ≈ half of SQLite's time per message post) for every unit but one of a group. On PostgreSQL the
 * cluster-wide append lock (`lockEventLog`) is taken by the first unit that inserts a stream event
 * or an audit event, once per group, and held until the group's COMMIT: groups of several nodes
 * run their reads, the guard and their inserts of new rows side by side and queue only for the
 * tail (event inserts, the updates after them, the commit), so `events.seq` becomes visible in
 * order. Code that updates an existing row before taking the lock can deadlock with another
 * node's group that holds the lock and waits for that row: PostgreSQL detects it (SQLSTATE 40P01)
 * and aborts one of them; the writer then runs that whole group again once with the lock taken
 * first (which cannot deadlock on the lock), so no unit fails because of it.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './db/schema/index.ts';
import { lockEventLog, type DomainEvent } from './events.ts';
import { forgetAppendLock, holdsAppendLock } from './services/audit/append.ts';

/** The transaction handle and the events recorded in it (delivered only after commit). */
export interface UnitOfWork {
  db: Transaction<Database>;
  events: DomainEvent[];
}

/** Most units committed together (bounds the work lost to a failed COMMIT and the delay of the first). */
export const MAX_GROUP = 64;

type Job =
  | { kind: 'write'; fn: (uow: UnitOfWork) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  | { kind: 'exclusive'; fn: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type WriteJob = Extract<Job, { kind: 'write' }>;
type Outcome = { ok: true; value: unknown; events: DomainEvent[] } | { ok: false; error: unknown };

/** PostgreSQL's `deadlock_detected` (SQLSTATE 40P01), as node-postgres reports it. */
function isDeadlock(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';
}

const SAVEPOINT = CompiledQuery.raw('SAVEPOINT enclave_unit');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO SAVEPOINT enclave_unit');
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT enclave_unit');

/** The single writer of a database: group-committed write units and exclusive sections, FIFO. */
export class Writer {
  readonly #db: Kysely<Database>;
  readonly #dispatch: (events: DomainEvent[]) => void;
  readonly #queue: Job[] = [];
  #running = false;
  #idle: Array<() => void> = [];

  /** `dispatch` receives the events of each successful unit after its group committed. */
  constructor(db: Kysely<Database>, dispatch: (events: DomainEvent[]) => void) {
    this.#db = db;
    this.#dispatch = dispatch;
  }

  /**
   * Runs `fn` in a write transaction (shared with other queued units, isolated by a savepoint);
   * after commit its recorded events are dispatched and the promise resolves with `fn`'s result.
   * If `fn` throws, its changes are rolled back, nothing of it is dispatched, and the promise
   * rejects with that error. If the COMMIT itself fails, every unit of the group rejects with it.
   */
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ kind: 'write', fn, resolve: resolve as (v: unknown) => void, reject });
      this.#kick();
    });
  }

  /** Runs `fn` alone, between writes (no write commits or dispatches meanwhile). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ kind: 'exclusive', fn, resolve: resolve as (v: unknown) => void, reject });
      this.#kick();
    });
  }

  /** Jobs waiting for the writer (not counting the group running now). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Resolves once every job queued so far has settled. */
  drained(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = true;
    // Start in the event loop's check phase (`setImmediate`), right after the I/O callbacks of
    // this turn: requests that arrived together join one group. better-sqlite3 is synchronous, so
    // a group otherwise runs to its end in microtasks and no second unit could ever queue. No
    // timer, no waiting for more work: a lone unit only lets this turn's I/O callbacks go first.
    setImmediate(() => void this.#drain());
  }

  async #drain(): Promise<void> {
    try {
      for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
        if (job.kind === 'exclusive') {
          await job.fn().then(job.resolve, job.reject);
          continue;
        }
        const group: WriteJob[] = [job];
        while (group.length < MAX_GROUP && this.#queue[0]?.kind === 'write') group.push(this.#queue.shift() as WriteJob);
        await this.#runGroup(group);
      }
    } finally {
      this.#running = false;
      const idle = this.#idle;
      this.#idle = [];
      for (const resolve of idle) resolve();
      if (this.#queue.length > 0) this.#kick();
    }
  }

  async #runGroup(group: WriteJob[]): Promise<void> {
    let outcomes: Outcome[];
    // Units that failed on their own in the first attempt (by index): their outcome is decided.
    const failed = new Map<number, Outcome>();
    try {
      try {
        outcomes = await this.#attempt(group, false, failed);
      } catch (error) {
        if (!isDeadlock(error)) throw error;
        // PostgreSQL aborted this group to break a deadlock between a row lock and the append
        // lock (see the module comment): nothing of it was stored. Once more with the append
        // lock first, before any row lock, as a whole: that order cannot deadlock on the lock —
        // except the units that had already failed, which keep their error: run again, their
        // effects outside the transaction happened twice (the guard's `block` audit event).
        outcomes = await this.#attempt(group, true, failed);
      }
    } catch (error) {
      // Rolled back as a whole: no unit's change is stored, each learns why.
      for (const job of group) job.reject(error);
      return;
    }
    this.#settle(group, outcomes);
  }

  /**
   * Runs the group in one transaction; throws when the transaction as a whole failed. A unit found
   * in `failed` is not run (its outcome is taken from there); a unit that fails is added to it.
   */
  async #attempt(group: WriteJob[], lockFirst: boolean, failed: Map<number, Outcome>): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    await this.#db.transaction().execute(async (trx) => {
        // PostgreSQL: the append lock is taken by the units themselves, as late as they can
        // (`lockEventLog`), unless a deadlock sent this group here again. SQLite: nothing.
        if (lockFirst) await lockEventLog(trx);
        if (group.length === 1 && group[0]) {
          // Alone: the transaction itself isolates the unit (an error rolls everything back).
          const events: DomainEvent[] = [];
          outcomes.push({ ok: true, value: await group[0].fn({ db: trx, events }), events });
          return;
        }
        for (const [i, job] of group.entries()) {
          const decided = failed.get(i);
          if (decided) {
            outcomes.push(decided);
            continue;
          }
          const events: DomainEvent[] = [];
          const lockedBefore = holdsAppendLock(trx);
          await trx.executeQuery(SAVEPOINT);
          try {
            const value = await job.fn({ db: trx, events });
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: true, value, events });
          } catch (error) {
            // A deadlock victim: the whole group goes again (see #runGroup).
            if (isDeadlock(error)) throw error;
            // If even this fails (the engine aborted the whole transaction), the group fails.
            await trx.executeQuery(ROLLBACK_TO);
            // The append lock, if this unit took it, went with the savepoint.
            if (!lockedBefore) forgetAppendLock(trx);
            await trx.executeQuery(RELEASE);
            const outcome: Outcome = { ok: false, error };
            failed.set(i, outcome);
            outcomes.push(outcome);
          }
        }
    });
    return outcomes;
  }

  /** After the commit: dispatches each successful unit's events in unit order, then settles each unit. */
  #settle(group: WriteJob[], outcomes: Outcome[]): void {
    const dispatchErrors = new Map<number, unknown>();
    outcomes.forEach((o, i) => {
      if (!o.ok || o.events.length === 0) return;
      try {
        this.#dispatch(o.events);
      } catch (err) {
        dispatchErrors.set(i, err);
      }
    });
    group.forEach((job, i) => {
      const o = outcomes[i];
      if (!o) job.reject(new Error('write unit has no outcome'));
      else if (dispatchErrors.has(i)) job.reject(dispatchErrors.get(i));
      else if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}
