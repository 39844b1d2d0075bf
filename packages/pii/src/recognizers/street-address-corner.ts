/**
 * Street intersections written as one address: "the corner of 12 Example Street and Sample
 * Avenue", "corner of Examplegatan 14 and Sample Road". The span starts at "(the) corner of" (the
 * phrase locates the place as much as the two streets do) and ends after the second street's type.
 * Accepted only when the first street has a house number or a street type and the second ends
 * with a street type (USPS Pub. 28 C1, any case), so "the corner of my desk and the wall" is not
 * an address. Screen: only texts containing "orner of"; bounded repetitions (linear).
 */
import type { RecognizerResult } from '../types.ts';
import { EN_STREET_SUFFIXES, EN_STREET_SUFFIXES_CAPITALIZED, EU_STREET_ENDINGS, EU_STREET_PREFIXES, EU_STREET_WORDS } from './data/street-suffixes.ts';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TYPES = [...new Set([...EN_STREET_SUFFIXES, ...EN_STREET_SUFFIXES_CAPITALIZED])].sort((a, b) => b.length - a.length).map(esc).join('|');
const CORNER_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:[Tt]he[ \\t]+)?[Cc]orner[ \\t]+of[ \\t]+(?<first>(?:[^\\s]+[ \\t]+){0,5}?[^\\s]+)[ \\t]+and[ \\t]+(?:[\\p{L}'’-]+[ \\t]+){0,3}(?:${TYPES})\\.?(?![\\p{L}\\p{N}])`,
  'giu',
);
/** The first street: a digit, or a street word in any of our lists. */
const FIRST_STREET_RE = new RegExp(
  `\\d|(?<![\\p{L}])(?:${TYPES}|${[...EU_STREET_PREFIXES, ...EU_STREET_WORDS].map(esc).join('|')})(?![\\p{L}])|(?:${EU_STREET_ENDINGS.map(esc).join('|')})(?![\\p{L}])`,
  'iu',
);

/**
 * Finds street intersections ("the corner of A and B").
 * @returns STREET_ADDRESS results (score 0.85, pattern `street-corner`), UTF-16 offsets into `text`.
 */
export function findCorners(text: string): RecognizerResult[] {
  if (!text.includes('orner of') && !text.includes('ORNER OF')) return [];
  const out: RecognizerResult[] = [];
  CORNER_RE.lastIndex = 0;
  for (let m = CORNER_RE.exec(text); m !== null; m = CORNER_RE.exec(text)) {
    if (!FIRST_STREET_RE.test(m.groups?.first ?? '')) {
      CORNER_RE.lastIndex = m.index + 1;
      continue;
    }
    let end = m.index + m[0].length;
    // a sentence-final dot after a full type word is punctuation
    if (text[end - 1] === '.' && /\p{L}{4,}\.$/u.test(m[0])) end--;
    out.push({ entityType: 'STREET_ADDRESS', start: m.index, end, score: 0.85, pattern: 'street-corner' });
  }
  return out;
}
