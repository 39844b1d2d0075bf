/**
 * 256-bit PDQ hashes as text and as bits, and the Hamming distance between two of them.
 *
 * Layout (ThreatExchange `pdq/cpp/common/pdqhashtypes.{h,cpp}`, read 2026-12 at commit
 * baefb4ed67b6cdc1d4c82dbaef858d50866ac424): bit `k` of the hash (k = row·16 + column of the
 * 16×16 DCT block) is bit `k & 15` of 16-bit word `k >> 4`; the text form is the 16 words printed
 * as 4 lowercase hex digits each, word 15 first and word 0 last (64 hex digits).
 */

/** A PDQ hash's text form: exactly 64 hex digits. */
export const PDQ_HEX_PATTERN = /^[0-9a-fA-F]{64}$/;

/** True when `value` is 64 hex digits (either case). */
export function isPdqHex(value: string): boolean {
  return PDQ_HEX_PATTERN.test(value);
}

/**
 * The 16 words of a hash from its 64-hex-digit text (word 0 = DCT row 0 = the last 4 digits).
 * Throws `TypeError` when `hex` is not 64 hex digits.
 */
export function pdqWordsFromHex(hex: string): Uint16Array {
  if (!isPdqHex(hex)) throw new TypeError('A PDQ hash is 64 hex digits');
  const words = new Uint16Array(16);
  for (let w = 0; w < 16; w++) {
    const at = (15 - w) * 4;
    words[w] = Number.parseInt(hex.slice(at, at + 4), 16);
  }
  return words;
}

/** The 64-hex-digit text of 16 words (word 15 first), lowercase. */
export function pdqHexFromWords(words: Uint16Array): string {
  let out = '';
  for (let w = 15; w >= 0; w--) out += (words[w] ?? 0).toString(16).padStart(4, '0');
  return out;
}

/** The hash whose set bits are the `true` entries of `bits` (256 booleans, index k = row·16 + column). */
export function pdqHexFromBits(bits: ArrayLike<boolean>): string {
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (bits[k]) words[k >> 4] = (words[k >> 4] ?? 0) | (1 << (k & 15));
  return pdqHexFromWords(words);
}

/** Number of set bits of a 32-bit integer (SWAR bit count). */
export function popcount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

const HEX_PATTERN = /^[0-9a-fA-F]*$/;

/**
 * Hamming distance (number of differing bits) between two hashes given as hex text of the same
 * length — PDQ (64 digits, 0..256), MD5 (32) or any other even length. Throws `TypeError` when
 * either is not hex or the lengths differ.
 */
export function hamming(a: string, b: string): number {
  if (a.length !== b.length || !HEX_PATTERN.test(a) || !HEX_PATTERN.test(b)) {
    throw new TypeError('hamming() takes two hex strings of the same length');
  }
  let distance = 0;
  for (let at = 0; at < a.length; at += 8) {
    const x = Number.parseInt(a.slice(at, at + 8), 16) ^ Number.parseInt(b.slice(at, at + 8), 16);
    distance += popcount32(x);
  }
  return distance;
}
