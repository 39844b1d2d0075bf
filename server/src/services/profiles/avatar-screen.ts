/**
 * What an avatar must not carry (everyone in the workspace sees it): an image on a hash list of
 * illegal imagery (SHA-256, MD5 and PDQ against the same lists as channel uploads), or text with
 * users' personal data (OCR of the picture, then the analyzer, known data subjects included — a
 * screenshot of a user's profile or ID document). Either refuses the upload before anything is
 * stored; a hash-list match is recorded as a denied `user.avatar_update` audit event by the route.
 */
import { createHash } from 'node:crypto';
import { analyze, type KnownSubjectIndex } from '@enclave/pii';
import { AppError } from '../../errors.ts';
import type { MediaDeps } from '../media/deps.ts';
import { renderClean, renderForOcr } from '../media/image.ts';
import type { Match } from '../media/matcher.ts';

/** What screening needs from the media runtime. */
export type AvatarScreenDeps = Pick<MediaDeps, 'hasher' | 'matcher' | 'ocr'>;

/** Thrown (as 422 `image_refused`) when the image matches a hash list; carries the matches for the audit event. */
export class AvatarMatchError extends AppError {
  constructor(readonly matches: Match[]) {
    super(422, 'image_refused', 'This image cannot be used as a profile picture.');
  }
}

/**
 * Screens an upload whose type (`mime`, from the bytes) and pixel count were already checked.
 * Throws {@link AvatarMatchError}, `AppError` 422 `personal_data_blocked` `{ field: "avatar",
 * findings: [ { entityType } ] }` (text in the picture; no value, no position), 422 `invalid_image`.
 */
export async function screenAvatar(deps: AvatarScreenDeps, bytes: Buffer, mime: string, maxPixels: number, knownSubjects?: KnownSubjectIndex): Promise<void> {
  let clean;
  try {
    clean = await renderClean(bytes, mime, maxPixels);
  } catch {
    throw new AppError(422, 'invalid_image', 'The image could not be read (corrupt or truncated)');
  }
  const pdq = deps.hasher ? await deps.hasher(clean.data) : null;
  const matches = await deps.matcher.match({
    sha256: createHash('sha256').update(bytes).digest('hex'),
    md5: createHash('md5').update(bytes).digest('hex'),
    pdq: pdq?.hash ?? null,
  });
  if (matches.length > 0) throw new AvatarMatchError(matches);
  if (!deps.ocr) return;
  const text = (await deps.ocr.recognize(await renderForOcr(clean))).trim();
  if (text === '') return;
  // OCR of photos yields name-like noise: PERSON alone does not refuse a picture.
  const findings = analyze(text, knownSubjects ? { knownSubjects } : {}).filter((f) => f.entityType !== 'PERSON');
  if (findings.length === 0) return;
  const types = [...new Set(findings.map((f) => f.entityType))];
  throw new AppError(422, 'personal_data_blocked', `The picture shows text with personal data (${types.join(', ')}); profile pictures are visible to everyone in the workspace.`, {
    hint: 'Choose a picture without users’ personal data in it.',
    field: 'avatar',
    findings: types.map((entityType) => ({ entityType })),
  });
}
