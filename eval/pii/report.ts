/**
 * Markdown tables of the evaluation: dataset × entity scores, Presidio case pass rates,
 * field-report outcomes, plus the lists of disagreements. Pure string building.
 */
import type { EntityType } from '@enclave/pii';
import { DELIBERATE_RULES } from './deliberate.ts';
import type { ReportOutcome } from './field-reports.ts';
import type { CaseOutcome } from './presidio-cases.ts';
import { prf, type MatchCounts } from './scoring.ts';
import type { System } from './types.ts';

/** Scores of one dataset × entity row, per system name. */
export interface ScoreRow {
  dataset: string;
  entity: EntityType;
  gold: number;
  bySystem: Map<string, MatchCounts>;
}

/** 2-decimal number, `–` for NaN. */
export function fmt(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(2);
}

const cell = (xs: string[]): string => xs.join(' / ');

/** One markdown table row from its cells. */
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** The main table: Enclave P/R/F1 exact and overlap, then each peer's F1 exact / overlap. */
export function scoreTable(rows: readonly ScoreRow[], peers: readonly System[]): string {
  const head = ['dataset', 'entity', 'gold', 'Enclave P/R/F1 exact', 'Enclave P/R/F1 overlap', ...peers.map((p) => `${p.name} F1 exact / overlap`)];
  const lines = [row(head), `|${head.map(() => ' --- ').join('|')}|`];
  for (const r of rows) {
    const e = r.bySystem.get('Enclave');
    const ex = e ? prf(e.exact) : undefined;
    const ov = e ? prf(e.overlap) : undefined;
    const peerCells = peers.map((p) => {
      if (p.supports && !p.supports.has(r.entity)) return 'n/s';
      const m = r.bySystem.get(p.name);
      return m ? cell([fmt(prf(m.exact).f1), fmt(prf(m.overlap).f1)]) : 'n/a';
    });
    lines.push(
      row([
        r.dataset,
        r.entity,
        String(r.gold),
        ex ? cell([fmt(ex.precision), fmt(ex.recall), fmt(ex.f1)]) : 'n/a',
        ov ? cell([fmt(ov.precision), fmt(ov.recall), fmt(ov.f1)]) : 'n/a',
        ...peerCells,
      ]),
    );
  }
  return lines.join('\n');
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

/** Presidio case pass rates per entity: Enclave (with deliberate column) and peers. */
export function caseTable(outcomes: ReadonlyMap<string, CaseOutcome[]>, peers: readonly string[]): string {
  const enclave = outcomes.get('Enclave') ?? [];
  const entities = [...new Set(enclave.map((o) => o.case.entity))];
  const head = ['Presidio entity', 'cases', 'Enclave pass', 'deliberate', 'fail', 'pass rate', 'pass + deliberate', ...peers.map((p) => `${p} pass rate`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  const entityRow = (label: string, pick: (o: CaseOutcome) => boolean): void => {
    const mine = enclave.filter(pick);
    const pass = mine.filter((o) => o.status === 'pass').length;
    const del = mine.filter((o) => o.status === 'deliberate').length;
    const peerCells = peers.map((p) => {
      const theirs = (outcomes.get(p) ?? []).filter(pick);
      return pct(theirs.filter((o) => o.status === 'pass').length, theirs.length);
    });
    lines.push(
      row([label, String(mine.length), String(pass), String(del), String(mine.length - pass - del), pct(pass, mine.length), pct(pass + del, mine.length), ...peerCells]),
    );
  };
  for (const ent of entities) entityRow(ent, (o) => o.case.entity === ent);
  entityRow('**all in scope**', () => true);
  return lines.join('\n');
}

const clip = (s: string, n = 90): string => {
  const one = JSON.stringify(s);
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** Every Enclave disagreement with Presidio's cases, failures first. */
export function caseDisagreements(enclave: readonly CaseOutcome[]): string {
  const bad = enclave.filter((o) => o.status !== 'pass').sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  if (!bad.length) return '_none_';
  const lines = ['| status | entity | case | text | expected | Enclave reported |', '| --- | --- | --- | --- | --- | --- |'];
  for (const o of bad) {
    const file = o.case.source.replace(/^.*\/(test_[^@]+)\.py@.*$/, '$1');
    const len = o.case.recognizer_config?.leniency;
    const config = len === undefined ? '' : ` (Presidio leniency ${len})`;
    const status = o.status === 'fail' ? `FAIL${o.error ? ` (threw ${o.error})` : ''}` : `deliberate: ${o.rules.join(', ')}`;
    const exp = o.case.expected === null ? `${o.case.expected_count} result(s)` : o.expectedTexts.map((t) => clip(t, 40)).join(', ') || '(nothing)';
    lines.push(
      `| ${status} | ${o.case.entity} | ${file}#${o.case.case_index}${config} | ${clip(o.case.text).replace(/\|/g, '\\|')} | ${exp.replace(/\|/g, '\\|')} | ${(o.gotTexts.map((t) => clip(t, 40)).join(', ') || '(nothing)').replace(/\|/g, '\\|')} |`,
    );
  }
  return lines.join('\n');
}

/** The deliberate-disagreement rules with their justifications. */
export function deliberateTable(): string {
  return ['| rule | justification |', '| --- | --- |', ...DELIBERATE_RULES.map((r) => `| ${r.id} | ${r.justification} |`)].join('\n');
}

/** Field reports: one row per case, one column per system; Enclave's problems listed after. */
export function fieldReportTable(outcomes: ReadonlyMap<string, ReportOutcome[]>, systems: readonly string[]): string {
  const enclave = outcomes.get('Enclave') ?? [];
  const head = ['case', 'kind', ...systems];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  enclave.forEach((o, i) => {
    const cells = systems.map((s) => {
      const x = outcomes.get(s)?.[i];
      if (!x) return 'n/a';
      return x.status === 'server-side' ? 'server-side, not scored here' : x.status === 'pass' ? 'pass' : '**fail**';
    });
    lines.push(`| ${o.id} | ${o.kind} | ${cells.join(' | ')} |`);
  });
  const scored = (s: string): ReportOutcome[] => (outcomes.get(s) ?? []).filter((o) => o.status !== 'server-side');
  lines.push(`| **passed** | | ${systems.map((s) => `${scored(s).filter((o) => o.status === 'pass').length}/${scored(s).length}`).join(' | ')} |`);
  const problems = enclave.filter((o) => o.status === 'fail').map((o) => `- ${o.id}: ${o.problems.join('; ')}`);
  return `${lines.join('\n')}\n\nEnclave field-report problems:\n${problems.length ? problems.join('\n') : '_none_'}`;
}
