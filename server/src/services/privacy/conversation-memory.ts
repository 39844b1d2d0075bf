/**
 * Conversation memory of the guard: per channel, a bounded memory of the words found as part of a
 * PERSON or LOCATION in recent messages, so that once "Jane Doe" was found, a later "jane" or "Doe"
 * in the same channel is found too (the analyzer's `conversationMemory` option, see
 * `@enclave/pii` `person/memory.ts`).
 *
 * Privacy: no plain text is kept. A word is stored as HMAC-SHA-256 under a random per-process key
 * (base64url, 16 bytes kept); a 32-bit keyed pre-hash (FNV-1a seeded from the same key) answers
 * most misses without computing the HMAC. Nothing is persisted: a restart forgets everything.
 * Between nodes (`REDIS_URL`), `conversation-memory-shared.ts` gives every node the same key
 * (derived from the master key) and copies the digests through Redis via `onLearn`/`learnDigests`.
 *
 * Bounds: at most `maxWords` words per channel (least recently seen evicted first) and at most
 * `maxChannels` channels (least recently used channel dropped first), so memory stays flat.
 * {@link ConversationMemories.clear} forgets a channel (called with the channel's erasure).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ConversationMemory, MemoryEntityType } from '@enclave/pii';

/** Default number of words remembered per channel. */
export const DEFAULT_MEMORY_WORDS = 512;
/** Default number of channels remembered at once. */
export const DEFAULT_MEMORY_CHANNELS = 2000;

/** One channel's memory (see the module comment). */
class ChannelMemory implements ConversationMemory {
  /** HMAC digest → entity type and pre-hash, least recently seen first (Map insertion order). */
  readonly #words = new Map<string, { type: MemoryEntityType; quick: number }>();
  /** Keyed 32-bit pre-hash → number of remembered words with that pre-hash. */
  readonly #quick = new Map<number, number>();
  readonly #digestOf: (word: string) => string;
  readonly #quickOf: (word: string) => number;
  readonly #max: number;
  readonly #onLearn: ((entry: LearnedWord) => void) | undefined;

  constructor(max: number, digestOf: (word: string) => string, quickOf: (word: string) => number, onLearn?: (entry: LearnedWord) => void) {
    this.#max = max;
    this.#digestOf = digestOf;
    this.#quickOf = quickOf;
    this.#onLearn = onLearn;
  }

  get size(): number {
    return this.#words.size;
  }

  recall(word: string): MemoryEntityType | undefined {
    if (!this.#quick.has(this.#quickOf(word))) return undefined;
    return this.#words.get(this.#digestOf(word))?.type;
  }

  remember(word: string, entityType: MemoryEntityType): void {
    const d = this.#digestOf(word);
    const had = this.#words.get(d);
    const quick = had?.quick ?? this.#quickOf(word);
    const type = this.learnDigest(d, quick, entityType);
    if (had === undefined || had.type !== type) this.#onLearn?.({ digest: d, quick, type });
  }

  /**
   * Remembers a word by its digest and pre-hash (as made by this memory's key: a copy from another
   * node); returns the type now remembered (PERSON wins over LOCATION).
   */
  learnDigest(d: string, quick: number, entityType: MemoryEntityType): MemoryEntityType {
    const had = this.#words.get(d);
    if (had !== undefined) {
      this.#words.delete(d); // refresh: move to the most recent end
      // a word once seen in a name stays PERSON (the stricter type)
      const type = had.type === 'PERSON' ? had.type : entityType;
      this.#words.set(d, { type, quick: had.quick });
      return type;
    }
    this.#words.set(d, { type: entityType, quick });
    this.#quick.set(quick, (this.#quick.get(quick) ?? 0) + 1);
    if (this.#words.size > this.#max) this.#evictOldest();
    return entityType;
  }

  #evictOldest(): void {
    const oldest = this.#words.entries().next();
    if (oldest.done === true) return;
    const [d, { quick }] = oldest.value;
    this.#words.delete(d);
    const c = (this.#quick.get(quick) ?? 1) - 1;
    if (c <= 0) this.#quick.delete(quick);
    else this.#quick.set(quick, c);
  }
}

/**
 * A remembered word as it leaves the process (to Redis): keyed digest, masked pre-hash, type.
 * Never the word. `quick` is the 32-bit pre-hash XOR a pad computed from the digest under a key
 * of its own, so it says nothing without the key: the pre-hash itself (FNV-1a from a keyed start)
 * can be run backwards, and one known word would give the start and so every other word's
 * pre-hash (red team 6). {@link ConversationMemories.learnDigests} removes the pad.
 */
export interface LearnedWord {
  digest: string;
  quick: number;
  type: MemoryEntityType;
}

/** Options of {@link ConversationMemories}. */
export interface ConversationMemoriesOptions {
  /** Words per channel (default {@link DEFAULT_MEMORY_WORDS}, at least 1). */
  maxWords?: number;
  /** Channels at once (default {@link DEFAULT_MEMORY_CHANNELS}, at least 1). */
  maxChannels?: number;
  /** HMAC key (default: 32 random bytes per process); the same on every node when memories are shared. */
  key?: Buffer;
  /** Told of each word newly remembered (or turned PERSON) by the guard, as digests only. */
  onLearn?: (channelId: string, entry: LearnedWord) => void;
  /** Told when a channel's memory is cleared by {@link ConversationMemories.clear} (erasure). */
  onClear?: (channelId: string) => void;
}

/** The memories of all channels of one server process (see the module comment). */
export class ConversationMemories {
  readonly #channels = new Map<string, ChannelMemory>();
  readonly #maxWords: number;
  readonly #maxChannels: number;
  readonly #key: Buffer;
  readonly #seed: number;
  /** Key of the pads that mask a pre-hash leaving the process (see {@link LearnedWord}). */
  readonly #padKey: Buffer;
  readonly #onLearn: ConversationMemoriesOptions['onLearn'];
  readonly #onClear: ConversationMemoriesOptions['onClear'];

  /** @throws RangeError when a bound is not a positive integer */
  constructor(opts: ConversationMemoriesOptions = {}) {
    this.#maxWords = opts.maxWords ?? DEFAULT_MEMORY_WORDS;
    this.#maxChannels = opts.maxChannels ?? DEFAULT_MEMORY_CHANNELS;
    if (!Number.isInteger(this.#maxWords) || this.#maxWords < 1) throw new RangeError('maxWords must be a positive integer');
    if (!Number.isInteger(this.#maxChannels) || this.#maxChannels < 1) throw new RangeError('maxChannels must be a positive integer');
    this.#key = opts.key ?? randomBytes(32);
    // Derived apart (a NUL never occurs in a word): neither the seed nor the pad key is a part of
    // the HMAC key, nor the digest of any word.
    this.#seed = createHmac('sha256', this.#key).update('\u0000quick-seed').digest().readUInt32LE(0);
    this.#padKey = createHmac('sha256', this.#key).update('\u0000quick-pad').digest();
    this.#onLearn = opts.onLearn;
    this.#onClear = opts.onClear;
  }

  /** The memory of `channelId` (created empty when new; marks the channel most recently used). */
  forChannel(channelId: string): ConversationMemory {
    return this.#channel(channelId);
  }

  #channel(channelId: string): ChannelMemory {
    let m = this.#channels.get(channelId);
    if (m !== undefined) {
      this.#channels.delete(channelId);
    } else {
      const onLearn = this.#onLearn;
      m = new ChannelMemory(this.#maxWords, (w) => this.#digest(w), (w) => this.#quick(w), onLearn ? (e) => onLearn(channelId, { ...e, quick: this.#padded(e) }) : undefined);
      if (this.#channels.size >= this.#maxChannels) {
        const oldest = this.#channels.keys().next();
        if (oldest.done !== true) this.#channels.delete(oldest.value);
      }
    }
    this.#channels.set(channelId, m);
    return m;
  }

  /** Forgets everything remembered for `channelId` (with the channel's erasure); tells `onClear`. */
  clear(channelId: string): void {
    this.#channels.delete(channelId);
    this.#onClear?.(channelId);
  }

  /** Forgets `channelId` here only (another node erased it). */
  forget(channelId: string): void {
    this.#channels.delete(channelId);
  }

  /** True when this process holds a memory of `channelId`. */
  has(channelId: string): boolean {
    return this.#channels.has(channelId);
  }

  /**
   * Adds words learned elsewhere (as `onLearn` gave them out with the same key, oldest first) to
   * `channelId`'s memory, creating it when new; `onLearn` is not told.
   */
  learnDigests(channelId: string, entries: readonly LearnedWord[]): void {
    const m = this.#channel(channelId);
    for (const e of entries) m.learnDigest(e.digest, this.#padded(e), e.type);
  }

  /** Number of channels with a memory. */
  get channels(): number {
    return this.#channels.size;
  }

  #digest(word: string): string {
    return createHmac('sha256', this.#key).update(word, 'utf8').digest('base64url').slice(0, 22);
  }

  /** `e.quick` XOR the pad of `e.digest`: masks a pre-hash leaving the process, unmasks one arriving. */
  #padded(e: Pick<LearnedWord, 'digest' | 'quick'>): number {
    return (e.quick ^ createHmac('sha256', this.#padKey).update(e.digest).digest().readUInt32LE(0)) >>> 0;
  }

  /** FNV-1a over UTF-16 code units, seeded with the key: a keyed 32-bit pre-hash. */
  #quick(word: string): number {
    let h = (0x811c9dc5 ^ this.#seed) >>> 0;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
}
