/**
 * Phone numbers with spelled digits: "four one five, five five five, zero one three two",
 * "call 4 one 5 five 5 five 0 one 3 two", "double five" / "triple oh" included.
 *
 * Screen: runs only where the shared text pass ({@link triggerStarts}) saw a digit word. From each
 * one not yet consumed, digit words and digit groups (≤ 4 digits) separated by spaces and at most one
 * `-`, `,` or `.` are read with one sticky regex per token; a run with at least three spelled words
 * and 7–15 digits is validated like any other number (libphonenumber, regions of the options).
 * Scores: valid with ≥ 10 digits 0.6, otherwise 0.35 (a phone cue lifts it); possible 0.3.
 */
import type { RecognizerOptions, RecognizerResult } from '../types.ts';
import { countTriggers, TriggerGroup, triggerStarts } from '../text/text-facts.ts';
import { checkPhoneDigits } from './phone.ts';

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
/** Trigger words: digit words but "oh" (an interjection far more often; read as 0 inside a run). */
const WORDS = new TriggerGroup([...Object.keys(DIGIT_WORDS).filter((w) => w !== 'oh'), 'double', 'triple']);
/** One token after the previous one (or at a run's first word): separator, then a digit word, a repeat word or a digit group. */
const LEAD = /(?<![A-Za-z0-9])(\d{1,4})[ \t]*(?:[-,.][ \t]*)?$/;
const TOKEN = /[ \t]*(?:[-,.][ \t]*)?(?:(double|triple)[ \t]+)?(zero|oh|one|two|three|four|five|six|seven|eight|nine|\d{1,4})(?![A-Za-z0-9])/iy;

/**
 * Finds phone numbers written with spelled digits.
 * @returns PHONE_NUMBER results (pattern `phone-spelled`), UTF-16 offsets into `text`.
 */
export function findSpelledPhones(text: string, options: RecognizerOptions): RecognizerResult[] {
  if (countTriggers(text, WORDS) < 3) return [];
  const starts = triggerStarts(text, WORDS);
  const out: RecognizerResult[] = [];
  let consumed = 0;
  for (const s of starts) {
    if (s < consumed) continue;
    // a digit group right before the first word belongs to the run ("4 one 5 …")
    const lead = LEAD.exec(text.slice(Math.max(consumed, s - 8), s));
    let digits = lead === null ? '' : lead[1]!;
    const start = lead === null ? s : s - lead[0].length;
    let words = 0;
    let end = s;
    TOKEN.lastIndex = s;
    for (let m = TOKEN.exec(text); m !== null && digits.length <= 15; m = TOKEN.exec(text)) {
      const tok = m[2]!.toLowerCase();
      const d = DIGIT_WORDS[tok] ?? tok;
      const repeat = m[1] === undefined ? 1 : m[1].toLowerCase() === 'double' ? 2 : 3;
      if (repeat > 1 && d.length !== 1) break;
      if (DIGIT_WORDS[tok] !== undefined) words++;
      digits += d.repeat(repeat);
      end = TOKEN.lastIndex;
    }
    consumed = Math.max(end, s + 1);
    if (words < 3 || digits.length < 7 || digits.length > 15) continue;
    const v = checkPhoneDigits(digits, false, options.phoneRegions);
    if (v === 0) continue;
    const score = v >= 2 ? (digits.length >= 10 ? 0.6 : 0.35) : 0.3;
    out.push({ entityType: 'PHONE_NUMBER', start, end, score, pattern: 'phone-spelled', validator: 'libphonenumber' });
  }
  return out;
}

/** A digit between every symbol of one kind (`5_5_5_0_1_0_0_1_9_9`, `5*5*5*…`, `5•5•5•…`): 7–15 digits. */
const SYMBOL_SPREAD_RE = /(?<![\p{L}\p{N}_*~|•·])\d(?<sep>[_*~|•·])\d(?:\k<sep>\d){5,13}(?![\p{L}\p{N}_*~|•·])/gu;

/**
 * Finds phone numbers with a symbol other than the usual separators between every digit, a way to
 * slip a number past a filter. Screen: one of the symbols occurs right after a digit.
 * @returns PHONE_NUMBER results (pattern `phone-symbol-spread`, score 0.35 valid / 0.3 possible:
 *   a phone cue is needed, as for digits spread by spaces), UTF-16 offsets into `text`.
 */
export function findSymbolSpreadPhones(text: string, options: RecognizerOptions): RecognizerResult[] {
  if (!/\d[_*~|•·]\d/.test(text)) return [];
  const out: RecognizerResult[] = [];
  SYMBOL_SPREAD_RE.lastIndex = 0;
  for (let m = SYMBOL_SPREAD_RE.exec(text); m !== null; m = SYMBOL_SPREAD_RE.exec(text)) {
    const digits = m[0].replace(/\D/g, '');
    const v = checkPhoneDigits(digits, false, options.phoneRegions);
    if (v === 0) continue;
    out.push({ entityType: 'PHONE_NUMBER', start: m.index, end: m.index + m[0].length, score: v >= 2 ? 0.35 : 0.3, pattern: 'phone-symbol-spread', validator: 'libphonenumber' });
  }
  return out;
}
