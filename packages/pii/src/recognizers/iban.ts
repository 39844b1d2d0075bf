/**
 * IBAN_CODE recognizer (ISO 13616-1): country code, two check digits and a BBAN of the country's
 * exact length ({@link IBAN_LENGTHS}), written compact or in groups of four separated by single
 * spaces (or hyphens, or line breaks: an IBAN split over lines); valid when ISO 7064 MOD 97-10 gives 1. The span ends exactly where the IBAN's length ends,
 * so a following word (`… 32 FAILED`) is never absorbed. Upper or lower case letters accepted.
 */
import { digitCount } from '../text/text-facts.ts';
import type { Recognizer, RecognizerResult } from '../types.ts';
import { isAsciiAlnum, isAsciiLetter, isDigit } from '../text/chars.ts';
import { IBAN_LENGTHS } from '../validators/iban-lengths.ts';
import { ibanMod97Valid } from '../validators/mod97.ts';

const START = /[A-Za-z]{2}\d{2}/g;

/** Finds IBANs. */
export function findIbans(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  if (digitCount(text) < 2) return out; // the check digits
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    const s = m.index;
    if (isAsciiAlnum(text.charCodeAt(s - 1))) continue;
    const cc = m[0].slice(0, 2).toUpperCase();
    const len = IBAN_LENGTHS.get(cc);
    if (len === undefined) continue;
    let compact = cc + m[0].slice(2);
    let j = s + 4;
    let sinceSep = 4;
    let spaced = false;
    while (compact.length < len && j < text.length) {
      const c = text.charCodeAt(j);
      if (isAsciiAlnum(c)) {
        compact += text.charAt(j).toUpperCase();
        sinceSep++;
        j++;
      } else if ((c === 32 || c === 45 || c === 10) && sinceSep === 4 && isAsciiAlnum(text.charCodeAt(j + 1)) && (spaced || j === s + 4)) {
        spaced = true;
        sinceSep = 0;
        j++;
      } else break;
    }
    if (compact.length !== len) continue;
    const next = text.charCodeAt(j);
    if (isAsciiLetter(next) || isDigit(next)) continue; // longer token
    if (!ibanMod97Valid(compact)) continue;
    out.push({ entityType: 'IBAN_CODE', start: s, end: j, score: 1.0, pattern: spaced ? 'iban-grouped' : 'iban-compact', validator: 'iban-mod97' });
    START.lastIndex = j;
  }
  return out;
}

/** IBAN_CODE recognizer (score 1.0 after the mod-97 check). */
export const ibanRecognizer: Recognizer = {
  name: 'iban',
  entities: ['IBAN_CODE'],
  context: ['iban', 'bank', 'account', 'transaction'],
  analyze: findIbans,
};
