import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from './analyzer.ts';
import { anonymize } from './operators/anonymize.ts';
import type { Finding } from './types.ts';

function assertValid(text: string, findings: Finding[]): void {
  let prevEnd = 0;
  for (const f of findings) {
    expect(f.start).toBeGreaterThanOrEqual(prevEnd);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.end).toBeLessThanOrEqual(text.length);
    for (const p of [f.start, f.end]) {
      const hi = text.charCodeAt(p - 1);
      const lo = text.charCodeAt(p);
      expect(hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff, 'splits a surrogate pair').toBe(false);
    }
    prevEnd = f.end;
  }
}

/** Runs `fn` and returns its duration in ms (only to catch catastrophic backtracking, bound 2 s). */
function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

describe('bad input', () => {
  it('handles lone surrogates, NUL bytes and control characters', () => {
    for (const t of ['\uD800', '\uDC00abc\uD800', 'a\u0000b@example.com\u0000', '\u0000'.repeat(100), '\uD83D\uDE00\uD83D']) {
      const f = analyze(t);
      assertValid(t, f);
    }
  });
  it('handles a sample of every Unicode general category', () => {
    const samples = 'Aa\u01C5\u02B0\u05D0\u0300\u0903\u20DD0\u2160\u00BD _-()\u00AB\u00BB!+$^\u00A6 \u2028\u2029\u0000\u00AD\uE000\uD800\u0378';
    const t = `${samples} jane@example.com ${samples} 192.0.2.1 ${samples}`;
    const f = analyze(t);
    assertValid(t, f);
    expect(f.some((x) => x.entityType === 'EMAIL_ADDRESS' && t.slice(x.start, x.end) === 'jane@example.com')).toBe(true);
  });
  // completion test, not a timing test: a generous timeout because the suite shares two cores
  it('completes on a 1 MB line', { timeout: 120_000 }, () => {
    const chunk = 'the build failed again so please check the logs and retry later '.repeat(15) + 'mail a@example.com from 192.0.2.1 ';
    const t = chunk.repeat(Math.ceil((1 << 20) / chunk.length)).slice(0, 1 << 20);
    const f = analyze(t);
    assertValid(t, f);
    expect(f.filter((x) => x.entityType === 'EMAIL_ADDRESS').length).toBeGreaterThan(500);
  });
  it.each([
    ['dotted local part', 'x' + '.a'.repeat(30000) + '@'],
    ['@ signs', 'a@'.repeat(30000)],
    ['digits and spaces', '1 '.repeat(30000)],
    ['hyphenated digits', '12-'.repeat(20000)],
    ['colons', 'a:'.repeat(30000)],
    ['hex colons', 'ff:'.repeat(20000)],
    ['dotted digits', '1.'.repeat(30000)],
    ['long digit run', '9'.repeat(60000)],
    ['zero-width spam', 'a\u200B'.repeat(30000)],
    ['plus signs', '+1'.repeat(30000)],
  ])('completes on pathological repetition: %s', (_name, t) => {
    let f: Finding[] = [];
    expect(timed(() => (f = analyze(t)))).toBeLessThan(2000);
    assertValid(t, f);
  });
});

describe('property: any string', () => {
  const alphabet = fc.constantFrom(...'ab@.:-_ 0123456789+()/\u200B\uFF11\u0430😀\uD800\uDC00\n'.split(''), 'a@example.com', '192.0.2.1', '4111 1111 1111 1111', '+1 201-555-0147', 'GB82 WEST 1234 5698 7654 32');
  const texts = fc.oneof(fc.string({ unit: 'binary' }), fc.array(alphabet, { maxLength: 40 }).map((a) => a.join('')));
  it('gives in-bounds, sorted, non-overlapping spans that do not split surrogates; operators keep the rest', () => {
    fc.assert(
      fc.property(texts, (t) => {
        const f = analyze(t);
        assertValid(t, f);
        const r = anonymize(t, f, { DEFAULT: { type: 'replace' } });
        // text outside the spans is byte-identical, in order
        let cursor = 0;
        let outCursor = 0;
        for (const item of r.items) {
          expect(r.text.slice(outCursor, item.start)).toBe(t.slice(cursor, item.originalStart));
          cursor = item.originalEnd;
          outCursor = item.end;
        }
        expect(r.text.slice(outCursor)).toBe(t.slice(cursor));
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad input of issue 9 (timing: npm run bench:detect, "Bad input" table)', () => {
  it.each([
    ['one letter', 'a'.repeat(40_000)],
    ['digits', '7'.repeat(40_000)],
    ['@ signs', '@'.repeat(40_000)],
    ['dots', '.'.repeat(40_000)],
    ['NUL', '\u0000'.repeat(40_000)],
    ['lone high surrogates', '\uD800'.repeat(40_000)],
    ['lone low surrogates', '\uDC00x'.repeat(20_000)],
    ['CJK only', '漢字仮名交じり文'.repeat(5_000)],
    ['Arabic only', 'النص العربي '.repeat(3_500)],
    ['Devanagari only', 'हिन्दी पाठ '.repeat(4_000)],
    ['emoji only', '😀🎉👍'.repeat(7_000)],
  ])('finds nothing in 40,000 characters of %s, without throwing', (_name, t) => {
    const f = analyze(t);
    assertValid(t, f);
    expect(f).toEqual([]);
  });
  it('finds the values around lone surrogates and NUL, at their original offsets', () => {
    const t = '\uD800 mail jane@example.com\u0000 call +1 202 555 0143 \uDC00';
    const f = analyze(t);
    assertValid(t, f);
    expect(f.map((x) => `${x.entityType}:${t.slice(x.start, x.end)}`)).toEqual(['EMAIL_ADDRESS:jane@example.com', 'PHONE_NUMBER:+1 202 555 0143']);
  });
  it('finds a value at the end of 40,000 characters of one letter, digits, @ or dots', () => {
    for (const pad of ['a', '7', '@', '.']) {
      const t = pad.repeat(40_000) + ' jane@example.com';
      const f = analyze(t);
      assertValid(t, f);
      expect(f.filter((x) => x.entityType === 'EMAIL_ADDRESS').map((x) => t.slice(x.start, x.end))).toEqual(['jane@example.com']);
    }
  });
});
