import { describe, expect, it } from 'vitest';
import { dateOfBirthRecognizer } from './date-of-birth.ts';

const found = (text: string): string[] =>
  dateOfBirthRecognizer.analyze(text, { phoneRegions: [] }).map((r) => text.slice(r.start, r.end));

describe('date of birth recognizer', () => {
  it('finds dates in common formats after a birth cue', () => {
    expect(found('DOB: 03/12/1990')).toEqual(['03/12/1990']);
    expect(found('d.o.b. 1990-03-12.')).toEqual(['1990-03-12']);
    expect(found('Date of birth 12.03.1990')).toEqual(['12.03.1990']);
    expect(found('I was born on March 12, 1990 in Springfield')).toEqual(['March 12, 1990']);
    expect(found('born 12th of March 1990')).toEqual(['12th of March 1990']);
    expect(found('birthday: 12 Mar 1990')).toEqual(['12 Mar 1990']);
    expect(found('Birth date: 5-MAY-85')).toEqual([]); // two-digit year with month name: not a supported form
    expect(found('birthdate 5-MAY-1985')).toEqual(['5-MAY-1985']);
    expect(found('Jane Doe, b. 4/7/85')).toEqual(['4/7/85']);
  });

  it('finds a date a few words after the cue, and one right before a trailing cue', () => {
    expect(found('she was born in Springfield on 1 June 1992')).toEqual(['1 June 1992']);
    expect(found('12/03/1990 (DOB)')).toEqual(['12/03/1990']);
  });

  it('ignores dates without a birth cue', () => {
    expect(found('Meeting on 03/12/1990 at noon')).toEqual([]);
    expect(found('Released 2021-05-21')).toEqual([]);
  });

  it('ignores cue words without a date, impossible dates, and dates far from the cue', () => {
    expect(found('born in 1990')).toEqual([]);
    expect(found('DOB: 13/13/1990')).toEqual([]);
    expect(found('DOB: 1990-14-02')).toEqual([]);
    expect(found(`born ${'x'.repeat(60)} 03/12/1990`)).toEqual([]);
    expect(found('unborn 03/12/1990')).toEqual([]);
  });

  it('does not take version numbers or decimals for dates', () => {
    expect(found('DOB field moved in v1.2.3.4')).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('born '.repeat(20000))).toEqual([]);
    expect(found('dob 1/1/'.repeat(10000))).toBeInstanceOf(Array);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of dateOfBirthRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});
