import { describe, expect, it } from 'vitest';
import { analyze, createAnalyzer } from './analyzer.ts';
import { DEFAULT_RECOGNIZERS } from './recognizers/index.ts';
import type { Recognizer } from './types.ts';

const CORE = ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'IP_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'MAC_ADDRESS', 'DEVICE_ID'] as const;
const found = (t: string): string[] => analyze(t, { entities: [...CORE] }).map((f) => `${f.entityType}:${t.slice(f.start, f.end)}`);

describe('analyze pipeline', () => {
  it('returns nothing for empty text', () => {
    expect(analyze('')).toEqual([]);
  });
  it('returns sorted findings with UTF-16 offsets after emoji', () => {
    const t = 'hey 😀😀 mail erika@example.com or 192.0.2.7';
    const f = analyze(t, { entities: ['EMAIL_ADDRESS', 'IP_ADDRESS'] });
    expect(f.map((x) => [x.entityType, t.slice(x.start, x.end)])).toEqual([
      ['EMAIL_ADDRESS', 'erika@example.com'],
      ['IP_ADDRESS', '192.0.2.7'],
    ]);
    expect(f[0]!.start).toBe(t.indexOf('erika'));
  });
  it('detects through zero-width characters, full-width digits and homoglyphs, mapping back exactly', () => {
    const t = 'email: jane@\u200Bexample.com or j\u200Bane.doe@example.org';
    expect(found(t)).toEqual(['EMAIL_ADDRESS:jane@\u200Bexample.com', 'EMAIL_ADDRESS:j\u200Bane.doe@example.org']);
    const card = '\uFF14\uFF11\uFF11\uFF11 1111 1111 1111';
    expect(found(`card ${card}.`)).toEqual([`CREDIT_CARD:${card}`]);
    const homo = 'j\u0430ne@ex\u0430mple.c\u043Em';
    expect(found(`to ${homo} now`)).toEqual([`EMAIL_ADDRESS:${homo}`]);
  });
  it('filters by entity type and threshold', () => {
    const t = 'ip 192.0.2.7 mail a@example.com';
    expect(analyze(t, { entities: ['IP_ADDRESS'] }).map((f) => f.entityType)).toEqual(['IP_ADDRESS']);
    expect(analyze(t, { entities: ['IP_ADDRESS', 'EMAIL_ADDRESS'], scoreThreshold: 0.99 }).map((f) => f.entityType)).toEqual(['EMAIL_ADDRESS']);
  });
});

describe('context enhancement', () => {
  it('lifts a cue-dependent candidate over the threshold with a whole-word cue', () => {
    expect(found('my ssn is 078051123')).toEqual(['US_SSN:078051123']);
    expect(found('number 078051123')).not.toContain('US_SSN:078051123');
    expect(found('assn 078051123')).toEqual([]); // "ssn" inside a word is no cue
  });
  it('records the cue and boost in the explanation', () => {
    const [f] = analyze('my ip: 192.0.2.1', { entities: ['IP_ADDRESS'], explain: true });
    expect(f?.score).toBeCloseTo(0.95);
    expect(f?.explanation).toMatchObject({ baseScore: 0.6, contextWord: 'ip', pattern: 'ipv4' });
    expect(f?.explanation?.contextBoost).toBeCloseTo(0.35);
  });
});

describe('conflict strategy', () => {
  const fixed = (name: string, results: Recognizer['analyze']): Recognizer => ({ name, entities: ['URL', 'PERSON', 'EMAIL_ADDRESS'], analyze: results });
  it('keeps the higher score, then the longer span, and drops contained findings', () => {
    const a = createAnalyzer({
      recognizers: [
        fixed('a', () => [{ entityType: 'URL', start: 0, end: 10, score: 0.5 }]),
        fixed('b', () => [{ entityType: 'EMAIL_ADDRESS', start: 2, end: 6, score: 0.9 }]),
        fixed('c', () => [{ entityType: 'PERSON', start: 7, end: 12, score: 0.5 }, { entityType: 'PERSON', start: 13, end: 14, score: 0.5 }]),
      ],
    });
    const out = a.analyze('0123456789abcdef');
    expect(out.map((f) => [f.entityType, f.start, f.end])).toEqual([
      ['EMAIL_ADDRESS', 2, 6],
      ['PERSON', 7, 12],
      ['PERSON', 13, 14],
    ]);
  });
  it('breaks ties by type priority and is independent of recognizer order', () => {
    const r1 = fixed('x', () => [{ entityType: 'PERSON', start: 0, end: 4, score: 0.6 }]);
    const r2 = fixed('y', () => [{ entityType: 'EMAIL_ADDRESS', start: 0, end: 4, score: 0.6 }]);
    for (const recognizers of [[r1, r2], [r2, r1]]) {
      expect(createAnalyzer({ recognizers }).analyze('abcd').map((f) => f.entityType)).toEqual(['EMAIL_ADDRESS']);
    }
  });
  it('skips a recognizer whose screen fails on the shared text pass, without calling it', () => {
    let calls = 0;
    const needsDigits: Recognizer = {
      name: 'n',
      entities: ['USERNAME'],
      screen: (f) => f.digits > 0,
      analyze: (t) => {
        calls++;
        return [{ entityType: 'USERNAME', start: 0, end: t.length, score: 0.8 }];
      },
    };
    const a = createAnalyzer({ recognizers: [needsDigits] });
    expect(a.analyze('no digits here')).toEqual([]);
    expect(calls).toBe(0);
    expect(a.analyze('digit 7').map((f) => f.recognizer)).toEqual(['n']);
    expect(calls).toBe(1);
  });
  it('lets callers add recognizers to the default registry', () => {
    const custom: Recognizer = { name: 'ticket', entities: ['USERNAME'], analyze: (t) => (t.startsWith('T-') ? [{ entityType: 'USERNAME', start: 0, end: 6, score: 0.8 }] : []) };
    const a = createAnalyzer({ recognizers: [...DEFAULT_RECOGNIZERS, custom] });
    expect(a.analyze('T-1234 done', { entities: ['USERNAME'] }).map((f) => f.recognizer)).toEqual(['ticket']);
  });
});
