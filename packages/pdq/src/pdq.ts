/**
 * Public hashing API: image bytes → PDQ hash and quality (optionally the eight dihedral hashes),
 * plus the same from raw pixels.
 */
import { decodeForHashing, type DecodeOptions } from './decode.ts';
import { dihedralFromCoefficients, lumaFromPixels, MIN_HASHABLE_DIM, pdqCoefficients, pdqFromLuma, type PdqDihedral, type PdqResult } from './pdq-core.ts';

/** Raw interleaved 8-bit pixels: `channels` per pixel (1–2 grey(+alpha), 3–4 RGB(+alpha)). */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** PDQ of raw pixels, hashed as given (no orientation, no resizing). Throws `RangeError` on a short buffer. */
export function pdqHashPixels(pixels: RawPixels): PdqResult {
  return pdqFromLuma(lumaFromPixels(pixels.data, pixels.width, pixels.height, pixels.channels), pixels.height, pixels.width);
}

/**
 * PDQ of an encoded image (`{ hash: 64 hex digits, quality: 0..100 }`): decoded with sharp under a
 * pixel limit, EXIF orientation applied, reduced to fit 512×512. Throws `ImageDecodeError`
 * (`unsupported_image`, `image_too_large`).
 */
export async function pdqHash(input: Buffer | Uint8Array, opts: DecodeOptions = {}): Promise<PdqResult> {
  return pdqHashPixels(await decodeForHashing(input, opts));
}

/** The eight dihedral hashes of raw pixels and the quality (all-zero hashes under 5 pixels a side). */
export function pdqDihedralPixels(pixels: RawPixels): PdqDihedral & { quality: number } {
  const luma = lumaFromPixels(pixels.data, pixels.width, pixels.height, pixels.channels);
  const c = pdqCoefficients(luma, pixels.height, pixels.width);
  if (!c) {
    const zero = '0'.repeat(64);
    return { original: zero, rotate90: zero, rotate180: zero, rotate270: zero, flipX: zero, flipY: zero, flipPlus1: zero, flipMinus1: zero, quality: 0 };
  }
  return { ...dihedralFromCoefficients(c.coefficients), quality: c.quality };
}

/** {@link pdqDihedralPixels} of an encoded image (decoded as {@link pdqHash} does). */
export async function pdqDihedral(input: Buffer | Uint8Array, opts: DecodeOptions = {}): Promise<PdqDihedral & { quality: number }> {
  return pdqDihedralPixels(await decodeForHashing(input, opts));
}

export { MIN_HASHABLE_DIM };
