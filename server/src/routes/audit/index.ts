/**
 * Privacy-officer views of the audit log (role `privacy_officer`, 403 otherwise):
 * `GET /audit/events` (filters, newest first, `before` = seq cursor), `GET /audit/who-saw`
 * (reveal attempts of a token or a data subject), `GET /audit/reveal-counts` (per person) and
 * `GET /audit/export` (NDJSON of the filtered events; the export itself is an `audit.export`
 * event). Viewing is not audited; exporting is (a copy leaves the system).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { requirePrivacyOfficer } from '../../policies/index.ts';
import { appendAuditEvent, revealCountsByActor, searchAuditEvents, whoSaw, type AuditOutcome } from '../../services/audit/index.ts';
import { IdParam, QueryInt, Strict, type Api } from '../types.ts';

const Iso = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$' });
const Filters = {
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('denied'), Type.Literal('failed')])),
  from: Type.Optional(Iso),
  to: Type.Optional(Iso),
};

type FilterQuery = { actor?: string; action?: string; target?: string; outcome?: AuditOutcome; from?: string; to?: string };

function isoOf(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new AppError(400, 'invalid_request', 'from/to must be ISO 8601 dates');
  return new Date(t).toISOString();
}

const filtersOf = (q: FilterQuery) => ({ actor: q.actor, action: q.action, target: q.target, outcome: q.outcome, from: isoOf(q.from), to: isoOf(q.to) });

export function auditRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/audit/events',
    { schema: { tags: ['audit'], querystring: Type.Object({ ...Filters, limit: Type.Optional(QueryInt), before: Type.Optional(QueryInt) }, Strict) } },
    async (req) => {
      requirePrivacyOfficer(principalOf(req).user);
      const q = req.query;
      return searchAuditEvents(ctx.db, { ...filtersOf(q), limit: q.limit === undefined ? 100 : Number(q.limit), before: q.before === undefined ? undefined : Number(q.before) });
    },
  );

  api.get(
    '/audit/who-saw',
    { schema: { tags: ['audit'], querystring: Type.Object({ token: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), subjectId: Type.Optional(IdParam) }, Strict) } },
    async (req) => {
      requirePrivacyOfficer(principalOf(req).user);
      const { token, subjectId } = req.query;
      if ((token === undefined) === (subjectId === undefined)) throw new AppError(400, 'invalid_request', 'Give exactly one of token and subjectId');
      return { events: await whoSaw(ctx.db, token !== undefined ? { token } : { subjectId: subjectId as string }) };
    },
  );

  api.get('/audit/reveal-counts', { schema: { tags: ['audit'], querystring: Type.Object({ from: Type.Optional(Iso), to: Type.Optional(Iso) }, Strict) } }, async (req) => {
    requirePrivacyOfficer(principalOf(req).user);
    return { counts: await revealCountsByActor(ctx.db, { from: isoOf(req.query.from), to: isoOf(req.query.to) }) };
  });

  api.get('/audit/export', { schema: { tags: ['audit'], querystring: Type.Object(Filters, Strict) } }, async (req, reply) => {
    const user = principalOf(req).user;
    requirePrivacyOfficer(user);
    const filters = filtersOf(req.query);
    const lines: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await searchAuditEvents(ctx.db, { ...filters, limit: 500, before });
      for (const e of page.events) lines.push(JSON.stringify(e));
      if (!page.hasMore || page.events.length === 0) break;
      before = page.events[page.events.length - 1]?.seq;
    }
    const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    await appendAuditEvent(ctx.db, { actor: user.id, action: 'audit.export', target: 'audit_log', outcome: 'success', details: { filters: defined, events: lines.length } });
    reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('content-disposition', 'attachment; filename="audit-export.ndjson"');
    return lines.reverse().join('\n') + (lines.length > 0 ? '\n' : '');
  });
}
