/**
 * The PERSON model file: binary, little-endian, read with `fs` from this package's folder.
 *
 * Layout (byte offsets):
 * - 0: magic `EPM3` (4 bytes ASCII; `EPM2` was the PERSON-only O/B/I model)
 * - 4: u32 weight-table bits `b` (the table has 2^b rows of {@link N_TAGS} weights)
 * - 8: u32 lexicon bucket bits `k`; 12: u32 lexicon size `n`
 * - 16: f32 score scale (typical margin of a correct name, used to map margins to 0..1)
 * - 20: f32 weight quantum `q` (a stored int16 `w` means the weight `w × q`)
 * - 24: u32[2^k + 1] lexicon bucket offsets, u32[n] keys, u16[n] flags (padded to 4 bytes)
 * - then i16[2^b × N_TAGS] weights (row = feature hash & (2^b − 1), column = tag O, B-PER, I-PER,
 *   B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC)
 *
 * The file holds only numbers: 32-bit word hashes, flags and weights; no word or feature string.
 */
import { readFileSync } from 'node:fs';
import { Lexicon } from './lexicon.ts';
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

const MAGIC = 0x334d5045; // "EPM3" little-endian
const HEADER = 24;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Quantizes float weights to int16 with one shared step. */
export function quantize(w: ArrayLike<number>): { weights: Int16Array; quantum: number } {
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
  const quantum = max > 0 ? max / 32767 : 1;
  const weights = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) weights[i] = Math.round(w[i]! / quantum);
  return { weights, quantum };
}

/** Serializes a model to the binary layout above. */
export function encodeModel(m: PersonModel): Uint8Array {
  const lex = m.lexicon;
  const n = lex.keys.length;
  const lexBytes = lex.offsets.length * 4 + n * 4 + ((n * 2 + 3) & ~3);
  const total = HEADER + lexBytes + m.weights.length * 2;
  const buf = new ArrayBuffer(total);
  const dv = new DataView(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, m.weightBits, true);
  dv.setUint32(8, lex.bucketBits, true);
  dv.setUint32(12, n, true);
  dv.setFloat32(16, m.scale, true);
  dv.setFloat32(20, m.quantum, true);
  let o = HEADER;
  for (let i = 0; i < lex.offsets.length; i++, o += 4) dv.setUint32(o, lex.offsets[i]!, true);
  for (let i = 0; i < n; i++, o += 4) dv.setUint32(o, lex.keys[i]!, true);
  for (let i = 0; i < n; i++, o += 2) dv.setUint16(o, lex.flags[i]!, true);
  o = HEADER + lexBytes;
  for (let i = 0; i < m.weights.length; i++, o += 2) dv.setInt16(o, m.weights[i]!, true);
  return new Uint8Array(buf);
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
  const bucketBits = dv.getUint32(8, true);
  const n = dv.getUint32(12, true);
  const scale = dv.getFloat32(16, true);
  const quantum = dv.getFloat32(20, true);
  if (weightBits < 8 || weightBits > 24 || bucketBits < 1 || bucketBits > 24 || !(scale > 0) || !(quantum > 0)) {
    throw new Error('person model: bad header');
  }
  const nOff = (1 << bucketBits) + 1;
  const lexBytes = nOff * 4 + n * 4 + ((n * 2 + 3) & ~3);
  const nWeights = (1 << weightBits) * N_TAGS;
  if (bytes.length !== HEADER + lexBytes + nWeights * 2) throw new Error('person model: bad length');
  const offsets = new Uint32Array(nOff);
  const keys = new Uint32Array(n);
  const flags = new Uint16Array(n);
  const weights = new Int16Array(nWeights);
  const wOff = HEADER + lexBytes;
  if (LITTLE_ENDIAN) {
    // copy the byte ranges straight into the typed arrays (the file is little-endian)
    const at = (o: number, len: number): Uint8Array => bytes.subarray(o, o + len);
    new Uint8Array(offsets.buffer).set(at(HEADER, nOff * 4));
    new Uint8Array(keys.buffer).set(at(HEADER + nOff * 4, n * 4));
    new Uint8Array(flags.buffer).set(at(HEADER + nOff * 4 + n * 4, n * 2));
    new Uint8Array(weights.buffer).set(at(wOff, nWeights * 2));
  } else {
    let o = HEADER;
    for (let i = 0; i < nOff; i++, o += 4) offsets[i] = dv.getUint32(o, true);
    for (let i = 0; i < n; i++, o += 4) keys[i] = dv.getUint32(o, true);
    for (let i = 0; i < n; i++, o += 2) flags[i] = dv.getUint16(o, true);
    o = wOff;
    for (let i = 0; i < nWeights; i++, o += 2) weights[i] = dv.getInt16(o, true);
  }
  const lexicon = new Lexicon(bucketBits, offsets, keys, flags);
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
