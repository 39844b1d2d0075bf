/** `/api/v1/me`, `/api/v1/users`, `/api/v1/roles` (docs/api.md, "Users"). */
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
      if (req.body.password !== undefined) assertPasswordAcceptable(req.body.password, { email: req.body.email, name: req.body.name });
      const temp = req.body.password === undefined ? temporaryPassword() : undefined;
      const hash = await hashPassword(req.body.password ?? (temp as string));
      // A temporary password issued by an admin must be changed at first sign-in.
      const user = await ctx.write((uow) =>
        createUser(uow.db, { email: req.body.email, name: req.body.name, role: req.body.role, passwordHash: hash, actor: actor.id, mustChangePassword: temp !== undefined }),
      );
      return reply.status(201).send(temp ? { user: presentUser(user), temporaryPassword: temp } : { user: presentUser(user) });
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
      const user = await ctx.write((uow) => updateUser(uow, { id: req.params.id, ...req.body, actor: actor.id }));
      return { user: presentUser(user) };
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
}
