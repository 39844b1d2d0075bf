/**
 * Multi-index hashing for 256-bit PDQ hashes: every stored hash within Hamming distance `d` of a
 * query, exactly (no misses), without comparing against all of them.
 *
 * M. Norouzi, A. Punjani, D. J. Fleet, "Fast Search in Hamming Space with Multi-Index Hashing",
 * CVPR 2012: cut each hash into m = 16 disjoint 16-bit chunks and index each chunk position in its
 * own table. If two hashes are within distance d, by the pigeonhole principle at least one chunk
 * pair is within ⌊d/16⌋ (d = 31 → some chunk differs in at most 1 bit). So a query probes, in each
 * of the 16 tables, the buckets of every 16-bit value within ⌊d/16⌋ of its own chunk, and checks
 * the full distance of each candidate found. (ThreatExchange's `pdq/README-MIH.md` describes the
 * same scheme for PDQ.) Beyond d = 63 the probe count explodes and a linear scan is used instead.
 */
import { isPdqHex, popcount32 } from './hash256.ts';

/** A hit: the entry's position in the indexed list and its distance to the query (0..256). */
export interface PdqHit {
  entry: number;
  distance: number;
}

const CHUNKS = 16;
/** Largest chunk radius probed by enumeration (⌊d/16⌋ ≤ 3, i.e. d ≤ 63); larger d scans linearly. */
const MAX_PROBE_RADIUS = 3;

/** The 16-bit masks with at most {@link MAX_PROBE_RADIUS} bits set, by bit count; `upTo[r]` = how many have ≤ r. */
const PROBES = (() => {
  const masks: number[] = [];
  const upTo: number[] = [];
  for (let r = 0; r <= MAX_PROBE_RADIUS; r++) {
    for (let m = 0; m < 1 << 16; m++) if (popcount32(m) === r) masks.push(m);
    upTo.push(masks.length);
  }
  return { masks: Uint16Array.from(masks), upTo };
})();

/**
 * The packed form of PDQ hashes: 8 unsigned 32-bit words per hash, word w = hex digits 8w..8w+7.
 * Throws `TypeError` naming the position of the first hash that is not 64 hex digits.
 */
export function packPdqHashes(hashes: readonly string[]): Uint32Array {
  const words = new Uint32Array(hashes.length * 8);
  hashes.forEach((hex, n) => {
    if (!isPdqHex(hex)) throw new TypeError(`Entry ${n} is not a PDQ hash (64 hex digits)`);
    for (let w = 0; w < 8; w++) words[n * 8 + w] = Number.parseInt(hex.slice(w * 8, w * 8 + 8), 16);
  });
  return words;
}

/** Distance between packed hash `n` of `words` and the packed `query` (8 words); stops early above `limit`. */
function distanceTo(words: Uint32Array, n: number, query: Uint32Array, limit: number): number {
  let d = 0;
  const base = n * 8;
  for (let w = 0; w < 8; w++) {
    d += popcount32(((words[base + w] as number) ^ (query[w] as number)) >>> 0);
    if (d > limit) return d;
  }
  return d;
}

/**
 * Linear scan: every packed hash within `maxDistance` of `query`, in entry order. The reference
 * the index is checked against (tests, `bench:media`).
 */
export function bruteForceSearch(words: Uint32Array, query: string | Uint32Array, maxDistance: number): PdqHit[] {
  const q = typeof query === 'string' ? packPdqHashes([query]) : query;
  const hits: PdqHit[] = [];
  const n = words.length / 8;
  for (let e = 0; e < n; e++) {
    const d = distanceTo(words, e, q, maxDistance);
    if (d <= maxDistance) hits.push({ entry: e, distance: d });
  }
  return hits;
}

function chunkOf(words: Uint32Array, base: number, c: number): number {
  const word = words[base + (c >> 1)] as number;
  return c & 1 ? word & 0xffff : word >>> 16;
}

/** The first chunk position where packed hash `n` is within `radius` bits of `query` (16 when none). */
function firstChunkWithin(words: Uint32Array, n: number, query: Uint32Array, radius: number): number {
  for (let c = 0; c < CHUNKS; c++) if (popcount32(chunkOf(words, n * 8, c) ^ chunkOf(query, 0, c)) <= radius) return c;
  return CHUNKS;
}

/**
 * An immutable multi-index over PDQ hashes (entry n = the n-th hash given). Memory: 32 bytes per
 */
/** Options of {@link PdqIndex}. */
export interface PdqIndexOptions {
  /**
   * Keep three more 32-bit words of each hash beside its entry number in every chunk table
   * (default `true`): a candidate is then rejected from the bucket it sits in (96 more bits of
   * distance known without touching the hash array), which saves most random memory reads —
   * ≈ 5× faster at distance 31 on a million hashes, for ≈ 290 instead of ≈ 100 bytes per hash.
   */
  inline?: boolean;
}

/**
 * An immutable multi-index over PDQ hashes (entry n = the n-th hash given). Memory per hash: 32
 * bytes for the hash plus 16 tables × 16 bytes (inline, default) or × 4 bytes; plus 4 MiB.
 */
export class PdqIndex {
  /** Number of hashes indexed. */
  readonly size: number;
  private readonly words: Uint32Array;
  /** Slots per table entry: 4 (entry number + 3 inline words) or 1 (entry number). */
  private readonly slot: number;
  /** Per chunk position: bucket start offsets (65,537) into `entries` (in table entries, not slots). */
  private readonly offsets: Uint32Array[] = [];
  /** Per chunk position: entry numbers (and inline words) ordered by that chunk's value. */
  private readonly entries: Uint32Array[] = [];

  private constructor(words: Uint32Array, opts: PdqIndexOptions) {
    this.words = words;
    this.size = words.length / 8;
    this.slot = opts.inline === false ? 1 : 4;
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = new Uint32Array(65_537);
      for (let e = 0; e < this.size; e++) {
        const v = chunkOf(words, e * 8, c) + 1;
        offsets[v] = (offsets[v] as number) + 1;
      }
      for (let v = 0; v < 65_536; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
      const fill = offsets.slice(0, 65_536);
      const entries = new Uint32Array(this.size * this.slot);
      const own = c >> 1;
      for (let e = 0; e < this.size; e++) {
        const v = chunkOf(words, e * 8, c);
        const at = (fill[v] as number) * this.slot;
        entries[at] = e;
        if (this.slot === 4) {
          // the three words after the one holding this chunk (cyclically)
          for (let k = 1; k <= 3; k++) entries[at + k] = words[e * 8 + ((own + k) & 7)] as number;
        }
        fill[v] = (fill[v] as number) + 1;
      }
      this.offsets.push(offsets);
      this.entries.push(entries);
    }
  }

  /** Builds the index over 64-hex-digit hashes. Throws `TypeError` on a malformed one. */
  static fromHex(hashes: readonly string[], opts: PdqIndexOptions = {}): PdqIndex {
    return new PdqIndex(packPdqHashes(hashes), opts);
  }

  /** Builds the index over packed hashes (8 words each, see {@link packPdqHashes}); the array is kept, not copied. */
  static fromPacked(words: Uint32Array, opts: PdqIndexOptions = {}): PdqIndex {
    if (words.length % 8 !== 0) throw new RangeError('Packed PDQ hashes come 8 words each');
    return new PdqIndex(words, opts);
  }

  /**
   * Every indexed hash within `maxDistance` (integer 0..256) of `query`, in entry order, each once.
   * Exact: the same hits as {@link bruteForceSearch}. Throws `TypeError` on a malformed query and
   * `RangeError` on a distance out of range.
   */
  search(query: string | Uint32Array, maxDistance: number): PdqHit[] {
    if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 256) throw new RangeError('maxDistance is an integer 0..256');
    const q = typeof query === 'string' ? packPdqHashes([query]) : query;
    const radius = Math.floor(maxDistance / CHUNKS);
    if (radius > MAX_PROBE_RADIUS) return bruteForceSearch(this.words, q, maxDistance);
    const probes = PROBES.upTo[radius] as number;
    const hits: PdqHit[] = [];
    const words = this.words;
    const slot = this.slot;
    for (let c = 0; c < CHUNKS; c++) {
      const own = chunkOf(q, 0, c);
      const offsets = this.offsets[c] as Uint32Array;
      const entries = this.entries[c] as Uint32Array;
      const w = c >> 1;
      const qa = q[(w + 1) & 7] as number;
      const qb = q[(w + 2) & 7] as number;
      const qc = q[(w + 3) & 7] as number;
      for (let p = 0; p < probes; p++) {
        const v = own ^ (PROBES.masks[p] as number);
        const end = (offsets[v + 1] as number) * slot;
        for (let at = (offsets[v] as number) * slot; at < end; at += slot) {
          if (slot === 4) {
            // 96 bits of the distance from the table itself: most candidates stop here
            let partial = popcount32(((entries[at + 1] as number) ^ qa) >>> 0) + popcount32(((entries[at + 2] as number) ^ qb) >>> 0);
            if (partial > maxDistance) continue;
            partial += popcount32(((entries[at + 3] as number) ^ qc) >>> 0);
            if (partial > maxDistance) continue;
          }
          const e = entries[at] as number;
          const d = distanceTo(words, e, q, maxDistance);
          // an entry within reach of several chunks is reported from the first of them only
          // (no per-entry "seen" array: one random memory access less per candidate)
          if (d <= maxDistance && firstChunkWithin(words, e, q, radius) === c) hits.push({ entry: e, distance: d });
        }
      }
    }
    return hits.sort((a, b) => a.entry - b.entry);
  }
}
