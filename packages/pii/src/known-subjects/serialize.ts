/**
 * Binary layout of a serialized known-subject index (all integers little-endian):
 * `"EKS1"` · u32 version (1) · u32 count · u32 reserved (0) · u32 subjectsBytes · 8-byte key check ·
 * u32[count] hi · u32[count] lo · u32[count] subject · u32[count] fast1 · u32[count] fast2 · u32[count] first · UTF-8
 * JSON array of subject ids. The prefilter bit sets are rebuilt on load. Typed arrays are written in
 * little-endian (the byte order of every platform Node.js 20 supports). Subject ids are the caller's opaque ids, not personal data values.
 */
import type { IndexArrays } from './index.ts';
import { buildBloom } from './bloom.ts';

const MAGIC = 0x31534b45; // "EKS1"
const HEADER = 28;
const COLS = 6;

/** Encodes `a` with the key check. */
export function encodeIndex(a: IndexArrays, check: Uint8Array): Uint8Array {
  const subjects = Buffer.from(JSON.stringify(a.subjects), 'utf8');
  const n = a.hi.length;
  const out = new Uint8Array(HEADER + 4 * COLS * n + subjects.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, 1, true);
  dv.setUint32(8, n, true);
  dv.setUint32(12, 0, true);
  dv.setUint32(16, subjects.length, true);
  out.set(check.subarray(0, 8), 20);
  let off = HEADER;
  for (const arr of [a.hi, a.lo, a.subject, a.fast1, a.fast2, a.first]) {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), off);
    off += arr.byteLength;
  }
  out.set(subjects, off);
  return out;
}

function corrupt(): Error {
  return new Error('known-subject index: wrong key or corrupt data');
}

/** Decodes bytes written by {@link encodeIndex}. @throws Error on bad magic, size or key check. */
export function decodeIndex(bytes: Uint8Array, check: Uint8Array): IndexArrays {
  if (bytes.length < HEADER) throw corrupt();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC || dv.getUint32(4, true) !== 1) throw corrupt();
  const n = dv.getUint32(8, true);
  const sBytes = dv.getUint32(16, true);
  if (bytes.length !== HEADER + 4 * COLS * n + sBytes) throw corrupt();
  if (!Buffer.from(bytes.subarray(20, 28)).equals(Buffer.from(check.subarray(0, 8)))) throw corrupt();
  const body = bytes.slice(HEADER, HEADER + 4 * COLS * n); // copy → aligned
  const u32 = new Uint32Array(body.buffer, body.byteOffset, COLS * n);
  let subjects: unknown;
  try {
    subjects = JSON.parse(Buffer.from(bytes.subarray(bytes.length - sBytes)).toString('utf8'));
  } catch {
    throw corrupt();
  }
  if (!Array.isArray(subjects) || !subjects.every((s) => typeof s === 'string')) throw corrupt();
  return {
    hi: u32.subarray(0, n),
    lo: u32.subarray(n, 2 * n),
    subject: u32.subarray(2 * n, 3 * n),
    fast1: u32.subarray(3 * n, 4 * n),
    fast2: u32.subarray(4 * n, 5 * n),
    first: u32.subarray(5 * n, 6 * n),
    bloom: buildBloom(u32.subarray(3 * n, 4 * n), u32.subarray(4 * n, 5 * n), u32.subarray(5 * n, 6 * n)),

    subjects: subjects as string[],
  };
}
