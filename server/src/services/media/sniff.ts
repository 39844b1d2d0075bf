/**
 * The real type of an upload, from its bytes (never the name or the Content-Type header), checked
 * against the allow-list. SVG (XML text, which could carry script) is not on it.
 */
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../errors.ts';

/** Accepted upload types (by magic bytes) → the type of the served, re-encoded copy. */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/webp': 'image/webp',
  // only the first frame is kept (a many-frame GIF costs one decode), served as PNG
  'image/gif': 'image/png',
};

/**
 * The detected MIME type of `bytes`. Throws `AppError` 400 `empty_file` for zero bytes, 415
 * `unsupported_file_type` for anything not on {@link ALLOWED_TYPES} (SVG, HTML, ZIP, unknown).
 */
export async function sniffType(bytes: Buffer): Promise<string> {
  if (bytes.length === 0) throw new AppError(400, 'empty_file', 'The file is empty');
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !(found.mime in ALLOWED_TYPES)) {
    throw new AppError(415, 'unsupported_file_type', 'Only JPEG, PNG, WebP and GIF images can be uploaded', { allowed: Object.keys(ALLOWED_TYPES) });
  }
  return found.mime;
}
