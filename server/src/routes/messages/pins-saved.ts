/**
 * Pins and saved items (issue 12): `POST/DELETE /messages/:id/pin`, `GET /channels/:id/pins`,
 * `POST/DELETE /messages/:id/save`, `GET /saved?limit&before` (docs/api.md, "Pins and saved items").
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { listPins, pinMessage, unpinMessage } from '../../services/chat/pins.ts';
import { listSaved, MAX_SAVED_PAGE, saveMessage, unsaveMessage } from '../../services/chat/saved.ts';
import { Cursor, IdParam, QueryInt, Strict, type Api } from '../types.ts';

const Params = Type.Object({ id: IdParam });

export function pinSavedRoutes(api: Api, ctx: AppContext): void {
  const schema = { tags: ['messages'], params: Params };
  api.post('/messages/:id/pin', { schema }, async (req, reply) => {
    const caller = principalOf(req).user;
    await ctx.write((uow) => pinMessage(uow, caller, req.params.id));
    return reply.status(204).send();
  });
  api.delete('/messages/:id/pin', { schema }, async (req, reply) => {
    const caller = principalOf(req).user;
    await ctx.write((uow) => unpinMessage(uow, caller, req.params.id));
    return reply.status(204).send();
  });
  api.get('/channels/:id/pins', { schema: { tags: ['channels'], params: Params } }, async (req) => ({ pins: await listPins(ctx.readDb, principalOf(req).user, req.params.id) }));

  api.post('/messages/:id/save', { schema }, async (req, reply) => {
    const caller = principalOf(req).user;
    await ctx.write((uow) => saveMessage(uow, caller, req.params.id));
    return reply.status(204).send();
  });
  api.delete('/messages/:id/save', { schema }, async (req, reply) => {
    const caller = principalOf(req).user;
    await ctx.write((uow) => unsaveMessage(uow, caller, req.params.id));
    return reply.status(204).send();
  });
  api.get(
    '/saved',
    { schema: { tags: ['messages'], querystring: Type.Object({ limit: Type.Optional(QueryInt), before: Type.Optional(Cursor) }, Strict) } },
    async (req) => {
      const limit = Math.min(Math.max(Number(req.query.limit ?? 50), 1), MAX_SAVED_PAGE);
      return listSaved(ctx.readDb, principalOf(req).user, { limit, before: req.query.before });
    },
  );
}
