/**
 * The known-subject index across nodes (issue 10: "every node sees a new known subject within a
 * second"). Each process holds its own index (`known-values.ts`): the intake registers a new
 * subject's values in the index of the node that received the report, and every other node
 * used to learn them only at its next start — there, a known subject's e-mail posted in a team
 * channel was tokenized as a plain EMAIL_ADDRESS any member could reveal (red team 5).
 *
 * Now every node polls `subjects` (index `subjects_updated_at`, migration 031) every
 * {@link SYNC_INTERVAL_MS} ms for subjects added or updated (a repeat report adding values) in
 * the last {@link SYNC_WINDOW_MS} ms, and registers each one not yet seen at that `updated_at`.
 * The window covers transactions that commit late and clock differences between nodes. Works
 * the same on SQLite (processes sharing one data folder) and PostgreSQL, with or without Redis.
 *
 * Erasures too: a subject erased by another node (request or retention) stayed in this node's
 * index, and every later message holding one of its values answered 500 here (its data key is
 * gone). A subject erased within the window and not yet seen makes this node rebuild its index
 * (index `subjects_erased_at`), as the erasing node does.
 */
import type { Kysely } from 'kysely';
import type { KnownSubjectIndex } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { Vault } from '../vault/index.ts';
import { registerSubjects } from './known-values.ts';

/** Poll period, ms. */
export const SYNC_INTERVAL_MS = 500;
/** How far back each poll looks, ms (late commits, clock skew between nodes). */
export const SYNC_WINDOW_MS = 60_000;

/** Polls for subjects registered by other nodes; see the module comment. */
export class KnownSubjectSync {
  /** Subject id → the `updated_at` whose values this node registered (only within the window). */
  readonly #seen = new Map<string, string>();
  /** Subject id → `erased_at` of erasures already acted on (only within the window). */
  readonly #erased = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  /**
   * @param db a connection to read from (the read connection is enough)
   * @param vault decrypts the subjects' values
   * @param index the index to register in, read at every pass (the retention job replaces it)
   * @param rebuild replaces the index with one built afresh (after an erasure)
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly vault: Vault,
    private readonly index: () => KnownSubjectIndex | undefined,
    private readonly rebuild: () => Promise<void>,
  ) {}

  /** One poll; resolves the number of subjects registered. Rejects when the database does not answer. */
  async pass(now = Date.now()): Promise<number> {
    if (!this.index()) return 0;
    const since = new Date(now - SYNC_WINDOW_MS).toISOString();
    const erased = await this.db.selectFrom('subjects').select(['id', 'erased_at']).where('erased_at', '>=', since).execute();
    const newlyErased = erased.filter((r) => r.erased_at !== null && this.#erased.get(r.id) !== r.erased_at);
    if (newlyErased.length > 0) {
      await this.rebuild();
      for (const r of newlyErased) this.#erased.set(r.id, r.erased_at ?? '');
      // the new index holds every subject committed before it was read; later ones come below
      this.#seen.clear();
    }
    for (const [id, at] of this.#erased) if (at < since) this.#erased.delete(id);
    const idx = this.index();
    if (!idx) return 0;
    const rows = await this.db.selectFrom('subjects').select(['id', 'updated_at']).where('updated_at', '>=', since).where('erased_at', 'is', null).execute();
    const fresh = rows.filter((r) => this.#seen.get(r.id) !== r.updated_at);
    for (const r of fresh) this.#seen.set(r.id, r.updated_at);
    for (const [id, at] of this.#seen) if (at < since) this.#seen.delete(id);
    await registerSubjects(this.db, this.vault, idx, fresh.map((r) => r.id));
    return fresh.length;
  }

  /** Starts polling every `intervalMs` ms (unref'd timer); failures go to `onError`, the next poll retries. */
  start(onError: (err: unknown) => void, intervalMs = SYNC_INTERVAL_MS): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = true;
      this.pass()
        .catch((err: unknown) => {
          // A failed pass must be retried: forget what it marked as seen (an erasure is acted on again).
          this.#seen.clear();
          this.#erased.clear();
          onError(err);
        })
        .finally(() => {
          this.#running = false;
        });
    }, intervalMs).unref();
  }

  /** Stops polling. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
