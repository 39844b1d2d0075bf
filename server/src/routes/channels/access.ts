/**
 * `/api/v1/channels/:id/settings` and `/owners` (issue 7, item 4): who may add members, and the
 * channel's owners. Denied attempts are audited as their own events (`../audited.ts`).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { auditDenied } from '../audited.ts';
import { addOwner, getChannelSettings, removeOwner, setAddMembers } from '../../services/chat/channel-access.ts';
import { IdParam, Strict, type Api } from '../types.ts';

const Params = Type.Object({ id: IdParam });

export function channelAccessRoutes(api: Api, ctx: AppContext): void {
  api.get('/channels/:id/settings', { schema: { tags: ['channels'], params: Params } }, async (req) => getChannelSettings(ctx.readDb, principalOf(req).user, req.params.id));

  api.patch(
    '/channels/:id/settings',
    {
      schema: { tags: ['channels'], params: Params, body: Type.Object({ addMembers: Type.Union([Type.Literal('members'), Type.Literal('owners')]) }, Strict) },
    },
    async (req) => {
      const caller = principalOf(req).user;
      return auditDenied(ctx, { actor: caller.id, action: 'channel.settings_change', target: `channel:${req.params.id}` }, () =>
        ctx.write((uow) => setAddMembers(uow, caller, req.params.id, req.body.addMembers)),
      );
    },
  );

  api.post(
    '/channels/:id/owners',
    { schema: { tags: ['channels'], params: Params, body: Type.Object({ userId: IdParam }, Strict) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      await auditDenied(ctx, { actor: caller.id, action: 'channel.owner_add', target: `channel:${req.params.id}`, details: { userId: req.body.userId } }, () =>
        ctx.write((uow) => addOwner(uow, caller, req.params.id, req.body.userId)),
      );
      return reply.status(204).send();
    },
  );

  api.delete(
    '/channels/:id/owners/:userId',
    { schema: { tags: ['channels'], params: Type.Object({ id: IdParam, userId: IdParam }) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      await auditDenied(ctx, { actor: caller.id, action: 'channel.owner_remove', target: `channel:${req.params.id}`, details: { userId: req.params.userId } }, () =>
        ctx.write((uow) => removeOwner(uow, caller, req.params.id, req.params.userId)),
      );
      return reply.status(204).send();
    },
  );
}
