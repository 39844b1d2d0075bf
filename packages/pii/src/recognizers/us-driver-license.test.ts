import { describe, expect, it } from 'vitest';
import { usDriverLicenseRecognizer } from './us-driver-license.ts';

const found = (text: string): string[] =>
  usDriverLicenseRecognizer.analyze(text, { phoneRegions: [] }).map((r) => text.slice(r.start, r.end));

describe('US driver licence recognizer', () => {
  it('finds state formats after a cue', () => {
    expect(found("My driver's license number is D1234567.")).toEqual(['D1234567']);
    expect(found('drivers licence: 123456789')).toEqual(['123456789']);
    expect(found('DL# CA Y1234567 exp 2030')).toEqual(['Y1234567']);
    expect(found('driving license no. 1234-56-7890')).toEqual(['1234-56-7890']);
    expect(found('DLN S530-1234-5678')).toEqual(['S530-1234-5678']); // letter + 11 digits (Illinois shape)
  });

  it('accepts long Florida/Illinois style numbers', () => {
    expect(found("driver's license: A123456789012")).toEqual(['A123456789012']);
  });

  it('scores a value after a bare "license is" low (software has licences too)', () => {
    const text = 'Jane Doe license is AC432223';
    const [r] = usDriverLicenseRecognizer.analyze(text, { phoneRegions: [] });
    expect(text.slice(r?.start, r?.end)).toBe('AC432223');
    expect(r?.score).toBeLessThan(0.4);
    expect(found('the license is 12345678')).toEqual([]);
    expect(found('license: MIT 2020')).toEqual([]);
  });

  it('never reports plain words or numbers without a cue', () => {
    expect(found('driving licence ABCDEFGH')).toEqual([]);
    expect(found("driver's license is pending")).toEqual([]);
    expect(found('H12234567')).toEqual([]);
    expect(found('order 123456789 shipped')).toEqual([]);
  });

  it('rejects shapes no state issues', () => {
    expect(found('license number 555')).toEqual([]);
    expect(found("driver's license C12T345672")).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('DL '.repeat(30000))).toEqual([]);
    expect(found('DL 1-2-3-4-5-6-7-8-9-'.repeat(3000))).toBeInstanceOf(Array);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of usDriverLicenseRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});
