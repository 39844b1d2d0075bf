/**
 * The PERSON model file: binary, little-endian, read with `fs` from this package's folder.
 *
 * Layout (byte offsets):
 * - 0: magic `EPM4` (4 bytes ASCII; `EPM3` had 32-bit lexicon keys, `EPM2` was the PERSON-only model)
 * - 4: u32 weight-table bits `b` (the table has 2^b rows of {@link N_TAGS} weights)
 * - 8: u32 lexicon size `n`; 12: u32 palette size `p` (≤ 256 distinct flag sets)
 * - 16: f32 score scale (typical margin of a correct name, used to map margins to 0..1)
 * - 20: f32 weight quantum `q` (a stored int16 `w` means the weight `w × q`)
 * - 24: u16[p] flag palette (padded to 4 bytes), u8[2^15] lexicon bucket sizes, u16[n] fingerprints,
 *   u8[n] palette indexes (padded to 4 bytes) — see `lexicon.ts`
 * - then i16[2^b × N_TAGS] weights (row = feature hash & (2^b − 1), column = tag O, B-PER, I-PER,
 *   B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC)
 *
 * The file holds only numbers: parts of 32-bit word hashes, flags and weights; no word or feature string.
 */
import { readFileSync } from 'node:fs';
import { BUCKET_BITS, Lexicon } from './lexicon.ts';
import { N_TAGS } from './features.ts';

/** A loaded model. */
export interface PersonModel {
  /** log2 of the number of weight rows. */
  readonly weightBits: number;
  /** `2^weightBits × N_TAGS` quantized weights, row-major; real weight = value × quantum. */
  readonly weights: Int16Array;
  readonly quantum: number;
  readonly lexicon: Lexicon;
  /** Typical margin of a correct name (> 0), in real-weight units. */
  readonly scale: number;
}

const MAGIC = 0x344d5045; // "EPM4" little-endian
const HEADER = 24;
const N_BUCKETS = 1 << BUCKET_BITS;
const pad4 = (x: number): number => (x + 3) & ~3;

/** Quantizes float weights to int16 with one shared step. */
export function quantize(w: ArrayLike<number>): { weights: Int16Array; quantum: number } {
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
  const quantum = max > 0 ? max / 32767 : 1;
  const weights = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) weights[i] = Math.round(w[i]! / quantum);
  return { weights, quantum };
}

/** Byte length of the lexicon part for `n` entries and `p` palette entries. */
function lexiconBytes(n: number, p: number): number {
  return pad4(p * 2) + N_BUCKETS + n * 2 + pad4(n);
}

/** Serializes a model to the binary layout above. */
export function encodeModel(m: PersonModel): Uint8Array {
  const lex = m.lexicon;
  const n = lex.size;
  const p = lex.palette.length;
  const lexBytes = lexiconBytes(n, p);
  const total = HEADER + lexBytes + m.weights.length * 2;
  const buf = new ArrayBuffer(total);
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, m.weightBits, true);
  dv.setUint32(8, n, true);
  dv.setUint32(12, p, true);
  dv.setFloat32(16, m.scale, true);
  dv.setFloat32(20, m.quantum, true);
  let o = HEADER;
  for (let i = 0; i < p; i++, o += 2) dv.setUint16(o, lex.palette[i]!, true);
  o = HEADER + pad4(p * 2);
  u8.set(lex.bucketSizes(), o);
  o += N_BUCKETS;
  for (let i = 0; i < n; i++, o += 2) dv.setUint16(o, lex.fps[i]!, true);
  u8.set(lex.codes, o);
  o = HEADER + lexBytes;
  for (let i = 0; i < m.weights.length; i++, o += 2) dv.setInt16(o, m.weights[i]!, true);
  return u8;
}

/**
 * Parses a model file.
 * @throws Error `person model: …` when the magic, sizes or length do not match.
 */
export function decodeModel(bytes: Uint8Array): PersonModel {
  if (bytes.length < HEADER) throw new Error('person model: file too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new Error('person model: bad magic');
  const weightBits = dv.getUint32(4, true);
  const n = dv.getUint32(8, true);
  const p = dv.getUint32(12, true);
  const scale = dv.getFloat32(16, true);
  const quantum = dv.getFloat32(20, true);
  if (weightBits < 8 || weightBits > 24 || n > 1 << 24 || p > 256 || !(scale > 0) || !(quantum > 0)) {
    throw new Error('person model: bad header');
  }
  const lexBytes = lexiconBytes(n, p);
  const nWeights = (1 << weightBits) * N_TAGS;
  if (bytes.length !== HEADER + lexBytes + nWeights * 2) throw new Error('person model: bad length');
  const palette = new Uint16Array(p);
  let o = HEADER;
  for (let i = 0; i < p; i++, o += 2) palette[i] = dv.getUint16(o, true);
  o = HEADER + pad4(p * 2);
  const sizes = bytes.slice(o, o + N_BUCKETS);
  o += N_BUCKETS;
  const fps = new Uint16Array(n);
  for (let i = 0; i < n; i++, o += 2) fps[i] = dv.getUint16(o, true);
  const codes = bytes.slice(o, o + n);
  const weights = new Int16Array(nWeights);
  o = HEADER + lexBytes;
  for (let i = 0; i < nWeights; i++, o += 2) weights[i] = dv.getInt16(o, true);
  let lexicon: Lexicon;
  try {
    lexicon = Lexicon.fromBucketSizes(sizes, fps, codes, palette);
  } catch (e) {
    throw new Error(`person model: ${(e as Error).message}`);
  }
  return { weightBits, weights, quantum, lexicon, scale };
}

/** URL of the shipped model file. */
export const DEFAULT_MODEL_URL = new URL('./model/person.bin', import.meta.url);

let cached: PersonModel | undefined;

/**
 * The shipped model, read once from `./model/person.bin` beside this file.
 * @throws Error when the file is missing or malformed (run `npm run train`).
 */
export function defaultModel(): PersonModel {
  if (!cached) cached = decodeModel(readFileSync(DEFAULT_MODEL_URL));
  return cached;
}
