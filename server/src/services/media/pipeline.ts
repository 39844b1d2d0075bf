/**
 * The processing steps of one file: decode and clean (orientation applied, metadata dropped),
 * hashes (SHA-256, MD5 of the bytes as uploaded; PDQ of the displayed image), hash-list match,
 * OCR, faces, and the outcome decided against the channel's policy (ready, blurred, blocked,
 * quarantined).
 *
 * Renderings and who sees them (`served` copy / `clear` copy behind a justified reveal):
 * | found | case room | team, broad |
 * | --- | --- | --- |
 * | nothing | clean / — | clean / — |
 * | faces | faces blurred / clean | faces blurred / — (faces are never revealed outside case rooms) |
 * | text with personal data | blurred / clean | blurred / clean |
 * | both | blurred / clean | blurred / faces blurred |
 * Object roles (AES-GCM associated data): the served copy is sealed `blurred` when the file is
 * blurred and has a clear copy, else `served`; the clear copy is always sealed `served`.
 */
import { createHash } from 'node:crypto';
import { appendAuditEvent } from '../audit/index.ts';
import { AppError } from '../../errors.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import type { MessageEntity } from '../chat/guard.ts';
import type { MediaDeps } from './deps.ts';
import { sealObject } from './file-crypto.ts';
import type { ChannelClass } from '../privacy/policy.ts';
import type { FaceBox } from './faces.ts';
import { renderBlurred, renderClean, renderFacesBlurred, renderForFaces, renderForOcr, type Rendered } from './image.ts';
import type { Match, MediaHashes } from './matcher.ts';
import { newObjectKey } from './object-store.ts';

/** What the steps found. `timings` in ms per step. */
export interface Analysis {
  clean: Rendered;
  /** A blurred copy, made when OCR read any text (used when the text holds personal data). */
  blurred: Rendered | null;
  /** Faces found (boxes in pixels of `clean`); empty when none or when face detection is off. */
  faces: FaceBox[];
  /** `clean` with the face regions blurred, made when `faces` is not empty. */
  facesBlurred: Rendered | null;
  hashes: MediaHashes;
  pdqQuality: number | null;
  matches: Match[];
  ocrText: string;
  timings: Record<string, number>;
}

/**
 * Runs the pure steps on the original bytes of type `mime` (from {@link sniffType}). With
 * `skipMatch` (a specialist decided "false match") no list is consulted. Throws
 * `PermanentMediaError` for bytes that cannot be decoded; other errors are transient.
 */
export async function analyzeBytes(deps: MediaDeps, bytes: Buffer, mime: string, opts: { skipMatch?: boolean } = {}): Promise<Analysis> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (step: string): void => {
    const now = performance.now();
    timings[step] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const clean = await renderClean(bytes, mime, deps.settings.maxPixels);
  lap('decode');
  const pdq = deps.hasher ? await deps.hasher(clean.data) : null;
  const hashes: MediaHashes = {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    pdq: pdq?.hash ?? null,
  };
  lap('hash');
  const matches = opts.skipMatch ? [] : await deps.matcher.match(hashes);
  lap('match');
  let ocrText = '';
  let blurred: Rendered | null = null;
  let faces: FaceBox[] = [];
  let facesBlurred: Rendered | null = null;
  if (matches.length === 0 && deps.faces) {
    const input = await renderForFaces(clean);
    faces = (await deps.faces.detect(input.image)).map((f) => ({ ...f, x: f.x * input.scale, y: f.y * input.scale, width: f.width * input.scale, height: f.height * input.scale }));
    if (faces.length > 0) facesBlurred = await renderFacesBlurred(clean, faces);
    lap('faces');
  }
  if (matches.length === 0 && deps.ocr) {
    ocrText = (await deps.ocr.recognize(await renderForOcr(clean))).trim();
    lap('ocr');
    // blurred from the face-blurred copy: the whole-image blur never shows more than it
    if (ocrText !== '') blurred = await renderBlurred(facesBlurred ?? clean);
    lap('blur');
  }
  return { clean, blurred, faces, facesBlurred, hashes, pdqQuality: pdq?.quality ?? null, matches, ocrText, timings };
}

/** Object keys written by {@link storeRenderings}. */
export interface StoredRenderings {
  clean: string;
  blurred: string | null;
  /** The face-blurred copy, sealed for the channel class below (see the module comment). */
  faces: string | null;
  /** The face-blurred copy was stored for a case room (sealed `blurred`: it is only ever served). */
  facesForCaseRoom: boolean;
}

/**
 * Encrypts and stores the clean, blurred and face-blurred copies; returns their keys. `cls` is the
 * channel's class (it decides how the face-blurred copy is sealed). On failure nothing stays stored.
 */
export async function storeRenderings(deps: MediaDeps, fileId: string, key: Buffer, a: Analysis, cls: ChannelClass): Promise<StoredRenderings> {
  const written: string[] = [];
  const put = async (role: string, data: Buffer): Promise<string> => {
    const k = newObjectKey();
    await deps.store.put(k, sealObject(key, fileId, role, data));
    written.push(k);
    return k;
  };
  try {
    const clean = await put('served', a.clean.data);
    const blurred = a.blurred ? await put('blurred', a.blurred.data) : null;
    const facesForCaseRoom = cls === 'case_room';
    const faces = a.facesBlurred ? await put(facesForCaseRoom ? 'blurred' : 'served', a.facesBlurred.data) : null;
    return { clean, blurred, faces, facesForCaseRoom };
  } catch (err) {
    for (const k of written) await deps.store.delete(k).catch(() => undefined);
    throw err;
  }
}

/** Every object key of `stored`. */
export function storedKeys(stored: StoredRenderings): string[] {
  return [stored.clean, stored.blurred, stored.faces].filter((k): k is string => k !== null);
}

/** The decided state of a processed file (columns of `media_files`). */
export interface Outcome {
  status: 'ready' | 'quarantined';
  mime: string;
  size: number;
  width: number;
  height: number;
  blurred: number;
  blur_reasons: string | null;
  served_key: string | null;
  clear_key: string | null;
  ocr_text: string | null;
  ocr_entities: string | null;
  sha256: string;
  md5: string;
  pdq: string | null;
  pdq_quality: number | null;
  /** Object keys not referenced by the outcome: delete after commit. */
  unused: string[];
}

/**
 * Decides a file's outcome inside `uow`: a hash-list match quarantines it (quarantine row and
 * `media.quarantine` audit event written here); otherwise the OCR text passes the guard like a
 * message text (throws its 422 `personal_data_blocked` where the policy blocks, e.g. broad
 * channels) and is stored tokenized; personal data in it makes the served copy the blurred one.
 */
export async function decideOutcome(
  uow: UnitOfWork,
  deps: MediaDeps,
  file: { id: string; channelId: string; uploaderId: string; messageId?: string; name: string },
  a: Analysis,
  stored: StoredRenderings,
): Promise<Outcome> {
  const base = {
    mime: a.clean.mime,
    width: a.clean.width,
    height: a.clean.height,
    sha256: a.hashes.sha256,
    md5: a.hashes.md5,
    pdq: a.hashes.pdq,
    pdq_quality: a.pdqQuality,
  };
  if (a.matches.length > 0) {
    const now = new Date().toISOString();
    await uow.db
      .insertInto('media_quarantine')
      .values({ file_id: file.id, matches: JSON.stringify(a.matches), decision: null, decided_by: null, decided_at: null, created_at: now })
      .onConflict((oc) => oc.column('file_id').doUpdateSet({ matches: JSON.stringify(a.matches), decision: null, decided_by: null, decided_at: null }))
      .execute();
    await appendAuditEvent(uow.db, {
      actor: 'system',
      action: 'media.quarantine',
      target: `file:${file.id}`,
      outcome: 'success',
      details: { channelId: file.channelId, uploaderId: file.uploaderId, matches: a.matches.map((m) => ({ listId: m.listId, signalType: m.signalType, distance: m.distance })) },
    });
    const unused = storedKeys(stored);
    return { ...base, status: 'quarantined', size: 0, blurred: 0, blur_reasons: null, served_key: null, clear_key: null, ocr_text: null, ocr_entities: null, unused };
  }
  let entities: MessageEntity[] = [];
  let ocrText: string | null = null;
  if (a.ocrText !== '') {
    try {
      const p = await deps.guard.protect(uow.db, { channelId: file.channelId, authorId: file.uploaderId, text: a.ocrText, ...(file.messageId ? { messageId: file.messageId } : {}) });
      entities = p.entities;
      ocrText = p.text;
    } catch (err) {
      if (err instanceof AppError && err.code === 'personal_data_blocked') {
        throw new AppError(422, 'personal_data_blocked', `The image "${file.name}" shows personal data that may not be shared in this channel`, {
          ...err.extra,
          file: file.name,
          source: 'image_text',
        });
      }
      throw err;
    }
  }
  const textBlur = entities.length > 0 && stored.blurred !== null && a.blurred !== null;
  const faceBlur = stored.faces !== null && a.facesBlurred !== null;
  const caseRoom = stored.facesForCaseRoom;
  let served = { key: stored.clean, size: a.clean.data.length };
  let clear: string | null = null;
  if (textBlur) {
    served = { key: stored.blurred as string, size: (a.blurred as Rendered).data.length };
    clear = faceBlur && !caseRoom ? stored.faces : stored.clean;
  } else if (faceBlur) {
    served = { key: stored.faces as string, size: (a.facesBlurred as Rendered).data.length };
    clear = caseRoom ? stored.clean : null;
  }
  const reasons = [...(textBlur ? ['text'] : []), ...(faceBlur ? ['face'] : [])];
  return {
    ...base,
    status: 'ready',
    size: served.size,
    blurred: reasons.length > 0 ? 1 : 0,
    blur_reasons: reasons.length > 0 ? JSON.stringify(reasons) : null,
    served_key: served.key,
    clear_key: clear,
    ocr_text: ocrText,
    ocr_entities: ocrText === null ? null : JSON.stringify(entities),
    unused: storedKeys(stored).filter((k) => k !== served.key && k !== clear),
  };
}
