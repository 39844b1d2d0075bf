/**
 * Blocked Bloom filter (Putze, Sanders, Singler 2007, "Cache-, hash- and space-efficient bloom
 * filters") over the fast keyed hashes of registered values: every probe of one candidate falls in
 * one 512-bit block (one 64-byte cache line), so a lookup costs at most one cache miss even when the
 * filter is megabytes large. A set bit pair means "maybe registered, compute the HMAC".
 *
 * Per value: block from its first hash, two bits from its second hash. Per multi-token value also a
 * "first token" marker bit (from the high bits of the first token's hash, in that token's block)
 * that tells the matcher to try n-grams starting there.
 * Size: the next power of two ≥ 32 bits per value, at least 2^16 bits.
 */

/** 32-bit words per 512-bit block. */
const BLOCK_WORDS = 16;

/** Filter size in 32-bit words for `n` values. */
export function bloomWordsFor(n: number): number {
  let bits = 1 << 16;
  while (bits < n * 32 && bits < 1 << 30) bits *= 2;
  return bits / 32;
}

function setBit(bloom: Uint32Array, blockMask: number, blockHash: number, bit: number): void {
  const w = ((blockHash & blockMask) * BLOCK_WORDS + (bit >>> 5)) | 0;
  bloom[w]! |= 1 << (bit & 31);
}

/**
 * Builds the filter.
 * @param fast1 first hash of each value (selects the block)
 * @param fast2 second hash of each value (selects two bits)
 * @param first first-token hash of each multi-token value, 0 for single-token values
 */
export function buildBloom(fast1: Uint32Array, fast2: Uint32Array, first: Uint32Array): Uint32Array {
  const bloom = new Uint32Array(bloomWordsFor(fast1.length));
  for (let i = 0; i < fast1.length; i++) addToBloom(bloom, fast1[i]!, fast2[i]!, first[i]!);
  return bloom;
}

/**
 * Sets the bits of one value in an existing filter (in place): its hash pair `(f1, f2)` and, when
 * `first` is not 0, its first-token marker. Used to add values without rebuilding the filter.
 */
export function addToBloom(bloom: Uint32Array, f1: number, f2: number, first: number): void {
  const blockMask = bloom.length / BLOCK_WORDS - 1;
  setBit(bloom, blockMask, f1, f2 & 511);
  setBit(bloom, blockMask, f1, (f2 >>> 9) & 511);
  if (first !== 0) setBit(bloom, blockMask, first, first >>> 23);
}

/** Are both bits of the value hash pair `(h1, h2)` set? */
export function bloomMaybe(bloom: Uint32Array, h1: number, h2: number): boolean {
  const base = (h1 & (bloom.length / BLOCK_WORDS - 1)) * BLOCK_WORDS;
  const b1 = h2 & 511;
  const b2 = (h2 >>> 9) & 511;
  return (bloom[base + (b1 >>> 5)]! & (1 << (b1 & 31))) !== 0 && (bloom[base + (b2 >>> 5)]! & (1 << (b2 & 31))) !== 0;
}

/** Is the first-token marker of token hash `h` set? */
export function bloomFirst(bloom: Uint32Array, h: number): boolean {
  const base = (h & (bloom.length / BLOCK_WORDS - 1)) * BLOCK_WORDS;
  const b = h >>> 23;
  return (bloom[base + (b >>> 5)]! & (1 << (b & 31))) !== 0;
}
