/**
 * The shipped city gazetteer `cities.bin` (built by `build.ts` from GeoNames cities with at least
 * 15,000 inhabitants): magic `ECT1`, u32 count `n`, then u32[n] sorted lower-case name hashes
 * (`hashLower` of `person/tokenizer.ts`, the whole name including its spaces). Little-endian.
 * A lookup is one binary search (≈ 15 probes).
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

let cached: Uint32Array | undefined;

/** True when `name` (any casing, words separated by single spaces) is a listed city. */
export function isCity(name: string): boolean {
  cached ??= decodeCities(readFileSync(CITIES_URL));
  const h = hashLower(name);
  let lo = 0;
  let hi = cached.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = cached[mid]!;
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
