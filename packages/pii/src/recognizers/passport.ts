/**
 * PASSPORT and US_PASSPORT recognizer: passport numbers next to a passport cue.
 *
 * Cues (case-insensitive, whole words): "passport(s)", "travel document", "Reisepass",
 * "Pass-Nr.", "passeport", "pasaporte", "passaporto", "paspoort", "paszport", "여권(번호)",
 * "护照", "パスポート". Candidates: tokens of 6–9 letters/digits with at least 5 digits that
 * start within 30 UTF-16 code units after the cue (after fillers such as "no.", "number", "is",
 * ":", "#"), further ones joined by "and"/","/"or", or one right before the cue
 * ("AAA123456 es mi número de pasaporte").
 * - US (U.S. Department of State): 9 digits, or one letter + 8 digits → `US_PASSPORT`
 *   (a UK passport number has the US 9-digit shape and is reported as US_PASSPORT too).
 * - Other common formats → `PASSPORT`: DE `[CFGHJKLMNPRTVWXYZ]` + 8, FR `##AA#####`,
 *   IN `A#######`, ES `AAA######`, IT/UK `AA#######`, CA `AA######`, KR `M###A####`, and any
 *   6–9 alphanumerics with ≥ 5 digits.
 * A US-shaped number up to 60 code units after the cue but separated from it by other words
 * ("passport number is hi bye 912803456") gets base score 0.3 and the context word "passport".
 * Never reported without a cue: a bare 9-digit number is not a passport number to us
 * (deliberate difference from Presidio, which reports it with score 0.05).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { AnchoredScan, CHAR, hasClass, TriggerGroup, triggerStarts } from '../text/text-facts.ts';

const CUE_RE = /(?<![\p{L}\p{N}])(?:passport(?:s|no|number|num|nr)?|travel\s+documents?|reisepass|pass-?nr\.?|passeport|pasaporte|passaporto|paspoort|paszport|여권(?:번호)?|护照|パスポート)(?![\p{L}\p{N}])/giu;
/** Filler between cue and number: labels, punctuation, "is", "number", "no.", "#". */
const FILLER_RE =
  /(?:[\s:#=(\-–—.,°º]|\b(?:no|nr|num|number|numbers|id|is|was|are|it's|its|my|the|of|card|book|reads|read|details|es|est|ist|mi|mon|mein|meine|número|numéro|nummer|numero|de|n)\b)*/iuy;
/** Between two numbers after one cue: "AB1234567 and XY9876543". */
const LIST_SEP_RE = /\s*(?:,|;|\/|and|or|&|y|et|und)\s*/iy;
/** A number right before a cue: "AAA123456 es mi número de pasaporte", "A1234567 is my passport number". */
const BEFORE_CUE_RE =
  /(?<![\p{L}\p{N}])([A-Z0-9]{6,9})\s+(?:(?:is|es|est|ist|was|my|mi|mon|mein|meine|the|our|his|her|their|número|numéro|nummer|number|no\.?|de|of|du|der)\s+){1,5}$/iu;
const TOKEN_RE = /[A-Z0-9]{6,9}(?![\p{L}\p{N}])/iuy;

/** How far after a cue a number separated from it by other words may start (UTF-16 code units). */
const WINDOW = 60;
/** A US-shaped passport number as a whole token inside the window (group 1). */
const WINDOW_TOKEN_RE = /(?:^|[^A-Za-z0-9])((?:\d{9}|[A-Z]\d{8}))(?![A-Za-z0-9])/;
const US_RE = /^(?:\d{9}|[A-Z]\d{8})$/;
const OTHER_RE = /^(?:[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}|\d{2}[A-Z]{2}\d{5}|[A-Z]\d{7}|[A-Z]{3}\d{6}|[A-Z]{2}\d{7}|[A-Z]{2}\d{6}|[A-Z0-9]{6,9})$/;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Classifies `raw` at `start` and appends a result; false when it is not a passport number. */
function push(results: RecognizerResult[], text: string, start: number, raw: string): boolean {
  const value = raw.toUpperCase();
  if (digitCount(value) < 5) return false;
  const end = start + raw.length;
  if (US_RE.test(value)) {
    results.push({ entityType: 'US_PASSPORT', start, end, score: 0.85, pattern: 'us-passport+cue' });
  } else if (OTHER_RE.test(value)) {
    results.push({ entityType: 'PASSPORT', start, end, score: 0.8, pattern: 'passport+cue' });
  } else return false;
  return text.length >= end;
}

/** Cheap ASCII gate before the Unicode cue regex. */
const GATE_RE = /pas|travel|reise|\uC5EC\uAD8C|\u62A4\u7167|\u30D1\u30B9\u30DD\u30FC\u30C8/i;

/** Sticky copy of {@link CUE_RE}. */
const CUE_AT_RE = new RegExp(CUE_RE.source, 'iuy');
/** The ASCII words a {@link CUE_RE} match starts with (whole ASCII letter runs). */
export const CUE_WORDS = new TriggerGroup(
  'passport passports passportno passportnumber passportnum passportnr travel reisepass pass passnr passeport pasaporte passaporto paspoort paszport'.split(' '),
);

/** Finds passport numbers after (or right before) cues; see the module comment. */
function analyzePassport(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  // Non-ASCII text may hold the CJK/Korean cues or letters `/iu` folds to ASCII: scan it all.
  const anchors = hasClass(text, CHAR.NON_ASCII) ? undefined : triggerStarts(text, CUE_WORDS);
  if (anchors === undefined ? !GATE_RE.test(text) : anchors.length === 0) return results;
  const scan = new AnchoredScan(text, CUE_RE, CUE_AT_RE, anchors);
  let lastEnd = 0;
  let from = 0;
  for (let cue = scan.next(from); cue !== null; cue = scan.next(from)) {
    const cueStart = cue.index;
    const cueEnd = cueStart + cue[0].length;
    from = cueEnd;
    const back = BEFORE_CUE_RE.exec(text.slice(Math.max(lastEnd, cueStart - 50), cueStart));
    if (back !== null && back[1] !== undefined) {
      const start = Math.max(lastEnd, cueStart - 50) + back.index;
      if (push(results, text, start, back[1])) lastEnd = start + back[1].length;
    }
    FILLER_RE.lastIndex = cueEnd;
    FILLER_RE.exec(text);
    let at = FILLER_RE.lastIndex;
    if (at - cueEnd > 30) continue;
    TOKEN_RE.lastIndex = at;
    if (TOKEN_RE.exec(text) === null) {
      // Words between cue and number ("passport number is hi bye 912803456"): the first US-shaped
      // number within WINDOW code units, with a low base score; the analyzer's context step lifts it.
      const windowText = text.slice(cueEnd, cueEnd + WINDOW);
      const w = WINDOW_TOKEN_RE.exec(windowText);
      if (w !== null && w[1] !== undefined) {
        const start = cueEnd + w.index + (w[0].length - w[1].length);
        results.push({ entityType: 'US_PASSPORT', start, end: start + w[1].length, score: 0.3, pattern: 'us-passport-window' });
        lastEnd = start + w[1].length;
        from = lastEnd;
      }
      continue;
    }
    // One or more numbers after the cue, separated by "and", ",", "or".
    for (let n = 0; n < 5; n++) {
      TOKEN_RE.lastIndex = at;
      const tok = TOKEN_RE.exec(text);
      if (tok === null || !push(results, text, at, tok[0])) break;
      at += tok[0].length;
      lastEnd = at;
      from = at;
      LIST_SEP_RE.lastIndex = at;
      if (LIST_SEP_RE.exec(text) === null) break;
      at = LIST_SEP_RE.lastIndex;
    }
  }
  return results;
}

/** PASSPORT and US_PASSPORT recognizer (numbers after a passport cue only). */
export const passportRecognizer: Recognizer = {
  name: 'passport',
  entities: ['PASSPORT', 'US_PASSPORT'],
  context: ['passport', 'passports', 'travel'],
  analyze: (text) => analyzePassport(text),
};
