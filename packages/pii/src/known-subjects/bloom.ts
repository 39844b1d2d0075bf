/**
 * Two-probe Bloom filter (Bloom 1970) over the fast keyed hashes of registered values: a set bit
 * pair means "maybe registered, compute the HMAC"; a clear bit means "certainly not". Size: the next
 * power of two ≥ 32 bits per value (at least 2^16 bits), ≈ 0.4 % false positives per lookup.
 */

/** Prefilter size in 32-bit words for `n` values. */
export function bloomWordsFor(n: number): number {
  let bits = 1 << 16;
  while (bits < n * 32 && bits < 1 << 30) bits *= 2;
  return bits / 32;
}

/** Builds the filter from the two fast hashes of each value. */
export function buildBloom(fast1: Uint32Array, fast2: Uint32Array): Uint32Array {
  const bloom = new Uint32Array(bloomWordsFor(fast1.length));
  const mask = bloom.length * 32 - 1;
  for (let i = 0; i < fast1.length; i++) {
    const b1 = fast1[i]! & mask;
    const b2 = fast2[i]! & mask;
    bloom[b1 >>> 5]! |= 1 << (b1 & 31);
    bloom[b2 >>> 5]! |= 1 << (b2 & 31);
  }
  return bloom;
}

/** Builds a one-probe filter of the non-zero hashes in `first` (same size rule). */
export function buildFirstBloom(first: Uint32Array): Uint32Array {
  const bloom = new Uint32Array(bloomWordsFor(first.length));
  const mask = bloom.length * 32 - 1;
  for (let i = 0; i < first.length; i++) {
    const h = first[i]!;
    if (h === 0) continue;
    const b = h & mask;
    bloom[b >>> 5]! |= 1 << (b & 31);
  }
  return bloom;
}

/** Is the bit of `h` set? */
export function bloomHas(bloom: Uint32Array, h: number): boolean {
  const b = h & (bloom.length * 32 - 1);
  return (bloom[b >>> 5]! & (1 << (b & 31))) !== 0;
}

/** Are both probe bits of `(h1, h2)` set? */
export function bloomMaybe(bloom: Uint32Array, h1: number, h2: number): boolean {
  const mask = bloom.length * 32 - 1;
  const b1 = h1 & mask;
  const b2 = h2 & mask;
  return (bloom[b1 >>> 5]! & (1 << (b1 & 31))) !== 0 && (bloom[b2 >>> 5]! & (1 << (b2 & 31))) !== 0;
}
