/**
 * A bounded LRU of analyzer results keyed by a keyed hash of the text (HMAC-SHA256 under a key
 * that lives as long as the cache): chat history repeats itself (bot posts, stock phrases), and the
 * same text needs analyzing once per run. Holds findings (types and offsets), never a text.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Finding } from '@enclave/pii';

/** Default number of texts remembered. */
export const FINDINGS_CACHE_SIZE = 20_000;

/** See the module comment. */
export class FindingsCache {
  readonly #key = randomBytes(32);
  readonly #map = new Map<string, readonly Finding[]>();
  #owner: unknown;
  hits = 0;
  misses = 0;

  /** `max`: entries kept (oldest used out first), at least 1. */
  constructor(readonly max = FINDINGS_CACHE_SIZE) {
    if (!(max >= 1)) throw new RangeError('max must be at least 1');
  }

  /**
   * The findings of `text`: cached, or `analyze(text)` remembered. `owner` is what the findings
   * depend on besides the text (e.g. the known-subject index): when it changes the cache empties.
   * Returns a fresh array (callers may sort or filter it).
   */
  get(text: string, analyze: (text: string) => Finding[], owner?: unknown): Finding[] {
    if (owner !== this.#owner) {
      this.#map.clear();
      this.#owner = owner;
    }
    const k = createHmac('sha256', this.#key).update(text).digest('base64url');
    const hit = this.#map.get(k);
    if (hit) {
      this.hits++;
      this.#map.delete(k);
      this.#map.set(k, hit);
      return [...hit];
    }
    this.misses++;
    const found = analyze(text);
    this.#map.set(k, found);
    if (this.#map.size > this.max) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
    return [...found];
  }

  /** Texts remembered now. */
  get size(): number {
    return this.#map.size;
  }
}
