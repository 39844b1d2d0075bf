/**
 * `npm run bench:import [-- --sizes 10000,100000]`: generates synthetic Slack exports (every 10th
 * message carries a fake e-mail; see `server/src/test/slack-export-fixture.ts`), then for each size
 * runs the report-only scan and the full import (protection on: staff-aware guard, vault
 * tokenization, audit) side by side, each in its own process so its peak memory (max RSS) is its
 * own. Prints a table and writes `bench/results/import-latest.md`.
 * Targets (issue 13): ≥ 20,000 messages/s report-only, ≥ 5,000 importing, < 300 MB peak whatever the size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from '../../server/src/test/slack-export-fixture.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = process.argv.indexOf('--sizes');
const sizes = arg > 0 ? (process.argv[arg + 1] ?? '').split(',').map(Number) : [10_000, 100_000];

interface Row {
  mode: string;
  messages: number;
  ms: number;
  perSecond: number;
  cpuMs: number;
  perCpuSecond: number;
  maxRssMB: number;
}

function child(mode: 'report' | 'import', exportDir: string, work: string): Row {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/import/child.ts'), mode, exportDir, work], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Row;
}

const loadStart = loadavg()[0]?.toFixed(1);
const tmp = mkdtempSync(join(tmpdir(), 'enclave-bench-import-'));
const lines = ['| messages | mode | time (s) | messages/s | CPU (s) | messages/CPU-s | peak RSS (MB) |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: |'];
try {
  for (const n of sizes) {
    const dir = join(tmp, `export-${n}`);
    const g = generateExport(dir, { messages: n });
    process.stderr.write(`generated ${n} messages (${g.dayFiles} day files, ${g.planted} planted e-mails)\n`);
    for (const mode of ['report', 'import'] as const) {
      const r = child(mode, dir, join(tmp, `work-${n}-${mode}`));
      const line = `| ${n.toLocaleString('en-US')} | ${mode === 'report' ? 'report-only' : 'full import'} | ${(r.ms / 1000).toFixed(1)} | ${r.perSecond.toLocaleString('en-US')} | ${(r.cpuMs / 1000).toFixed(1)} | ${r.perCpuSecond.toLocaleString('en-US')} | ${r.maxRssMB} |`;
      lines.push(line);
      process.stderr.write(`${line}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const md = [
  '# bench:import — Slack export import',
  '',
  `Run ${new Date().toISOString()} on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; machine shared with other work (load average at start ${loadStart}, at end ${loadavg()[0]?.toFixed(1)}).`,
  'Synthetic export: 10 public channels × 12 members, 200 messages per day file, every 10th message with one fake e-mail.',
  'Targets: ≥ 20,000 msg/s report-only, ≥ 5,000 msg/s importing (protection on), peak RSS < 300 MB at any size.',
  '',
  ...lines,
  '',
].join('\n');
writeFileSync(join(ROOT, 'bench/results/import-latest.md'), md);
process.stdout.write(`${md}\n`);
