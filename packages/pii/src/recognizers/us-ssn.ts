/**
 * US_SSN recognizer: `AAA-GG-SSSS` or `AAA GG SSSS` (one consistent separator) scores 0.5;
 * nine unseparated digits score 0.05 and are reported only with a cue (`ssn`, `social security`, …)
 * raising them above the threshold. Structure rules in {@link ssnValid}.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { digitsOf, forEachDigitRun, rightBoundaryOk } from '../text/digit-groups.ts';
import { digitCount } from '../text/text-facts.ts';
import { ssnValid } from '../validators/us-ssn.ts';

/** Finds US social security numbers. */
export function findSsns(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  if (digitCount(text) < 9) return out;
  forEachDigitRun(text, 4, (run) => {
    const { groupStarts: gs, groupEnds: ge } = run;
    const s = gs[0]!;
    const e = ge[ge.length - 1]!;
    if (!rightBoundaryOk(text, e)) return;
    if (ge.length === 3 && ge[0]! - s === 3 && ge[1]! - gs[1]! === 2 && ge[2]! - gs[2]! === 4) {
      const d = digitsOf(text, s, e);
      if (ssnValid(d)) out.push({ entityType: 'US_SSN', start: s, end: e, score: 0.5, pattern: 'ssn-formatted', validator: 'ssa-rules' });
    } else if (ge.length === 1 && e - s === 9) {
      const d = text.slice(s, e);
      if (ssnValid(d)) out.push({ entityType: 'US_SSN', start: s, end: e, score: 0.05, pattern: 'ssn-unseparated', validator: 'ssa-rules' });
    }
  });
  return out;
}

/** US_SSN recognizer. */
export const usSsnRecognizer: Recognizer = {
  name: 'us-ssn',
  entities: ['US_SSN'],
  context: ['ssn', 'ssns', 'ss#', 'ssid', 'social', 'security', 'social security'],
  analyze: findSsns,
};
