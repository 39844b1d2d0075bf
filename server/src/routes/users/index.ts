/**
 * `/api/v1/me`, `/api/v1/users`, `/api/v1/roles` (docs/api.md, "Users"). Giving a role that needs a
 * second approver (`privacy_officer`) on create or update opens a role request instead (the
 * account keeps or gets `agent` until approved; answer carries `roleRequest`).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { requireAdmin } from '../../policies/index.ts';
import { presentMe, presentUser } from '../../presenters/user.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../services/auth/passwords.ts';
import { temporaryPassword } from '../../services/auth/secrets.ts';
import { endAllCredentials } from '../../services/auth/credentials.ts';
import { assertPasswordAcceptable } from '../../services/auth/password-policy.ts';
import { createUser, listRoles, searchUsers, setPasswordHash, updateUser } from '../../services/users/users.ts';
import { getUser } from '../../services/users/users.ts';
import { IdParam, Strict, type Api } from '../types.ts';
import { needsApproval, PENDING_ROLE_DEFAULT, requestRole } from '../../services/users/role-requests.ts';
import { roleRequestRoutes } from './role-requests.ts';
import { profileRoutes } from './profile.ts';
import { assertProfileTextClean } from '../../services/profiles/guard.ts';

export function userRoutes(api: Api, ctx: AppContext): void {
  api.get('/me', { schema: { tags: ['users'] } }, async (req) => presentMe(principalOf(req).user));

  api.get('/users', { schema: { tags: ['users'], querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, Strict) } }, async (req) => {
    principalOf(req);
    const rows = await searchUsers(ctx.db, req.query.q ?? '', 500);
    return { users: rows.map(presentUser) };
  });

  api.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            name: Type.String({ minLength: 1, maxLength: 120 }),
            role: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.Optional(Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 })),
          },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const actor = principalOf(req).user;
      requireAdmin(actor);
      // the account name is shown with every message, mention and e-mail: no personal data in it
      assertProfileTextClean('name', req.body.name.trim(), ctx.privacy.knownSubjects);
      if (req.body.password !== undefined) assertPasswordAcceptable(req.body.password, { email: req.body.email, name: req.body.name });
      const temp = req.body.password === undefined ? temporaryPassword() : undefined;
      const hash = await hashPassword(req.body.password ?? (temp as string));
      const { role } = req.body;
      const { user, roleRequest } = await ctx.write(async (uow) => {
        const created = await createUser(uow.db, { email: req.body.email, name: req.body.name, role: needsApproval(role) ? PENDING_ROLE_DEFAULT : role, passwordHash: hash, actor: actor.id, mustChangePassword: temp !== undefined });
        return { user: created, roleRequest: needsApproval(role) ? await requestRole(uow, { userId: created.id, role, actor: actor.id }) : undefined };
      });
      return reply.status(201).send({ user: presentUser(user), ...(roleRequest ? { roleRequest } : {}), ...(temp ? { temporaryPassword: temp } : {}) });
    },
  );

  api.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), role: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), active: Type.Optional(Type.Boolean()) },
          Strict,
        ),
      },
    },
    async (req) => {
      const actor = principalOf(req).user;
      requireAdmin(actor);
      if (req.body.name !== undefined) assertProfileTextClean('name', req.body.name.trim(), ctx.privacy.knownSubjects);
      const { role, ...rest } = req.body;
      const approval = role !== undefined && needsApproval(role);
      const { user, roleRequest } = await ctx.write(async (uow) => {
        const updated = await updateUser(uow, { id: req.params.id, ...rest, ...(approval ? {} : { role }), actor: actor.id });
        return { user: updated, roleRequest: approval && updated.role !== role ? await requestRole(uow, { userId: updated.id, role, actor: actor.id }) : undefined };
      });
      return { user: presentUser(user), ...(roleRequest ? { roleRequest } : {}) };
    },
  );

  api.post('/users/:id/password-reset', { schema: { tags: ['users'], params: Type.Object({ id: IdParam }) } }, async (req) => {
    const actor = principalOf(req).user;
    requireAdmin(actor);
    const user = await getUser(ctx.db, req.params.id);
    const temp = temporaryPassword();
    const hash = await hashPassword(temp);
    await ctx.write(async (uow) => {
      await setPasswordHash(uow, { userId: user.id, hash, actor: actor.id, reset: true });
      await endAllCredentials(uow, { userId: user.id, actor: actor.id, reason: 'password_reset' });
    });
    return { temporaryPassword: temp };
  });

  api.get('/roles', { schema: { tags: ['users'] } }, async () => ({ roles: await listRoles(ctx.db) }));

  roleRequestRoutes(api, ctx);
  profileRoutes(api, ctx);
}
