/**
 * Field-report checks on what the reader got (semantics in `../shared/data/README.md`):
 * team channel — every `expect` value fully replaced; no replaced span equal to a `must_not`
 * string (for non-`chat-leak` cases: those are false positives); every `keep` string intact;
 * broad channel — blocked, or stored with no `expect` value raw.
 * Details give counts and statuses only, never values.
 */
import type { LabeledDoc } from './corpus.ts';
import type { PostOutcome } from './post.ts';
import type { ChannelScore } from './score.ts';

/** Outcome of one case. */
export interface CaseResult {
  id: string;
  kind: string;
  team: { ok: boolean; detail: string };
  broad: { ok: boolean; detail: string };
  postMs: number;
}

/** Checks each field report posted to both channels. */
export function checkCases(
  docs: readonly LabeledDoc[],
  team: { id: string; score: ChannelScore; posts: Map<string, PostOutcome> },
  broad: { id: string; score: ChannelScore; posts: Map<string, PostOutcome> },
): CaseResult[] {
  return docs.flatMap((d) => {
    const r = d.report;
    if (!r) return [];
    const tp = team.posts.get(`${team.id}/${d.key}`);
    const bp = broad.posts.get(`${broad.id}/${d.key}`);
    const t = team.score.perDoc.get(d.key);
    const problems: string[] = [];
    if (!tp || tp.status !== 201 || !t) problems.push(`post → ${tp?.status ?? 'none'}`);
    else {
      const missed = t.outcomes.filter((o) => o !== 'protected').length;
      if (missed) problems.push(`${missed}/${t.outcomes.length} expected value(s) not fully replaced`);
      if (!t.replaced) problems.push('stored text not alignable');
      if (!r.kind.startsWith('chat-leak') && t.replaced) {
        const cut = t.replaced.map((x) => d.text.slice(x.start, x.end));
        const bad = r.must_not.filter((m) => cut.includes(m)).length;
        if (bad) problems.push(`${bad} must_not string(s) replaced as a span`);
        if (r.expect.length === 0 && t.replaced.length) problems.push(`${t.replaced.length} span(s) replaced in a case expecting none`);
      }
      const lost = (r.keep ?? []).filter((k) => !(t.stored ?? '').includes(k)).length;
      if (lost) problems.push(`${lost} keep string(s) altered`);
    }
    const b = broad.score.perDoc.get(d.key);
    let broadOk: boolean;
    let broadDetail: string;
    if (bp?.status === 422) {
      // A block of a case that holds no personal data is a false positive.
      broadOk = r.expect.length > 0;
      broadDetail = `blocked (${[...new Set(bp.blockedTypes)].join(', ')})`;
    } else if (bp?.status === 201 && b) {
      const raw = b.outcomes.filter((o) => o !== 'protected').length;
      broadOk = raw === 0;
      broadDetail = raw ? `stored with ${raw} value(s) raw` : r.expect.length ? 'stored, values replaced' : 'stored (nothing expected)';
    } else {
      broadOk = false;
      broadDetail = `post → ${bp?.status ?? 'none'}`;
    }
    return [{ id: r.id, kind: r.kind, team: { ok: problems.length === 0, detail: problems.join('; ') || 'ok' }, broad: { ok: broadOk, detail: broadDetail }, postMs: tp?.ms ?? NaN }];
  });
}
