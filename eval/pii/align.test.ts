import { describe, expect, it } from 'vitest';
import { makeAligner } from './peers/align.ts';

const align = makeAligner({ PERSON_NAME: 'PERSON', PHONE_NUMBER: 'PHONE_NUMBER', DIGITS: null });

describe('placeholder alignment', () => {
  it('recovers the spans that placeholders replaced', () => {
    const input = 'Hi David Johnson, call 555-0100 or 555-0199 now';
    const spans = align(input, 'Hi PERSON_NAME, call PHONE_NUMBER or PHONE_NUMBER now') ?? [];
    expect(spans.map((s) => [s.type, input.slice(s.start, s.end)])).toEqual([
      ['PERSON', 'David Johnson'],
      ['PHONE_NUMBER', '555-0100'],
      ['PHONE_NUMBER', '555-0199'],
    ]);
  });

  it('drops placeholders that map to no type of ours, and handles a placeholder at the ends', () => {
    const input = '12345 and Ann Lee';
    const spans = align(input, 'DIGITS and PERSON_NAME') ?? [];
    expect(spans.map((s) => [s.type, input.slice(s.start, s.end)])).toEqual([['PERSON', 'Ann Lee']]);
  });

  it('returns [] for unchanged text and null when no alignment exists', () => {
    expect(align('nothing here', 'nothing here')).toEqual([]);
    expect(align('abc', 'xyz PERSON_NAME')).toBeNull();
  });
});
