/**
 * The shipped city gazetteer `cities.bin` (built by `build.ts` from GeoNames cities with at least
 * 15,000 inhabitants): magic `ECT1`, u32 count `n`, then u32[n] sorted lower-case name hashes
 * (`hashLower` of `person/tokenizer.ts`, the whole name including its spaces). Little-endian.
 * A lookup is one binary search (≈ 15 probes). The region, region-code and joined-name files below
 * use the same layout.
 */
import { readFileSync } from 'node:fs';
import { hashLower } from '../person/tokenizer.ts';

/** URL of the shipped gazetteer file. */
export const CITIES_URL = new URL('./cities.bin', import.meta.url);
const MAGIC = 0x31544345; // "ECT1"

/** Serializes hashes to the layout above (sorted, unique). */
export function encodeCities(hashes: readonly number[]): Uint8Array {
  const sorted = [...new Set(hashes.map((h) => h >>> 0))].sort((a, b) => a - b);
  const buf = new ArrayBuffer(8 + sorted.length * 4);
  const dv = new DataView(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, sorted.length, true);
  sorted.forEach((h, i) => dv.setUint32(8 + i * 4, h, true));
  return new Uint8Array(buf);
}

/**
 * Parses a gazetteer file.
 * @throws Error `cities: …` when the magic or length do not match
 */
export function decodeCities(bytes: Uint8Array): Uint32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || dv.getUint32(0, true) !== MAGIC) throw new Error('cities: bad magic');
  const n = dv.getUint32(4, true);
  if (bytes.length !== 8 + n * 4) throw new Error('cities: bad length');
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = dv.getUint32(8 + i * 4, true);
  return out;
}

/** URL of the shipped region set (states, provinces, counties; same layout). */
export const REGIONS_URL = new URL('./regions.bin', import.meta.url);
/** URL of the shipped state/province postal codes (`TX`, `ON`, `NSW`; same layout). */
export const REGION_CODES_URL = new URL('./region-codes.bin', import.meta.url);
/** URL of the multi-word place names written without spaces, for hashtags (`newyork`; same layout). */
export const JOINED_URL = new URL('./joined.bin', import.meta.url);

/** A lazily loaded hash set in the layout above. */
class HashFile {
  #hashes: Uint32Array | undefined;
  constructor(readonly url: URL) {}

  /** True when the lower-case hash of `name` is in the file (loaded on first use). */
  has(name: string): boolean {
    return this.hasHash(hashLower(name));
  }

  /** True when hash `h` (`hashLower` of a name) is in the file. */
  hasHash(h: number): boolean {
    const hashes = (this.#hashes ??= decodeCities(readFileSync(this.url)));
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = hashes[mid]!;
      if (v === h) return true;
      if (v < h) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}

const CITIES = new HashFile(CITIES_URL);
const REGIONS = new HashFile(REGIONS_URL);
const REGION_CODES = new HashFile(REGION_CODES_URL);
const JOINED = new HashFile(JOINED_URL);

/** True when `name` (any casing, words separated by single spaces) is a listed city. */
export function isCity(name: string): boolean {
  return CITIES.has(name);
}

/**
 * Kind of a listed city or region by its `hashLower` hash (one hash for both files): `'city'`,
 * `'region'` or `undefined`.
 */
export function cityOrRegion(h: number): 'city' | 'region' | undefined {
  return CITIES.hasHash(h) ? 'city' : REGIONS.hasHash(h) ? 'region' : undefined;
}

/** True when `name` (any casing, words separated by single spaces) is a listed region (state, province, county). */
export function isRegion(name: string): boolean {
  return REGIONS.has(name);
}

/** True when `code` (any casing) is a listed state or province postal code. */
export function isRegionCode(code: string): boolean {
  return REGION_CODES.has(code);
}

/** True when `word` (any casing) is a listed multi-word place name written without spaces ("newyork"). */
export function isJoinedPlace(word: string): boolean {
  return JOINED.has(word);
}
