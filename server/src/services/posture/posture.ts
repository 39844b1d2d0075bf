/**
 * The workspace's privacy posture, built from the audit log only (types, counts, classes, ids —
 * never a value, never a justification's text): personal data shared per week by entity type and
 * channel class (`tokenize` events, imports included), blocked attempts (`block`), reveals per
 * person and per justification category, the channels whose audience × findings is largest,
 * overrides (`mark.*`, `policy.change`) and reveal reviews. Events are read in pages by `seq`, so
 * memory is bounded by the number of distinct keys, not of events.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** One counted cell. */
export interface PostureCell {
  week: string;
  channelClass: string;
  entityType: string;
  count: number;
}

/** `GET /api/v1/privacy/posture`. */
export interface Posture {
  from: string;
  to: string;
  shared: PostureCell[];
  blocked: PostureCell[];
  reveals: {
    byPerson: Array<{ actorId: string; granted: number; denied: number; flagged: number }>;
    byJustification: Array<{ category: JustificationCategory; count: number }>;
  };
  /** Channels by findings × current members, largest first (top 10). */
  topChannels: Array<{ channelId: string; name: string; channelClass: string; members: number; findings: number; exposure: number }>;
  overrides: { notPersonalDataMarks: number; markRevokes: number; policyChanges: number; flaggedReveals: number; reviews: number };
}

/** Justification categories (from keywords; the text itself never leaves the audit log). */
export type JustificationCategory = 'case_work' | 'legal' | 'quality_review' | 'verification' | 'other';

const CATEGORIES: Array<[JustificationCategory, RegExp]> = [
  ['legal', /\b(legal|law enforcement|subpoena|court|police|warrant|gdpr|dsar|data subject request)\b/iu],
  ['quality_review', /\b(review|qa|quality|audit|spot.?check)\b/iu],
  ['verification', /\b(verif\w*|identity|confirm\w*|match\w*|contact\w*)\b/iu],
  ['case_work', /\b(case|ticket|complaint|report|investigat\w*|appeal|escalat\w*)\b/iu],
];

/** The category of a justification text. */
export function justificationCategory(text: string | null): JustificationCategory {
  if (!text) return 'other';
  for (const [c, re] of CATEGORIES) if (re.test(text)) return c;
  return 'other';
}

/** Monday (UTC) of the week of an ISO time, as `YYYY-MM-DD`. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

const ACTIONS = ['tokenize', 'block', 'reveal', 'mark.not_personal_data', 'mark.revoke', 'policy.change', 'reveal.review'];

function parseDetails(s: string | null): Record<string, unknown> {
  if (!s) return {};
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function addCounts(into: Map<string, number>, week: string, cls: string, counts: unknown): number {
  let n = 0;
  if (counts === null || typeof counts !== 'object') return 0;
  for (const [type, c] of Object.entries(counts as Record<string, unknown>)) {
    if (typeof c !== 'number') continue;
    const k = `${week}\0${cls}\0${type}`;
    into.set(k, (into.get(k) ?? 0) + c);
    n += c;
  }
  return n;
}

const cells = (m: Map<string, number>): PostureCell[] =>
  [...m]
    .map(([k, count]) => {
      const [week = '', channelClass = '', entityType = ''] = k.split('\0');
      return { week, channelClass, entityType, count };
    })
    .sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : b.count - a.count));

/** Builds the posture over `[from, to)` (ISO times). */
export async function buildPosture(db: Kysely<Database>, range: { from: string; to: string }): Promise<Posture> {
  const shared = new Map<string, number>();
  const blocked = new Map<string, number>();
  const byChannel = new Map<string, number>();
  const people = new Map<string, { granted: number; denied: number; flagged: number }>();
  const why = new Map<JustificationCategory, number>();
  const o = { notPersonalDataMarks: 0, markRevokes: 0, policyChanges: 0, flaggedReveals: 0, reviews: 0 };
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .select(['seq', 'at', 'actor', 'action', 'target', 'justification', 'outcome', 'details'])
      .where('seq', '>', after)
      .where('at', '>=', range.from)
      .where('at', '<', range.to)
      .where('action', 'in', ACTIONS)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.seq ?? after;
    for (const r of rows) {
      const d = parseDetails(r.details);
      const week = weekOf(r.at);
      const cls = typeof d.channelClass === 'string' ? d.channelClass : 'unknown';
      if (r.action === 'tokenize' && r.outcome === 'success') {
        const n = addCounts(shared, week, cls, d.counts);
        if (r.target.startsWith('channel:')) byChannel.set(r.target.slice(8), (byChannel.get(r.target.slice(8)) ?? 0) + n);
      } else if (r.action === 'block') addCounts(blocked, week, cls, d.counts);
      else if (r.action === 'reveal') {
        const p = people.get(r.actor) ?? { granted: 0, denied: 0, flagged: 0 };
        if (r.outcome === 'success') {
          p.granted++;
          if (d.flagged === true) {
            p.flagged++;
            o.flaggedReveals++;
          }
        } else p.denied++;
        people.set(r.actor, p);
        const c = justificationCategory(r.justification);
        why.set(c, (why.get(c) ?? 0) + 1);
      } else if (r.action === 'mark.not_personal_data') o.notPersonalDataMarks++;
      else if (r.action === 'mark.revoke') o.markRevokes++;
      else if (r.action === 'policy.change') o.policyChanges++;
      else if (r.action === 'reveal.review') o.reviews++;
    }
  }
  return {
    ...range,
    shared: cells(shared),
    blocked: cells(blocked),
    reveals: {
      byPerson: [...people].map(([actorId, p]) => ({ actorId, ...p })).sort((a, b) => b.granted + b.denied - (a.granted + a.denied)),
      byJustification: [...why].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count),
    },
    topChannels: await topChannels(db, byChannel),
    overrides: o,
  };
}

async function topChannels(db: Kysely<Database>, findings: Map<string, number>): Promise<Posture['topChannels']> {
  const ids = [...findings.keys()];
  if (ids.length === 0) return [];
  const out: Posture['topChannels'] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('channels as c')
      .leftJoin('channel_members as m', 'm.channel_id', 'c.id')
      .select((eb) => ['c.id', 'c.name', 'c.kind', 'c.visibility', eb.fn.count<number>('m.user_id').as('members')])
      .where('c.id', 'in', ids.slice(i, i + 500))
      .groupBy(['c.id', 'c.name', 'c.kind', 'c.visibility'])
      .execute();
    for (const r of rows) {
      const members = Number(r.members);
      const f = findings.get(r.id) ?? 0;
      const channelClass = r.kind === 'case' ? 'case_room' : r.visibility === 'public' || members > 50 ? 'broad' : 'team';
      out.push({ channelId: r.id, name: r.name, channelClass, members, findings: f, exposure: f * members });
    }
  }
  return out.sort((a, b) => b.exposure - a.exposure).slice(0, 10);
}

/** The posture as CSV: `section,week,channel_class,entity_type,key,count` (RFC 4180 quoting). */
export function postureCsv(p: Posture): string {
  const q = (v: string | number): string => (/[",\n\r]/u.test(String(v)) ? `"${String(v).replace(/"/gu, '""')}"` : String(v));
  const lines = ['section,week,channel_class,entity_type,key,count'];
  for (const c of p.shared) lines.push(['shared', c.week, c.channelClass, c.entityType, '', c.count].map(q).join(','));
  for (const c of p.blocked) lines.push(['blocked', c.week, c.channelClass, c.entityType, '', c.count].map(q).join(','));
  for (const r of p.reveals.byPerson) for (const k of ['granted', 'denied', 'flagged'] as const) lines.push(['reveals_by_person', '', '', '', `${r.actorId}:${k}`, r[k]].map(q).join(','));
  for (const r of p.reveals.byJustification) lines.push(['reveals_by_justification', '', '', '', r.category, r.count].map(q).join(','));
  for (const c of p.topChannels) lines.push(['top_channels', '', c.channelClass, '', c.channelId, c.exposure].map(q).join(','));
  for (const [k, v] of Object.entries(p.overrides)) lines.push(['overrides', '', '', '', k, v].map(q).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
