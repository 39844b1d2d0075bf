/**
 * Review queue of flagged reveals (privacy officers only): `GET /privacy/reveal-reviews?status=pending|done`
 * → `{ reviews }`; `POST /privacy/reveal-reviews/:id/sign-off { note }` → `{ review }`, `403 own_reveal`
 * for the revealer themselves (audited), `409 already_reviewed`. The note is stored with personal
 * data replaced by placeholders.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { requirePrivacyOfficer } from '../../policies/index.ts';
import { listRevealReviews, signOffReveal } from '../../services/privacy/reveal-reviews.ts';
import { auditDenied } from '../audited.ts';
import { IdParam, Strict, type Api } from '../types.ts';
import { scrubJustification } from './scrub.ts';

export function revealReviewRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/privacy/reveal-reviews',
    { schema: { tags: ['privacy'], querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('done')])) }, Strict) } },
    async (req) => {
      requirePrivacyOfficer(principalOf(req).user);
      return { reviews: await listRevealReviews(ctx.db, req.query.status) };
    },
  );

  api.post(
    '/privacy/reveal-reviews/:id/sign-off',
    {
      schema: {
        tags: ['privacy'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) }, Strict),
      },
    },
    async (req) => {
      const user = principalOf(req).user;
      const note = scrubJustification(ctx, req.body.note.trim());
      const review = await auditDenied(ctx, { actor: user.id, action: 'reveal.review', target: `reveal_review:${req.params.id}` }, () =>
        ctx.write((uow) => signOffReveal(uow, user, req.params.id, note)),
      );
      return { review };
    },
  );
}
