/**
 * Composer preview: `POST /analyze { channelId, text }` → `200 { findings: [ { entityType, start,
 * end, action, score, recognizer, explanation } ] }` — what sending `text` to that channel would
 * do, positions only (values are never echoed). Caller must be a member (404 otherwise); text at
 * most 40,000 UTF-16 code units; rate-limited per user (`ENCLAVE_ANALYZE_RATE`, default 120/min,
 * `429 rate_limited` with `retryAfterSeconds`). The body is never logged and nothing is stored.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { channelFor } from '../../policies/index.ts';
import { MAX_MESSAGE_LENGTH } from '../../services/chat/messages.ts';
import { previewFindings } from '../../services/privacy/preview.ts';
import { IdParam, Strict, type Api } from '../types.ts';

export function analyzeRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/analyze',
    { schema: { tags: ['privacy'], body: Type.Object({ channelId: IdParam, text: Type.String({ maxLength: MAX_MESSAGE_LENGTH }) }, Strict) } },
    async (req) => {
      const user = principalOf(req).user;
      const r = await ctx.privacy.analyzeLimiter.hit(user.id);
      if (!r.allowed) throw new AppError(429, 'rate_limited', 'Too many previews; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
      await channelFor(ctx.db, user, req.body.channelId, 'read');
      return { findings: await previewFindings(ctx.db, ctx.privacy, req.body.channelId, req.body.text) };
    },
  );
}
