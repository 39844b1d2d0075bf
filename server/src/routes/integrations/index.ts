/**
 * Integrations (admins): `POST /integrations { name }` → `201 { id, secret }` (the secret is shown
 * only here); `POST /integrations/:id/rotate { overlapMinutes? }` → `{ id, secret,
 * previousValidUntil }`; `PATCH /integrations/:id { enabled }` → 204 (audited `integration.enable|disable`,
 * `404 not_found`); `GET /integrations` → `{ integrations: [ { id, name, enabled, createdAt } ] }`.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { createIntegration, rotateIntegrationSecret, setIntegrationEnabled } from '../../services/cases/integrations.ts';
import { permission } from '../../services/cases/permissions.ts';
import { IdParam, Strict, type Api } from '../types.ts';

function requireManager(role: string): void {
  if (permission(role, 'integration.manage') !== 'yes') throw new AppError(403, 'forbidden', 'Admins only');
}

export function integrationRoutes(api: Api, ctx: AppContext): void {
  api.get('/integrations', { schema: { tags: ['intake'] } }, async (req) => {
    requireManager(principalOf(req).user.role);
    const rows = await ctx.db.selectFrom('integrations').select(['id', 'name', 'enabled', 'created_at']).orderBy('id').execute();
    return { integrations: rows.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled === 1, createdAt: r.created_at })) };
  });

  api.post('/integrations', { schema: { tags: ['intake'], body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, Strict) } }, async (req, reply) => {
    const user = principalOf(req).user;
    requireManager(user.role);
    const out = await ctx.write((uow) => createIntegration(uow.db, ctx.privacy.vault.keys, { name: req.body.name, actor: user.id }));
    return reply.status(201).header('cache-control', 'no-store').send(out);
  });

  api.post(
    '/integrations/:id/rotate',
    { schema: { tags: ['intake'], params: Type.Object({ id: IdParam }), body: Type.Optional(Type.Object({ overlapMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080 })) }, Strict)) } },
    async (req) => {
      const user = principalOf(req).user;
      requireManager(user.role);
      return ctx.write((uow) => rotateIntegrationSecret(uow.db, ctx.privacy.vault.keys, { id: req.params.id, actor: user.id, overlapMinutes: req.body?.overlapMinutes }));
    },
  );
  api.patch(
    '/integrations/:id',
    { schema: { tags: ['intake'], params: Type.Object({ id: IdParam }), body: Type.Object({ enabled: Type.Boolean() }, Strict) } },
    async (req, reply) => {
      const user = principalOf(req).user;
      requireManager(user.role);
      await ctx.write((uow) => setIntegrationEnabled(uow.db, { id: req.params.id, enabled: req.body.enabled, actor: user.id }));
      return reply.status(204).send();
    },
  );
}
