/** Notification bodies (issue 12): placeholders become words; malformed spans fail closed. */
import { describe, expect, it } from 'vitest';
import { MAX_BODY, renderBody } from './body.ts';

describe('renderBody', () => {
  it('replaces each placeholder span with its label in words, keeps the rest', () => {
    const text = 'Mail [EMAIL_ADDRESS] or call [PHONE_NUMBER] now';
    const entities = [
      { entityType: 'PHONE_NUMBER', start: 29, end: 43 },
      { entityType: 'EMAIL_ADDRESS', start: 5, end: 20 },
    ];
    expect(renderBody(text, entities)).toBe('Mail an e-mail address or call a phone number now');
  });

  it('an unknown type reads "personal data"; typed look-alikes outside spans stay text', () => {
    expect(renderBody('[FOO] x [EMAIL_ADDRESS]', [{ entityType: 'FOO_BAR', start: 0, end: 5 }])).toBe('personal data x [EMAIL_ADDRESS]');
  });

  it('a span overlapping an earlier one or past the text cuts the rest (nothing after it shows)', () => {
    const text = 'ab secret-tail';
    expect(renderBody(text, [{ entityType: 'PERSON', start: 0, end: 5 }, { entityType: 'PERSON', start: 3, end: 8 }])).toBe('a name personal data');
    expect(renderBody(text, [{ entityType: 'PERSON', start: 50, end: 60 }])).toBe('personal data');
  });

  it('collapses whitespace, cuts long text with an ellipsis on a code-point boundary, files-only reads "shared a file"', () => {
    expect(renderBody('a\n\n  b\tc', [])).toBe('a b c');
    const long = renderBody('😀'.repeat(300), []);
    expect(long.length).toBeLessThanOrEqual(MAX_BODY);
    expect(long.endsWith('…')).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(long)).toBe(false);
    expect(renderBody('', [], true)).toBe('shared a file');
    expect(renderBody('', [])).toBe('');
  });
});
