/**
 * Child process of the linearity benchmark: times one system on one field-report `generate`
 * case at one scale, in its own process so a runaway (catastrophic backtracking) can be
 * killed by the parent's timeout.
 * Usage: `node --import tsx bench/detect/linearity-child.ts DATA_DIR CASE_ID SCALE SYSTEM`.
 * Prints one JSON line `{ "ms": median of 5 runs, "findings": n, "chars": input length }`.
 */
import { buildInput, loadFieldReports } from '../../eval/pii/field-reports.ts';
import { median } from './measure.ts';
import { benchSystem } from './systems.ts';

const [dataDir, caseId, scaleArg, systemName] = process.argv.slice(2);
const report = loadFieldReports(dataDir ?? '').find((r) => r.id === caseId);
const sys = benchSystem(systemName ?? '');
if (!report?.generate || !sys) {
  process.stderr.write('linearity-child: unknown case or system\n');
  process.exit(2);
}
const input = buildInput(report, Number(scaleArg));
const small = buildInput({ text: '', generate: { ...report.generate, times: Math.max(1, Math.floor(report.generate.times / 50)) } });
sys.run(small); // warm-up (JIT) on a small input of the same shape
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  sys.run(input);
  times.push(performance.now() - t0);
}
process.stdout.write(`${JSON.stringify({ ms: median(times), findings: sys.count(small), chars: input.length })}\n`);
