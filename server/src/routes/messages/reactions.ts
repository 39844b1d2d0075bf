/** Emoji reactions (issue 12): `POST/DELETE /messages/:id/reactions` `{ emoji }` → 204. */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { RateLimiter } from '../../services/auth/rate-limiter.ts';
import { addReaction, MAX_EMOJI_LENGTH, removeReaction } from '../../services/chat/reactions.ts';
import { IdParam, Strict, type Api } from '../types.ts';

const Body = Type.Object({ emoji: Type.String({ minLength: 1, maxLength: MAX_EMOJI_LENGTH }) }, Strict);

/** Registers the reaction routes; adds and removes share one rate limit per person (`ctx.limits.reactions`). */
export function reactionRoutes(api: Api, ctx: AppContext): void {
  const limiter = new RateLimiter(ctx.limits.reactions, ctx.limits.reactionWindowMs);
  const limit = (userId: string): void => {
    const r = limiter.hit(userId);
    if (!r.allowed) throw new AppError(429, 'rate_limited', 'Too many reactions; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
  };
  const schema = { tags: ['messages'], params: Type.Object({ id: IdParam }), body: Body };

  api.post('/messages/:id/reactions', { schema }, async (req, reply) => {
    const caller = principalOf(req).user;
    limit(caller.id);
    await ctx.write((uow) => addReaction(uow, caller, req.params.id, req.body.emoji));
    return reply.status(204).send();
  });

  api.delete('/messages/:id/reactions', { schema }, async (req, reply) => {
    const caller = principalOf(req).user;
    limit(caller.id);
    await ctx.write((uow) => removeReaction(uow, caller, req.params.id, req.body.emoji));
    return reply.status(204).send();
  });
}
