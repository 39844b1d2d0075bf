/**
 * Uploading a file to a channel, and processing it. In a broad channel the steps run before the
 * message exists (personal data in the image refuses the upload with 422 and nothing is stored);
 * elsewhere the message is posted at once with the file `processing` and a job finishes it, each
 * status change a `message.updated` event. The unprocessed original is never served; it is
 * deleted once processed, except for a quarantined file (kept encrypted for specialists).
 */
import type { Selectable } from 'kysely';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { channelFor } from '../../policies/index.ts';
import type { MessageJson } from '../../presenters/message.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { createMessage } from '../chat/messages.ts';
import type { MediaDeps } from './deps.ts';
import { newFileKey, openObject, sealObject, unwrapFileKey } from './file-crypto.ts';
import { loadFile, presentFile, syncMessageFiles, updateFile, type FileRow } from './files.ts';
import { checkHeader, PermanentMediaError } from './image.ts';
import { newObjectKey } from './object-store.ts';
import { FaceDetectorError } from './faces.ts';
import { analyzeBytes, decideOutcome, storedKeys, storeRenderings, type Analysis, type StoredRenderings } from './pipeline.ts';
import { enqueueJob } from './queue.ts';
import { sniffType } from './sniff.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** An upload as received. `name` is the client's file name (untrusted). */
export interface UploadInput {
  channelId: string;
  name: string;
  bytes: Buffer;
  text?: string;
  threadRootId?: string;
}

/** Longest kept file name, UTF-16 code units. */
export const MAX_NAME_LENGTH = 200;

/** A safe display name: the last path segment, no control characters, at most 200 units, never empty. */
export function cleanName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const name = last.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, MAX_NAME_LENGTH);
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

/** A final `.ext` of 1–10 letters or digits. */
const EXTENSION = /\.[A-Za-z0-9]{1,10}$/;

/**
 * How a file name reads as words: the extension set apart, and `_`, `%20` (an encoded space) or a
 * hyphen between letters read as spaces (`Jane_Doe_passport.png`, `Jane-Doe.png`, `scan
 * 201-555-0147.png` were not found as written; red team 5), and so does a dot between letters
 * outside an e-mail address (`Jane.Doe.png` kept its surname; red team 6). `stem` is that reading
 * without the extension; `ext` the extension as written.
 */
export function fileNameWords(name: string): { stem: string; ext: string } {
  const ext = EXTENSION.exec(name)?.[0] ?? '';
  const stem = name
    .slice(0, name.length - ext.length)
    .replace(/%20/gi, ' ')
    .replace(/_/g, ' ')
    .replace(/(?<=\p{L})-(?=\p{L})/gu, ' ')
    .split(' ')
    .map((word) => (word.includes('@') ? word : word.replace(/(?<=\p{L})\.(?=\p{L})/gu, ' ')))
    .join(' ');
  return { stem, ext };
}

/**
 * The guarded file name: the words of the name ({@link fileNameWords}) pass the guard, the
 * extension is kept; when they hold nothing, the name as written passes (and is normally kept
 * exactly). Throws `422 personal_data_blocked` (source `file_name`) where the channel blocks.
 */
async function protectName(uow: UnitOfWork, deps: MediaDeps, channelId: string, authorId: string, name: string) {
  try {
    const { stem, ext } = fileNameWords(name);
    if (stem.trim() !== '') {
      const words = await deps.guard.protect(uow.db, { channelId, authorId, text: stem });
      if (words.entities.length > 0) return { text: words.text + ext, entities: words.entities };
    }
    return await deps.guard.protect(uow.db, { channelId, authorId, text: name });
  } catch (err) {
    if (err instanceof AppError && err.code === 'personal_data_blocked') {
      throw new AppError(422, 'personal_data_blocked', 'The file name contains personal data that may not be shared in this channel', { ...err.extra, source: 'file_name' });
    }
    throw err;
  }
}

function newRow(args: { id: string; channelId: string; uploaderId: string; name: string; nameEntities: string; mime: string; size: number; wrapped: Buffer; kekId: string }): FileRow {
  const now = new Date().toISOString();
  return {
    id: args.id,
    message_id: null,
    channel_id: args.channelId,
    uploader_id: args.uploaderId,
    name: args.name,
    name_entities: args.nameEntities,
    mime: args.mime,
    size: args.size,
    status: 'processing',
    reason: null,
    width: null,
    height: null,
    blurred: 0,
    blur_reasons: null,
    sha256: null,
    md5: null,
    pdq: null,
    pdq_quality: null,
    wrapped_key: args.wrapped,
    kek_id: args.kekId,
    original_key: null,
    served_key: null,
    clear_key: null,
    ocr_text: null,
    ocr_entities: null,
    created_at: now,
    updated_at: now,
  };
}

async function deleteQuietly(deps: MediaDeps, keys: readonly (string | null)[]): Promise<void> {
  for (const k of keys) if (k) await deps.store.delete(k).catch((err: unknown) => deps.logger.warn({ err }, 'media object delete failed'));
}

/**
 * Uploads one file and posts its message. Throws 404 (channel), 400 `empty_file`, 415
 * `unsupported_file_type`, 422 `invalid_image` / `image_too_large` / `personal_data_blocked`
 * (name or, in broad channels, the image's text), 400 from the message checks. Returns the message
 * and whether the file is still being processed (then `wake` the job runner).
 */
export async function uploadFile(deps: MediaDeps, caller: Caller, input: UploadInput): Promise<{ message: MessageJson; queued: boolean }> {
  await channelFor(deps.db, caller, input.channelId, 'read');
  const mime = await sniffType(input.bytes);
  await checkHeader(input.bytes, deps.settings.maxPixels);
  const name = cleanName(input.name);
  const id = newId();
  const fileKey = await newFileKey(deps.keys, id);
  const cls = await deps.channelClassOf(deps.db, input.channelId);
  const post = async (uow: UnitOfWork, row: FileRow): Promise<MessageJson> => {
    await uow.db.insertInto('media_files').values(row).execute();
    const { message } = await createMessage(uow, { guard: deps.guard }, caller, {
      channelId: input.channelId,
      text: input.text ?? '',
      ...(input.threadRootId !== undefined ? { threadRootId: input.threadRootId } : {}),
      files: [presentFile(row)],
    });
    await uow.db.updateTable('media_files').set({ message_id: message.id }).where('id', '=', id).execute();
    return message;
  };

  if (cls === 'broad') {
    let analysis: Analysis;
    try {
      analysis = await analyzeBytes(deps, input.bytes, mime);
    } catch (err) {
      if (err instanceof PermanentMediaError) throw new AppError(422, err.code, 'The image could not be read (corrupt or truncated)');
      if (err instanceof FaceDetectorError) throw new AppError(503, 'media_unavailable', 'Images cannot be checked right now; try again later');
      throw err;
    }
    const stored = await storeRenderings(deps, id, fileKey.key, analysis, cls);
    const original = analysis.matches.length > 0 ? newObjectKey() : null;
    try {
      if (original) await deps.store.put(original, sealObject(fileKey.key, id, 'original', input.bytes));
      const { message, unused } = await deps.write(async (uow) => {
        const n = await protectName(uow, deps, input.channelId, caller.id, name);
        const outcome = await decideOutcome(uow, deps, { id, channelId: input.channelId, uploaderId: caller.id, name: n.text }, analysis, stored);
        const { unused: u, ...cols } = outcome;
        const row: FileRow = { ...newRow({ id, channelId: input.channelId, uploaderId: caller.id, name: n.text, nameEntities: JSON.stringify(n.entities), mime, size: input.bytes.length, wrapped: fileKey.wrapped, kekId: fileKey.kekId }), ...cols, original_key: original };
        return { message: await post(uow, row), unused: u };
      });
      await deleteQuietly(deps, unused);
      return { message, queued: false };
    } catch (err) {
      await deleteQuietly(deps, [...storedKeys(stored), original]);
      throw err;
    }
  }

  const original = newObjectKey();
  await deps.store.put(original, sealObject(fileKey.key, id, 'original', input.bytes));
  try {
    const message = await deps.write(async (uow) => {
      const n = await protectName(uow, deps, input.channelId, caller.id, name);
      const row: FileRow = { ...newRow({ id, channelId: input.channelId, uploaderId: caller.id, name: n.text, nameEntities: JSON.stringify(n.entities), mime, size: input.bytes.length, wrapped: fileKey.wrapped, kekId: fileKey.kekId }), original_key: original };
      const m = await post(uow, row);
      await enqueueJob(uow, id);
      return m;
    });
    return { message, queued: true };
  } catch (err) {
    await deleteQuietly(deps, [original]);
    throw err;
  }
}

async function block(deps: MediaDeps, file: FileRow, reason: string): Promise<void> {
  await deps.write(async (uow) => {
    await updateFile(uow.db, file.id, { status: 'blocked', reason, original_key: null, served_key: null, clear_key: null });
    if (file.message_id) await syncMessageFiles(uow, file.message_id);
  });
  await deleteQuietly(deps, [file.original_key, file.served_key, file.clear_key]);
}

/**
 * The job of one file: decrypts the original, runs the steps, stores the outcome. A file whose
 * bytes cannot be decoded, or whose text the channel's policy blocks, ends `blocked`. Other errors
 * are thrown (the runner retries).
 */
export async function processFile(deps: MediaDeps, fileId: string): Promise<void> {
  const file = await loadFile(deps.db, fileId);
  if (!file || file.status !== 'processing' || !file.original_key) return;
  const key = await unwrapFileKey(deps.keys, file.id, { wrapped: file.wrapped_key, kekId: file.kek_id });
  const bytes = openObject(key, file.id, 'original', await deps.store.get(file.original_key));
  const decided = await deps.db.selectFrom('media_quarantine').select('decision').where('file_id', '=', file.id).executeTakeFirst();
  let analysis: Analysis;
  try {
    const mime = await sniffType(bytes);
    analysis = await analyzeBytes(deps, bytes, mime, { skipMatch: decided?.decision === 'false_match' });
  } catch (err) {
    if (err instanceof PermanentMediaError || err instanceof AppError) return block(deps, file, err instanceof PermanentMediaError ? err.code : err.code);
    throw err;
  }
  const stored: StoredRenderings = await storeRenderings(deps, file.id, key, analysis, await deps.channelClassOf(deps.db, file.channel_id));
  try {
    const unused = await deps.write(async (uow) => {
      const now = await loadFile(uow.db, file.id);
      if (!now || now.status !== 'processing') return storedKeys(stored);
      const { unused: u, ...cols } = await decideOutcome(
        uow,
        deps,
        { id: file.id, channelId: file.channel_id, uploaderId: file.uploader_id, name: file.name, ...(file.message_id ? { messageId: file.message_id } : {}) },
        analysis,
        stored,
      );
      const keepOriginal = cols.status === 'quarantined';
      await updateFile(uow.db, file.id, { ...cols, original_key: keepOriginal ? file.original_key : null });
      if (file.message_id) await syncMessageFiles(uow, file.message_id);
      return keepOriginal ? u : [...u, file.original_key];
    });
    await deleteQuietly(deps, unused);
  } catch (err) {
    await deleteQuietly(deps, storedKeys(stored));
    if (err instanceof AppError && err.code === 'personal_data_blocked') return block(deps, file, 'personal_data_blocked');
    throw err;
  }
}

/** After the last failed attempt: the file is `blocked` (`processing_failed`) and its bytes deleted. */
export async function giveUpFile(deps: MediaDeps, fileId: string): Promise<void> {
  const file = await loadFile(deps.db, fileId);
  if (file && file.status === 'processing') await block(deps, file, 'processing_failed');
}
