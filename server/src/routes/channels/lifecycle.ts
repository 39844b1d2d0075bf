/**
 * Channel details and lifecycle (issue 12): `POST /channels/:id/archive` | `/unarchive` (owners and
 * admins), `POST /channels/:id/leave`, `POST /channels/:id/hide` (DMs), `GET /channels/:id/files`.
 * Denied attempts are audited as their own events (`../audited.ts`).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { auditDenied } from '../audited.ts';
import { listChannelFiles } from '../../services/chat/channel-files.ts';
import { hideDm, setArchived } from '../../services/chat/channel-lifecycle.ts';
import { removeMember } from '../../services/chat/channels.ts';
import { IdParam, type Api } from '../types.ts';

const Params = Type.Object({ id: IdParam });

export function channelLifecycleRoutes(api: Api, ctx: AppContext): void {
  for (const [path, archived] of [['archive', true], ['unarchive', false]] as const) {
    api.post(`/channels/:id/${path}`, { schema: { tags: ['channels'], params: Params } }, async (req) => {
      const caller = principalOf(req).user;
      return auditDenied(ctx, { actor: caller.id, action: `channel.${path}`, target: `channel:${req.params.id}` }, () =>
        ctx.write((uow) => setArchived(uow, caller, req.params.id, archived)),
      );
    });
  }

  api.post('/channels/:id/leave', { schema: { tags: ['channels'], params: Params } }, async (req, reply) => {
    const caller = principalOf(req).user;
    await auditDenied(ctx, { actor: caller.id, action: 'channel.member_remove', target: `channel:${req.params.id}`, details: { userId: caller.id } }, () =>
      ctx.write((uow) => removeMember(uow, caller, req.params.id, caller.id)),
    );
    return reply.status(204).send();
  });

  api.post('/channels/:id/hide', { schema: { tags: ['channels'], params: Params } }, async (req, reply) => {
    const caller = principalOf(req).user;
    await ctx.write((uow) => hideDm(uow, caller, req.params.id));
    return reply.status(204).send();
  });

  api.get('/channels/:id/files', { schema: { tags: ['channels'], params: Params } }, async (req) => ({
    files: await listChannelFiles(ctx.readDb, principalOf(req).user, req.params.id),
  }));
}
