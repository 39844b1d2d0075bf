/**
 * Hash lists (admins; issue 11): `GET /hashlists` → `{ hashlists: [ { id, name, entries,
 * pdqThreshold, createdAt, createdBy } ] }`; `POST /hashlists { name, threshold?, content }` (the
 * file's text: HMA CSV `signal_type,signal` or one PDQ/MD5 hex per line) → `201 { id, name,
 * entries, duplicates, pdqThreshold }`, `400 invalid_hash_list { lines: [ { line, message } ],
 * errorCount }` (nothing imported), `409 hashlist_exists`; `DELETE /hashlists/:id` → 204 or 404.
 * Imports and deletions are audited, and so are denied attempts (non-admins: 403).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { auditDenied } from '../audited.ts';
import { deleteHashList, listHashLists, MAX_PDQ_THRESHOLD, prepareHashList, storeHashList } from '../../services/hashlists/index.ts';
import { IdParam, Strict, type Api } from '../types.ts';

/** Largest accepted request for an import (about 900,000 PDQ lines). */
export const HASHLIST_BODY_LIMIT = 64 * 1024 * 1024;

function requireAdmin(role: string): void {
  if (role !== 'admin') throw new AppError(403, 'forbidden', 'Admins only');
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

export function hashListRoutes(api: Api, ctx: AppContext): void {
  api.get('/hashlists', { schema: { tags: ['hashlists'] } }, async (req) => {
    requireAdmin(principalOf(req).user.role);
    return { hashlists: await listHashLists(ctx.db) };
  });

  api.post(
    '/hashlists',
    {
      bodyLimit: HASHLIST_BODY_LIMIT,
      schema: {
        tags: ['hashlists'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PDQ_THRESHOLD })),
            content: Type.String({ maxLength: HASHLIST_BODY_LIMIT }),
          },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      await auditDenied(ctx, { actor: user.id, action: 'hashlist.import', target: 'hashlist:new' }, async () => requireAdmin(user.role));
      // parsed and checked before the write transaction: a bad file writes nothing and holds no lock
      const prepared = await prepareHashList({ name: req.body.name, threshold: req.body.threshold, source: once(req.body.content) });
      const out = await ctx.write((uow) => storeHashList(uow.db, prepared, user.id));
      return reply.status(201).send(out);
    },
  );

  api.delete('/hashlists/:id', { schema: { tags: ['hashlists'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    const user = principalOf(req).user;
    await auditDenied(ctx, { actor: user.id, action: 'hashlist.delete', target: `hashlist:${req.params.id}` }, async () => requireAdmin(user.role));
    await ctx.write((uow) => deleteHashList(uow.db, { id: req.params.id, actor: user.id }));
    return reply.status(204).send();
  });
}
