/**
 * Linearity of detection time in input size: each field-report `generate` case (README of
 * `../shared/data`) is built at its size and at double size, timed per system in a child
 * process (`linearity-child.ts`) with a timeout, and the time ratio reported (target ≤ 2.2
 * for Enclave; quadratic behaviour shows as ≈ 4). Enclave's time at the case's size is
 * compared with the case's `max_ms`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFieldReports } from '../../eval/pii/field-reports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One timed cell; `ms` is null when the child timed out or failed. */
export interface Timed {
  ms: number | null;
  note?: string;
}

/** Times one system on one case at one scale; `timeoutMs` kills a runaway child. */
export function timeCase(dataDir: string, caseId: string, scale: number, system: string, timeoutMs: number): Timed {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/detect/linearity-child.ts'), dataDir, caseId, String(scale), system], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (r.error || r.signal) return { ms: null, note: `> ${timeoutMs / 1000} s (killed)` };
  if (r.status !== 0) return { ms: null, note: `failed (exit ${r.status})` };
  try {
    return { ms: (JSON.parse(r.stdout.trim()) as { ms: number }).ms };
  } catch {
    return { ms: null, note: 'no result' };
  }
}

const f = (t: Timed): string => (t.ms === null ? (t.note ?? 'n/a') : `${t.ms.toFixed(1)} ms`);

/** Markdown table: per case and system, time at 1× and 2×, ratio, and Enclave vs `max_ms`. */
export function linearityTable(dataDir: string, systems: readonly string[], timeoutMs: number): string {
  const cases = loadFieldReports(dataDir).filter((r) => r.generate);
  if (!cases.length) return '_no generate cases in field-reports.jsonl_';
  const lines = [
    '| case | system | input 1× (chars) | time 1× | time 2× | ratio 2×/1× (≤ 2.2) | max_ms at 1× |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of cases) {
    const g = c.generate;
    if (!g) continue;
    const chars = g.prefix.length + g.repeat.length * g.times + g.suffix.length;
    for (const s of systems) {
      const t1 = timeCase(dataDir, c.id, 1, s, timeoutMs);
      const t2 = t1.ms === null ? { ms: null, note: 'skipped' } : timeCase(dataDir, c.id, 2, s, timeoutMs);
      const ratio = t1.ms !== null && t2.ms !== null ? t2.ms / Math.max(t1.ms, 0.001) : NaN;
      const ratioCell = Number.isNaN(ratio) ? '–' : `${ratio.toFixed(2)}${ratio <= 2.2 ? '' : ' **over**'}`;
      const budget = s === 'Enclave' ? (t1.ms === null ? `${g.max_ms} ms: **missed**` : `${g.max_ms} ms: ${t1.ms <= g.max_ms ? 'ok' : '**missed**'}`) : '';
      lines.push(`| ${c.id} | ${s} | ${chars} | ${f(t1)} | ${f(t2)} | ${ratioCell} | ${budget} |`);
    }
  }
  return lines.join('\n');
}
