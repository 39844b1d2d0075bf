/**
 * PDQ from a luminance plane: downsample to 64×64 (Jarosz tent filter + decimation), quality from
 * the image-domain gradient sum, 16×16 DCT, one bit per coefficient above the median.
 *
 * Implemented from the published description — facebook/ThreatExchange `hashing/hashing.pdf`
 * ("PDQ") and `pdq/README.md`, with the constants named in `pdq/cpp/hashing/pdqhashing.cpp`
 * (read at commit baefb4ed67b6cdc1d4c82dbaef858d50866ac424, not copied): luma
 * Y = 0.299 R + 0.587 G + 0.114 B; images under 5 pixels on a side hash to all zeros with
 * quality 0; quality = min(100, ⌊Σ|⌊100·Δ/255⌋| / 90⌋) over the horizontal and vertical
 * neighbour differences Δ of the 64×64 downsample; median = the lower median of the 256
 * coefficients (128th smallest); a bit is set when its coefficient is strictly above it.
 */
import { dct64To16 } from './dct.ts';
import { pdqHexFromBits } from './hash256.ts';
import { decimate, jaroszFilter } from './jarosz.ts';

/** Smallest side (pixels) PDQ hashes; smaller images get the all-zero hash and quality 0. */
export const MIN_HASHABLE_DIM = 5;

/** A PDQ hash (64 hex digits) and its quality (integer 0..100; PDQ's advice: discard ≤ 49). */
export interface PdqResult {
  hash: string;
  quality: number;
}

/** The eight dihedral hashes of one image (rotations clockwise; flips about the axes and diagonals). */
export interface PdqDihedral {
  original: string;
  rotate90: string;
  rotate180: string;
  rotate270: string;
  flipX: string;
  flipY: string;
  flipPlus1: string;
  flipMinus1: string;
}

/** Luma from interleaved 8-bit pixels with `channels` per pixel (1–2: grey, 3–4: RGB; alpha ignored). */
export function lumaFromPixels(data: Uint8Array, width: number, height: number, channels: number): Float64Array {
  const n = width * height;
  if (data.length < n * channels) throw new RangeError('Pixel buffer is shorter than width × height × channels');
  const luma = new Float64Array(n);
  if (channels >= 3) {
    for (let p = 0, q = 0; p < n; p++, q += channels) {
      luma[p] = 0.299 * (data[q] as number) + 0.587 * (data[q + 1] as number) + 0.114 * (data[q + 2] as number);
    }
  } else {
    for (let p = 0, q = 0; p < n; p++, q += channels) luma[p] = data[q] as number;
  }
  return luma;
}

/** PDQ's quality metric of a 64×64 row-major downsample (integer 0..100). */
export function pdqQuality(block: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) sum += Math.abs(Math.trunc((((block[i * 64 + j] as number) - (block[(i + 1) * 64 + j] as number)) * 100) / 255));
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) sum += Math.abs(Math.trunc((((block[i * 64 + j] as number) - (block[i * 64 + j + 1] as number)) * 100) / 255));
  }
  return Math.min(100, Math.floor(sum / 90));
}

/** The lower median (128th smallest) of 256 values. */
function lowerMedian(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[127] as number;
}

/** The hash of a 16×16 coefficient block: bit k = row·16 + column set when above the median. */
export function bitsToHash(coefficients: Float64Array): string {
  const median = lowerMedian(coefficients);
  const bits: boolean[] = new Array<boolean>(256);
  for (let k = 0; k < 256; k++) bits[k] = (coefficients[k] as number) > median;
  return pdqHexFromBits(bits);
}

/**
 * The 16×16 DCT block and quality of a `rows`×`cols` luminance plane (row-major, modified in place),
 * or `undefined` when a side is under {@link MIN_HASHABLE_DIM}.
 */
export function pdqCoefficients(luma: Float64Array, rows: number, cols: number): { coefficients: Float64Array; quality: number } | undefined {
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) return undefined;
  if (luma.length < rows * cols) throw new RangeError('Luma plane is shorter than rows × cols');
  jaroszFilter(luma, new Float64Array(rows * cols), rows, cols);
  const block = decimate(luma, rows, cols);
  return { coefficients: dct64To16(block), quality: pdqQuality(block) };
}

const ZERO_HASH = '0'.repeat(64);

/** PDQ of a luminance plane (`rows`×`cols`, row-major, values 0..255; modified in place). */
export function pdqFromLuma(luma: Float64Array, rows: number, cols: number): PdqResult {
  const c = pdqCoefficients(luma, rows, cols);
  if (!c) return { hash: ZERO_HASH, quality: 0 };
  return { hash: bitsToHash(c.coefficients), quality: c.quality };
}

/**
 * Moves coefficient (i, j) of the original to its place in a transformed image: `transpose` swaps
 * the axes; `sign(i, j)` is −1 where a flip negates the basis function (odd frequency index u = i+1,
 * i.e. even i, along a flipped axis).
 */
function transform(a: Float64Array, transpose: boolean, sign: (i: number, j: number) => number): Float64Array {
  const b = new Float64Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) b[transpose ? j * 16 + i : i * 16 + j] = sign(i, j) * (a[i * 16 + j] as number);
  }
  return b;
}

const even = (n: number): number => (n % 2 === 0 ? -1 : 1);

/**
 * The eight dihedral hashes from one DCT (no re-hashing of rotated pixels): flipping an axis
 * negates the coefficients with an odd frequency along it; rotations and diagonal flips also
 * transpose (`hashing.pdf`, "dihedral invariance"; table in `pdqhashing.cpp`).
 */
export function dihedralFromCoefficients(a: Float64Array): PdqDihedral {
  return {
    original: bitsToHash(a),
    rotate90: bitsToHash(transform(a, true, (_i, j) => even(j))),
    rotate180: bitsToHash(transform(a, false, (i, j) => even(i) * even(j))),
    rotate270: bitsToHash(transform(a, true, (i) => even(i))),
    flipX: bitsToHash(transform(a, false, (i) => even(i))),
    flipY: bitsToHash(transform(a, false, (_i, j) => even(j))),
    flipPlus1: bitsToHash(transform(a, true, () => 1)),
    flipMinus1: bitsToHash(transform(a, true, (i, j) => even(i) * even(j))),
  };
}
