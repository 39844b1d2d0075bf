import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnchoredScan, CHAR, computeFacts, digitCount, factsOf, hasClass, TriggerGroup, triggerEnds, triggerStarts } from './text-facts.ts';

const GROUP = new TriggerGroup(['user', 'my', 'in']);

describe('text facts', () => {
  it('finds trigger words as whole ASCII letter runs, case-insensitively', () => {
    const text = 'My USER: x, username y, user1 z, in_ tin In';
    expect(triggerStarts(text, GROUP)).toEqual([0, 3, 24, 33, 41]);
    expect(triggerEnds(text, GROUP)).toEqual([2, 7, 28, 35, 43]);
  });

  it('keeps groups apart and finds nothing in text without triggers', () => {
    const other = new TriggerGroup(['passport']);
    expect(triggerStarts('my passport', other)).toEqual([3]);
    expect(triggerStarts('my passport', GROUP)).toEqual([0]);
    expect(triggerStarts('', GROUP)).toEqual([]);
    expect(triggerStarts('nothing here 123', GROUP)).toEqual([]);
  });

  it('ends words at non-ASCII letters', () => {
    expect(triggerStarts('éuser úser', GROUP)).toEqual([1]);
  });

  it('counts ASCII digits, inside and outside words (the recognizers\' digit screen)', () => {
    expect(digitCount('')).toBe(0);
    expect(digitCount('no digits here')).toBe(0);
    expect(digitCount('call 555-0100 or user42')).toBe(9);
    expect(computeFacts('٣ ３').digits).toBe(0); // only ASCII: the normalized view folds the others first
  });

  it('reports character classes', () => {
    expect(hasClass('a@b', CHAR.AT)).toBe(true);
    expect(hasClass('ab', CHAR.AT | CHAR.DIGIT)).toBe(false);
    expect(computeFacts('x1').classes & CHAR.DIGIT).toBe(CHAR.DIGIT);
    expect(computeFacts('café').classes & CHAR.NON_ASCII).toBe(CHAR.NON_ASCII);
    expect(computeFacts('café').classes & CHAR.FOLDS_TO_ASCII).toBe(0);
    expect(computeFacts('paſsport').classes & CHAR.FOLDS_TO_ASCII).toBe(CHAR.FOLDS_TO_ASCII);
    expect(computeFacts('nic\u212A').classes & CHAR.FOLDS_TO_ASCII).toBe(CHAR.FOLDS_TO_ASCII);
  });

  it('memoizes the last text', () => {
    const a = factsOf('same text');
    expect(factsOf('same text')).toBe(a);
    expect(factsOf('other text')).not.toBe(a);
  });

  it('rejects trigger words that are not lower-case ASCII letters', () => {
    expect(() => new TriggerGroup(['User'])).toThrow();
    expect(() => new TriggerGroup(['d.l'])).toThrow();
  });
});

describe('AnchoredScan', () => {
  const RE = /\b(?:user|my\s+name)\s*:/gi;
  const RE_Y = new RegExp(RE.source, 'iy');
  const WORDS = new TriggerGroup(['user', 'my']);

  function globalMatches(text: string): [number, string][] {
    const out: [number, string][] = [];
    RE.lastIndex = 0;
    for (let m = RE.exec(text); m !== null; m = RE.exec(text)) out.push([m.index, m[0]]);
    return out;
  }
  function anchoredMatches(text: string, anchors: number[] | undefined): [number, string][] {
    const out: [number, string][] = [];
    const scan = new AnchoredScan(text, RE, RE_Y, anchors);
    for (let m = scan.next(0); m !== null; m = scan.next(m.index + m[0].length)) out.push([m.index, m[0]]);
    return out;
  }

  it('returns the matches of a global scan when every match starts at an anchor', () => {
    const text = 'user: a, USER : b, my name: c, xuser: d, my  NAME:e';
    expect(globalMatches(text)).toHaveLength(4);
    expect(anchoredMatches(text, triggerStarts(text, WORDS))).toEqual(globalMatches(text));
    expect(anchoredMatches(text, undefined)).toEqual(globalMatches(text));
  });

  it('agrees with the global scan on arbitrary mixes of cue fragments', () => {
    const piece = fc.constantFrom('user', 'USER', 'my', 'My', 'name', ':', ' ', '  ', 'x', '_', '1', '\n', 'é', 'users');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(anchoredMatches(text, triggerStarts(text, WORDS))).toEqual(globalMatches(text));
      }),
      { numRuns: 300 },
    );
  });
});
