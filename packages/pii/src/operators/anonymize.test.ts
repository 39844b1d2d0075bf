import { describe, expect, it } from 'vitest';
import { anonymize } from './anonymize.ts';
import { OPERATORS, OperatorConfigError } from './operators.ts';
import type { Finding } from '../types.ts';

const f = (entityType: Finding['entityType'], text: string, value: string, score = 1): Finding => {
  const start = text.indexOf(value);
  return { entityType, start, end: start + value.length, score, recognizer: 'test' };
};

describe('operators', () => {
  it('redact removes, replace uses a placeholder, mask keeps the last N code points, hash is keyed', () => {
    expect(OPERATORS.redact.operate('secret', 'PERSON', { type: 'redact' })).toBe('');
    expect(OPERATORS.replace.operate('x', 'EMAIL_ADDRESS', { type: 'replace' })).toBe('[EMAIL_ADDRESS]');
    expect(OPERATORS.replace.operate('x', 'EMAIL_ADDRESS', { type: 'replace', placeholder: '<e>' })).toBe('<e>');
    expect(OPERATORS.mask.operate('4111 1111 1111 1111', 'CREDIT_CARD', { type: 'mask', keepLast: 4 })).toBe('***************1111');
    expect(OPERATORS.mask.operate('ab😀', 'PERSON', { type: 'mask', keepLast: 1, maskChar: '#' })).toBe('##😀');
    const h1 = OPERATORS.hash.operate('jane@example.com', 'EMAIL_ADDRESS', { type: 'hash', key: 'k'.repeat(16) });
    const h2 = OPERATORS.hash.operate('jane@example.com', 'EMAIL_ADDRESS', { type: 'hash', key: 'j'.repeat(16) });
    expect(h1).toMatch(/^[0-9a-f]{16}$/);
    expect(h1).not.toBe(h2);
  });
  it('validate rejects bad configs before operating', () => {
    expect(() => OPERATORS.mask.validate({ type: 'mask', keepLast: -1 })).toThrow(OperatorConfigError);
    expect(() => OPERATORS.mask.validate({ type: 'mask', maskChar: '**' })).toThrow(OperatorConfigError);
    expect(() => OPERATORS.hash.validate({ type: 'hash', key: 'short' })).toThrow(OperatorConfigError);
    expect(() => anonymize('abc', [], { PERSON: { type: 'hash', key: 'short' } })).toThrow(OperatorConfigError);
  });
});

describe('anonymize', () => {
  it('replaces right-to-left, keeps the rest byte-identical and reports new and original spans', () => {
    const t = 'hey 😀 call 020 7946 0018, mail a@example.com.';
    const findings = [f('EMAIL_ADDRESS', t, 'a@example.com'), f('PHONE_NUMBER', t, '020 7946 0018', 0.6)];
    const r = anonymize(t, findings, { PHONE_NUMBER: { type: 'mask', keepLast: 2 } });
    expect(r.text).toBe('hey 😀 call ***********18, mail [EMAIL_ADDRESS].');
    expect(r.items.map((i) => [i.entityType, r.text.slice(i.start, i.end), t.slice(i.originalStart, i.originalEnd)])).toEqual([
      ['PHONE_NUMBER', '***********18', '020 7946 0018'],
      ['EMAIL_ADDRESS', '[EMAIL_ADDRESS]', 'a@example.com'],
    ]);
  });
  it('resolves overlapping findings to one span before replacing', () => {
    const t = 'Jane Doe - janedoe@example.com';
    const r = anonymize(t, [
      { entityType: 'PERSON', start: 0, end: 18, score: 0.5, recognizer: 't' },
      f('EMAIL_ADDRESS', t, 'janedoe@example.com'),
    ]);
    expect(r.text).toBe('Jane Doe - [EMAIL_ADDRESS]');
  });
  it('rejects findings outside the text', () => {
    expect(() => anonymize('abc', [{ entityType: 'PERSON', start: 2, end: 9, score: 1, recognizer: 't' }])).toThrow(OperatorConfigError);
  });
});
