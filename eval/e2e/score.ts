/**
 * Scoring of the labeled inputs in one channel, over every read path of the reader:
 * - leak: a labeled personal-data value (label with a non-null type) is `raw` when none of its
 *   characters was replaced in the copy the reader got, `partial` when some letter or digit of
 *   it stayed raw; counted per entity type and overall, a value counts once if raw in ANY path;
 * - over-protection: words outside every label (of any type) that the server replaced;
 * - blocked: 422 answers and the findings' types.
 * A stored copy that cannot be aligned with the posted text (server changed other characters)
 * is scored by substring: raw when the value appears in it.
 */
import type { Message } from './api.ts';
import { alignStored, coverMask, labelOutcome, overProtection, type LabelOutcome, type Replaced } from './align.ts';
import type { LabeledDoc } from './corpus.ts';
import type { PostOutcome } from './post.ts';

/** Counts for one entity type (or overall). */
export interface LeakCounts {
  values: number;
  raw: number;
  partial: number;
  /** In messages that were blocked (422): nothing stored. */
  blocked: number;
}

/** Everything measured for one channel. */
export interface ChannelScore {
  messages: number;
  stored: number;
  blocked: number;
  failed: Record<string, number>;
  blockedByType: Record<string, number>;
  byType: Record<string, LeakCounts>;
  byDataset: Record<string, LeakCounts>;
  overall: LeakCounts;
  /** Per read path: values raw in that path. */
  rawByPath: Record<string, number>;
  over: { outside: number; replaced: number; byType: Record<string, number> };
  overByDataset: Record<string, { outside: number; replaced: number }>;
  /** Stored messages missing from a read path, per path. */
  missing: Record<string, number>;
  /** Copies that differ from the history copy, per path. */
  differing: Record<string, number>;
  unaligned: number;
  /** Per input key: outcome of each labeled value (for the field-report checks). */
  perDoc: Map<string, { outcomes: LabelOutcome[]; replaced: Replaced[] | null; stored: string | null }>;
}

const empty = (): LeakCounts => ({ values: 0, raw: 0, partial: 0, blocked: 0 });

/** Outcome of each label of `doc` in one stored copy `m` (substring fallback when not alignable). */
export function analyseCopy(doc: LabeledDoc, m: Message): { outcomes: LabelOutcome[]; replaced: Replaced[] | null } {
  const replaced = alignStored(doc.text, m.text, m.entities);
  if (!replaced) {
    return {
      replaced: null,
      outcomes: doc.labels.map((l) => (m.text.includes(doc.text.slice(l.start, l.end)) ? 'raw' : 'protected')),
    };
  }
  const mask = coverMask(doc.text.length, replaced);
  return { replaced, outcomes: doc.labels.map((l) => labelOutcome(doc.text, mask, l)) };
}

const worse = (a: LabelOutcome, b: LabelOutcome): LabelOutcome => (a === 'raw' || b === 'raw' ? 'raw' : a === 'partial' || b === 'partial' ? 'partial' : 'protected');

/**
 * Scores `docs` posted to `channelId`. `paths` maps a path name (`history`, `stream`) to the
 * copies the reader got, keyed by input key (= `clientMsgId`).
 */
export function scoreChannel(docs: readonly LabeledDoc[], channelId: string, posts: Map<string, PostOutcome>, paths: Record<string, Map<string, Message>>): ChannelScore {
  const s: ChannelScore = {
    messages: 0, stored: 0, blocked: 0, failed: {}, blockedByType: {}, byType: {}, byDataset: {}, overall: empty(), rawByPath: {},
    over: { outside: 0, replaced: 0, byType: {} }, overByDataset: {}, missing: {}, differing: {}, unaligned: 0, perDoc: new Map(),
  };
  for (const p of Object.keys(paths)) {
    s.rawByPath[p] = 0;
    s.missing[p] = 0;
    s.differing[p] = 0;
  }
  for (const doc of docs) {
    const post = posts.get(`${channelId}/${doc.key}`);
    if (!post) continue;
    s.messages++;
    const personal = doc.labels.map((l, i) => ({ l, i })).filter((x) => x.l.type !== null);
    const count = (f: (c: LeakCounts) => void, type: string): void => {
      f(s.overall);
      f((s.byType[type] ??= empty()));
      f((s.byDataset[doc.dataset] ??= empty()));
    };
    if (post.status === 422) {
      s.blocked++;
      for (const t of new Set(post.blockedTypes)) s.blockedByType[t] = (s.blockedByType[t] ?? 0) + 1;
      for (const { l } of personal) count((c) => (c.values++, c.blocked++), l.type as string);
      s.perDoc.set(doc.key, { outcomes: doc.labels.map(() => 'protected'), replaced: null, stored: null });
      continue;
    }
    if (post.status !== 201 || !post.message) {
      s.failed[String(post.status)] = (s.failed[String(post.status)] ?? 0) + 1;
      continue;
    }
    s.stored++;
    const base = analyseCopy(doc, post.message);
    if (!base.replaced) s.unaligned++;
    let combined = base.outcomes;
    for (const [name, copies] of Object.entries(paths)) {
      const m = copies.get(doc.key);
      if (!m) {
        s.missing[name] = (s.missing[name] ?? 0) + 1;
        continue;
      }
      const same = m.text === post.message.text && JSON.stringify(m.entities) === JSON.stringify(post.message.entities);
      if (!same) s.differing[name] = (s.differing[name] ?? 0) + 1;
      const r = same ? base : analyseCopy(doc, m);
      for (const { i } of personal) if (r.outcomes[i] === 'raw') s.rawByPath[name] = (s.rawByPath[name] ?? 0) + 1;
      combined = combined.map((o, i) => worse(o, r.outcomes[i] as LabelOutcome));
    }
    for (const { l, i } of personal) {
      const o = combined[i] as LabelOutcome;
      count((c) => {
        c.values++;
        if (o === 'raw') c.raw++;
        if (o === 'partial') c.partial++;
      }, l.type as string);
    }
    s.perDoc.set(doc.key, { outcomes: combined, replaced: base.replaced, stored: post.message.text });
    // A generated input (R27: thousands of one-letter words) would swamp the word count.
    if (base.replaced && !doc.report?.generate) {
      const o = overProtection(doc.text, doc.labels, base.replaced);
      s.over.outside += o.outside;
      s.over.replaced += o.replaced;
      for (const [t, n] of Object.entries(o.byType)) s.over.byType[t] = (s.over.byType[t] ?? 0) + n;
      const d = (s.overByDataset[doc.dataset] ??= { outside: 0, replaced: 0 });
      d.outside += o.outside;
      d.replaced += o.replaced;
    }
  }
  return s;
}
