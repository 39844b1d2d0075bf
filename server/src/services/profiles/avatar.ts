/**
 * Avatars (issue 12): the real type from the bytes (JPEG, PNG, WebP, GIF; never SVG), the header's
 * pixel count checked before decoding (decompression bombs refused), decoded by sharp with the same
 * pixel limit, cropped to a square and re-encoded as a {@link AVATAR_SIZE}-pixel WebP (no metadata
 * survives a re-encode). Stored like media files: encrypted under a per-avatar key wrapped by the
 * master key, in the object store; the old object is removed after the new one is committed.
 */
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { newFileKey, openObject, sealObject, unwrapFileKey } from '../media/file-crypto.ts';
import { checkHeader } from '../media/image.ts';
import { newObjectKey, type ObjectStore } from '../media/object-store.ts';
import { sniffType } from '../media/sniff.ts';
import type { KeyRing } from '../vault/index.ts';
import { emptyProfile } from './profiles.ts';

/** Side of the stored square avatar, pixels. */
export const AVATAR_SIZE = 256;
/** Largest avatar upload, bytes (5 MiB). */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
/** Largest avatar image before decoding, width × height pixels (an 8,000 × 5,000 photo fits). */
export const AVATAR_MAX_PIXELS = 40_000_000;

/** What avatar storage needs (from the media runtime). */
export interface AvatarDeps {
  keys: KeyRing;
  store: ObjectStore;
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

const fileIdOf = (userId: string): string => `avatar:${userId}`;

/**
 * The real type of an upload, after checking its header: throws `AppError` 400 `empty_file`, 415
 * `unsupported_file_type`, 422 `invalid_image`, 422 `image_too_large` (nothing decoded yet).
 */
export async function checkAvatarBytes(bytes: Buffer, maxPixels: number = AVATAR_MAX_PIXELS): Promise<string> {
  const mime = await sniffType(bytes);
  await checkHeader(bytes, maxPixels);
  return mime;
}

/**
 * Validates and re-encodes an upload. Throws `AppError` 400 `empty_file`, 415
 * `unsupported_file_type` (SVG, HTML, anything but JPEG/PNG/WebP/GIF, whatever the declared type),
 * 422 `invalid_image` (unreadable), 422 `image_too_large` (more than `maxPixels`).
 */
export async function renderAvatar(bytes: Buffer, maxPixels: number = AVATAR_MAX_PIXELS): Promise<Buffer> {
  await checkAvatarBytes(bytes, maxPixels);
  try {
    return await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', pages: 1, animated: false })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new AppError(422, 'invalid_image', 'The image could not be read (corrupt or truncated)');
  }
}

/**
 * Stores `webp` as `userId`'s avatar (encrypted) and records it with a `user.avatar_update` audit
 * event in one transaction; returns the new `avatar_updated_at`.
 */
export async function saveAvatar(deps: AvatarDeps, userId: string, webp: Buffer): Promise<string> {
  const fk = await newFileKey(deps.keys, fileIdOf(userId));
  const key = newObjectKey();
  await deps.store.put(key, sealObject(fk.key, fileIdOf(userId), 'avatar', webp));
  let old: string | null = null;
  const now = new Date().toISOString();
  try {
    await deps.write(async (uow) => {
      const before = await uow.db.selectFrom('user_profiles').select('avatar_key').where('user_id', '=', userId).executeTakeFirst();
      old = before?.avatar_key ?? null;
      const set = { avatar_key: key, avatar_wrapped_key: fk.wrapped, avatar_kek_id: fk.kekId, avatar_mime: 'image/webp', avatar_updated_at: now, updated_at: now };
      if (before) await uow.db.updateTable('user_profiles').set(set).where('user_id', '=', userId).execute();
      else await uow.db.insertInto('user_profiles').values({ ...emptyProfile(userId, now), ...set }).execute();
      await appendAuditEvent(uow.db, { actor: userId, action: 'user.avatar_update', target: `user:${userId}`, outcome: 'success', details: { size: webp.length } });
    });
  } catch (err) {
    await deps.store.delete(key);
    throw err;
  }
  if (old) await deps.store.delete(old);
  return now;
}

/** Removes `userId`'s avatar (back to initials), audited; no error when there is none. */
export async function removeAvatar(deps: AvatarDeps, userId: string): Promise<void> {
  let old: string | null = null;
  await deps.write(async (uow) => {
    const before = await uow.db.selectFrom('user_profiles').select('avatar_key').where('user_id', '=', userId).executeTakeFirst();
    old = before?.avatar_key ?? null;
    if (!old) return;
    const now = new Date().toISOString();
    await uow.db
      .updateTable('user_profiles')
      .set({ avatar_key: null, avatar_wrapped_key: null, avatar_kek_id: null, avatar_mime: null, avatar_updated_at: null, updated_at: now })
      .where('user_id', '=', userId)
      .execute();
    await appendAuditEvent(uow.db, { actor: userId, action: 'user.avatar_remove', target: `user:${userId}`, outcome: 'success' });
  });
  if (old) await deps.store.delete(old);
}

/** The decrypted avatar of `userId`; throws `404 not_found` when there is none. */
export async function readAvatar(db: Kysely<Database>, deps: Pick<AvatarDeps, 'keys' | 'store'>, userId: string): Promise<{ data: Buffer; mime: string }> {
  const row = await db.selectFrom('user_profiles').select(['avatar_key', 'avatar_wrapped_key', 'avatar_kek_id', 'avatar_mime']).where('user_id', '=', userId).executeTakeFirst();
  if (!row?.avatar_key || !row.avatar_wrapped_key || !row.avatar_kek_id) throw new AppError(404, 'not_found', 'No avatar');
  const key = await unwrapFileKey(deps.keys, fileIdOf(userId), { wrapped: row.avatar_wrapped_key, kekId: row.avatar_kek_id });
  const sealed = await deps.store.get(row.avatar_key);
  return { data: openObject(key, fileIdOf(userId), 'avatar', sealed), mime: row.avatar_mime ?? 'image/webp' };
}
