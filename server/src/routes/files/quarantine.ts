/**
 * The specialist queue (issue 11): `GET /quarantine[?pending=true]`, `GET /quarantine/:id/image`
 * (greyscale + blurred unless unblurred), `POST /quarantine/:id/unblur { justification }`,
 * `POST /quarantine/:id/decision { decision }`, `GET /quarantine/:id/report[?includeImage=true]`.
 * Specialists only; a refused attempt is audited as denied.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { decide, listQuarantine, reportPackage, reviewImage, unblur } from '../../services/media/quarantine.ts';
import { auditDenied } from '../audited.ts';
import { scrubJustification } from '../reveal/scrub.ts';
import { IdParam, Strict, type Api } from '../types.ts';
import { FILE_CSP } from './index.ts';

export function quarantineRoutes(api: Api, ctx: AppContext): void {
  const deps = ctx.media.deps;
  const guarded = <T>(actor: string, action: string, target: string, fn: () => Promise<T>): Promise<T> => auditDenied(ctx, { actor, action, target }, fn);

  api.get(
    '/quarantine',
    { schema: { tags: ['quarantine'], summary: 'Quarantined files (specialists)', querystring: Type.Object({ pending: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, Strict) } },
    async (req) => {
      const caller = principalOf(req).user;
      return { items: await guarded(caller.id, 'quarantine.list', 'quarantine', () => listQuarantine(deps, caller, { pending: req.query.pending === 'true' })) };
    },
  );

  api.get(
    '/quarantine/:id/image',
    { schema: { tags: ['quarantine'], summary: 'Review image: greyscale and blurred unless unblurred (JPEG; header x-enclave-clear)', params: Type.Object({ id: IdParam }) } },
    async (req, reply) => {
      const caller = principalOf(req).user;
      const img = await guarded(caller.id, 'quarantine.view', `file:${req.params.id}`, () => reviewImage(deps, caller, req.params.id));
      return reply.header('content-type', 'image/jpeg').header('content-security-policy', FILE_CSP).header('x-enclave-clear', String(img.clear)).send(img.data);
    },
  );

  api.post(
    '/quarantine/:id/unblur',
    {
      schema: {
        tags: ['quarantine'],
        summary: 'Unblur one image for a short time (audited)',
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ justification: Type.String({ minLength: 1, maxLength: 500 }) }, Strict),
      },
    },
    async (req) => {
      const caller = principalOf(req).user;
      return guarded(caller.id, 'quarantine.unblur', `file:${req.params.id}`, () => unblur(deps, caller, req.params.id, scrubJustification(ctx, req.body.justification)));
    },
  );

  api.post(
    '/quarantine/:id/decision',
    {
      schema: {
        tags: ['quarantine'],
        summary: 'Decide: confirmed or false_match (a false match is released and processed; audited)',
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ decision: Type.Union([Type.Literal('confirmed'), Type.Literal('false_match')]) }, Strict),
      },
    },
    async (req) => {
      const caller = principalOf(req).user;
      const item = await guarded(caller.id, 'quarantine.decide', `file:${req.params.id}`, () => decide(deps, caller, req.params.id, req.body.decision));
      if (req.body.decision === 'false_match') ctx.media.runner.wake();
      return { item };
    },
  );

  api.get(
    '/quarantine/:id/report',
    {
      schema: {
        tags: ['quarantine'],
        summary: 'Report package for the hotline (JSON; the image only with includeImage=true; audited)',
        params: Type.Object({ id: IdParam }),
        querystring: Type.Object({ includeImage: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, Strict),
      },
    },
    async (req, reply) => {
      const caller = principalOf(req).user;
      const pkg = await guarded(caller.id, 'quarantine.export', `file:${req.params.id}`, () => reportPackage(deps, caller, req.params.id, { includeImage: req.query.includeImage === 'true' }));
      return reply.header('content-disposition', `attachment; filename="report-${req.params.id}.json"`).send(pkg);
    },
  );
}
