import { describe, expect, it } from 'vitest';
import { passportRecognizer } from './passport.ts';

const found = (text: string): [string, string][] =>
  passportRecognizer.analyze(text, { phoneRegions: [] }).map((r) => [r.entityType, text.slice(r.start, r.end)]);

describe('passport recognizer', () => {
  it('finds US passport numbers after a cue', () => {
    expect(found('Passport No.: 912803456.')).toEqual([['US_PASSPORT', '912803456']]);
    expect(found('my passport number is Z12803456')).toEqual([['US_PASSPORT', 'Z12803456']]);
    expect(found('travel document A12803456')).toEqual([['US_PASSPORT', 'A12803456']]);
  });

  it('finds other countries\' formats as PASSPORT', () => {
    expect(found('Reisepass: C01X00T47')).toEqual([['PASSPORT', 'C01X00T47']]);
    expect(found('Mi pasaporte es XYZ123456')).toEqual([['PASSPORT', 'XYZ123456']]);
    expect(found('passport 12AB34567')).toEqual([['PASSPORT', '12AB34567']]);
  });

  it('finds several numbers after one cue and a number right before the cue', () => {
    expect(found('Passports: AB1234567 and XY9876543')).toEqual([
      ['PASSPORT', 'AB1234567'],
      ['PASSPORT', 'XY9876543'],
    ]);
    expect(found('XYZ123456 es mi número de pasaporte')).toEqual([['PASSPORT', 'XYZ123456']]);
  });

  it('gives a number separated from the cue by other words a low score and a context word', () => {
    const text = 'my passport number is hi bye hello 912803456';
    const [r, ...rest] = passportRecognizer.analyze(text, { phoneRegions: [] });
    expect(rest).toEqual([]);
    expect(text.slice(r?.start, r?.end)).toBe('912803456');
    expect(r?.score).toBeLessThan(0.4);
    expect(passportRecognizer.context).toContain('passport');
    expect(found('my passportnumber is 912803456')).toEqual([['US_PASSPORT', '912803456']]);
  });

  it('reports nothing without a cue', () => {
    expect(found('912803456')).toEqual([]);
    expect(found('order A12803456 shipped')).toEqual([]);
  });

  it('rejects words and short numbers after the cue', () => {
    // Words between cue and number: only a low-score candidate, left to the analyzer's context step.
    expect(passportRecognizer.analyze('passport photo 123456789', { phoneRegions: [] }).every((r) => r.score < 0.4)).toBe(true);
    expect(found('passport number PENDING')).toEqual([]);
    expect(found('passport 1234')).toEqual([]);
    expect(found('passport expired in 2019')).toEqual([]);
  });

  it('keeps offsets in UTF-16 code units after astral characters', () => {
    const text = '😀😀 passport: 912803456';
    const [r] = passportRecognizer.analyze(text, { phoneRegions: [] });
    expect(r?.start).toBe(text.indexOf('912803456'));
  });

  it('completes quickly on pathological repetitions', () => {
    const text = 'passport '.repeat(20000) + 'no no no '.repeat(20000);
    expect(found(text)).toEqual([]);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of passportRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});
