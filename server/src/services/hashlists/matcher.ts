/**
 * Matching an upload's hashes against every hash list: PDQ by Hamming distance within each list's
 * threshold (a multi-index over all lists' PDQ entries, rebuilt when the set of lists changes),
 * MD5 and SHA-256 by equality (database index).
 */
import { PdqIndex, isPdqHex } from '@enclave/pdq';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { SignalType } from '../../db/schema/hashlists.ts';

/** The hashes of one file (lowercase or uppercase hex); any may be left out. */
export interface MediaHashes {
  pdq?: string;
  md5?: string;
  sha256?: string;
}

/** One list that matched: by which signal, and the PDQ distance (0 for MD5/SHA-256 equality). */
export interface HashListMatch {
  listId: string;
  listName: string;
  signalType: SignalType;
  distance: number;
  /** The list's PDQ threshold (the largest distance that matches). */
  threshold: number;
}

interface Snapshot {
  fingerprint: string;
  index: PdqIndex;
  /** Per index entry: position of its list in `lists`. */
  listOf: Uint32Array;
  lists: Array<{ id: string; name: string; threshold: number }>;
  maxThreshold: number;
}

/**
 * Holds the PDQ index of all lists for one database. Create one per server (e.g. beside the
 * upload pipeline) over a read handle; {@link HashListMatcher.matchMedia} notices imports and
 * deletions made by any process (it compares the lists' ids and thresholds, a query over a few rows).
 */
export class HashListMatcher {
  private snapshot: Snapshot | undefined;
  private building: Promise<Snapshot> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The lists `hashes` matches, strongest first (smallest distance), each list once (its closest
   * entry). Malformed hashes are ignored (they cannot match). Reads with the handle given at
   * construction, or `db` (e.g. a transaction) when passed.
   */
  async matchMedia(hashes: MediaHashes, db: Kysely<Database> = this.db): Promise<HashListMatch[]> {
    const best = new Map<string, HashListMatch>();
    const keep = (m: HashListMatch) => {
      const had = best.get(m.listId);
      if (!had || m.distance < had.distance) best.set(m.listId, m);
    };
    const exact: Array<[SignalType, string]> = [];
    if (hashes.md5 && /^[0-9a-fA-F]{32}$/.test(hashes.md5)) exact.push(['md5', hashes.md5.toLowerCase()]);
    if (hashes.sha256 && isPdqHex(hashes.sha256)) exact.push(['sha256', hashes.sha256.toLowerCase()]);
    for (const [type, value] of exact) {
      const rows = await db
        .selectFrom('hash_list_entries')
        .innerJoin('hash_lists', 'hash_lists.id', 'hash_list_entries.list_id')
        .select(['hash_lists.id', 'hash_lists.name', 'hash_lists.pdq_threshold'])
        .where('hash_list_entries.signal_type', '=', type)
        .where('hash_list_entries.value', '=', value)
        .execute();
      for (const r of rows) keep({ listId: r.id, listName: r.name, signalType: type, distance: 0, threshold: r.pdq_threshold });
    }
    if (hashes.pdq && isPdqHex(hashes.pdq)) {
      const snap = await this.current(db);
      if (snap.index.size > 0) {
        for (const hit of snap.index.search(hashes.pdq.toLowerCase(), snap.maxThreshold)) {
          const list = snap.lists[snap.listOf[hit.entry] as number];
          if (list && hit.distance <= list.threshold) keep({ listId: list.id, listName: list.name, signalType: 'pdq', distance: hit.distance, threshold: list.threshold });
        }
      }
    }
    return [...best.values()].sort((a, b) => a.distance - b.distance || a.listId.localeCompare(b.listId));
  }

  /** Forgets the index (the next match rebuilds it). */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private async current(db: Kysely<Database>): Promise<Snapshot> {
    const lists = await db.selectFrom('hash_lists').select(['id', 'name', 'pdq_threshold']).orderBy('id').execute();
    const fingerprint = lists.map((l) => `${l.id}:${l.pdq_threshold}`).join(',');
    if (this.snapshot?.fingerprint === fingerprint) return this.snapshot;
    if (!this.building) {
      this.building = this.build(db, lists, fingerprint).finally(() => {
        this.building = undefined;
      });
    }
    this.snapshot = await this.building;
    return this.snapshot;
  }

  private async build(db: Kysely<Database>, rows: Array<{ id: string; name: string; pdq_threshold: number }>, fingerprint: string): Promise<Snapshot> {
    const lists = rows.map((r) => ({ id: r.id, name: r.name, threshold: r.pdq_threshold }));
    const position = new Map(lists.map((l, i) => [l.id, i]));
    const entries = await db.selectFrom('hash_list_entries').select(['list_id', 'value']).where('signal_type', '=', 'pdq').execute();
    const words = new Uint32Array(entries.length * 8);
    const listOf = new Uint32Array(entries.length);
    let n = 0;
    for (const e of entries) {
      const at = position.get(e.list_id);
      if (at === undefined) continue; // a list deleted meanwhile
      for (let w = 0; w < 8; w++) words[n * 8 + w] = Number.parseInt(e.value.slice(w * 8, w * 8 + 8), 16);
      listOf[n] = at;
      n += 1;
    }
    return {
      fingerprint,
      index: PdqIndex.fromPacked(words.subarray(0, n * 8)),
      listOf,
      lists,
      maxThreshold: lists.reduce((m, l) => Math.max(m, l.threshold), 0),
    };
  }
}
