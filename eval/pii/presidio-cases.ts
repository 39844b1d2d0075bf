/**
 * Runs Presidio's recognizer test vectors (`../shared/data/pii/presidio-tests/cases.jsonl`,
 * format in its SOURCE.md) against a system, for the entity types Enclave implements.
 *
 * Each case calls Presidio's recognizer alone, so each is run here with `entities` restricted
 * to the mapped type(s) and, where the case configures regions, those phone regions.
 * A case passes when the set of reported spans equals the expected set (`positions_asserted:
 * "all"`), when the count matches (`"none"`), or count + first span (`"first_only"`).
 * Offsets are converted from code points to UTF-16.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityType } from '@enclave/pii';
import { deliberateRuleFor } from './deliberate.ts';
import { mapLabel } from './entity-map.ts';
import { codePointToUtf16 } from './offsets.ts';
import type { System } from './types.ts';

/** A case record (fields used here). */
export interface PresidioCase {
  source: string;
  test: string;
  case_index: number;
  entity: string;
  text: string;
  expected_count: number;
  expected: Array<[number, number]> | null;
  positions_asserted: 'all' | 'none' | 'first_only';
  score_max?: number;
  span_scores?: Array<[number, number]>;
  /** What Presidio returned at the extraction commit: `[start, end, score]` (code points). */
  presidio_observed?: Array<[number, number, number]>;
  recognizer_config?: { supported_regions?: string[]; leniency?: number };
}

/** Presidio entities in scope (we implement them) → the types of ours that count. */
export const CASE_SCOPE: Readonly<Record<string, readonly EntityType[]>> = {
  EMAIL_ADDRESS: ['EMAIL_ADDRESS'],
  PHONE_NUMBER: ['PHONE_NUMBER'],
  PH_MOBILE_NUMBER: ['PHONE_NUMBER'],
  TR_PHONE_NUMBER: ['PHONE_NUMBER'],
  IP_ADDRESS: ['IP_ADDRESS'],
  MAC_ADDRESS: ['MAC_ADDRESS'],
  CREDIT_CARD: ['CREDIT_CARD'],
  IBAN_CODE: ['IBAN_CODE'],
  US_SSN: ['US_SSN'],
  US_DRIVER_LICENSE: ['US_DRIVER_LICENSE'],
  US_PASSPORT: ['US_PASSPORT', 'PASSPORT'],
  UK_PASSPORT: ['PASSPORT', 'US_PASSPORT'],
  URL: ['URL'],
};

/** Outcome of one case for one system. */
export interface CaseOutcome {
  case: PresidioCase;
  status: 'pass' | 'deliberate' | 'fail';
  /** Rule ids that excused the case (status `deliberate`). */
  rules: string[];
  expectedTexts: string[];
  gotTexts: string[];
  error?: string;
}

/** Reads cases.jsonl; returns in-scope cases and per-entity counts of out-of-scope ones. */
export function loadPresidioCases(dataDir: string): { cases: PresidioCase[]; outOfScope: Map<string, number> } {
  const lines = readFileSync(join(dataDir, 'pii/presidio-tests/cases.jsonl'), 'utf8').split('\n');
  const cases: PresidioCase[] = [];
  const outOfScope = new Map<string, number>();
  for (const l of lines) {
    if (!l.trim()) continue;
    const c = JSON.parse(l) as PresidioCase;
    if (CASE_SCOPE[c.entity]) {
      mapLabel(c.entity); // every in-scope entity must also be in the one label table
      cases.push(c);
    } else outOfScope.set(c.entity, (outOfScope.get(c.entity) ?? 0) + 1);
  }
  return { cases, outOfScope };
}

/** ISO 3166-1 alpha-2 for Presidio's region list ("UK" is Presidio's name for GB). */
function isoRegions(regions: readonly string[] | undefined): string[] | undefined {
  return regions?.map((r) => (r === 'UK' ? 'GB' : r));
}

/** Runs one case; `withRules` enables the deliberate-disagreement table (Enclave only). */
export function runCase(system: System, c: PresidioCase, withRules: boolean): CaseOutcome {
  const types = CASE_SCOPE[c.entity] ?? [];
  const toUtf16 = codePointToUtf16(c.text);
  const expected = (c.expected ?? []).map(([s, e]) => ({ start: toUtf16(s), end: toUtf16(e) }));
  const expectedTexts = expected.map((s) => c.text.slice(s.start, s.end));
  let got: Array<{ start: number; end: number }>;
  try {
    const regions = isoRegions(c.recognizer_config?.supported_regions);
    const spans = system.detect(c.text, { entities: types, ...(regions ? { phoneRegions: regions } : {}) });
    const seen = new Set<string>();
    got = spans
      .filter((s) => types.includes(s.type))
      .filter((s) => !seen.has(`${s.start}:${s.end}`) && seen.add(`${s.start}:${s.end}`) !== undefined)
      .sort((a, b) => a.start - b.start || a.end - b.end);
  } catch (err) {
    return { case: c, status: 'fail', rules: [], expectedTexts, gotTexts: [], error: (err as Error).name };
  }
  const gotTexts = got.map((s) => c.text.slice(s.start, s.end));
  const key = (s: { start: number; end: number }): string => `${s.start}:${s.end}`;
  const gotKeys = new Set(got.map(key));
  let pass: boolean;
  if (c.positions_asserted === 'none' || c.expected === null) pass = got.length === c.expected_count;
  else if (c.positions_asserted === 'first_only') pass = got.length === c.expected_count && expected[0] !== undefined && gotKeys.has(key(expected[0]));
  else pass = got.length === expected.length && expected.every((s) => gotKeys.has(key(s)));
  if (pass) return { case: c, status: 'pass', rules: [], expectedTexts, gotTexts };
  if (withRules && c.positions_asserted === 'all' && c.expected) {
    const expKeys = new Set(expected.map(key));
    const extra = got.filter((s) => !expKeys.has(key(s)));
    const missed = expected.map((s, i) => ({ s, i })).filter(({ s }) => !gotKeys.has(key(s)));
    const rules: string[] = [];
    const allExcused =
      extra.length === 0 &&
      missed.every(({ s, i }) => {
        if (got.some((g) => g.start < s.end && s.start < g.end)) return false;
        const [cs, ce] = c.expected?.[i] ?? [-1, -1];
        const observed = c.presidio_observed?.find(([os, oe]) => os === cs && oe === ce)?.[2];
        const rule = deliberateRuleFor(
          { entity: c.entity, text: c.text, expectedTexts, presidioScore: observed ?? c.span_scores?.[i]?.[1] ?? c.score_max },
          c.text.slice(s.start, s.end),
        );
        if (rule && !rules.includes(rule.id)) rules.push(rule.id);
        return rule !== undefined;
      });
    if (allExcused) return { case: c, status: 'deliberate', rules, expectedTexts, gotTexts };
  }
  return { case: c, status: 'fail', rules: [], expectedTexts, gotTexts };
}
