/**
 * Latency statistics for the chat benchmark: percentiles by the nearest-rank method
 * (https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method). Inputs and outputs in ms.
 */

/** Summary of a latency sample, ms; `n` = sample size (all NaN when empty). */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile `p` (0 < p ≤ 100) of an ascending-sorted array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as number;
}

/** p50, p99 and max of `values` (any order; not modified). */
export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  return { n: arr.length, p50: percentile(arr, 50), p99: percentile(arr, 99), max: arr.length ? (arr[arr.length - 1] as number) : NaN };
}
