/**
 * Reveal (PRODUCT.md "Interfaces that stay stable"): `POST /reveal { token, justification }` →
 * `200 { value, entityType, expiresInMs, flagged }` | `403 reveal_denied` | `404 not_found` |
 * `410 erased` | `429 rate_limited`; every call audited (by `revealToken`). The answer is never
 * cached (`Cache-Control: no-store`, `Pragma: no-cache`) and never logged (pino redacts `value`
 * and `justification`; request and response bodies are not logged). Going over the rate limit
 * alerts the privacy officers (audit event + `privacy.alert` stream event).
 * `GET /vault/tokens/:token` → `{ token, entityType, status, revealable, flagged }` for drawing chips.
 * Flagged reveals (privacy officers; values shared before the caller joined) go to the review queue (`reviews.ts`).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { memberSince } from '../../policies/index.ts';
import { revealToken } from '../../services/privacy/index.ts';
import { TOKEN_PATTERN } from '../../services/vault/index.ts';
import { alertPrivacyOfficers } from '../../services/privacy/alerts.ts';
import { tokenStatus } from '../../services/privacy/token-status.ts';
import { Strict, type Api } from '../types.ts';
import { revealReviewRoutes } from './reviews.ts';
import { scrubJustification } from './scrub.ts';

export { scrubJustification } from './scrub.ts';

/** How long a client shows a revealed value, ms (a hint; the server keeps nothing). */
export const REVEAL_DISPLAY_MS = 60_000;

const Token = Type.String({ minLength: 1, maxLength: 64 });

async function auditHead(ctx: AppContext): Promise<number> {
  const row = await ctx.db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.seq ?? 0;
}

async function retryAfterSeconds(ctx: AppContext, actor: string): Promise<number> {
  const { windowMs } = ctx.privacy.revealRateLimit;
  const oldest = await ctx.db
    .selectFrom('audit_events')
    .select('at')
    .where('actor', '=', actor)
    .where('action', '=', 'reveal')
    .where('at', '>=', new Date(Date.now() - windowMs).toISOString())
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  const until = oldest ? Date.parse(oldest.at) + windowMs : Date.now() + windowMs;
  return Math.max(1, Math.ceil((until - Date.now()) / 1000));
}

export function revealRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/reveal',
    {
      schema: {
        tags: ['privacy'],
        body: Type.Object({ token: Token, justification: Type.String({ maxLength: 1000 }) }, Strict),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      const before = await auditHead(ctx);
      try {
        const granted = await revealToken(
          ctx.db,
          { vault: ctx.privacy.vault, channelClassOf: ctx.privacy.channelClassOf, rateLimit: ctx.privacy.revealRateLimit },
          {
            actor: user.id,
            role: user.role,
            // A malformed token is audited as `token:malformed` (rate limit and justification checks
            // still apply): what the caller sent may be anything, even a value, and is not stored.
            token: TOKEN_PATTERN.test(req.body.token) ? req.body.token : 'malformed',
            justification: scrubJustification(ctx, req.body.justification),
            memberSince: (channelId, userId) => memberSince(ctx.db, channelId, userId),
          },
        );
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return { value: granted.value, entityType: granted.entityType, expiresInMs: REVEAL_DISPLAY_MS, flagged: granted.flagged, ...(granted.flagReason ? { flagReason: granted.flagReason } : {}) };
      } catch (err) {
        if (err instanceof AppError && err.status === 429) {
          const alert = await ctx.db
            .selectFrom('audit_events')
            .select('seq')
            .where('seq', '>', before)
            .where('action', '=', 'alert.reveal_rate_limit')
            .where('target', '=', `user:${user.id}`)
            .executeTakeFirst();
          if (alert) {
            await alertPrivacyOfficers(ctx, 'reveal_rate_limit', user.id).catch((e: unknown) => req.log.error({ err: e }, 'privacy alert failed'));
          }
          throw new AppError(429, 'rate_limited', err.message, { retryAfterSeconds: await retryAfterSeconds(ctx, user.id) });
        }
        throw err;
      }
    },
  );

  api.get('/vault/tokens/:token', { schema: { tags: ['privacy'], params: Type.Object({ token: Token }) } }, async (req) => {
    const status = await tokenStatus(ctx.db, ctx.privacy, principalOf(req).user, req.params.token);
    if (!status) throw notFound('Unknown token');
    return status;
  });

  revealReviewRoutes(api, ctx);
}
