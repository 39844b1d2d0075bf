import { describe, expect, it } from 'vitest';
import { creditCardRecognizer, findCards } from './credit-card.ts';

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

describe('red team 4: a card number split over lines', () => {
  it('is found across line breaks between its groups, with the span over the lines', () => {
    // before: no finding (digit groups are joined by a space or hyphen only) — stored raw even in a public channel
    for (const t of ['card 4111\n1111\n1111\n1111 ok', 'card 4111 1111\n1111 1111 ok']) {
      expect(findCards(t).map((f) => t.slice(f.start, f.end))).toEqual([t.slice(5, -3)]);
    }
  });
  it('a card on one line is found once; digits on lines that are no card stay unfound', () => {
    expect(findCards('card 4111 1111 1111 1111\n5').map((f) => [f.start, f.end])).toEqual([[5, 24]]);
    expect(findCards('4111\n1111\n1111\n1112')).toEqual([]);
  });
});
