import { describe, expect, it } from 'vitest';
import { fixedSizeMessages } from './corpora.ts';
import { median, percentile } from './measure.ts';

describe('bench statistics', () => {
  it('median of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});

describe('fixedSizeMessages', () => {
  it('joins lines into messages of exactly the size, never cutting a surrogate pair', () => {
    const msgs = fixedSizeMessages({ name: 't', messages: ['abc😀', 'de', 'fghij'], bytes: 0 }, 4, 5);
    expect(msgs).toHaveLength(5);
    for (const m of msgs) {
      expect(m.length === 4 || m.length === 3).toBe(true);
      expect(/[\uD800-\uDBFF]$/.test(m)).toBe(false);
    }
    expect(msgs[0]).toBe('abc');
    expect(msgs[1]).toBe('😀\nd');
  });
});
