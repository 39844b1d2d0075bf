import { describe, expect, it } from 'vitest';
import { creditCardRecognizer } from './credit-card.ts';

const opts = { phoneRegions: ['US'] };
const spans = (t: string): string[] => creditCardRecognizer.analyze(t, opts).map((r) => t.slice(r.start, r.end));

describe('credit card recognizer', () => {
  it('finds Luhn-valid numbers compact, spaced and hyphenated', () => {
    expect(spans('my card is 4111 1111 1111 1111, ok')).toEqual(['4111 1111 1111 1111']);
    expect(spans('4111111111111111 4111-1111-1111-1111 5555 5555 5555 4444')).toEqual(['4111111111111111', '4111-1111-1111-1111', '5555 5555 5555 4444']);
    expect(spans('amex 3782 822463 10005')).toEqual(['3782 822463 10005']);
  });
  it('rejects bad checksums, unknown issuers and mixed separators', () => {
    expect(spans('4111 1111 1111 1112')).toEqual([]);
    expect(spans('9111111111111119')).toEqual([]); // no issuer starts with 9
    expect(spans('4111-1111 1111-1111')).toEqual([]);
  });
  it('never takes digits out of decimals, longer runs or words', () => {
    expect(spans('score 0.4111111111111111 and 14111111111111111 x4111111111111111')).toEqual([]);
  });
});

describe('credit card issuer ranges', () => {
  it('accepts JCB 16-digit and legacy 15-digit numbers', () => {
    expect(spans('jcb 3530111333300000 and 213100000000001')).toEqual(['3530111333300000', '213100000000001']);
  });
});
