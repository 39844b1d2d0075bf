/**
 * Span-level precision / recall / F1, per entity type, micro-averaged over documents.
 *
 * Two matchings (both standard in NER evaluation, cf. SemEval-2013 task 9.1 "strict" and
 * "partial" schemes, and presidio-research's span evaluator):
 * - exact: a prediction is a true positive when a gold span of the same type has the very
 *   same `[start, end)`; matching is one-to-one.
 * - overlap: a prediction counts toward precision when it overlaps at least one gold span of
 *   the same type; a gold span counts toward recall when at least one prediction of the same
 *   type overlaps it. So one prediction covering an address that the gold splits in three
 *   spans gives precision 1/1 and recall 3/3.
 * Precision = TP_p / predictions; recall = TP_r / gold. An empty denominator gives `NaN`
 * (shown as "–"), never a made-up 0 or 1 (see `prf` for F1).
 */
import type { EntityType } from '@enclave/pii';
import type { Span } from './types.ts';

/** Raw counts for one (dataset, entity, system, matching). */
export interface Counts {
  /** Predictions that matched (numerator of precision). */
  tpPred: number;
  /** Gold spans that were found (numerator of recall). */
  tpGold: number;
  /** Number of predictions of this type. */
  pred: number;
  /** Number of gold spans of this type. */
  gold: number;
}

/** Precision, recall and F1 in 0..1, `NaN` where undefined. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Counts under both matchings. */
export interface MatchCounts {
  exact: Counts;
  overlap: Counts;
}

/** A zeroed counter. */
export function emptyCounts(): Counts {
  return { tpPred: 0, tpGold: 0, pred: 0, gold: 0 };
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addCounts(a: Counts, b: Counts): Counts {
  a.tpPred += b.tpPred;
  a.tpGold += b.tpGold;
  a.pred += b.pred;
  a.gold += b.gold;
  return a;
}

/**
 * Precision, recall, F1 from counts. Precision is `NaN` without predictions, recall `NaN`
 * without gold. F1 is `NaN` only without gold; with gold but no (matching) predictions it is 0.
 */
export function prf(c: Counts): Prf {
  const precision = c.pred === 0 ? NaN : c.tpPred / c.pred;
  const recall = c.gold === 0 ? NaN : c.tpGold / c.gold;
  let f1 = NaN;
  if (c.gold > 0) {
    const p = c.pred === 0 ? 0 : precision;
    f1 = p + recall === 0 ? 0 : (2 * p * recall) / (p + recall);
  }
  return { precision, recall, f1 };
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Scores one document for one entity type: `gold` and `pred` may hold other types (ignored). */
export function matchDoc(gold: readonly Span[], pred: readonly Span[], type: EntityType): MatchCounts {
  const g = gold.filter((s) => s.type === type);
  const p = pred.filter((s) => s.type === type);
  // exact, one-to-one: each gold span can be claimed by one identical prediction
  const unclaimed = new Map<string, number>();
  for (const s of g) unclaimed.set(`${s.start}:${s.end}`, (unclaimed.get(`${s.start}:${s.end}`) ?? 0) + 1);
  let exactTp = 0;
  for (const s of p) {
    const k = `${s.start}:${s.end}`;
    const n = unclaimed.get(k) ?? 0;
    if (n > 0) {
      unclaimed.set(k, n - 1);
      exactTp++;
    }
  }
  const overlapPred = p.filter((s) => g.some((t) => overlaps(s, t))).length;
  const overlapGold = g.filter((t) => p.some((s) => overlaps(s, t))).length;
  return {
    exact: { tpPred: exactTp, tpGold: exactTp, pred: p.length, gold: g.length },
    overlap: { tpPred: overlapPred, tpGold: overlapGold, pred: p.length, gold: g.length },
  };
}

/** Accumulates counts per entity type over many documents. */
export class Scoreboard {
  private readonly byType = new Map<EntityType, MatchCounts>();

  constructor(readonly types: readonly EntityType[]) {
    for (const t of types) this.byType.set(t, { exact: emptyCounts(), overlap: emptyCounts() });
  }

  /** Adds one document's gold and predictions (all types; only `types` are scored). */
  add(gold: readonly Span[], pred: readonly Span[]): void {
    for (const t of this.types) {
      const m = matchDoc(gold, pred, t);
      const acc = this.byType.get(t);
      if (!acc) continue;
      addCounts(acc.exact, m.exact);
      addCounts(acc.overlap, m.overlap);
    }
  }

  /** Counts for one type (zeroes when the type is not scored). */
  get(type: EntityType): MatchCounts {
    return this.byType.get(type) ?? { exact: emptyCounts(), overlap: emptyCounts() };
  }
}
