/**
 * Presence (issue 12): `active` / `away` / `offline` per person. Offline = no open stream socket;
 * away = the person's app reported being idle or hidden (`PUT /presence { status: "away" }`);
 * active otherwise. Kept in memory (`ctx.presence`, one process; across nodes it moves with the fan-out).
 *
 * `GET /presence` → `{ presence: { [userId]: "active" | "away" } }` for everyone with an open
 * socket (absent = offline). `PUT /presence { status }` → 204.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import type { Presence } from '../../realtime/presence-book.ts';
import { Strict, type Api } from '../types.ts';

export type { Presence } from '../../realtime/presence-book.ts';

/** Registers the presence routes. */
export function presenceRoutes(api: Api, ctx: AppContext): void {
  api.put(
    '/presence',
    { schema: { tags: ['users'], body: Type.Object({ status: Type.Union([Type.Literal('active'), Type.Literal('away')]) }, Strict) } },
    async (req, reply) => {
      ctx.presence.report(principalOf(req).user.id, req.body.status);
      return reply.status(204).send();
    },
  );

  api.get('/presence', { schema: { tags: ['users'] } }, async () => {
    const presence: Record<string, Exclude<Presence, 'offline'>> = {};
    for (const id of ctx.hub.connectedUsers()) {
      const p = ctx.presence.of(id);
      if (p !== 'offline') presence[id] = p;
    }
    return { presence };
  });
}
