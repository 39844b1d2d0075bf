/**
 * The guard's conversation memory shared between nodes through Redis (`REDIS_URL`), so a name
 * learned from a message posted on node A ("Jane Doe") is recalled in that channel on node B ("jane").
 *
 * What Redis holds: per channel one sorted set `enclave:cm:<channel id>` whose members are
 * `<digest>:<pre-hash base36>:<P|L>` — the keyed HMAC digest and the masked 32-bit pre-hash of
 * `conversation-memory.ts` (`LearnedWord`), never a word — scored by the time learned; trimmed to the newest
 * `maxWords` members and expiring `ttlMs` after the last word learned. The HMAC key is derived from
 * the master key (`Kms.derive`), so every node computes the same digests and Redis alone
 * (without the master key) cannot be tested against a list of names.
 *
 * How nodes stay in step: each node keeps its in-process {@link ConversationMemories} (the
 * analyzer's `recall` is synchronous). A word learned is written to the sorted set and published
 * on `enclave:conversation-memory`; the other nodes add it to their copy of that channel if they
 * hold one. A node loads a channel's set once, on the first guarded message of that channel
 * (`prepare`, at most `timeoutMs`), and again after its subscription was interrupted. Erasure
 * deletes the set and tells every node to drop its copy (retried after a Redis outage).
 *
 * Faults: no Redis call is awaited on the post path except that one load per channel, bounded by
 * `timeoutMs`; writes are fire-and-forget. While Redis fails, loads are skipped for `retryMs` and
 * each node recalls what it learned itself (the memory of one process, as without Redis).
 */
import { randomBytes } from 'node:crypto';
import type { MemoryEntityType } from '@enclave/pii';
import type { Redis } from 'ioredis';
import { ConversationMemories, DEFAULT_MEMORY_WORDS, type ConversationMemoriesOptions, type LearnedWord } from './conversation-memory.ts';

/** Pub/sub channel of memory updates between nodes. */
export const MEMORY_CHANNEL = 'enclave:conversation-memory';
/** Prefix of the per-channel sorted sets. */
export const MEMORY_KEY_PREFIX = 'enclave:cm:';
/** Default life of a channel's shared memory after its last learned word, ms (24 h). */
export const DEFAULT_MEMORY_TTL_MS = 24 * 3_600_000;
/** Default bound of the one load per channel on the post path, ms. */
export const DEFAULT_MEMORY_TIMEOUT_MS = 50;

/** Options of {@link SharedConversationMemory}. */
export interface SharedMemoryOptions extends Pick<ConversationMemoriesOptions, 'maxWords' | 'maxChannels'> {
  /** Command connection; give it `enableOfflineQueue: false` so a dead Redis fails at once. */
  pub: Redis;
  /** A connection in subscribe mode (may be shared with other subscribers: messages are filtered by channel). */
  sub: Redis;
  /** The HMAC key, the same on every node (see the module comment); 32 bytes. */
  key: Buffer;
  /** ms, default {@link DEFAULT_MEMORY_TTL_MS}. */
  ttlMs?: number;
  /** Longest wait for a channel's load, ms, default {@link DEFAULT_MEMORY_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** After a failed Redis call, loads are skipped for this long, ms (default 1,000). */
  retryMs?: number;
  /** Told once per outage (no value, no word: the error message only). */
  onFault?: (err: unknown) => void;
}

interface Wire {
  n: string;
  c: string;
  m?: string;
  clear?: true;
}

const TYPE_CODE: Record<MemoryEntityType, string> = { PERSON: 'P', LOCATION: 'L' };

function encode(e: LearnedWord): string {
  return `${e.digest}:${e.quick.toString(36)}:${TYPE_CODE[e.type]}`;
}

function decode(member: string): LearnedWord | undefined {
  const [digest, quick, type] = member.split(':');
  const q = Number.parseInt(quick ?? '', 36);
  if (!digest || !Number.isInteger(q) || (type !== 'P' && type !== 'L')) return undefined;
  return { digest, quick: q, type: type === 'P' ? 'PERSON' : 'LOCATION' };
}

/** See the module comment. */
export class SharedConversationMemory {
  /** The in-process memories the guard's analyzer reads. */
  readonly memories: ConversationMemories;
  readonly #o: SharedMemoryOptions;
  readonly #node = randomBytes(8).toString('hex');
  /** Channels whose set was loaded since the subscription was last (re)established. */
  readonly #loaded = new Set<string>();
  readonly #loading = new Map<string, Promise<void>>();
  /** Channels whose erasure did not reach Redis yet. */
  readonly #pendingClears = new Set<string>();
  #downUntil = 0;
  #down = false;
  #closed = false;
  readonly #onMessage = (channel: string, message: string): void => {
    if (channel === MEMORY_CHANNEL) this.#receive(message);
  };
  readonly #onSubReady = (): void => {
    // updates published while the subscription was away are not replayed: reload on next use
    this.#loaded.clear();
    this.#retryClears();
  };

  constructor(opts: SharedMemoryOptions) {
    this.#o = opts;
    this.memories = new ConversationMemories({
      key: opts.key,
      ...(opts.maxWords !== undefined ? { maxWords: opts.maxWords } : {}),
      ...(opts.maxChannels !== undefined ? { maxChannels: opts.maxChannels } : {}),
      onLearn: (channelId, entry) => this.#learned(channelId, entry),
      onClear: (channelId) => this.#clear(channelId),
    });
  }

  /** Subscribes to the other nodes' updates. Rejects when Redis does not answer. */
  async start(): Promise<void> {
    this.#o.sub.on('message', this.#onMessage);
    this.#o.sub.on('ready', this.#onSubReady);
    await this.#o.sub.subscribe(MEMORY_CHANNEL);
  }

  /** Stops listening (the connections belong to the caller). */
  close(): void {
    this.#closed = true;
    this.#o.sub.off('message', this.#onMessage);
    this.#o.sub.off('ready', this.#onSubReady);
  }

  /**
   * Makes `channelId`'s memory current before the guard analyzes a message of it: `undefined`
   * (nothing to wait for) when it is loaded or Redis is failing, else a promise that settles within
   * `timeoutMs` and never rejects.
   */
  prepare(channelId: string): Promise<void> | undefined {
    if (this.#closed || (this.#loaded.has(channelId) && this.memories.has(channelId))) return undefined;
    if (Date.now() < this.#downUntil) return undefined;
    let p = this.#loading.get(channelId);
    if (!p) {
      p = this.#load(channelId).finally(() => this.#loading.delete(channelId));
      this.#loading.set(channelId, p);
    }
    return p;
  }

  async #load(channelId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#o.timeoutMs ?? DEFAULT_MEMORY_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const read = this.#o.pub.zrange(MEMORY_KEY_PREFIX + channelId, 0, -1);
      const got = await Promise.race([read, timeout]);
      if (got === 'timeout') {
        read.catch(() => undefined);
        throw new Error(`conversation memory: Redis did not answer within ${this.#o.timeoutMs ?? DEFAULT_MEMORY_TIMEOUT_MS} ms`);
      }
      const entries: LearnedWord[] = [];
      for (const m of got) {
        const e = decode(m);
        if (e) entries.push(e);
      }
      this.memories.learnDigests(channelId, entries);
      this.#loaded.add(channelId);
      this.#up();
    } catch (err) {
      this.#fault(err);
    } finally {
      clearTimeout(timer);
    }
  }

  #learned(channelId: string, entry: LearnedWord): void {
    if (this.#closed) return;
    const key = MEMORY_KEY_PREFIX + channelId;
    const member = encode(entry);
    const wire: Wire = { n: this.#node, c: channelId, m: member };
    this.#o.pub
      .multi()
      .zadd(key, Date.now(), member)
      .zremrangebyrank(key, 0, -((this.#o.maxWords ?? DEFAULT_MEMORY_WORDS) + 1))
      .pexpire(key, this.#o.ttlMs ?? DEFAULT_MEMORY_TTL_MS)
      .publish(MEMORY_CHANNEL, JSON.stringify(wire))
      .exec()
      .then(() => this.#up(), (err: unknown) => this.#fault(err));
  }

  #clear(channelId: string): void {
    this.#loaded.delete(channelId);
    this.#pendingClears.add(channelId);
    this.#retryClears();
  }

  #retryClears(): void {
    for (const channelId of this.#pendingClears) {
      const wire: Wire = { n: this.#node, c: channelId, clear: true };
      this.#o.pub
        .multi()
        .del(MEMORY_KEY_PREFIX + channelId)
        .publish(MEMORY_CHANNEL, JSON.stringify(wire))
        .exec()
        .then(
          () => this.#pendingClears.delete(channelId),
          (err: unknown) => this.#fault(err),
        );
    }
  }

  #receive(message: string): void {
    let w: Partial<Wire>;
    try {
      w = JSON.parse(message) as Partial<Wire>;
    } catch {
      return;
    }
    if (w.n === this.#node || typeof w.c !== 'string') return;
    if (w.clear === true) {
      this.memories.forget(w.c);
      this.#loaded.delete(w.c);
      return;
    }
    const e = typeof w.m === 'string' ? decode(w.m) : undefined;
    // a channel this node does not hold loads the whole set on first use
    if (e && this.memories.has(w.c)) this.memories.learnDigests(w.c, [e]);
  }

  #up(): void {
    this.#down = false;
  }

  #fault(err: unknown): void {
    this.#downUntil = Date.now() + (this.#o.retryMs ?? 1000);
    if (!this.#down) this.#o.onFault?.(err);
    this.#down = true;
  }
}
