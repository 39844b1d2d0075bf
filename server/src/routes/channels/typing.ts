/**
 * Typing indicators (issue 12): `POST /channels/:id/typing` → 204. Members only (404 otherwise,
 * as for reading). The other members' live sockets get an ephemeral `{ type: "typing",
 * channelId, userId }` frame — never any text, never stored, never replayed. At most one frame
 * per person and channel every {@link TYPING_EVERY_MS}; more calls than the rate limit answer 429.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { channelFor } from '../../policies/index.ts';
import { RateLimiter } from '../../services/auth/rate-limiter.ts';
import { IdParam, type Api } from '../types.ts';

/** Shortest gap between two typing frames of one person in one channel, ms. */
export const TYPING_EVERY_MS = 3000;
/** Typing calls per person per minute before 429. */
export const TYPING_CALLS_PER_MINUTE = 60;

/** Registers the typing route. */
export function typingRoutes(api: Api, ctx: AppContext): void {
  const limiter = new RateLimiter(TYPING_CALLS_PER_MINUTE, 60_000);
  const lastSent = new Map<string, number>();

  api.post(
    '/channels/:id/typing',
    { schema: { tags: ['channels'], params: Type.Object({ id: IdParam }) } },
    async (req, reply) => {
      // No body, or an empty object: a typing notice carries nothing the person typed.
      const body: unknown = req.body;
      if (body !== undefined && (typeof body !== 'object' || body === null || Object.keys(body).length > 0)) {
        throw new AppError(400, 'invalid_request', 'A typing notice takes no body');
      }
      const caller = principalOf(req).user;
      const r = limiter.hit(caller.id);
      if (!r.allowed) throw new AppError(429, 'rate_limited', 'Too many typing notices; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
      const channelId = req.params.id;
      await channelFor(ctx.readDb, caller, channelId, 'read');
      const key = `${caller.id}:${channelId}`;
      const now = Date.now();
      if (now - (lastSent.get(key) ?? 0) >= TYPING_EVERY_MS) {
        lastSent.set(key, now);
        if (lastSent.size > 10_000) for (const [k, t] of lastSent) if (now - t >= TYPING_EVERY_MS) lastSent.delete(k);
        ctx.hub.sendEphemeral(channelId, Buffer.from(JSON.stringify({ type: 'typing', channelId, userId: caller.id })), caller.id);
      }
      return reply.status(204).send();
    },
  );
}
