import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './protocol.ts';

describe('percentile (nearest rank)', () => {
  it('picks the ceil(p/100 × n)-th smallest value', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted input without modifying it', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(summarize(xs)).toEqual({ n: 5, p50: 3, p99: 5, max: 5 });
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });
});
