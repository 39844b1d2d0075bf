import { describe, expect, it } from 'vitest';
import { urlCarriesPerson } from './deliberate.ts';
import { redactSpans, runFieldReport, spanProblems, type FieldReport } from './field-reports.ts';
import { runCase, type PresidioCase } from './presidio-cases.ts';
import type { Span, System } from './types.ts';

/** A fixed-answer system: finds each listed substring (first occurrence) with its type. */
function fixed(found: Array<[Span['type'], string]>): System {
  return {
    name: 'Enclave',
    detect: (text) =>
      found
        .filter(([, v]) => text.includes(v))
        .map(([type, v]) => ({ type, start: text.indexOf(v), end: text.indexOf(v) + v.length })),
  };
}

const baseCase = (over: Partial<PresidioCase>): PresidioCase => ({
  source: 'presidio/presidio-analyzer/tests/test_x.py@0aa9f8e',
  test: 't',
  case_index: 0,
  entity: 'IP_ADDRESS',
  text: '',
  expected_count: 0,
  expected: [],
  positions_asserted: 'all',
  ...over,
});

describe('Presidio case comparison', () => {
  it('converts code-point offsets: a case after an emoji passes with the right UTF-16 span', () => {
    const c = baseCase({ text: '😀 ip 192.0.2.1', expected: [[5, 14]], expected_count: 1 });
    expect(runCase(fixed([['IP_ADDRESS', '192.0.2.1']]), c, true).status).toBe('pass');
    expect(runCase(fixed([['IP_ADDRESS', '192.0.2']]), c, true).status).toBe('fail');
  });

  it('an extra finding on a negative case fails; a deliberate rule only excuses a miss', () => {
    const neg = baseCase({ text: 'Version 1.2.3.4', expected: [], expected_count: 0 });
    expect(runCase(fixed([['IP_ADDRESS', '1.2.3.4']]), neg, true).status).toBe('fail');
    const bare = baseCase({ text: 'Unspecified ::', expected: [[12, 14]], expected_count: 1 });
    const missed = runCase(fixed([]), bare, true);
    expect(missed.status).toBe('deliberate');
    expect(missed.rules).toEqual(['ip-unspecified']);
    expect(runCase(fixed([]), bare, false).status).toBe('fail');
  });

  it('count-only cases compare counts; other types are ignored', () => {
    const c = baseCase({ text: 'a 2001:db8::1 b', expected: null, expected_count: 1, positions_asserted: 'none' });
    expect(runCase(fixed([['IP_ADDRESS', '2001:db8::1'], ['PERSON', 'a']]), c, true).status).toBe('pass');
  });

  it('tells URLs that carry a person from those that do not', () => {
    expect(urlCarriesPerson('https://www.example.com/')).toBe(false);
    expect(urlCarriesPerson('https://example.com/users/jdoe')).toBe(true);
    expect(urlCarriesPerson('https://example.com/?email=a@example.com')).toBe(true);
    expect(urlCarriesPerson('https://example.com/p/1234567')).toBe(true);
  });
});

describe('field-report checks', () => {
  const report: FieldReport = {
    id: 'T1',
    kind: 'wrong-span',
    text: 'call 020 7946 0018, please',
    expect: [{ type: 'PHONE', value: '020 7946 0018' }],
    must_not: ['020 7946 0018,'],
    keep: ['call ', ', please'],
  };

  it('passes with the exact span and type', () => {
    expect(runFieldReport(fixed([['PHONE_NUMBER', '020 7946 0018']]), report)).toMatchObject({ status: 'pass', problems: [] });
  });

  it('fails on a span that swallows the comma (must_not and keep), and on a wrong type', () => {
    const r = runFieldReport(fixed([['PHONE_NUMBER', '020 7946 0018,']]), report);
    expect(r.status).toBe('fail');
    expect(r.problems.join('\n')).toContain('must_not');
    expect(runFieldReport(fixed([['US_SSN', '020 7946 0018']]), report).status).toBe('fail');
  });

  it('lists chat-leak cases as server-side', () => {
    expect(runFieldReport(fixed([]), { ...report, kind: 'chat-leak:logs' }).status).toBe('server-side');
  });

  it('spanProblems flags a span that splits a surrogate pair, overlaps, and bounds', () => {
    const text = 'a😀b';
    expect(spanProblems(text, [{ type: 'PERSON', start: 0, end: 2 }])[0]).toContain('surrogate');
    expect(spanProblems(text, [{ type: 'PERSON', start: 0, end: 3 }])).toEqual([]);
    expect(spanProblems(text, [{ type: 'PERSON', start: 0, end: 3 }, { type: 'URL', start: 1, end: 4 }])[0]).toContain('overlap');
    expect(spanProblems(text, [{ type: 'PERSON', start: 3, end: 9 }])[0]).toContain('out of bounds');
  });

  it('redactSpans leaves the text outside spans untouched', () => {
    expect(redactSpans('x jane@example.com y 1', [{ type: 'EMAIL_ADDRESS', start: 2, end: 18 }])).toBe('x [EMAIL_ADDRESS] y 1');
  });
});
