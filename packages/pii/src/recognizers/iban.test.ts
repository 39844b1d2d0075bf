import { describe, expect, it } from 'vitest';
import { findIbans, ibanRecognizer } from './iban.ts';

const opts = { phoneRegions: ['US'] };
const spans = (t: string): string[] => ibanRecognizer.analyze(t, opts).map((r) => t.slice(r.start, r.end));

describe('iban recognizer', () => {
  it('finds compact and grouped IBANs and stops where the IBAN stops', () => {
    expect(spans('IBAN GB82 WEST 1234 5698 7654 32 FAILED, use DE89 3704 0044 0532 0130 00 URGENT')).toEqual([
      'GB82 WEST 1234 5698 7654 32',
      'DE89 3704 0044 0532 0130 00',
    ]);
    expect(spans('iban:GB82WEST12345698765432.')).toEqual(['GB82WEST12345698765432']);
    expect(spans('xGB82WEST12345698765432')).toEqual([]); // glued to a word
    expect(spans('to GB82WEST12345698765432.')).toEqual(['GB82WEST12345698765432']);
  });
  it('rejects wrong checksums, wrong lengths and unknown countries', () => {
    expect(spans('GB83 WEST 1234 5698 7654 32')).toEqual([]);
    expect(spans('GB82WEST1234569876543')).toEqual([]);
    expect(spans('GB82WEST123456987654321')).toEqual([]);
    expect(spans('QQ82WEST12345698765432')).toEqual([]);
  });
});

describe('red team 4: an IBAN split over lines', () => {
  it('is found whole (before: its groups after the break were left raw)', () => {
    const t = 'iban GB82\nWEST 1234\n5698 7654 32 ok';
    expect(findIbans(t).map((f) => t.slice(f.start, f.end))).toEqual(['GB82\nWEST 1234\n5698 7654 32']);
  });
});
