/**
 * Timing helpers: throughput over a corpus (warm-up, repetitions within a time budget,
 * median) and per-message latency percentiles. Times from `performance.now()` (ms, sub-µs
 * resolution in Node). Throughput is UTF-8 MiB (2^20 bytes) per second.
 */
import type { BenchSystem } from './systems.ts';

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** Nearest-rank percentile `p` in 0..100 of a non-empty list. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** Result of a throughput run. */
export interface Throughput {
  mibPerS: number;
  reps: number;
  /** Median wall time of one pass over the corpus, ms. */
  passMs: number;
}

let sink = 0;

function pass(sys: BenchSystem, messages: readonly string[]): number {
  const t0 = performance.now();
  for (const m of messages) if (sys.run(m)) sink++;
  return performance.now() - t0;
}

/**
 * Warms up (JIT, lazy data loading) by passing over the first quarter of the messages until
 * 1 s is spent (at least once), then repeats full passes until `maxReps` passes or `budgetMs`
 * is spent (at least one pass), and reports the median pass.
 */
export function throughput(sys: BenchSystem, messages: readonly string[], bytes: number, maxReps: number, budgetMs: number): Throughput {
  const warm = messages.slice(0, Math.max(1, Math.floor(messages.length / 4)));
  const w0 = performance.now();
  do pass(sys, warm);
  while (performance.now() - w0 < 1000);
  const times: number[] = [];
  const start = performance.now();
  do times.push(pass(sys, messages));
  while (times.length < maxReps && performance.now() - start < budgetMs);
  const passMs = median(times);
  return { mibPerS: bytes / 2 ** 20 / (passMs / 1000), reps: times.length, passMs };
}

/** Latency percentiles, ms. */
export interface Latency {
  /** Over the per-message minimum of `runs` timed passes (removes preemption by other processes). */
  p50: number;
  p99: number;
  max: number;
  /** p99 of the first timed pass alone (includes scheduler and GC noise). */
  p99SinglePass: number;
}

/** Per-call latency over `messages`: one warm-up pass, then `runs` timed passes. */
export function latency(run: (t: string) => unknown, messages: readonly string[], runs = 3): Latency {
  for (const m of messages) if (run(m)) sink++;
  const best = messages.map(() => Infinity);
  let first: number[] = [];
  for (let r = 0; r < runs; r++) {
    const ts = messages.map((m) => {
      const t0 = performance.now();
      if (run(m)) sink++;
      return performance.now() - t0;
    });
    if (r === 0) first = ts;
    ts.forEach((t, i) => (best[i] = Math.min(best[i] ?? Infinity, t)));
  }
  return { p50: percentile(best, 50), p99: percentile(best, 99), max: Math.max(...best), p99SinglePass: percentile(first, 99) };
}

/** Keeps results observable (prevents the optimiser from dropping calls). */
export function consumeSink(): number {
  return sink;
}
