/**
 * The processing queue: jobs in `media_jobs`, run in this process one at a time (the host has few
 * cores; OCR is the heavy step). A failed attempt is retried with exponential backoff
 * (`retryBaseMs · 2^(attempt−1)`, at most 60 s); after `maxAttempts` the job is given up.
 * Jobs left over by a stopped process run after the next start.
 *
 * Several nodes poll the same table: a job is claimed before it runs by moving its `run_at` to the
 * end of a lease (`leaseMs`), in one `UPDATE … WHERE id = ? AND run_at = <the value read> AND
 * done_at IS NULL` — a compare-and-set that exactly one node wins on either dialect (SQLite has no
 * `FOR UPDATE SKIP LOCKED`; this statement needs no open transaction). A node that dies mid-job
 * leaves the lease to expire: the job then runs again on any node.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema/index.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';

/** Adds a job for `fileId` in the caller's unit of work (due at once). */
export async function enqueueJob(uow: UnitOfWork, fileId: string): Promise<void> {
  const now = new Date().toISOString();
  await uow.db.insertInto('media_jobs').values({ id: newId(), file_id: fileId, attempts: 0, run_at: now, last_error: null, done_at: null, created_at: now }).execute();
}

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** Processes one file; a throw is a failed attempt. */
  run(fileId: string): Promise<void>;
  /** Called once a job ran out of attempts. */
  giveUp(fileId: string): Promise<void>;
  maxAttempts: number;
  retryBaseMs: number;
  /** How often to look for due jobs when not woken (default 1,000 ms). */
  pollMs?: number;
  /** How long a claimed job is not offered to other runners, ms (default {@link JOB_LEASE_MS}). */
  leaseMs?: number;
}

/** Default lease of a claimed job, ms (10 min: an OCR of a large image stays well inside it). */
export const JOB_LEASE_MS = 10 * 60_000;

/** Runs due jobs; see the module comment. */
export class JobRunner {
  readonly #o: JobRunnerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(opts: JobRunnerOptions) {
    this.#o = opts;
  }

  /** Starts polling. */
  start(): void {
    this.#stopped = false;
    this.#timer = setInterval(() => this.wake(), this.#o.pollMs ?? 1000);
    this.#timer.unref();
    this.wake();
  }

  /** Looks for due jobs now (e.g. after an upload committed). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    // A database that is away (restart, failover) fails the poll: log it and try again at the
    // next tick. Uncaught, the rejection killed the process (found by the cluster fault test).
    this.#running = this.#drain()
      .catch((err: unknown) => {
        this.#o.logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'media queue: poll failed; retrying');
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Resolves when no job is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops polling and waits for the job in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.idle();
  }

  async #drain(): Promise<void> {
    while (!this.#stopped) {
      const now = new Date().toISOString();
      const job = await this.#o.db
        .selectFrom('media_jobs')
        .selectAll()
        .where('done_at', 'is', null)
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .limit(1)
        .executeTakeFirst();
      if (!job) return;
      // claim: another runner (another node) that read the same row loses the compare-and-set
      const claimed = await this.#o.db
        .updateTable('media_jobs')
        .set({ run_at: new Date(Date.now() + (this.#o.leaseMs ?? JOB_LEASE_MS)).toISOString() })
        .where('id', '=', job.id)
        .where('run_at', '=', job.run_at)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      try {
        await this.#o.run(job.file_id);
        await this.#o.db.updateTable('media_jobs').set({ done_at: new Date().toISOString(), attempts: job.attempts + 1, last_error: null }).where('id', '=', job.id).execute();
      } catch (err) {
        const attempts = job.attempts + 1;
        const code = err instanceof Error ? err.name : 'error';
        this.#o.logger.warn({ fileJob: job.id, attempts, code }, 'media job attempt failed');
        if (attempts >= this.#o.maxAttempts) {
          await this.#o.db.updateTable('media_jobs').set({ done_at: new Date().toISOString(), attempts, last_error: code }).where('id', '=', job.id).execute();
          await this.#o.giveUp(job.file_id).catch((e: unknown) => this.#o.logger.error({ err: e }, 'media job give-up failed'));
        } else {
          const delay = Math.min(60_000, this.#o.retryBaseMs * 2 ** (attempts - 1));
          await this.#o.db
            .updateTable('media_jobs')
            .set({ attempts, last_error: code, run_at: new Date(Date.now() + delay).toISOString() })
            .where('id', '=', job.id)
            .execute();
        }
      }
    }
  }
}
