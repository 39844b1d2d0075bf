/**
 * Data subjects (PRODUCT.md, stable): `POST /subjects/:id/reveal { field, justification, index? }`
 * → `{ value }` (same rules, limits and audit as token reveal: case assignees, or a privacy
 * officer flagged); `GET /subjects/:id/access-report[?format=csv]` (privacy officers); `POST
 * /subjects/search { kind, value }` blind-index search (privacy officers); legal holds
 * (`PUT/DELETE /legal-holds/:target/:id`, privacy officers).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { appendAuditEvent } from '../../services/audit/index.ts';
import { principalOf } from '../../http/auth.ts';
import { memberSince, requirePrivacyOfficer } from '../../policies/index.ts';
import { revealToken } from '../../services/privacy/index.ts';
import { accessReport, accessReportCsv, setLegalHold, subjectFieldToken } from '../../services/cases/subject-privacy.ts';
import { findSubjects, subjectCards, SUBJECT_FIELDS } from '../../services/cases/subjects.ts';
import { scrubJustification } from '../reveal/index.ts';
import { IdParam, Strict, type Api } from '../types.ts';

export function subjectRoutes(api: Api, ctx: AppContext): void {
  api.post(
    '/subjects/:id/reveal',
    {
      schema: {
        tags: ['cases'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object(
          {
            field: Type.Union(Object.keys(SUBJECT_FIELDS).map((f) => Type.Literal(f))),
            justification: Type.String({ maxLength: 1000 }),
            index: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      const token = await subjectFieldToken(ctx.db, req.params.id, req.body.field, req.body.index);
      const granted = await revealToken(
        ctx.db,
        { vault: ctx.privacy.vault, channelClassOf: ctx.privacy.channelClassOf, rateLimit: ctx.privacy.revealRateLimit },
        {
          actor: user.id,
          role: user.role,
          token,
          field: req.body.field,
          justification: scrubJustification(ctx, req.body.justification),
          memberSince: (channelId, userId) => memberSince(ctx.db, channelId, userId),
        },
      );
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return { value: granted.value, entityType: granted.entityType, flagged: granted.flagged };
    },
  );

  api.get(
    '/subjects/:id/access-report',
    { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }), querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, Strict) } },
    async (req, reply) => {
      const user = principalOf(req).user;
      requirePrivacyOfficer(user);
      const report = await accessReport(ctx.db, req.params.id);
      await ctx.write(async (uow) => {
        await appendAuditEvent(uow.db, { actor: user.id, action: 'access_report', target: `subject:${req.params.id}`, outcome: 'success', details: { events: report.events.length, format: req.query.format ?? 'json' } });
      });
      if (req.query.format === 'csv') {
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="access-report-${req.params.id}.csv"`).send(accessReportCsv(report.events));
      }
      return report;
    },
  );

  api.post(
    '/subjects/search',
    {
      schema: {
        tags: ['cases'],
        body: Type.Object(
          { kind: Type.Union([Type.Literal('account'), Type.Literal('username'), Type.Literal('email'), Type.Literal('phone')]), value: Type.String({ minLength: 1, maxLength: 320 }) },
          Strict,
        ),
      },
    },
    async (req) => {
      requirePrivacyOfficer(principalOf(req).user);
      // The value travels in the body, never in a URL; it is hashed (blind index), not stored.
      const ids = await findSubjects(ctx.db, ctx.privacy.vault, req.body.kind, req.body.value, { defaultRegion: ctx.privacy.settings.defaultPhoneRegion });
      return { subjects: await subjectCards(ctx.db, ids) };
    },
  );

  for (const method of ['put', 'delete'] as const) {
    api[method](
      '/legal-holds/:target/:id',
      { schema: { tags: ['cases'], params: Type.Object({ target: Type.Union([Type.Literal('case'), Type.Literal('subject')]), id: IdParam }) } },
      async (req, reply) => {
        const user = principalOf(req).user;
        requirePrivacyOfficer(user);
        await ctx.write((uow) => setLegalHold(uow, { target: req.params.target, id: req.params.id, hold: method === 'put', actor: user.id }));
        return reply.status(204).send();
      },
    );
  }
}
