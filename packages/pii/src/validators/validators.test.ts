import { describe, expect, it } from 'vitest';
import { luhnValid } from './luhn.ts';
import { ibanMod97Valid } from './mod97.ts';
import { cardBrand } from './card-iin.ts';
import { ssnValid } from './us-ssn.ts';

describe('validators', () => {
  it('luhn accepts test card numbers and the IMEI example, rejects one-digit changes', () => {
    for (const d of ['4111111111111111', '5555555555554444', '378282246310005', '490154203237518']) expect(luhnValid(d), d).toBe(true);
    for (const d of ['4111111111111112', '490154203237519', '', '12a4']) expect(luhnValid(d), d).toBe(false);
  });
  it('mod 97 accepts ISO 13616 examples and rejects a transposition', () => {
    expect(ibanMod97Valid('GB82WEST12345698765432')).toBe(true);
    expect(ibanMod97Valid('DE89370400440532013000')).toBe(true);
    expect(ibanMod97Valid('GB82WEST12345698765423')).toBe(false);
    expect(ibanMod97Valid('GB82')).toBe(false);
  });
  it('card brands follow IIN ranges and lengths', () => {
    expect(cardBrand('4111111111111111')).toBe('visa');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('3782822463100050')).toBeUndefined();
    expect(cardBrand('2221000000000009')).toBe('mastercard');
    expect(cardBrand('490154203237518')).toBeUndefined(); // 15 digits starting with 4: no brand
  });
  it('SSN structure rules', () => {
    expect(ssnValid('078051123')).toBe(true);
    for (const d of ['000051123', '666051123', '900051123', '078001123', '078050000', '078051120', '111111111', '07805112']) expect(ssnValid(d), d).toBe(false);
  });
});
