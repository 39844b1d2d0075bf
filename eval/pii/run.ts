/**
 * `npm run eval` — Enclave's PII analyzer and three npm peers on data nobody here wrote.
 *
 * Usage: `tsx eval/pii/run.ts [--only ID[,ID…]] [--limit N] [--no-peers] [--data DIR]`
 *   dataset ids: synth-v2, generated-small, conll-testa, btc-dev, wnut17-dev, enron,
 *   presidio-cases, field-reports. `--limit N` keeps the first N documents/cases of each.
 * Reads `../shared/data` relative to the project root (layout: its README.md). Prints the
 * tables to stdout; a full run (no --only/--limit/--no-peers) also writes them to
 * `eval/results/latest.md`. Progress goes to stderr.
 * Exit codes: 0 done, 2 usage error or evaluation data missing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enclaveSystem } from './enclave-system.ts';
import { evaluateCases, evaluateDataset, evaluateFieldReports, type SystemRun } from './evaluate.ts';
import { loadFieldReports } from './field-reports.ts';
import { loadBtcDev, loadConllTesta, loadWnutDev } from './load-conll-sets.ts';
import { loadEnron, loadPresidioSynth } from './load-span-sets.ts';
import { openRedactionSystem } from './peers/openredaction.ts';
import { redactPiiSystem } from './peers/redact-pii.ts';
import { redactpiiNodeSystem } from './peers/redactpii-node.ts';
import { loadPresidioCases } from './presidio-cases.ts';
import { caseDisagreements, caseTable, deliberateTable, fieldReportTable, scoreTable, type ScoreRow } from './report.ts';
import { targetsSection } from './targets.ts';
import type { Dataset, System } from './types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const DATASETS: Record<string, (dir: string) => Dataset> = {
  'synth-v2': (d) => loadPresidioSynth(d, 'synth_dataset_v2.json', 'synth-v2'),
  'generated-small': (d) => loadPresidioSynth(d, 'generated_small.json', 'generated-small'),
  'conll-testa': loadConllTesta,
  'btc-dev': loadBtcDev,
  'wnut17-dev': loadWnutDev,
  enron: loadEnron,
};
const ALL_IDS = [...Object.keys(DATASETS), 'presidio-cases', 'field-reports'];

interface Flags {
  only?: Set<string>;
  limit?: number;
  peers: boolean;
  data: string;
}

function parseFlags(argv: string[]): Flags | string {
  const f: Flags = { peers: true, data: resolve(ROOT, '../shared/data') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string | undefined => argv[++i];
    if (a === '--only') {
      const v = val();
      if (!v) return '--only needs a dataset id';
      for (const id of v.split(',')) if (!ALL_IDS.includes(id)) return `unknown dataset '${id}' (known: ${ALL_IDS.join(', ')})`;
      f.only = new Set([...(f.only ?? []), ...v.split(',')]);
    } else if (a === '--limit') {
      const n = Number(val());
      if (!Number.isInteger(n) || n <= 0) return '--limit needs a positive integer';
      f.limit = n;
    } else if (a === '--no-peers') f.peers = false;
    else if (a === '--data') {
      const v = val();
      if (!v) return '--data needs a folder';
      f.data = resolve(v);
    } else return `unknown argument '${a}'`;
  }
  return f;
}

const wanted = (f: Flags, id: string): boolean => !f.only || f.only.has(id);
const limit = <T>(xs: T[], f: Flags): T[] => (f.limit ? xs.slice(0, f.limit) : xs);

/** Entry point; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (typeof flags === 'string') {
    process.stderr.write(`eval: ${flags}\n`);
    return 2;
  }
  if (!existsSync(join(flags.data, 'README.md'))) {
    process.stderr.write(`eval: evaluation data missing — ${flags.data} not found (expected ../shared/data relative to the project root)\n`);
    return 2;
  }
  const rp = redactPiiSystem();
  const rn = redactpiiNodeSystem();
  const or = openRedactionSystem();
  const systems: System[] = [enclaveSystem(), ...(flags.peers ? [rp, or, rn] : [])];
  const peers = systems.slice(1).map((s) => s.name);
  const out: string[] = [`# PII evaluation — ${new Date().toISOString()}`, '', `Command: \`npm run eval -- ${argv.join(' ')}\``, ''];
  const notes: string[] = [];
  const rows: ScoreRow[] = [];
  const timing: string[] = [];
  for (const [id, load] of Object.entries(DATASETS)) {
    if (!wanted(flags, id)) continue;
    let ds: Dataset;
    try {
      ds = load(flags.data);
    } catch (err) {
      notes.push(`- ${id}: not loaded (${(err as Error).message})`);
      continue;
    }
    ds.docs = limit(ds.docs, flags);
    const r = evaluateDataset(ds, systems);
    rows.push(...r.rows);
    notes.push(...ds.notes.map((n) => `- ${id}: ${n}`));
    timing.push(`| ${id} | ${ds.docs.length} | ${systems.map((s) => runCell(r.runs.get(s.name))).join(' | ')} |`);
  }
  if (rows.length) {
    out.push('## Span scores (P / R / F1; exact span and overlap)', '', scoreTable(rows, systems.slice(1)), '', '`n/s`: the peer has no detector for that type at all (its F1 there is 0).', '');
    out.push('Time per dataset (s; errors = inputs on which the system threw):', '');
    out.push(`| dataset | docs | ${systems.map((s) => s.name).join(' | ')} |`, `| --- | --- |${systems.map(() => ' --- |').join('')}`, ...timing, '');
  }
  let outcomes: ReturnType<typeof evaluateCases> | undefined;
  let reportOutcomes: ReturnType<typeof evaluateFieldReports> | undefined;
  if (wanted(flags, 'presidio-cases')) {
    const { cases, outOfScope } = loadPresidioCases(flags.data);
    outcomes = evaluateCases(limit(cases, flags), systems);
    out.push('## Presidio recognizer test cases (types we implement)', '', caseTable(outcomes, peers), '');
    out.push('### Every disagreement (Enclave vs Presidio)', '', caseDisagreements(outcomes.get('Enclave') ?? []), '');
    out.push('### Deliberate disagreements (table in eval/pii/deliberate.ts)', '', deliberateTable(), '');
    notes.push(`- presidio-cases: out of scope (entity types we do not implement): ${[...outOfScope].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  if (wanted(flags, 'field-reports')) {
    const reports = limit(loadFieldReports(flags.data), flags);
    reportOutcomes = evaluateFieldReports(reports, systems);
    out.push('## Field reports (../shared/data/cases/field-reports.jsonl)', '', fieldReportTable(reportOutcomes, systems.map((s) => s.name)), '');
  }
  out.push('## Targets of issue 3 (this run)', '', targetsSection(rows, outcomes, reportOutcomes, systems.slice(1)), '');
  if (flags.peers) {
    notes.push(`- redact-pii / @redactpii/node return only redacted text; spans recovered by alignment (eval/pii/peers/align.ts); alignment failures: redact-pii ${rp.stats.alignFailures}, @redactpii/node ${rn.stats.alignFailures}`);
    const top = [...or.stats.unmapped].sort((a, b) => b[1] - a[1]).slice(0, 12);
    notes.push(`- openredaction types with no equivalent of ours (ignored), most frequent: ${top.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  }
  out.push('## Notes', '', ...notes, '');
  const md = out.join('\n');
  process.stdout.write(`${md}\n`);
  // Only a full run replaces latest.md; a partial run (--only/--limit/--no-peers) just prints.
  if (!flags.only && !flags.limit && flags.peers) {
    const file = join(ROOT, 'eval/results/latest.md');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, md);
    process.stderr.write(`eval: written to ${file}\n`);
  }
  return 0;
}

function runCell(r: SystemRun | undefined): string {
  if (!r) return 'n/a';
  return `${(r.ms / 1000).toFixed(2)}${r.errors ? ` (${r.errors} errors)` : ''}`;
}

process.exitCode = await main(process.argv.slice(2));
