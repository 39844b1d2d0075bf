/**
 * Image bytes → 8-bit pixels for hashing, through sharp (libvips): EXIF orientation applied first
 * (hash what people see), the first frame of an animation, a pixel limit against decompression
 * bombs, then — as both reference tools do (`pdq/cpp/io/pdqio.cpp`, `pdq/python/…/pdq_hasher.py`:
 * "the two-pass Jarosz filter is prohibitively expensive for larger images") — an off-the-shelf
 * reduction to fit inside 512×512, keeping the aspect ratio and never enlarging.
 */
import sharp, { type Sharp } from 'sharp';

/** Default largest decoded image, pixels (width × height): 100 megapixels. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** Side of the square the image is reduced to fit in before the PDQ filter (pixels). */
export const INTERMEDIATE_DIM = 512;

/** Why an image could not be hashed: `image_too_large` (over the pixel limit) or `unsupported_image`. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
  constructor(
    readonly code: 'image_too_large' | 'unsupported_image',
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link decodeForHashing}. */
export interface DecodeOptions {
  /** Largest accepted input, pixels (default {@link DEFAULT_MAX_PIXELS}). */
  maxPixels?: number;
}

/** Decoded, oriented, reduced pixels: interleaved 8-bit, `channels` per pixel (1 grey, 3 sRGB). */
export interface DecodedPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * Decodes `input` (JPEG, PNG, WebP, GIF, TIFF, AVIF/HEIF as libvips supports) for hashing. Alpha is
 * dropped (the colour values are kept, as PIL's `convert("RGB")` does). Throws
 * {@link ImageDecodeError}; never returns partial pixels.
 */
export async function decodeForHashing(input: Buffer | Uint8Array, opts: DecodeOptions = {}): Promise<DecodedPixels> {
  if (input.length === 0) throw new ImageDecodeError('unsupported_image', 'Empty input');
  try {
    const image = () =>
      sharp(input, { limitInputPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS, failOn: 'error', pages: 1 })
        .autoOrient()
        .resize({ width: INTERMEDIATE_DIM, height: INTERMEDIATE_DIM, fit: 'inside', withoutEnlargement: true })
        .removeAlpha();
    const meta = await sharp(input, { limitInputPixels: opts.maxPixels ?? DEFAULT_MAX_PIXELS, pages: 1 }).metadata();
    if (meta.space === 'grey16') return await clippedGrey16(image());
    const { data, info } = await image().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw new ImageDecodeError('image_too_large', 'The image has more pixels than the limit');
    throw new ImageDecodeError('unsupported_image', 'The image could not be decoded');
  }
}

/**
 * 16-bit greyscale: values above 255 are clipped to 255, not scaled. This is what PIL's
 * `convert("RGB")` does to mode `I;16`, so hashes agree with lists made by python-threatexchange
 * and Hasher-Matcher-Actioner (their test `I16.png`: exact hash, quality 36).
 */
async function clippedGrey16(image: Sharp): Promise<DecodedPixels> {
  const { data, info } = await image.toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
  const words = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
  const n = info.width * info.height;
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) out[p] = Math.min(255, words[p * info.channels] as number);
  return { data: out, width: info.width, height: info.height, channels: 1 };
}
