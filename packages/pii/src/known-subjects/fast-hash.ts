/**
 * A fast keyed 32-bit hash over UTF-16 code units (FNV-1a style multiply/xor with a secret seed and a
 * murmur3 finalizer) used only as a prefilter before the HMAC fingerprint: it decides which candidate
 * windows are worth an HMAC. Not a security primitive; the seed comes from the index key.
 */

/** Starts a hash with `seed`. */
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

/** Hash of one token (a string without spaces). */
export function hashToken(seed: number, s: string): number {
  let h = hashStart(seed);
  for (let i = 0; i < s.length; i++) h = hashUnit(h, s.charCodeAt(i));
  return hashFinish(h);
}

/** Extends an n-gram hash `g` with the next token's hash `th`. */
export function hashCombine(g: number, th: number): number {
  return hashFinish((Math.imul(g, 0x9e3779b1) ^ th) >>> 0);
}

/** Hash of a canonical key: tokens split on single spaces, hashed and combined left to right. */
export function hashKey(seed: number, key: string): number {
  const parts = key.split(' ');
  let g = hashToken(seed, parts[0] ?? '');
  for (let i = 1; i < parts.length; i++) g = hashCombine(g, hashToken(seed, parts[i] ?? ''));
  return g;
}
