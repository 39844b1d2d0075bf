/**
 * Runs systems over datasets, cases and field reports, with a progress bar on stderr.
 * Errors thrown by a system on one input are counted (and that input scored as "nothing
 * found"), never fatal: the harness must keep working while recognizers are rewritten.
 */
import cliProgress from 'cli-progress';
import type { ReportOutcome, FieldReport } from './field-reports.ts';
import { runFieldReport } from './field-reports.ts';
import { runCase, type CaseOutcome, type PresidioCase } from './presidio-cases.ts';
import type { ScoreRow } from './report.ts';
import { Scoreboard } from './scoring.ts';
import type { Dataset, Span, System } from './types.ts';

/** Per-system bookkeeping for one dataset. */
export interface SystemRun {
  errors: number;
  ms: number;
}

function bar(label: string, total: number): cliProgress.SingleBar {
  const b = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label.padEnd(34)} |{bar}| {value}/{total} {unit}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, 0, { unit: 'inputs' });
  return b;
}

/** Scores every system on one dataset; returns one row per scored entity type. */
export function evaluateDataset(ds: Dataset, systems: readonly System[]): { rows: ScoreRow[]; runs: Map<string, SystemRun> } {
  const boards = new Map(systems.map((s) => [s.name, new Scoreboard(ds.scored)]));
  const runs = new Map(systems.map((s) => [s.name, { errors: 0, ms: 0 }]));
  const b = bar(ds.id, ds.docs.length * systems.length);
  for (const doc of ds.docs) {
    for (const s of systems) {
      const run = runs.get(s.name) ?? { errors: 0, ms: 0 };
      let pred: Span[] = [];
      const t0 = performance.now();
      try {
        pred = s.detect(doc.text);
      } catch {
        run.errors++;
      }
      run.ms += performance.now() - t0;
      boards.get(s.name)?.add(doc.gold, pred);
      b.increment();
    }
  }
  b.stop();
  const rows: ScoreRow[] = ds.scored.map((entity) => ({
    dataset: ds.id,
    entity,
    gold: ds.docs.reduce((n, d) => n + d.gold.filter((g) => g.type === entity).length, 0),
    bySystem: new Map(systems.map((s) => [s.name, (boards.get(s.name) as Scoreboard).get(entity)])),
  }));
  return { rows, runs };
}

/** Runs Presidio cases for every system (rules only for Enclave). */
export function evaluateCases(cases: readonly PresidioCase[], systems: readonly System[]): Map<string, CaseOutcome[]> {
  const out = new Map<string, CaseOutcome[]>();
  const b = bar('presidio-cases', cases.length * systems.length);
  for (const s of systems) {
    out.set(
      s.name,
      cases.map((c) => {
        b.increment();
        return runCase(s, c, s.name === 'Enclave');
      }),
    );
  }
  b.stop();
  return out;
}

/** Runs the field reports for every system. */
export function evaluateFieldReports(reports: readonly FieldReport[], systems: readonly System[]): Map<string, ReportOutcome[]> {
  const out = new Map<string, ReportOutcome[]>();
  const b = bar('field-reports', reports.length * systems.length);
  for (const s of systems) {
    out.set(
      s.name,
      reports.map((r) => {
        b.increment();
        return runFieldReport(s, r);
      }),
    );
  }
  b.stop();
  return out;
}
