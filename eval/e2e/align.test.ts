import { describe, expect, it } from 'vitest';
import { alignStored, coverMask, labelOutcome, overProtection } from './align.ts';

const protect = (text: string, spans: Array<[number, number, string]>): { stored: string; entities: Array<{ entityType: string; start: number; end: number }> } => {
  let stored = '';
  let at = 0;
  const entities: Array<{ entityType: string; start: number; end: number }> = [];
  for (const [s, e, t] of spans) {
    stored += text.slice(at, s);
    const ph = `[${t}]`;
    entities.push({ entityType: t, start: stored.length, end: stored.length + ph.length });
    stored += ph;
    at = e;
  }
  return { stored: stored + text.slice(at), entities };
};

describe('alignStored', () => {
  it('recovers the replaced spans, also when a short gap also occurs inside a value', () => {
    const text = 'Jane Roe mailed jane.roe@example.com from 192.0.2.44 on 🚀 day';
    const spans: Array<[number, number, string]> = [
      [0, 8, 'PERSON'],
      [16, 36, 'EMAIL_ADDRESS'],
      [42, 52, 'IP_ADDRESS'],
    ];
    const { stored, entities } = protect(text, spans);
    expect(stored).toBe('[PERSON] mailed [EMAIL_ADDRESS] from [IP_ADDRESS] on 🚀 day');
    expect(alignStored(text, stored, entities)).toEqual(spans.map(([start, end, entityType]) => ({ entityType, start, end })));
  });

  it('handles adjacent placeholders separated by one space that also occurs inside the first value', () => {
    const text = 'call Mary Ann Smith 555-0147 now';
    const spans: Array<[number, number, string]> = [
      [5, 19, 'PERSON'],
      [20, 28, 'PHONE_NUMBER'],
    ];
    const { stored, entities } = protect(text, spans);
    const got = alignStored(text, stored, entities);
    // The gap " " also occurs after "Mary": the split between the two values is ambiguous, but
    // the aligned spans must cover exactly the replaced characters 5..28 minus one gap space.
    expect(got).not.toBeNull();
    expect(got?.[0]?.start).toBe(5);
    expect(got?.[1]?.end).toBe(28);
    expect((got?.[1]?.start ?? 0) - (got?.[0]?.end ?? 0)).toBe(1);
  });

  it('returns [] for an unchanged text and null for a text changed outside placeholders', () => {
    expect(alignStored('hello there', 'hello there', [])).toEqual([]);
    expect(alignStored('hello there', 'hello, there', [])).toBeNull();
    expect(alignStored('mail a@example.com', 'email [EMAIL_ADDRESS]', [{ entityType: 'EMAIL_ADDRESS', start: 6, end: 21 }])).toBeNull();
  });
});

describe('scoring', () => {
  const text = 'Jane Doe lives at 1 Main St';
  const mask = coverMask(text.length, [{ entityType: 'PERSON', start: 0, end: 4 }]);

  it('classes labels as raw, partial or protected', () => {
    expect(labelOutcome(text, mask, { start: 0, end: 4 })).toBe('protected');
    expect(labelOutcome(text, mask, { start: 0, end: 8 })).toBe('partial');
    expect(labelOutcome(text, mask, { start: 18, end: 27 })).toBe('raw');
  });

  it('counts replaced words outside every label', () => {
    const r = overProtection(text, [{ start: 18, end: 27 }], [
      { entityType: 'PERSON', start: 0, end: 4 },
      { entityType: 'LOCATION', start: 18, end: 27 },
    ]);
    expect(r).toEqual({ outside: 4, replaced: 1, byType: { PERSON: 1 } });
  });
});
