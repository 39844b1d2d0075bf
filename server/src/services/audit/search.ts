/**
 * Read-only queries behind the privacy officer's audit views.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { rowToAuditEvent, type AuditEvent, type AuditOutcome } from './append.ts';

/** Filters of {@link searchAuditEvents}; `from`/`to` are ISO 8601 UTC (inclusive/exclusive). */
export interface AuditSearch {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  /** Page size, 1..500. */
  limit: number;
  /** Cursor: only events with a smaller seq. */
  before?: number;
}

/** Newest first. `hasMore` tells whether a page with `before = last seq` exists. */
export async function searchAuditEvents(db: Kysely<Database>, q: AuditSearch): Promise<{ events: AuditEvent[]; hasMore: boolean }> {
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit)));
  let query = db.selectFrom('audit_events').selectAll();
  if (q.actor !== undefined) query = query.where('actor', '=', q.actor);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.target !== undefined) query = query.where('target', '=', q.target);
  if (q.outcome !== undefined) query = query.where('outcome', '=', q.outcome);
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
  return { events: rows.slice(0, limit).map(rowToAuditEvent), hasMore: rows.length > limit };
}

/** One row of {@link revealCountsByActor}. */
export interface RevealCount {
  actor: string;
  granted: number;
  denied: number;
  /** Failed attempts: unknown or erased tokens. */
  failed: number;
  /** Times the actor went over the reveal rate limit. */
  rateLimited: number;
}

/** Per-person reveal counts in `[from, to)` (ISO 8601 UTC), most granted first. */
export async function revealCountsByActor(db: Kysely<Database>, q: { from?: string; to?: string } = {}): Promise<RevealCount[]> {
  let query = db
    .selectFrom('audit_events')
    .select(['actor', 'action', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', 'in', ['reveal', 'reveal.rate_limited']);
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  const rows = await query.groupBy(['actor', 'action', 'outcome']).execute();
  const byActor = new Map<string, RevealCount>();
  for (const r of rows) {
    const c = byActor.get(r.actor) ?? { actor: r.actor, granted: 0, denied: 0, failed: 0, rateLimited: 0 };
    const n = Number(r.n);
    if (r.action === 'reveal.rate_limited') c.rateLimited += n;
    else if (r.outcome === 'success') c.granted += n;
    else if (r.outcome === 'denied') c.denied += n;
    else c.failed += n;
    byActor.set(r.actor, c);
  }
  return [...byActor.values()].sort((a, b) => b.granted - a.granted || a.actor.localeCompare(b.actor));
}

/**
 * "Who saw what": every reveal attempt (granted, denied, failed) of one token, or of any token in
 * a data subject's scope (`subject:<id>`), oldest first. Exactly one of `token`/`subjectId`.
 */
export async function whoSaw(db: Kysely<Database>, q: { token: string } | { subjectId: string }): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll().where('action', '=', 'reveal');
  if ('token' in q) {
    query = query.where('target', '=', `token:${q.token}`);
  } else {
    const scope = `subject:${q.subjectId}`;
    // tokens in the subject's scope, and tokens of values it shares with another subject
    // (`||`, not concat(), whose variadic parameter PostgreSQL cannot type; the same on SQLite)
    query = query.where((eb) =>
      eb.or([
        eb('target', 'in', eb.selectFrom('vault_values').select((e) => sql<string>`${'token:'} || ${e.ref('token')}`.as('t')).where('scope', '=', scope)),
        eb('target', 'in', eb.selectFrom('vault_token_subjects').select((e) => sql<string>`${'token:'} || ${e.ref('token')}`.as('t')).where('subject_id', '=', q.subjectId)),
      ]),
    );
  }
  const rows = await query.orderBy('seq').execute();
  return rows.map(rowToAuditEvent);
}
