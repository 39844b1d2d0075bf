/**
 * `/api/v1/role-requests` (issue 7, item 5): roles that need a second approver.
 * `POST { userId, role }` (admins) → `201 { roleRequest }`; `GET ?status=pending|approved|rejected`
 * (admins and privacy officers) → `{ roleRequests }`; `POST /:id/approve` and `/:id/reject` →
 * `{ roleRequest }`, `403 forbidden` for an ineligible approver (audited), `409 already_decided`.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { requireAdmin } from '../../policies/index.ts';
import { decideRoleRequest, listRoleRequests, needsApproval, requestRole } from '../../services/users/role-requests.ts';
import { auditDenied } from '../audited.ts';
import { IdParam, Strict, type Api } from '../types.ts';

export function roleRequestRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/role-requests',
    { schema: { tags: ['users'], body: Type.Object({ userId: IdParam, role: Type.String({ minLength: 1, maxLength: 64 }) }, Strict) } },
    async (req, reply) => {
      const actor = principalOf(req).user;
      requireAdmin(actor);
      if (!needsApproval(req.body.role)) throw new AppError(400, 'invalid_request', 'This role is given directly (PATCH /api/v1/users/:id)');
      const roleRequest = await ctx.write((uow) => requestRole(uow, { userId: req.body.userId, role: req.body.role, actor: actor.id }));
      return reply.status(201).send({ roleRequest });
    },
  );

  api.get(
    '/role-requests',
    {
      schema: {
        tags: ['users'],
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])) }, Strict),
      },
    },
    async (req) => {
      const actor = principalOf(req).user;
      if (actor.role !== 'admin' && actor.role !== 'privacy_officer') throw new AppError(403, 'forbidden', 'Admins and privacy officers only');
      return { roleRequests: await listRoleRequests(ctx.db, req.query.status) };
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    api.post(`/role-requests/:id/${decision}`, { schema: { tags: ['users'], params: Type.Object({ id: IdParam }) } }, async (req) => {
      const actor = principalOf(req).user;
      const roleRequest = await auditDenied(ctx, { actor: actor.id, action: `user.role_request.${decision}`, target: `role_request:${req.params.id}` }, () =>
        ctx.write((uow) => decideRoleRequest(uow, actor, req.params.id, decision)),
      );
      return { roleRequest };
    });
  }
}
