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

/** Finds payment card numbers. */
export function findCards(text: string): RecognizerResult[] {
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
