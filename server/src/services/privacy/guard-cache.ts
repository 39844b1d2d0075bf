/**
 * What the guard reads per message, cached per server process (issue 9, protected send path):
 * channel class (visibility, kind, member count), the policy table, a channel's active "not
 * personal data" marks, and unwrapped data keys by scope (in memory only, never logged).
 *
 * Invalidation: every entry is tagged with the `privacy_generation.gen` read in the transaction
 * that loaded it, and is used only while the gen read at the start of a later message is the same.
 * Triggers (migration 027) give `gen` a new random value in the same transaction as every write to
 * those facts — member add/remove/leave, channel visibility/kind change or deletion, policy change,
 * mark request/approval/denial/revocation, data-key creation, erasure and rotation, value erasure —
 * whatever code path or node makes it. So a change committed on any node (SQLite or PostgreSQL)
 * reaches every node's cache at that node's next message, with no Redis message and no TTL: one
 * primary-key read per message replaces the reads it guards. A rolled-back change leaves the old
 * gen; entries loaded inside that transaction carry a gen no committed state will ever have again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { prepareQuery } from '../../db/prepared.ts';
import type { DataKey } from '../vault/data-keys.ts';
import type { ChannelClass, PolicyTable } from './policy.ts';

const readGen = prepareQuery<Record<string, never>, { gen: string }>((db) => db.selectFrom('privacy_generation').select('gen').where('id', '=', 1));

/** Bound of each per-channel / per-scope map (least recently used out). */
export const GUARD_CACHE_MAX = 10_000;

/** A small LRU map (insertion order of a `Map`, refreshed on hit). */
class Lru<V> {
  readonly #m = new Map<string, V>();
  constructor(readonly max: number) {}
  get(k: string): V | undefined {
    const v = this.#m.get(k);
    if (v !== undefined) {
      this.#m.delete(k);
      this.#m.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    this.#m.delete(k);
    if (this.#m.size >= this.max) {
      const oldest = this.#m.keys().next().value;
      if (oldest !== undefined) this.#m.delete(oldest);
    }
    this.#m.set(k, v);
  }
  clear(): void {
    this.#m.clear();
  }
  get size(): number {
    return this.#m.size;
  }
}

/** Counters of the cache (hits and loads per kind), for tests and the bench note. */
export interface GuardCacheStats {
  hits: number;
  loads: number;
  flushes: number;
}

/**
 * The guard's cache of one process. Use {@link GuardCache.begin} once per message (in the
 * message's transaction), then the returned view's getters.
 */
export class GuardCache {
  #gen: string | undefined;
  readonly #classes: Lru<ChannelClass>;
  readonly #marks: Lru<Map<string, string>>;
  readonly #keys: Lru<DataKey>;
  #policy: PolicyTable | undefined;
  readonly stats: GuardCacheStats = { hits: 0, loads: 0, flushes: 0 };

  /** `max`: bound of each per-channel or per-scope map (default {@link GUARD_CACHE_MAX}). */
  constructor(opts: { max?: number } = {}) {
    const max = opts.max ?? GUARD_CACHE_MAX;
    this.#classes = new Lru(max);
    this.#marks = new Lru(max);
    this.#keys = new Lru(max);
  }

  /** Forgets everything (also done by itself whenever `gen` changes). */
  clear(): void {
    this.#classes.clear();
    this.#marks.clear();
    this.#keys.clear();
    this.#policy = undefined;
  }

  /**
   * Reads the current generation through `db` (the message's transaction) and returns the view
   * valid for it; entries of another generation are dropped. One primary-key query.
   */
  async begin(db: Kysely<Database>): Promise<GuardCacheView> {
    const row = await readGen.takeFirst(db, {});
    // no row (a database migrated without 027 cannot occur; be safe): never cache
    const gen = row?.gen;
    if (gen === undefined) return new GuardCacheView(this, undefined);
    if (gen !== this.#gen) {
      this.clear();
      this.#gen = gen;
      this.stats.flushes++;
    }
    return new GuardCacheView(this, gen);
  }

  /** @internal Whether `gen` is still the cache's generation (a newer message may have moved on). */
  current(gen: string | undefined): boolean {
    return gen !== undefined && gen === this.#gen;
  }

  /** @internal */
  get maps(): { classes: Lru<ChannelClass>; marks: Lru<Map<string, string>>; keys: Lru<DataKey> } {
    return { classes: this.#classes, marks: this.#marks, keys: this.#keys };
  }

  /** @internal */
  get policy(): PolicyTable | undefined {
    return this.#policy;
  }

  /** @internal */
  set policy(p: PolicyTable | undefined) {
    this.#policy = p;
  }
}

/** The cache as valid for one message's transaction (see {@link GuardCache.begin}). */
export class GuardCacheView {
  constructor(
    readonly cache: GuardCache,
    readonly gen: string | undefined,
  ) {}

  async #through<V>(get: () => V | undefined, set: (v: V) => void, load: () => Promise<V>): Promise<V> {
    if (this.cache.current(this.gen)) {
      const hit = get();
      if (hit !== undefined) {
        this.cache.stats.hits++;
        return hit;
      }
    }
    const v = await load();
    this.cache.stats.loads++;
    // stored only if no other message saw a newer generation meanwhile
    if (this.cache.current(this.gen)) set(v);
    return v;
  }

  /** The class of `channelId`, loaded by `load` on a miss. */
  channelClass(channelId: string, load: () => Promise<ChannelClass>): Promise<ChannelClass> {
    const m = this.cache.maps.classes;
    return this.#through(() => m.get(channelId), (v) => m.set(channelId, v), load);
  }

  /** The effective policy table, loaded by `load` on a miss. */
  policy(load: () => Promise<PolicyTable>): Promise<PolicyTable> {
    return this.#through(
      () => this.cache.policy,
      (v) => {
        this.cache.policy = v;
      },
      load,
    );
  }

  /** The active marks of `channelId` (value hash → entity type), loaded by `load` on a miss. */
  marks(channelId: string, load: () => Promise<Map<string, string>>): Promise<Map<string, string>> {
    const m = this.cache.maps.marks;
    return this.#through(() => m.get(channelId), (v) => m.set(channelId, v), load);
  }

  /**
   * The unwrapped data key of `scope`, loaded by `load` on a miss. `load` answers whether it
   * created the key in this transaction: a created key is not cached (its creation changes the
   * generation inside this transaction only; the next message reads the committed row).
   */
  async dataKey(scope: string, load: () => Promise<{ key: DataKey; created: boolean }>): Promise<DataKey> {
    const m = this.cache.maps.keys;
    if (this.cache.current(this.gen)) {
      const hit = m.get(scope);
      if (hit) {
        this.cache.stats.hits++;
        return hit;
      }
    }
    const { key, created } = await load();
    this.cache.stats.loads++;
    if (!created && this.cache.current(this.gen)) m.set(scope, key);
    return key;
  }
}
