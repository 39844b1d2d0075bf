/**
 * A fast keyed 32-bit hash over sampled UTF-16 code units (FNV-1a multiply/xor,
 * http://www.isthe.com/chongo/tech/comp/fnv/, started from a secret seed, with the murmur3 `fmix32`
 * finalizer) used only as a Bloom prefilter
 * before the HMAC fingerprint: it decides which candidate windows are worth an HMAC. Not a security
 * primitive; the seeds come from the index key. The second probe hash is derived from the first
 * with a second seed, so each token is hashed in one pass.
 */

/** FNV-1a offset basis mixed with a seed. */
export function hashStart(seed: number): number {
  return (seed ^ 0x811c9dc5) >>> 0;
}

/** Feeds one code unit. */
export function hashUnit(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193) >>> 0;
}

/** Final avalanche (murmur3 fmix32). */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Second probe hash of a token from its first hash. */
export function secondHash(th1: number, seed2: number): number {
  return hashFinish((th1 ^ seed2) >>> 0);
}

/** Code units sampled from each end of a token by {@link hashToken}. */
export const SAMPLE = 4;

/**
 * First hash of one token (a string without spaces, already lower-cased): its length and its first
 * and last {@link SAMPLE} code units, so the matcher hashes a token in O(1) whatever its length
 * (the HMAC behind the prefilter still checks the whole value).
 */
export function hashToken(seed: number, s: string): number {
  const n = s.length;
  let h = hashUnit(hashStart(seed), n);
  const k = n < SAMPLE ? n : SAMPLE;
  for (let i = 0; i < k; i++) h = hashUnit(h, s.charCodeAt(i));
  for (let i = n - k; i < n; i++) h = hashUnit(h, s.charCodeAt(i));
  return hashFinish(h);
}

/** Extends an n-gram hash `g` with the next token's hash `th`. */
export function hashCombine(g: number, th: number): number {
  return hashFinish((Math.imul(g, 0x9e3779b1) ^ th) >>> 0);
}

/** Both probe hashes of a canonical key (tokens split on single spaces, combined left to right). */
export function hashKey(seed1: number, seed2: number, key: string): [number, number] {
  const parts = key.split(' ');
  let g1 = 0;
  let g2 = 0;
  for (let i = 0; i < parts.length; i++) {
    const t1 = hashToken(seed1, parts[i] ?? '');
    const t2 = secondHash(t1, seed2);
    g1 = i === 0 ? t1 : hashCombine(g1, t1);
    g2 = i === 0 ? t2 : hashCombine(g2, t2);
  }
  return [g1, g2];
}
