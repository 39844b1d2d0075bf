/** Messages and search (docs/api.md, "Messages"). */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { getMessage, listMessages, messageHistory, searchMessages } from '../../services/chat/message-query.ts';
import { createMessage, deleteMessage, editMessage, MAX_MESSAGE_LENGTH, RepeatedClientMsgId, repeatedMessage } from '../../services/chat/messages.ts';
import { typingRoutes } from '../channels/typing.ts';
import { presenceRoutes } from '../users/presence.ts';
import { reactionRoutes } from './reactions.ts';
import { pinSavedRoutes } from './pins-saved.ts';
import { ClientMsgId, Cursor, IdParam, QueryInt, Strict, type Api } from '../types.ts';

const Text = Type.String({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH });
/** A chip kept by an edit: a token of the message and its placeholder's span in the new text. */
const KeptChipSchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    start: Type.Integer({ minimum: 0, maximum: MAX_MESSAGE_LENGTH }),
    end: Type.Integer({ minimum: 1, maximum: MAX_MESSAGE_LENGTH }),
  },
  Strict,
);

export function messageRoutes(api: Api, ctx: AppContext): void {
  reactionRoutes(api, ctx);
  pinSavedRoutes(api, ctx);
  typingRoutes(api, ctx);
  presenceRoutes(api, ctx);
  const limitPosting = async (userId: string): Promise<void> => {
    const r = await ctx.messageLimiter.hit(userId);
    if (!r.allowed) throw new AppError(429, 'rate_limited', 'Too many messages; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
  };

  api.post(
    '/channels/:id/messages',
    {
      schema: {
        tags: ['messages'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ text: Text, threadRootId: Type.Optional(Cursor), clientMsgId: Type.Optional(ClientMsgId) }, Strict),
      },
    },
    async (req, reply) => {
      const caller = principalOf(req).user;
      await limitPosting(caller.id);
      const { clientMsgId } = req.body;
      const message = await ctx
        .write((uow) => createMessage(uow, { guard: ctx.guard }, caller, { channelId: req.params.id, ...req.body }))
        .then(
          (r) => r.message,
          // A repeat (also one racing the original): its unit rolled back, the original is committed.
          (err: unknown) => {
            if (err instanceof RepeatedClientMsgId && clientMsgId !== undefined) return repeatedMessage(ctx.readDb, caller.id, req.params.id, clientMsgId);
            throw err;
          },
        );
      return reply.status(201).send({ message });
    },
  );

  api.get(
    '/channels/:id/messages',
    {
      schema: {
        tags: ['messages'],
        params: Type.Object({ id: IdParam }),
        querystring: Type.Object({ limit: Type.Optional(QueryInt), before: Type.Optional(Cursor), after: Type.Optional(Cursor), threadRootId: Type.Optional(Cursor) }, Strict),
      },
    },
    async (req) =>
      listMessages(ctx.readDb, principalOf(req).user, {
        channelId: req.params.id,
        limit: req.query.limit === undefined ? undefined : Number(req.query.limit),
        before: req.query.before,
        after: req.query.after,
        threadRootId: req.query.threadRootId,
      }),
  );

  api.get('/messages/:id', { schema: { tags: ['messages'], params: Type.Object({ id: IdParam }) } }, async (req) => ({
    message: await getMessage(ctx.readDb, principalOf(req).user, req.params.id),
  }));

  api.patch(
    '/messages/:id',
    {
      schema: {
        tags: ['messages'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ text: Text, entities: Type.Optional(Type.Array(KeptChipSchema, { maxItems: 1000 })) }, Strict),
      },
    },
    async (req) => {
      const caller = principalOf(req).user;
      await limitPosting(caller.id);
      return { message: await ctx.write((uow) => editMessage(uow, { guard: ctx.guard }, caller, req.params.id, req.body.text, req.body.entities)) };
    },
  );

  api.delete('/messages/:id', { schema: { tags: ['messages'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    const caller = principalOf(req).user;
    await ctx.write((uow) => deleteMessage(uow, caller, req.params.id));
    return reply.status(204).send();
  });

  api.get('/messages/:id/history', { schema: { tags: ['messages'], params: Type.Object({ id: IdParam }) } }, async (req) => ({
    versions: await messageHistory(ctx.readDb, principalOf(req).user, req.params.id),
  }));

  api.get(
    '/search',
    {
      schema: {
        tags: ['messages'],
        querystring: Type.Object(
          { q: Type.String({ minLength: 1, maxLength: 500 }), channelId: Type.Optional(IdParam), limit: Type.Optional(QueryInt), before: Type.Optional(Cursor) },
          Strict,
        ),
      },
    },
    async (req) =>
      searchMessages(ctx.readDb, principalOf(req).user, {
        q: req.query.q,
        channelId: req.query.channelId,
        limit: req.query.limit === undefined ? undefined : Number(req.query.limit),
        before: req.query.before,
      }),
  );
}
