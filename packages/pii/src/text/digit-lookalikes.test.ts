import { describe, expect, it } from 'vitest';
import { withDigitLookalikes } from './digit-lookalikes.ts';
import { phoneRecognizer } from '../recognizers/phone.ts';

describe('red team 4: letters written for digits inside a number', () => {
  it('are read as digits between digits and separators only, never inside words', () => {
    expect(withDigitLookalikes('+1 202 555 O142 and 0l42')).toBe('+1 202 555 0142 and 0142');
    expect(withDigitLookalikes('Oslo, I said 2 lol, O 5 and 2O')).toBe('Oslo, I said 2 lol, O 5 and 20');
    expect(withDigitLookalikes('no numbers, Oh I see')).toBeUndefined();
  });
  it('a phone number with O for 0 or l for 1 is found (before: no finding, the number stayed raw)', () => {
    const found = (t: string) => phoneRecognizer.analyze(t, { phoneRegions: ['US'] }).map((r) => t.slice(r.start, r.end));
    expect(found('phone +1 202 555 O142 ok')).toEqual(['+1 202 555 O142']);
    expect(found('phone +1 202 555 0l42 ok')).toEqual(['+1 202 555 0l42']);
  });
  it('stays linear on a flood of candidates', () => {
    const t = '5O '.repeat(13_000);
    const t0 = performance.now();
    expect(withDigitLookalikes(t)?.length).toBe(t.length);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
