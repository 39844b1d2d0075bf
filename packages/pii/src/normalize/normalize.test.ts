import { describe, expect, it } from 'vitest';
import { normalizeView, toOriginalSpan } from './normalize.ts';

describe('normalizeView', () => {
  it('is the identity (same string, no map) for ASCII text', () => {
    const t = 'plain ascii\x00 text';
    const v = normalizeView(t);
    expect(v.identity).toBe(true);
    expect(v.text).toBe(t);
    expect(toOriginalSpan(v, 2, 5)).toEqual([2, 5]);
  });
  it('strips zero-width characters and maps spans over them', () => {
    const t = 'mail j\u200Bane@exa\u200Dmple.com!';
    const v = normalizeView(t);
    expect(v.text).toBe('mail jane@example.com!');
    const s = v.text.indexOf('jane');
    const [a, b] = toOriginalSpan(v, s, s + 'jane@example.com'.length);
    expect(t.slice(a, b)).toBe('j\u200Bane@exa\u200Dmple.com');
  });
  it('does not include stripped characters at the edges of a span', () => {
    const t = '\u200Bab\u200B';
    const v = normalizeView(t);
    expect(v.text).toBe('ab');
    expect(toOriginalSpan(v, 0, 2)).toEqual([1, 3]);
  });
  it('folds full-width digits/letters and Cyrillic/Greek homoglyphs to ASCII', () => {
    expect(normalizeView('\uFF14\uFF11\uFF11\uFF11 ＡＢＣ').text).toBe('4111 ABC');
    expect(normalizeView('j\u0430n\u0435@\u0435x\u0430mple.c\u03BFm').text).toBe('jane@example.com');
  });
  it('maps expansions (one code point → several units) to the whole original code point', () => {
    const t = 'x\uFB01y'; // ﬁ ligature → "fi"
    const v = normalizeView(t);
    expect(v.text).toBe('xfiy');
    expect(toOriginalSpan(v, 1, 2)).toEqual([1, 2]);
    expect(toOriginalSpan(v, 2, 4)).toEqual([1, 3]);
  });
  it('never splits a surrogate pair and keeps lone surrogates', () => {
    const t = 'a😀b\uD800c';
    const v = normalizeView(t + '\u200B');
    expect(v.text).toBe(t);
    expect(toOriginalSpan(v, 2, 3)).toEqual([1, 3]); // second half of 😀 → whole pair
    expect(toOriginalSpan(v, 4, 5)).toEqual([4, 5]);
  });
});

describe('normalizeView: encoded and decorated values (issue 9)', () => {
  it('decodes percent-encoded digits and maps them back to the three original units', () => {
    const t = 'call %34%31%35 555 0132';
    const v = normalizeView(t);
    expect(v.text).toBe('call 415 555 0132');
    expect(toOriginalSpan(v, 5, 8)).toEqual([5, 14]);
    expect(normalizeView('100%3 and %3A').text).toBe('100%3 and %3A');
  });
  it('drops combining marks stacked on ASCII that do not compose, keeps the ones that do', () => {
    const t = '4\u03321\u03321\u03321\u0332 e\u0301 x\u0336\u0336y';
    const v = normalizeView(t);
    expect(v.text).toBe('4111 e\u0301 xy');
    const [a, b] = toOriginalSpan(v, 0, 4);
    // the marks on the last digit belong to it (issue 9: no mark left beside the token)
    expect(t.slice(a, b)).toBe('4\u03321\u03321\u03321\u0332');
  });
  it('decodes percent-encoded phone separators between digits, not inside words (issue 9)', () => {
    expect(normalizeView('my number: %2B1%20555%20010%200199').text).toBe('my number: +1 555 010 0199');
    expect(normalizeView('call 555%2D010%2D0199').text).toBe('call 555-010-0199');
    expect(normalizeView('call %28555%29%20010%2E0199').text).toBe('call (555) 010.0199');
    expect(normalizeView('https://example.com/report%202024.pdf').text).toBe('https://example.com/report%202024.pdf');
    expect(normalizeView('50%20off').text).toBe('50%20off');
    const t = 'x %2B1%20555';
    const v = normalizeView(t);
    expect(toOriginalSpan(v, 2, v.text.length)).toEqual([2, t.length]);
  });
  it('red team 4: a 40,000-character run of percent-encoded separators neither overflows the stack nor takes quadratic time', () => {
    const run = '%20'.repeat(13_332);
    // before: pctDecoded recursed once per following escape (RangeError: Maximum call stack size exceeded)
    expect(normalizeView(`${run}5`).text).toBe(`${' '.repeat(13_332)}5`);
    expect(normalizeView(`${run}x`).text).toBe(`${run}x`);
    const t0 = performance.now();
    normalizeView(`a ${run} %2B1%20555%20a${run}`);
    expect(performance.now() - t0).toBeLessThan(1000);
    // a chain broken in the middle: escapes before the break lead nowhere, those after it to a digit
    expect(normalizeView('%20%20;%20%205').text).toBe('%20%20;  5');
    expect(normalizeView('%2B1%2D5').text).toBe('+1-5');
  });
  it('covers combining marks stacked on the last character of a span (issue 9)', () => {
    const t = 'call 5\u03015\u03015\u0301 now';
    const v = normalizeView(t);
    expect(v.text).toBe('call 555 now');
    expect(t.slice(...toOriginalSpan(v, 5, 8))).toBe('5\u03015\u03015\u0301');
  });
  it('folds dashes that join digit groups to a hyphen, not the em dash (issue 9)', () => {
    expect(normalizeView('555\u2011010\u20110199 and 555\u2013010\u20130199').text).toBe('555-010-0199 and 555-010-0199');
    expect(normalizeView('yes\u2014no').text).toBe('yes\u2014no');
  });
  it('red team 4: folds decimal digits of other scripts and the ideographic full stop', () => {
    expect(normalizeView('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ०१२३४५६७८९ ๐๑๒๓๔๕๖๗๘๙').text).toBe('0123456789 0123456789 0123456789 0123456789');
    expect(normalizeView('a。b｡c').text).toBe('a.b.c');
  });
});
