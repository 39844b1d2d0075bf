/** `/api/v1/channels*` and `/api/v1/dms` (docs/api.md, "Channels"); denied membership and channel changes are audited. */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { addMember, createChannel, getChannel, listChannels, listMembers, markRead, openDm, removeMember, updateChannel } from '../../services/chat/channels.ts';
import { Cursor, IdParam, Strict, type Api } from '../types.ts';
import { auditDenied } from '../audited.ts';
import { channelAccessRoutes } from './access.ts';
import { channelLifecycleRoutes } from './lifecycle.ts';
import { MAX_DESCRIPTION_LENGTH } from '../../services/chat/channel-details.ts';

const ChannelParams = Type.Object({ id: IdParam });

export function channelRoutes(api: Api, ctx: AppContext): void {
  api.get('/channels', { schema: { tags: ['channels'] } }, async (req) => ({ channels: await listChannels(ctx.readDb, principalOf(req).user) }));

  api.post(
    '/channels',
    {
      schema: {
        tags: ['channels'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
            topic: Type.Optional(Type.String({ maxLength: 250 })),
          },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const caller = principalOf(req).user;
      const channel = await ctx.write((uow) => createChannel(uow, caller, req.body, { knownSubjects: ctx.privacy.knownSubjects }));
      return reply.status(201).send(channel);
    },
  );

  api.get('/channels/:id', { schema: { tags: ['channels'], params: ChannelParams } }, async (req) => getChannel(ctx.readDb, principalOf(req).user, req.params.id));

  api.patch(
    '/channels/:id',
    {
      schema: {
        tags: ['channels'],
        params: ChannelParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            topic: Type.Optional(Type.String({ maxLength: 250 })),
            description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
          },
          Strict,
        ),
      },
    },
    async (req) => {
      const caller = principalOf(req).user;
      return auditDenied(ctx, { actor: caller.id, action: 'channel.update', target: `channel:${req.params.id}` }, () =>
        ctx.write((uow) => updateChannel(uow, caller, req.params.id, req.body, { knownSubjects: ctx.privacy.knownSubjects })),
      );
    },
  );

  api.get('/channels/:id/members', { schema: { tags: ['channels'], params: ChannelParams } }, async (req) => ({
    members: await listMembers(ctx.readDb, principalOf(req).user, req.params.id),
  }));

  api.post(
    '/channels/:id/members',
    { schema: { tags: ['channels'], params: ChannelParams, body: Type.Object({ userId: IdParam }, Strict) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      await auditDenied(ctx, { actor: caller.id, action: 'channel.member_add', target: `channel:${req.params.id}`, details: { userId: req.body.userId } }, () =>
        ctx.write((uow) => addMember(uow, caller, req.params.id, req.body.userId)),
      );
      return reply.status(204).send();
    },
  );

  api.delete(
    '/channels/:id/members/:userId',
    { schema: { tags: ['channels'], params: Type.Object({ id: IdParam, userId: IdParam }) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      await auditDenied(ctx, { actor: caller.id, action: 'channel.member_remove', target: `channel:${req.params.id}`, details: { userId: req.params.userId } }, () =>
        ctx.write((uow) => removeMember(uow, caller, req.params.id, req.params.userId)),
      );
      return reply.status(204).send();
    },
  );

  api.post(
    '/channels/:id/read',
    { schema: { tags: ['channels'], params: ChannelParams, body: Type.Object({ messageId: Cursor }, Strict) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      await ctx.write((uow) => markRead(uow, caller, req.params.id, req.body.messageId));
      return reply.status(204).send();
    },
  );

  api.post(
    '/dms',
    { schema: { tags: ['channels'], body: Type.Object({ userIds: Type.Array(IdParam, { minItems: 1, maxItems: 20 }) }, Strict) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      const { channel } = await ctx.write((uow) => openDm(uow, caller, req.body.userIds));
      return reply.status(201).send(channel);
    },
  );

  channelAccessRoutes(api, ctx);
  channelLifecycleRoutes(api, ctx);
}
