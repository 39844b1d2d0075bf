/** Reading the upload form: one `file` part, optional `text` and `threadRootId` fields, nothing else. */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { toWellFormed } from '../../http/well-formed.ts';

/** The parsed form. */
export interface UploadForm {
  name: string;
  bytes: Buffer;
  text?: string;
  threadRootId?: string;
}

const FIELDS = new Set(['text', 'threadRootId']);

/**
 * Reads the whole form into memory (nothing touches the disk before it is complete). Throws 415
 * `multipart_required`, 413 `file_too_large` (over `maxBytes`), 400 `missing_file`,
 * `unknown_field`, `too_many_files`, `upload_incomplete` (body cut off or malformed).
 */
export async function readUploadForm(req: FastifyRequest, maxBytes: number): Promise<UploadForm> {
  if (!req.isMultipart()) throw new AppError(415, 'multipart_required', 'Send the file as multipart/form-data with a "file" field');
  const form: Partial<UploadForm> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 2, fieldSize: 200_000, parts: 3, headerPairs: 50 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new AppError(400, 'unknown_field', 'Only the fields file, text and threadRootId are accepted');
        form.bytes = await part.toBuffer();
        form.name = part.filename;
      } else {
        if (!FIELDS.has(part.fieldname) || typeof part.value !== 'string') throw new AppError(400, 'unknown_field', 'Only the fields file, text and threadRootId are accepted');
        if (part.fieldname === 'text') form.text = toWellFormed(part.value);
        else form.threadRootId = toWellFormed(part.value);
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'file_too_large', `Files are limited to ${Math.round(maxBytes / 1024 / 1024)} MB`, { maxBytes });
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError(400, 'too_many_parts', 'Send one file, and at most the text and threadRootId fields');
    throw new AppError(400, 'upload_incomplete', 'The upload was cut off or malformed');
  }
  if (form.bytes === undefined || form.name === undefined) throw new AppError(400, 'missing_file', 'The form has no "file" part');
  return form as UploadForm;
}
