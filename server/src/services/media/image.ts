/**
 * Image steps with sharp (libvips): header check with a pixel limit, decode → EXIF orientation
 * applied → re-encode (which drops EXIF, XMP, IPTC and ICC metadata), blurred and greyscale renderings.
 */
import sharp, { type Metadata, type OverlayOptions } from 'sharp';
import { AppError } from '../../errors.ts';
import type { FaceBox, RgbImage } from './faces.ts';
import { ALLOWED_TYPES } from './sniff.ts';

/** A processing failure that retrying cannot fix (the bytes are bad): the file ends `blocked`. */
export class PermanentMediaError extends Error {
  override name = 'PermanentMediaError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An image as served: bytes, type, displayed size in pixels. */
export interface Rendered {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
}

/**
 * Reads the header only: width × height (pixels) must be at most `maxPixels`. Throws `AppError` 422
 * `invalid_image` (unreadable header) or 422 `image_too_large` (a decompression bomb).
 */
export async function checkHeader(bytes: Buffer, maxPixels: number): Promise<{ width: number; height: number; pages: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError(422, 'invalid_image', 'The image could not be read (corrupt or truncated)');
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new AppError(422, 'invalid_image', 'The image could not be read (corrupt or truncated)');
  if (width * height > maxPixels) throw new AppError(422, 'image_too_large', `The image has more than ${maxPixels} pixels`, { maxPixels });
  return { width, height, pages: meta.pages ?? 1 };
}

/**
 * Decodes the first frame (pixel limit enforced again by libvips), applies the EXIF orientation
 * and re-encodes to the served type: no metadata survives. Throws {@link PermanentMediaError}
 * `invalid_image` for truncated or corrupt data.
 */
export async function renderClean(bytes: Buffer, mime: string, maxPixels: number): Promise<Rendered> {
  const out = ALLOWED_TYPES[mime];
  if (!out) throw new PermanentMediaError('unsupported_file_type', 'type not allowed');
  try {
    const img = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', pages: 1, animated: false }).rotate();
    const encoded = out === 'image/jpeg' ? img.jpeg({ quality: 88, mozjpeg: false }) : out === 'image/webp' ? img.webp({ quality: 88 }) : img.png({ compressionLevel: 6 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { data, mime: out, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof PermanentMediaError) throw err;
    throw new PermanentMediaError('invalid_image', 'the image could not be decoded');
  }
}

/** A strongly blurred copy (sigma scaled to the image size, so text is unreadable), same type. */
export async function renderBlurred(clean: Rendered): Promise<Rendered> {
  const sigma = Math.max(12, Math.round(Math.max(clean.width, clean.height) / 40));
  const img = sharp(clean.data).blur(sigma);
  const data = await (clean.mime === 'image/jpeg' ? img.jpeg({ quality: 70 }) : clean.mime === 'image/webp' ? img.webp({ quality: 70 }) : img.png()).toBuffer();
  return { ...clean, data };
}

/** A review rendering of a quarantined original: oriented, at most 1024 px, greyscale and blurred unless `clear`. JPEG. */
export async function renderForReview(bytes: Buffer, maxPixels: number, opts: { clear: boolean }): Promise<Buffer> {
  let img = sharp(bytes, { limitInputPixels: maxPixels, pages: 1, animated: false }).rotate().resize(1024, 1024, { fit: 'inside', withoutEnlargement: true });
  if (!opts.clear) img = img.greyscale().blur(16).toColourspace('b-w');
  return img.jpeg({ quality: 80 }).toBuffer();
}

/** A greyscale PNG of at most 2,000 px a side for OCR. */
export async function renderForOcr(clean: Rendered): Promise<Buffer> {
  return sharp(clean.data).resize(2000, 2000, { fit: 'inside', withoutEnlargement: true }).greyscale().png().toBuffer();
}

/** Longest side (px) of the image given to the face detector (BlazeFace itself looks at 256 × 256). */
export const FACE_INPUT_MAX_SIDE = 1024;

/** Raw RGB of the served image, at most {@link FACE_INPUT_MAX_SIDE} px a side, and its scale (clean px per analysed px). */
export async function renderForFaces(clean: Rendered): Promise<{ image: RgbImage; scale: number }> {
  const { data, info } = await sharp(clean.data)
    .resize(FACE_INPUT_MAX_SIDE, FACE_INPUT_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { image: { data, width: info.width, height: info.height }, scale: clean.width / info.width };
}

/** A face box grown by `pad` of its larger side on every side and clipped to the image; integer pixels, or null if nothing is left. */
export function paddedBox(box: FaceBox, width: number, height: number, pad = 0.2): { left: number; top: number; width: number; height: number } | null {
  const grow = Math.max(box.width, box.height) * pad;
  const left = Math.max(0, Math.floor(box.x - grow));
  const top = Math.max(0, Math.floor(box.y - grow));
  const right = Math.min(width, Math.ceil(box.x + box.width + grow));
  const bottom = Math.min(height, Math.ceil(box.y + box.height + grow));
  if (right - left < 1 || bottom - top < 1) return null;
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * A copy with every face region (boxes in pixels of `clean`, padded 20 %) pixelated to about 8
 * blocks across and then blurred, so no facial feature survives; the rest is untouched. Same type.
 */
export async function renderFacesBlurred(clean: Rendered, faces: readonly FaceBox[]): Promise<Rendered> {
  const layers: OverlayOptions[] = [];
  for (const f of faces) {
    const r = paddedBox(f, clean.width, clean.height);
    if (!r) continue;
    const small = await sharp(clean.data).extract(r).resize(Math.min(8, r.width), null, { kernel: 'cubic' }).png().toBuffer();
    const block = await sharp(small)
      .resize(r.width, r.height, { fit: 'fill', kernel: 'nearest' })
      .blur(Math.max(2, Math.min(r.width, r.height) / 16))
      .png()
      .toBuffer();
    layers.push({ input: block, left: r.left, top: r.top });
  }
  const img = sharp(clean.data).composite(layers);
  const data = await (clean.mime === 'image/jpeg' ? img.jpeg({ quality: 88 }) : clean.mime === 'image/webp' ? img.webp({ quality: 88 }) : img.png()).toBuffer();
  return { ...clean, data };
}
