/**
 * Cases (PRODUCT.md, stable): `GET /cases?status&queue&assignee` → `{ cases, hasMore }`;
 * `GET /cases/:id` → the case with masked subject cards; `POST /cases/:id/assignees { userId,
 * kind? }` → 204 (creates or joins the case room); `DELETE /cases/:id/assignees/:userId` → 204
 * (leaves the room at once). Also `PUT /routing/:category { queueId, retentionDays? }` and
 * `POST /queues { name, slaMinutes? }` for leads, `POST /queues/:id/members { userId }`.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { assignCase, getCase, listCases, STATUSES, unassignCase } from '../../services/cases/cases.ts';
import { permission } from '../../services/cases/permissions.ts';
import { ensureQueue, setRoutingRule } from '../../services/cases/queues.ts';
import { DECISIONS, PRIORITIES, addNote, caseTimeline, decide, mergeCase, updateCase } from '../../services/cases/workflow.ts';
import { IdParam, QueryInt, Strict, type Api } from '../types.ts';
import { caseMentionRoutes } from './mentions.ts';

function requireGrant(role: string, action: 'routing.edit'): void {
  if (permission(role, action) !== 'yes') throw new AppError(403, 'forbidden', 'Leads and admins only');
}

export function caseRoutes(api: Api, ctx: AppContext): void {
  caseMentionRoutes(api, ctx);
  api.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
            queue: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            assignee: Type.Optional(IdParam),
            limit: Type.Optional(QueryInt),
            before: Type.Optional(IdParam),
          },
          Strict,
        ),
      },
    },
    async (req) => {
      const q = req.query;
      return listCases(ctx.readDb, principalOf(req).user, { ...q, limit: q.limit === undefined ? undefined : Number(q.limit) });
    },
  );

  api.get('/cases/:id', { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }) } }, async (req) => getCase(ctx.readDb, principalOf(req).user, req.params.id));

  api.post(
    '/cases/:id/assignees',
    {
      schema: {
        tags: ['cases'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ userId: IdParam, kind: Type.Optional(Type.Union([Type.Literal('assignee'), Type.Literal('watcher')])) }, Strict),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      await ctx.write((uow) => assignCase(uow, user, { caseId: req.params.id, userId: req.body.userId, kind: req.body.kind }));
      return reply.status(204).send();
    },
  );

  api.delete(
    '/cases/:id/assignees/:userId',
    { schema: { tags: ['cases'], params: Type.Object({ id: IdParam, userId: IdParam }) } },
    async (req, reply) => {
      const user = principalOf(req).user;
      await ctx.write((uow) => unassignCase(uow, user, { caseId: req.params.id, userId: req.params.userId }));
      return reply.status(204).send();
    },
  );

  api.get('/cases/:id/timeline', { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }) } }, async (req) => caseTimeline(ctx.readDb, principalOf(req).user, req.params.id));

  api.patch(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))), priority: Type.Optional(Type.Union(PRIORITIES.map((p) => Type.Literal(p)))) }, Strict),
      },
    },
    async (req) => {
      const user = principalOf(req).user;
      await ctx.write((uow) => updateCase(uow, user, { caseId: req.params.id, ...req.body }));
      return getCase(ctx.db, user, req.params.id);
    },
  );

  const guardDeps = { vault: ctx.privacy.vault, analyze: (t: string) => ctx.privacy.analyze(t) };
  api.post(
    '/cases/:id/notes',
    { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }), body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 40_000 }) }, Strict) } },
    async (req, reply) => {
      const user = principalOf(req).user;
      const id = await ctx.write((uow) => addNote(uow, user, guardDeps, { caseId: req.params.id, text: req.body.text }));
      return reply.status(201).send({ id });
    },
  );

  api.post(
    '/cases/:id/decisions',
    {
      schema: {
        tags: ['cases'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ decision: Type.Union(DECISIONS.map((d) => Type.Literal(d))), reason: Type.String({ minLength: 3, maxLength: 4000 }) }, Strict),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      const id = await ctx.write((uow) => decide(uow, user, guardDeps, { caseId: req.params.id, ...req.body }));
      return reply.status(201).send({ id });
    },
  );

  api.post(
    '/cases/:id/merge',
    { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }), body: Type.Object({ intoCaseId: IdParam }, Strict) } },
    async (req, reply) => {
      const user = principalOf(req).user;
      await ctx.write((uow) => mergeCase(uow, user, { caseId: req.params.id, intoCaseId: req.body.intoCaseId }));
      return reply.status(204).send();
    },
  );

  api.post(
    '/queues',
    { schema: { tags: ['cases'], body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), slaMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 525_600 })) }, Strict) } },
    async (req, reply) => {
      requireGrant(principalOf(req).user.role, 'routing.edit');
      const q = await ctx.write((uow) => ensureQueue(uow.db, req.body.name.trim(), req.body.slaMinutes));
      return reply.status(201).send(q);
    },
  );

  api.post(
    '/queues/:id/members',
    { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }), body: Type.Object({ userId: IdParam }, Strict) } },
    async (req, reply) => {
      requireGrant(principalOf(req).user.role, 'routing.edit');
      await ctx.write(async (uow) => {
        const q = await uow.db.selectFrom('queues').select('id').where('id', '=', req.params.id).executeTakeFirst();
        const u = await uow.db.selectFrom('users').select('id').where('id', '=', req.body.userId).where('active', '=', 1).executeTakeFirst();
        if (!q || !u) throw new AppError(404, 'not_found', 'No such queue or active user');
        await uow.db.insertInto('queue_members').values({ queue_id: q.id, user_id: u.id }).onConflict((oc) => oc.doNothing()).execute();
      });
      return reply.status(204).send();
    },
  );

  api.put(
    '/routing/:category',
    {
      schema: {
        tags: ['cases'],
        params: Type.Object({ category: Type.String({ minLength: 1, maxLength: 40 }) }),
        body: Type.Object({ queueId: IdParam, retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500 })) }, Strict),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      requireGrant(user.role, 'routing.edit');
      await ctx.write((uow) => setRoutingRule(uow.db, { category: req.params.category, queueId: req.body.queueId, retentionDays: req.body.retentionDays, actor: user.id }));
      return reply.status(204).send();
    },
  );
}
