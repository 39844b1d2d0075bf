import { describe, expect, it } from 'vitest';
import { COMMON_WORD, RARE_WORD, TextGenerator, vocabulary, mulberry32 } from './corpus.ts';
import { fanoutRows, table } from './report.ts';
import { percentile, summarize } from './stats.ts';

describe('percentile (nearest rank)', () => {
  it('matches the textbook example', () => {
    // Wikipedia, "The nearest-rank method": 15, 20, 35, 40, 50 → p30 = 20, p40 = 20, p50 = 35, p100 = 50.
    const xs = [15, 20, 35, 40, 50];
    expect(percentile(xs, 30)).toBe(20);
    expect(percentile(xs, 40)).toBe(20);
    expect(percentile(xs, 50)).toBe(35);
    expect(percentile(xs, 100)).toBe(50);
  });
  it('summarizes unsorted input without changing it, NaN when empty', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    const s = summarize(xs);
    expect(s).toEqual({ n: 100, p50: 50, p99: 99, max: 100 });
    expect(xs[0]).toBe(100);
    expect(Number.isNaN(summarize([]).p99)).toBe(true);
  });
});

describe('corpus', () => {
  it('vocabulary avoids the marker words as prefixes (search counts stay exact)', () => {
    const v = vocabulary(5000, mulberry32(1));
    expect(new Set(v).size).toBe(5000);
    expect(v.some((w) => w.startsWith(COMMON_WORD) || w.startsWith(RARE_WORD))).toBe(false);
  });
  it('counts the messages holding the common word exactly', () => {
    const g = new TextGenerator(3, 0.2);
    let n = 0;
    for (let i = 0; i < 2000; i++) if (g.next(i % 100 === 0).split(' ').includes(COMMON_WORD)) n++;
    expect(g.commonCount).toBe(n);
    expect(n).toBeGreaterThan(300);
  });
});

describe('report', () => {
  it('fails the fan-out ratio above 1.5 and passes it at or below', () => {
    const mk = (p99: number) => ({ n: 10, p50: 1, p99, max: p99 });
    const over = fanoutRows(10, { enclave: mk(16), raw: mk(10), missing: { enclave: 0, raw: 0 }, connectMs: { enclave: 1, raw: 1 } });
    const ok = fanoutRows(10, { enclave: mk(15), raw: mk(10), missing: { enclave: 0, raw: 0 }, connectMs: { enclave: 1, raw: 1 } });
    expect(over.find((r) => r.measure.startsWith('p99 ratio'))?.pass).toBe(false);
    expect(ok.find((r) => r.measure.startsWith('p99 ratio'))?.pass).toBe(true);
    expect(table(over)).toContain('| 1.60 | ≤ 1.5 | **FAIL** |');
  });
});
