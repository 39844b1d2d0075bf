/**
 * Conversation memory of the guard: per channel, a bounded memory of the words found as part of a
 * PERSON or LOCATION in recent messages, so that once "Jane Doe" was found, a later "jane" or "Doe"
 * in the same channel is found too (the analyzer's `conversationMemory` option, see
 * `@enclave/pii` `person/memory.ts`).
 *
 * Privacy: no plain text is kept. A word is stored as HMAC-SHA-256 under a random per-process key
 * (base64url, 16 bytes kept); a 32-bit keyed pre-hash (FNV-1a seeded from the same key) answers
 * most misses without computing the HMAC. Nothing is persisted: a restart forgets everything.
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

  constructor(max: number, digestOf: (word: string) => string, quickOf: (word: string) => number) {
    this.#max = max;
    this.#digestOf = digestOf;
    this.#quickOf = quickOf;
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
    if (had !== undefined) {
      this.#words.delete(d); // refresh: move to the most recent end
      // a word once seen in a name stays PERSON (the stricter type)
      this.#words.set(d, { type: had.type === 'PERSON' ? had.type : entityType, quick: had.quick });
      return;
    }
    const quick = this.#quickOf(word);
    this.#words.set(d, { type: entityType, quick });
    this.#quick.set(quick, (this.#quick.get(quick) ?? 0) + 1);
    if (this.#words.size > this.#max) this.#evictOldest();
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

/** Options of {@link ConversationMemories}. */
export interface ConversationMemoriesOptions {
  /** Words per channel (default {@link DEFAULT_MEMORY_WORDS}, at least 1). */
  maxWords?: number;
  /** Channels at once (default {@link DEFAULT_MEMORY_CHANNELS}, at least 1). */
  maxChannels?: number;
  /** HMAC key (default: 32 random bytes per process). For tests only. */
  key?: Buffer;
}

/** The memories of all channels of one server process (see the module comment). */
export class ConversationMemories {
  readonly #channels = new Map<string, ChannelMemory>();
  readonly #maxWords: number;
  readonly #maxChannels: number;
  readonly #key: Buffer;
  readonly #seed: number;

  /** @throws RangeError when a bound is not a positive integer */
  constructor(opts: ConversationMemoriesOptions = {}) {
    this.#maxWords = opts.maxWords ?? DEFAULT_MEMORY_WORDS;
    this.#maxChannels = opts.maxChannels ?? DEFAULT_MEMORY_CHANNELS;
    if (!Number.isInteger(this.#maxWords) || this.#maxWords < 1) throw new RangeError('maxWords must be a positive integer');
    if (!Number.isInteger(this.#maxChannels) || this.#maxChannels < 1) throw new RangeError('maxChannels must be a positive integer');
    this.#key = opts.key ?? randomBytes(32);
    this.#seed = this.#key.readUInt32LE(0);
  }

  /** The memory of `channelId` (created empty when new; marks the channel most recently used). */
  forChannel(channelId: string): ConversationMemory {
    let m = this.#channels.get(channelId);
    if (m !== undefined) {
      this.#channels.delete(channelId);
    } else {
      m = new ChannelMemory(this.#maxWords, (w) => this.#digest(w), (w) => this.#quick(w));
      if (this.#channels.size >= this.#maxChannels) {
        const oldest = this.#channels.keys().next();
        if (oldest.done !== true) this.#channels.delete(oldest.value);
      }
    }
    this.#channels.set(channelId, m);
    return m;
  }

  /** Forgets everything remembered for `channelId` (with the channel's erasure). */
  clear(channelId: string): void {
    this.#channels.delete(channelId);
  }

  /** Number of channels with a memory. */
  get channels(): number {
    return this.#channels.size;
  }

  #digest(word: string): string {
    return createHmac('sha256', this.#key).update(word, 'utf8').digest('base64url').slice(0, 22);
  }

  /** FNV-1a over UTF-16 code units, seeded with the key: a keyed 32-bit pre-hash. */
  #quick(word: string): number {
    let h = (0x811c9dc5 ^ this.#seed) >>> 0;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
}
