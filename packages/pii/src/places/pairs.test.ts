import { describe, expect, it } from 'vitest';
import { findPlacePairs } from './pairs.ts';

const found = (text: string): Array<[string, string | undefined]> =>
  findPlacePairs(text).map((r) => [text.slice(r.start, r.end), r.pattern]);

describe('place pairs and address blocks', () => {
  it('finds "City, Region/Country" pairs of listed places', () => {
    expect(found('Springfield, Illinois')).toEqual([['Springfield', 'place-pair'], ['Illinois', 'place-pair']]);
    expect(found('Reading, England')).toEqual([['Reading', 'place-pair'], ['England', 'place-pair']]);
    expect(found('Atlanta, Georgia')).toEqual([['Atlanta', 'place-pair'], ['Georgia', 'place-pair']]);
    // both names also given names or words: no pair
    expect(found('Chad, Jordan')).toEqual([]);
    expect(found('Lyon, France this year')).toEqual([]);
    expect(found('we are based in Lyon, France')).toEqual([['Lyon', 'place-pair'], ['France', 'place-pair']]);
    expect(found('Toronto, ON M5V 2T6')).toEqual([['Toronto', 'place-pair'], ['ON', 'place-pair']]);
    expect(found('Columbus, OH 43004')).toEqual([['Columbus', 'place-pair'], ['OH', 'place-pair']]);
  });

  it('takes an unlisted town before a country only inside an address block', () => {
    expect(found('12 Sample Road\nApt. 4\nKesterburg\nRuritania')).toEqual([]);
    expect(found('12 Sample Road  Apt. 4  Kesterburg  Germany 12345')).toEqual([['Kesterburg', 'address-block'], ['Germany', 'address-block']]);
    expect(found('12 Sample Road > Suite 9 > KESTERBURG > Norway')).toEqual([['KESTERBURG', 'address-block'], ['Norway', 'address-block']]);
    // no address line before: an unlisted word before a country is not a town
    expect(found('Kesterburg, Germany')).toEqual([]);
    expect(found('Thanks, Germany')).toEqual([]);
  });

  it('needs a listed city or a postal code before a state code', () => {
    expect(found('Kesterburg, NY 10001')).toEqual([['Kesterburg', 'place-pair'], ['NY', 'place-pair']]);
    expect(found('Sure, OK')).toEqual([]);
    expect(found('Kesterburg, OK')).toEqual([]);
  });

  it('finds the town after an address cue and a street with a number', () => {
    expect(found('she lives at 12 Sample Road, Kesterburg')).toEqual([['Kesterburg', 'address-tail']]);
    expect(found('my address: 12 sample road, kesterburg. see you')).toEqual([['kesterburg', 'address-tail']]);
    // no address cue, or no number before
    expect(found('we met at 12 Sample Road, Kesterburg')).toEqual([]);
    expect(found('she lives at Sample Road, Kesterburg')).toEqual([]);
    expect(found('my address is 12 Sample Road, the')).toEqual([]);
  });

  it('stays linear and quiet on separators only', () => {
    for (const ch of [',', '>', ' ', '?', '\n']) expect(found(ch.repeat(40_000))).toEqual([]);
    const t0 = performance.now();
    findPlacePairs('12, Kesterburg, '.repeat(5_000));
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
