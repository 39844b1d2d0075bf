/**
 * Profiles, avatars, the people directory and the name lookup (issue 12; docs/api.md "People"):
 * `GET /users/:id/profile`, `PATCH /me/profile`, `GET /people?q`, `POST /me/avatar` (multipart,
 * field `file`), `DELETE /me/avatar`, `GET /users/:id/avatar`, `POST /names { userIds, channelIds }`.
 * Every call needs a signed-in staff member; changes apply to the caller's own profile only.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS, checkAvatarBytes, readAvatar, removeAvatar, renderAvatar, saveAvatar, type AvatarDeps } from '../../services/profiles/avatar.ts';
import { AvatarMatchError, screenAvatar } from '../../services/profiles/avatar-screen.ts';
import { MAX_NAME_IDS, resolveNames } from '../../services/profiles/names.ts';
import { appendAuditEvent } from '../../services/audit/index.ts';
import { getProfile, PROFILE_LIMITS, searchProfiles, updateProfile } from '../../services/profiles/profiles.ts';
import { FILE_CSP } from '../files/index.ts';
import { readUploadForm } from '../files/multipart.ts';
import { IdParam, QueryInt, Strict, type Api } from '../types.ts';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** Registers the profile, avatar, directory and names routes. */
export function profileRoutes(api: Api, ctx: AppContext): void {
  const avatars: AvatarDeps = { keys: ctx.media.deps.keys, store: ctx.media.deps.store, write: (fn) => ctx.write(fn) };

  api.get('/users/:id/profile', { schema: { tags: ['users'], params: Type.Object({ id: IdParam }) } }, async (req) => {
    principalOf(req);
    return getProfile(ctx.readDb, req.params.id);
  });

  api.patch(
    '/me/profile',
    {
      schema: {
        tags: ['users'],
        body: Type.Object(
          {
            displayName: text(PROFILE_LIMITS.displayName),
            title: text(PROFILE_LIMITS.title),
            team: text(PROFILE_LIMITS.team),
            timeZone: text(PROFILE_LIMITS.timeZone),
            statusText: text(PROFILE_LIMITS.statusText),
            statusEmoji: text(32),
          },
          Strict,
        ),
      },
    },
    async (req) => {
      const me = principalOf(req).user;
      return ctx.write((uow) => updateProfile(uow, me.id, req.body, ctx.privacy.knownSubjects));
    },
  );

  api.get(
    '/people',
    { schema: { tags: ['users'], querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(QueryInt) }, Strict) } },
    async (req) => {
      principalOf(req);
      const limit = Math.min(Math.max(Number(req.query.limit ?? 200), 1), 500);
      return { people: await searchProfiles(ctx.readDb, req.query.q ?? '', limit) };
    },
  );

  api.post(
    '/me/avatar',
    {
      schema: {
        tags: ['users'],
        summary: 'Upload the caller’s avatar',
        description:
          'multipart/form-data with one `file` part (JPEG, PNG, WebP or GIF detected from the bytes, at most 5 MB and 40 megapixels). Refused when it matches a hash list (422 image_refused, audited) or shows text with personal data (OCR; 422 personal_data_blocked). Re-encoded to a 256 × 256 WebP without metadata. ' +
          'Errors: 400 empty_file / missing_file / unknown_field, 413 file_too_large, 415 unsupported_file_type / multipart_required, 422 invalid_image / image_too_large / image_refused / personal_data_blocked, 429 rate_limited.',
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const me = principalOf(req).user;
      const r = ctx.media.uploadLimiter.hit(`avatar:${me.id}`);
      if (!r.allowed) throw new AppError(429, 'rate_limited', 'Too many uploads; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
      const form = await readUploadForm(req, AVATAR_MAX_BYTES);
      if (form.text !== undefined || form.threadRootId !== undefined) throw new AppError(400, 'unknown_field', 'Only the field file is accepted');
      const mime = await checkAvatarBytes(form.bytes);
      try {
        await screenAvatar(ctx.media.deps, form.bytes, mime, AVATAR_MAX_PIXELS, ctx.privacy.knownSubjects);
      } catch (err) {
        if (err instanceof AvatarMatchError) {
          const lists = [...new Set(err.matches.map((m) => m.listId))];
          await appendAuditEvent(ctx.db, { actor: me.id, action: 'user.avatar_update', target: `user:${me.id}`, outcome: 'denied', details: { reason: 'hash_list_match', lists } });
        }
        throw err;
      }
      await saveAvatar(avatars, me.id, await renderAvatar(form.bytes));
      return getProfile(ctx.db, me.id);
    },
  );

  api.delete('/me/avatar', { schema: { tags: ['users'] } }, async (req, reply) => {
    await removeAvatar(avatars, principalOf(req).user.id);
    return reply.status(204).send();
  });

  api.get('/users/:id/avatar', { schema: { tags: ['users'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    principalOf(req);
    const a = await readAvatar(ctx.readDb, avatars, req.params.id);
    return reply
      .header('content-type', a.mime)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', FILE_CSP)
      .header('cross-origin-resource-policy', 'same-origin')
      .header('content-disposition', 'inline; filename="avatar.webp"')
      .send(a.data);
  });

  api.post(
    '/names',
    {
      schema: {
        tags: ['users'],
        summary: 'Names for user and channel ids',
        body: Type.Object(
          {
            userIds: Type.Optional(Type.Array(IdParam, { maxItems: MAX_NAME_IDS })),
            channelIds: Type.Optional(Type.Array(IdParam, { maxItems: MAX_NAME_IDS })),
          },
          Strict,
        ),
      },
    },
    async (req) => resolveNames(ctx.readDb, principalOf(req).user, { userIds: req.body.userIds ?? [], channelIds: req.body.channelIds ?? [] }),
  );
}
