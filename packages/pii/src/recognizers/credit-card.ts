/**
 * CREDIT_CARD recognizer: 12–19 digits, unseparated or in groups of 3–6 joined by one consistent
 * separator (space or hyphen), with a known issuer prefix and length ({@link cardBrand}) and a valid
 * Luhn check digit (ISO/IEC 7812-1). Digits inside decimals (`0.4111…`), longer digit runs or
 * alphanumeric tokens are never taken.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { digitsOf, forEachDigitRun, rightBoundaryOk } from '../text/digit-groups.ts';
import { digitCount } from '../text/text-facts.ts';
import { luhnValid } from '../validators/luhn.ts';
import { cardBrand } from '../validators/card-iin.ts';

/**
 * Finds payment card numbers; also a number whose groups are split over lines (`4111\n1111\n…`,
 * `4111 1111\n1111 1111`: each line break between two digit groups read as a space). Offsets in
 * UTF-16 code units of `text`.
 */
export function findCards(text: string): RecognizerResult[] {
  const out = findCardsOneLine(text);
  if (out.length === 0 && digitCount(text) < 12) return out;
  if (!LINE_BREAK_IN_NUMBER.test(text)) return out;
  // same length, so offsets carry over; only numbers that do cross a line break are added
  const joined = text.replace(LINE_BREAK_IN_NUMBER_G, ' ');
  for (const f of findCardsOneLine(joined)) if (text.slice(f.start, f.end).includes('\n')) out.push(f);
  return out.sort((a, b) => a.start - b.start);
}

/** A line break between two digits. */
const LINE_BREAK_IN_NUMBER = /\d\n\d/;
const LINE_BREAK_IN_NUMBER_G = /(?<=\d)\n(?=\d)/g;

/** Card numbers on one line (see the module comment). */
function findCardsOneLine(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  if (digitCount(text) < 12) return out;
  forEachDigitRun(text, 8, (run) => {
    const { groupStarts, groupEnds } = run;
    const g = groupEnds.length;
    let g0 = 0;
    while (g0 < g) {
      let found = -1;
      for (let g1 = g - 1; g1 >= g0; g1--) {
        const s = groupStarts[g0]!;
        const e = groupEnds[g1]!;
        if (g1 === g - 1 && !rightBoundaryOk(text, e)) continue;
        if (g1 > g0) {
          let sizesOk = true;
          for (let k = g0; k <= g1; k++) {
            const len = groupEnds[k]! - groupStarts[k]!;
            if (len < 3 || len > 6) sizesOk = false;
          }
          if (!sizesOk) continue;
        }
        const d = digitsOf(text, s, e);
        if (d.length < 12 || d.length > 19) continue;
        if (cardBrand(d) !== undefined && luhnValid(d)) {
          out.push({ entityType: 'CREDIT_CARD', start: s, end: e, score: 1.0, pattern: 'card-number', validator: 'luhn' });
          found = g1;
          break;
        }
      }
      // a single unseparated group must be the whole digit run, so only group boundaries are tried
      g0 = found >= 0 ? found + 1 : g0 + 1;
    }
  });
  return out;
}

/** CREDIT_CARD recognizer (score 1.0 after Luhn and issuer checks). */
export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  entities: ['CREDIT_CARD'],
  context: ['credit', 'card', 'visa', 'mastercard', 'amex', 'cc', 'debit', 'payment'],
  analyze: findCards,
};
