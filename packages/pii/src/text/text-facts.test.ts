import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AnchoredScan, CHAR, computeFacts, digitCount, factsOf, hasClass, hasGroup, RUN, TriggerGroup, triggerEnds, triggerStarts } from './text-facts.ts';

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

  it('counts digit runs and the separators the screens use', () => {
    const f = computeFacts('192.0.2.1 or 2001:db8::1 -- a-b');
    expect(f.digits).toBe(12);
    expect(f.digitRuns).toBe(7);
    expect(f.colons).toBe(3);
    expect(f.dots).toBe(3);
    expect(f.hyphens).toBe(3);
    expect(computeFacts('x9').digitRuns).toBe(1);
  });

  it('notes digit runs that can be house numbers, and not chat timestamps', () => {
    const house = (t: string): boolean => (computeFacts(t).runFlags & RUN.HOUSE_NUMBER) !== 0;
    expect(house('[12:18] <nick> hi there')).toBe(false);
    expect(house('(12:30)')).toBe(false);
    expect(house('price $12.')).toBe(false);
    expect(house('12 Main Street')).toBe(true); // number first, then a blank
    expect(house('(12a Main Street')).toBe(true); // a letter after the number
    expect(house('Hauptstraße 5')).toBe(true); // after the street name
    expect(house('Via Roma,5')).toBe(true);
    expect(house('P.O. Box\n12')).toBe(true); // any white space before
    expect(house('rue 7')).toBe(true);
    expect(house('12')).toBe(false); // nothing after
  });

  it('notes a decimal point or degree sign after a digit', () => {
    const dot = (t: string): boolean => (computeFacts(t).runFlags & RUN.DOT_OR_DEGREE_AFTER) !== 0;
    expect(dot('40.7 -74.0')).toBe(true);
    expect(dot('40° N')).toBe(true);
    expect(dot('40º N')).toBe(true);
    expect(dot('40 N .5')).toBe(false);
  });

  it('notes two digits or more right after an ASCII letter', () => {
    const after = (t: string): boolean => (computeFacts(t).runFlags & RUN.AFTER_LETTER) !== 0;
    expect(after('IBAN DE89 3704')).toBe(true);
    expect(after('[12:18] x9 é12')).toBe(false);
  });

  it('sets the bit of each trigger group whose word occurs', () => {
    const a = new TriggerGroup(['alpha', 'shared']);
    const b = new TriggerGroup(['beta', 'shared']);
    expect(a.bit).not.toBe(b.bit);
    const f = computeFacts('ALPHA and more');
    expect(hasGroup(f, a)).toBe(true);
    expect(hasGroup(f, b)).toBe(false);
    const g = computeFacts('a shared word');
    expect(hasGroup(g, a) && hasGroup(g, b)).toBe(true);
    expect(hasGroup(computeFacts('alphabet'), a)).toBe(false);
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
