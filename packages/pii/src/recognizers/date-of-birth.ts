/**
 * DATE_OF_BIRTH recognizer: calendar dates that follow a birth cue.
 *
 * Cues (case-insensitive, whole words): "dob", "d.o.b.", "date of birth", "birth date",
 * "birthdate", "birthday", "born", "b.". The first date starting within 40 UTF-16 code units
 * after the cue is reported; "12/03/1990 (DOB)" (cue right after the date) is reported too.
 * Date forms: ISO 8601 `1990-03-12` (also `/` and `.`), numeric `m/d/yyyy`, `d.m.yyyy`,
 * `d-m-yy`, day-month-year `12 March 1990`, `12th of Mar. 1990`, `12-MAR-1990`, and
 * month-day-year `March 12, 1990`, `Mar 12th 1990`. Month 1–12 and day 1–31 are checked.
 * Screen: one precompiled cue regex; no cue, no work.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { AnchoredScan, TriggerGroup, triggerStarts } from '../text/text-facts.ts';

const CUE_RE = /(?<![\p{L}\p{N}])(?:d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s?-?date|birthday|born|b\.(?=\s?\d))/giu;
/** How far after the end of a cue a date may start, in UTF-16 code units. */
const WINDOW = 40;

const MONTHS =
  'jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|june?|july?|aug(?:ust|\\.)?|sep(?:t|tember)?\\.?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?';
const YEAR = '(?:1[89]\\d\\d|20\\d\\d)';
/** Alternatives, each anchored on a word boundary; numeric forms checked in code. */
const DATE_SOURCE = [
  `(?<iso>${YEAR})([-/.])(?<isoM>\\d{1,2})\\2(?<isoD>\\d{1,2})`,
  `(?<n1>\\d{1,2})([-/.])(?<n2>\\d{1,2})\\6(?<ny>${YEAR}|\\d{2})`,
  `${DAY}(?:\\s+of)?[\\s-]+(?:${MONTHS})(?:,?[\\s-]+|-)${YEAR}`,
  `(?:${MONTHS})\\s+${DAY},?\\s+${YEAR}`,
].join('|');
const DATE_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${DATE_SOURCE})(?![\\p{L}\\p{N}]|[-/.]\\d)`, 'giu');
/** A cue right after a date: "12/03/1990 (DOB)". */
const TRAILING_CUE_RE = /^\s*[([]?\s*(?:d\.?o\.?b\b|date of birth|birth\s?date|birthday)/i;

function validNumeric(groups: Record<string, string | undefined>): boolean {
  if (groups.iso !== undefined) {
    const m = Number(groups.isoM);
    const d = Number(groups.isoD);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
  }
  if (groups.n1 !== undefined) {
    const a = Number(groups.n1);
    const b = Number(groups.n2);
    // m/d (US) or d/m (EU): one reading must be valid.
    return (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31);
  }
  return true;
}

/** Sticky copy of {@link CUE_RE}. */
const CUE_AT_RE = new RegExp(CUE_RE.source, 'iuy');
/**
 * The ASCII letter run a {@link CUE_RE} match starts with ("d.o.b" → "d", "do.b" → "do", "birth date"
 * → "birth", "b. 1990" → "b"). The cues hold no "s" or "k", the only ASCII letters that `/iu` also
 * matches with non-ASCII ones (U+017F, U+212A), so this holds for any text.
 */
export const CUE_WORDS = new TriggerGroup(['d', 'do', 'dob', 'date', 'birth', 'birthdate', 'birthday', 'born', 'b']);

/** A date ending right before a trailing cue: digit or month name, then spaces/brackets. */
const ENDS_LIKE_DATE_RE = /[0-9a-z][\s([]*$/i;

/** Finds DATE_OF_BIRTH spans; see the module comment. */
function analyzeDob(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  const anchors = triggerStarts(text, CUE_WORDS);
  if (anchors.length === 0) return results;
  // a global CUE_RE scan, tried only where a cue word starts
  const scan = new AnchoredScan(text, CUE_RE, CUE_AT_RE, anchors);
  let next = 0;
  let cue: RegExpExecArray | null;
  let searchedTo = 0;
  let m: RegExpExecArray | null;
  while ((cue = scan.next(next)) !== null) {
    const cueStart = cue.index;
    const cueEnd = cueStart + cue[0].length;
    next = cueEnd;
    // A date right before the cue: "12/03/1990 (DOB)". Look back at most 24 code units.
    const backFrom = Math.max(0, cueStart - 24, searchedTo);
    if (cueStart - backFrom >= 6 && ENDS_LIKE_DATE_RE.test(text.slice(cueStart - 3, cueStart))) {
      const back = text.slice(backFrom, cueStart);
      DATE_RE.lastIndex = 0;
      while ((m = DATE_RE.exec(back)) !== null) {
        const start = backFrom + m.index;
        const end = start + m[0].length;
        if (m.groups && validNumeric(m.groups) && TRAILING_CUE_RE.test(text.slice(end, cueStart + 20))) {
          results.push({ entityType: 'DATE_OF_BIRTH', start, end, score: 0.85, pattern: 'date+trailing-cue' });
          searchedTo = end;
          break;
        }
      }
    }
    // The first valid date starting within WINDOW code units after the cue.
    const from = Math.max(cueEnd, searchedTo);
    const windowText = text.slice(from, cueEnd + WINDOW + 30);
    DATE_RE.lastIndex = 0;
    while ((m = DATE_RE.exec(windowText)) !== null) {
      if (from + m.index > cueEnd + WINDOW) break;
      if (!m.groups || !validNumeric(m.groups)) continue;
      const start = from + m.index;
      const end = start + m[0].length;
      results.push({ entityType: 'DATE_OF_BIRTH', start, end, score: 0.85, pattern: 'birth-cue+date' });
      searchedTo = end;
      next = end;
      break;
    }
  }
  return results;
}

/** DATE_OF_BIRTH recognizer (dates with a birth cue). */
export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  entities: ['DATE_OF_BIRTH'],
  analyze: (text) => analyzeDob(text),
};
