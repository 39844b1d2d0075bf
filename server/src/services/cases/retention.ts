/**
 * Retention: closed cases past their category's retention (routing rule, default 90 days after
 * close) lose their personal data — the case text's key (`channel:case-<id>`) and the data keys
 * of its subjects are destroyed (crypto-shredding) — unless a legal hold (on the case or the
 * subject) or another case that still needs the subject (not closed, or closed but within its own
 * retention, or held) keeps them. One audit event per purged case (`retention.purge`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { Vault } from '../vault/index.ts';
import { caseScope } from './case-text.ts';
import { DEFAULT_RETENTION_DAYS } from './queues.ts';

/** How often the job runs, ms (hourly). */
export const RETENTION_INTERVAL_MS = 60 * 60_000;

async function retentionDays(db: Kysely<Database>): Promise<(category: string) => number> {
  const rules = await db.selectFrom('routing_rules').select(['category', 'retention_days']).execute();
  return (category) => rules.find((r) => r.category === category)?.retention_days ?? DEFAULT_RETENTION_DAYS;
}

/** True when case `c` still keeps its data at `now` (not closed, on hold, or within retention). */
function keeps(c: { status: string; closed_at: string | null; legal_hold_at: string | null; purged_at: string | null; category: string }, days: (c: string) => number, now: Date): boolean {
  if (c.purged_at !== null) return false;
  if (c.legal_hold_at !== null || c.status !== 'closed' || c.closed_at === null) return true;
  return Date.parse(c.closed_at) + days(c.category) * 86_400_000 > now.getTime();
}

/**
 * Runs one retention pass in `uow` at `now`. Returns the purged case ids and erased subject ids
 * (the caller rebuilds the known-subject index when subjects were erased).
 */
export async function runRetention(uow: UnitOfWork, vault: Vault, now = new Date()): Promise<{ cases: string[]; subjects: string[] }> {
  const db = uow.db;
  const days = await retentionDays(db);
  const closed = await db.selectFrom('cases').selectAll().where('status', '=', 'closed').where('purged_at', 'is', null).where('legal_hold_at', 'is', null).execute();
  const due = closed.filter((c) => !keeps(c, days, now));
  const purged: string[] = [];
  const erased: string[] = [];
  for (const c of due) {
    const links = await db.selectFrom('case_subjects').select('subject_id').where('case_id', '=', c.id).execute();
    let kept = 0;
    for (const { subject_id } of links) {
      const s = await db.selectFrom('subjects').select(['id', 'erased_at', 'legal_hold_at']).where('id', '=', subject_id).executeTakeFirst();
      if (!s || s.erased_at !== null || erased.includes(s.id)) continue;
      const others = await db
        .selectFrom('cases')
        .innerJoin('case_subjects', 'case_subjects.case_id', 'cases.id')
        .select(['cases.id', 'cases.status', 'cases.closed_at', 'cases.legal_hold_at', 'cases.purged_at', 'cases.category'])
        .where('case_subjects.subject_id', '=', s.id)
        .where('cases.id', '!=', c.id)
        .execute();
      if (s.legal_hold_at !== null || others.some((o) => !due.some((d) => d.id === o.id) && keeps(o, days, now))) {
        kept++;
        continue;
      }
      await db.updateTable('subjects').set({ erased_at: now.toISOString() }).where('id', '=', s.id).execute();
      await db.deleteFrom('subject_lookup').where('subject_id', '=', s.id).execute();
      await vault.eraseScope(db, `subject:${s.id}`);
      erased.push(s.id);
    }
    await vault.eraseScope(db, caseScope(c.id));
    await db.updateTable('cases').set({ purged_at: now.toISOString() }).where('id', '=', c.id).execute();
    await appendAuditEvent(db, { actor: 'system', action: 'retention.purge', target: `case:${c.id}`, outcome: 'success', details: { retentionDays: days(c.category), subjectsErased: links.length - kept, subjectsKept: kept } });
    purged.push(c.id);
  }
  return { cases: purged, subjects: erased };
}
