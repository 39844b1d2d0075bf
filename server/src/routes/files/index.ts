/**
 * Files (PRODUCT.md stable calls): `POST /channels/:id/files` (multipart) → `201 { message }`;
 * `GET /files/:id` → the processed copy (200), 409 processing, 451 quarantined, 410 blocked, 404;
 * `POST /files/:id/reveal { justification }` → the clear copy of a blurred image (audited).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { MAX_MESSAGE_LENGTH } from '../../services/chat/messages.ts';
import { readServedFile, revealClearFile, type ServedFile } from '../../services/media/serve.ts';
import { uploadFile } from '../../services/media/uploads.ts';
import { ULID_PATTERN } from '../../ids.ts';
import { scrubJustification } from '../reveal/scrub.ts';
import { IdParam, Strict, type Api } from '../types.ts';
import { readUploadForm } from './multipart.ts';

/** CSP of served files: nothing may run or load, even if a browser were to render one as a page. */
export const FILE_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266, RFC 8187). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function sendFile(reply: FastifyReply, f: ServedFile): FastifyReply {
  return reply
    .header('content-type', f.mime)
    .header('content-disposition', contentDisposition(f.name))
    .header('content-security-policy', FILE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('cross-origin-resource-policy', 'same-origin')
    .send(f.data);
}

export function fileRoutes(api: Api, ctx: AppContext): void {
  const media = ctx.media;

  api.post(
    '/channels/:id/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Upload a file to a channel',
        description:
          'multipart/form-data with a `file` part (JPEG, PNG, WebP or GIF, detected from the bytes; at most ENCLAVE_UPLOAD_MAX_MB, default 25) and optional `text` and `threadRootId` fields. ' +
          'Answers `201 { message }` whose `files` lists the file (`processing` until its job finished; each change is a `message.updated` event). ' +
          'In broad channels the image is processed first and text with personal data in it refuses the upload (`422 personal_data_blocked`, `file` names it). ' +
          'Errors: 400 empty_file / missing_file / unknown_field / upload_incomplete, 413 file_too_large, 415 unsupported_file_type / multipart_required, 422 invalid_image / image_too_large / personal_data_blocked, 429 rate_limited.',
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: IdParam }),
      },
    },
    async (req, reply) => {
      const caller = principalOf(req).user;
      const r = media.uploadLimiter.hit(caller.id);
      if (!r.allowed) {
        reply.header('connection', 'close');
        throw new AppError(429, 'rate_limited', 'Too many uploads; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
      }
      const form = await readUploadForm(req, media.deps.settings.maxBytes);
      if (form.text !== undefined && form.text.length > MAX_MESSAGE_LENGTH) throw new AppError(400, 'message_too_long', `Message text is limited to ${MAX_MESSAGE_LENGTH} characters`);
      if (form.threadRootId !== undefined && !new RegExp(ULID_PATTERN).test(form.threadRootId)) throw new AppError(400, 'invalid_thread_root', 'threadRootId is not a message id');
      const { message, queued } = await uploadFile(media.deps, caller, { channelId: req.params.id, ...form });
      if (queued) media.runner.wake();
      return reply.status(201).send({ message });
    },
  );

  api.get(
    '/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'The processed copy of a file',
        description: 'To members of the channel whose message carries it: 200 with the re-encoded bytes (no metadata), `Content-Disposition: attachment`, a sandboxing CSP and `nosniff`; 409 file_processing; 451 file_quarantined; 410 file_blocked; 404 to anyone else.',
        params: Type.Object({ id: IdParam }),
      },
    },
    async (req, reply) => sendFile(reply, await readServedFile(media.deps, principalOf(req).user, req.params.id)),
  );

  api.post(
    '/files/:id/reveal',
    {
      schema: {
        tags: ['files'],
        summary: 'The clear copy of a blurred image',
        description: 'A channel member with a justification (≥ 12 characters) gets the unblurred copy of an image whose text holds personal data; every call is audited (`media.reveal`). Never cached.',
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ justification: Type.String({ minLength: 1, maxLength: 500 }) }, Strict),
      },
    },
    async (req, reply) => {
      const caller = principalOf(req).user;
      const limit = media.uploadLimiter.hit(`reveal:${caller.id}`);
      if (!limit.allowed) throw new AppError(429, 'rate_limited', 'Too many reveals; slow down');
      const f = await revealClearFile(media.deps, caller, req.params.id, scrubJustification(ctx, req.body.justification));
      return sendFile(reply.header('pragma', 'no-cache'), f);
    },
  );
}
