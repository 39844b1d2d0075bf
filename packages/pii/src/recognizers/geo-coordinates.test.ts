import { describe, expect, it } from 'vitest';
import { geoCoordinatesRecognizer } from './geo-coordinates.ts';

const found = (text: string, min = 0.4): string[] =>
  geoCoordinatesRecognizer
    .analyze(text, { phoneRegions: [] })
    .filter((r) => r.score >= min)
    .map((r) => text.slice(r.start, r.end));

describe('geo coordinates recognizer', () => {
  it('finds DMS pairs', () => {
    expect(found('meet at 40°26′46″N 79°58′56″W tonight')).toEqual(['40°26′46″N 79°58′56″W']);
    expect(found(`at 40° 26' 46" N, 79° 58' 56" W`)).toEqual([`40° 26' 46" N, 79° 58' 56" W`]);
  });

  it('finds decimal pairs with hemispheres, labels, or enough precision', () => {
    expect(found('pin: 40.4461° N, 79.9822° W')).toEqual(['40.4461° N, 79.9822° W']);
    expect(found('lat: 40.4461 lon: -79.9822')).toEqual(['lat: 40.4461 lon: -79.9822']);
    expect(found('latitude 51.5007, longitude -0.1246')).toEqual(['latitude 51.5007, longitude -0.1246']);
    expect(found('I am at 40.7128, -74.0060 now')).toEqual(['40.7128, -74.0060']);
  });

  it('gives imprecise bare pairs a score below the threshold (they need a context cue)', () => {
    expect(found('1.25, 3.50')).toEqual([]);
    expect(found('1.25, 3.50', 0.3)).toEqual(['1.25, 3.50']);
    expect(geoCoordinatesRecognizer.context).toContain('coordinates');
  });

  it('checks ranges and rejects lookalikes', () => {
    expect(found('lat: 95.1234 lon: 10.1234')).toEqual([]);
    expect(found('40.1234, 190.1234')).toEqual([]);
    expect(found('40°70′46″N 79°58′56″W')).toEqual([]);
    expect(found('40°26′46″N 79°58′56″N')).toEqual([]);
    expect(found('model score 0.314159265358979, threshold 0.2718281828459045')).toEqual([]);
    expect(found('versions 1.2.3, 4.5.6')).toEqual([]);
    expect(found('values 12.3456, 45.6789, 78.9012')).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('1.1, '.repeat(20000))).toBeInstanceOf(Array);
    expect(found('40°'.repeat(20000))).toEqual([]);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of geoCoordinatesRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});
