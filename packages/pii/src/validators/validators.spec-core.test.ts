/**
 * Security-core tests of the checksum and structure validators, from their standards: ISO/IEC 7812
 * (card IIN ranges and lengths, Luhn), ISO 13616 / ISO 7064 (IBAN MOD 97-10, lengths from the
 * SWIFT registry) and the SSA's SSN rules. Boundaries of every range are tested on both sides.
 */
import { describe, expect, it } from 'vitest';
import { cardBrand } from './card-iin.ts';
import { IBAN_LENGTHS } from './iban-lengths.ts';
import { luhnValid } from './luhn.ts';
import { ibanMod97Valid } from './mod97.ts';
import { ssnValid } from './us-ssn.ts';

/** `prefix` padded with zeros to `len` digits (brand rules look at prefix and length only). */
const num = (prefix: string, len: number): string => prefix + '0'.repeat(len - prefix.length);

describe('cardBrand (IIN ranges and lengths)', () => {
  it.each([
    // Visa: 4, lengths 13, 16, 19
    ['4', 13, 'visa'], ['4', 16, 'visa'], ['4', 19, 'visa'], ['4', 12, undefined], ['4', 14, undefined], ['4', 15, undefined], ['4', 17, undefined], ['4', 18, undefined],
    // Mastercard: 51–55 and 2221–2720, length 16
    ['51', 16, 'mastercard'], ['55', 16, 'mastercard'], ['2221', 16, 'mastercard'], ['2720', 16, 'mastercard'], ['2500', 16, 'mastercard'],
    ['2220', 16, undefined], ['2721', 16, undefined], ['51', 15, undefined], ['55', 17, undefined], ['2221', 15, undefined], ['2720', 17, undefined],
    // American Express: 34, 37, length 15
    ['34', 15, 'amex'], ['37', 15, 'amex'], ['34', 16, undefined], ['37', 14, undefined], ['33', 15, undefined], ['35', 15, undefined], ['38', 15, 'diners'],
    // Discover: 6011, 644–649, 65, 622126–622925, lengths 16–19
    ['6011', 16, 'discover'], ['6011', 19, 'discover'], ['644', 16, 'discover'], ['649', 17, 'discover'], ['65', 18, 'discover'],
    ['622126', 16, 'discover'], ['622925', 19, 'discover'], ['6011', 20, undefined],
    ['643', 16, 'maestro'], ['6010', 16, 'maestro'], ['6012', 16, 'maestro'], ['622125', 16, 'unionpay'], ['622926', 16, 'unionpay'], ['6011', 15, 'maestro'], ['65', 15, 'maestro'],
    // JCB: 35 with lengths 16–19; 2131 and 1800 with length 15
    ['35', 16, 'jcb'], ['3589', 19, 'jcb'], ['35', 20, undefined], ['2131', 15, 'jcb'], ['1800', 15, 'jcb'], ['2131', 16, undefined], ['1800', 16, undefined], ['2130', 15, undefined],
    // Diners Club: 300–305, 36, 38, 39, lengths 14–19
    ['300', 14, 'diners'], ['305', 14, 'diners'], ['36', 14, 'diners'], ['38', 19, 'diners'], ['39', 16, 'diners'], ['306', 14, undefined], ['299', 14, undefined],
    ['36', 13, undefined], ['36', 20, undefined], ['37', 16, undefined],
    // Mir: 2200–2204, lengths 16–19
    ['2200', 16, 'mir'], ['2204', 19, 'mir'], ['2205', 16, undefined], ['2199', 16, undefined], ['2200', 15, undefined], ['2200', 20, undefined],
    // UnionPay: 62, lengths 16–19
    ['62', 16, 'unionpay'], ['62', 19, 'unionpay'], ['62', 20, undefined], ['62', 15, 'maestro'],
    // Maestro: 50, 56–69, lengths 12–19
    ['50', 12, 'maestro'], ['50', 19, 'maestro'], ['56', 12, 'maestro'], ['69', 12, 'maestro'], ['50', 11, undefined], ['69', 20, undefined], ['70', 16, undefined], ['71', 16, undefined],
    ['55', 12, undefined],
    // UATP: 1, length 15
    ['1', 15, 'uatp'], ['1', 14, undefined], ['1', 16, undefined], ['9', 15, undefined],
  ] as const)('%s… with %i digits → %s', (prefix, len, brand) => {
    expect(cardBrand(num(prefix, len))).toBe(brand);
  });

  it('knows the published test numbers', () => {
    expect(cardBrand('4111111111111111')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('3530111333300000')).toBe('jcb');
    expect(cardBrand('30569309025904')).toBe('diners');
  });
});

describe('luhnValid (ISO/IEC 7812-1 Annex B)', () => {
  it('doubles every second digit from the right and subtracts 9 from two-digit products', () => {
    expect(luhnValid('0')).toBe(true);
    expect(luhnValid('18')).toBe(true); // 1·2 + 8 = 10
    expect(luhnValid('59')).toBe(true); // (5·2 − 9) + 9 = 10
    expect(luhnValid('91')).toBe(true); // (9·2 − 9) + 1 = 10
    expect(luhnValid('19')).toBe(false); // 1·2 + 9 = 11
    expect(luhnValid('26')).toBe(true); // 2·2 + 6 = 10
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('81')).toBe(false); // (8·2 − 9) + 1 = 8
    expect(luhnValid('1')).toBe(false);
  });

  it('refuses the empty string and anything but ASCII digits', () => {
    for (const s of ['', '/', ':', '4111 1111 1111 1111', '411111111111111a', '٤١', '91/', '18:']) expect(luhnValid(s), s).toBe(false);
  });
});

/** Independent MOD 97-10 reference with BigInt (ISO 7064): rearrange, letters to 10–35, mod 97 = 1. */
function mod97Reference(iban: string): boolean {
  if (iban.length < 5 || !/^[0-9A-Z]+$/.test(iban)) return false;
  const s = iban.slice(4) + iban.slice(0, 4);
  const digits = [...s].map((c) => (c >= 'A' ? String(c.charCodeAt(0) - 55) : c)).join('');
  return BigInt(digits) % 97n === 1n;
}

describe('ibanMod97Valid (ISO 13616 / ISO 7064 MOD 97-10)', () => {
  it('accepts registry examples and refuses one-character changes', () => {
    for (const s of ['GB82WEST12345698765432', 'DE89370400440532013000', 'NO9386011117947', 'LC55HEMM000100010012001200023015']) expect(ibanMod97Valid(s), s).toBe(true);
    for (const s of ['GB82WEST12345698765433', 'GB83WEST12345698765432', 'HB82WEST12345698765432']) expect(ibanMod97Valid(s), s).toBe(false);
  });

  it('needs at least 5 characters; a valid 5-character string passes', () => {
    expect(ibanMod97Valid('')).toBe(false);
    expect(ibanMod97Valid('0001')).toBe(false);
    const five = Array.from({ length: 100_000 }, (_, i) => String(i).padStart(5, '0')).find(mod97Reference);
    expect(five).toBeDefined();
    expect(ibanMod97Valid(five as string)).toBe(true);
  });

  it('refuses lower case, spaces and punctuation at the edges of the digit and letter ranges', () => {
    for (const c of ['/', ':', '@', '[', 'a', 'z', ' ', '-']) {
      expect(ibanMod97Valid(`GB82WEST1234569876543${c}`), c).toBe(false);
      expect(ibanMod97Valid(`GB82${c}EST12345698765432`), c).toBe(false);
    }
  });

  it('agrees with an independent BigInt computation on many strings using 0, 9, A and Z', () => {
    const alphabet = '0123456789AZBYM';
    const withPunctuation = `${alphabet}/:@[ a`;
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const len = 5 + rnd(25);
      let s = '';
      const chars = i % 2 ? withPunctuation : alphabet;
      for (let j = 0; j < len; j++) s += chars[rnd(chars.length)];
      const want = mod97Reference(s);
      if (want) valid++;
      expect(ibanMod97Valid(s), s).toBe(want);
    }
    // Make valid ones too: fix the check digits of random bodies.
    for (let i = 0; i < 300; i++) {
      let body = 'GB';
      for (let j = 0; j < 18; j++) body += alphabet[rnd(alphabet.length)];
      const rest = body.slice(2);
      const n = BigInt([...`${rest}GB00`].map((c) => (c >= 'A' ? String(c.charCodeAt(0) - 55) : c)).join(''));
      const check = String(98n - (n % 97n)).padStart(2, '0');
      const iban = `GB${check}${rest}`;
      expect(mod97Reference(iban)).toBe(true);
      expect(ibanMod97Valid(iban), iban).toBe(true);
      valid++;
    }
    expect(valid).toBeGreaterThan(300);
    expect(ibanMod97Valid('GB82WEST1234569876543/')).toBe(false);
  });
});

describe('IBAN lengths (SWIFT IBAN registry)', () => {
  it('has the registry lengths of some countries', () => {
    expect(IBAN_LENGTHS.get('DE')).toBe(22);
    expect(IBAN_LENGTHS.get('GB')).toBe(22);
    expect(IBAN_LENGTHS.get('NO')).toBe(15);
    expect(IBAN_LENGTHS.get('FR')).toBe(27);
    expect(IBAN_LENGTHS.get('LC')).toBe(32);
    expect(IBAN_LENGTHS.get('RU')).toBe(33);
    expect(IBAN_LENGTHS.get('US')).toBeUndefined();
  });
});

describe('ssnValid (SSA rules)', () => {
  it('accepts numbers at the edges of the allowed ranges', () => {
    for (const d of ['001010001', '665010001', '667010001', '899010001', '078010001', '078990001', '078019999', '123456788', '219099998']) expect(ssnValid(d), d).toBe(true);
  });

  it('refuses area 000, 666, 900–999; group 00; serial 0000; the misused numbers; all-same digits; wrong lengths', () => {
    for (const d of ['000123456', '666123456', '900123456', '999123456', '123001234', '123450000', '078051120', '219099999', '123456789',
      '222222222', '888888888', '12345678', '1234567890', '']) {
      expect(ssnValid(d), d).toBe(false);
    }
  });
});
