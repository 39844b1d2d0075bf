/**
 * PHONE_NUMBER recognizer, validated with `libphonenumber-js` (Google libphonenumber metadata).
 * Candidates: an optional `+` or `(`, then digits joined by single separators (space, `-`, `.`, `/`,
 * parentheses), 7–15 digits (ITU-T E.164 maximum), with number boundaries that keep them out of
 * hex/UUID tokens, decimals and longer digit runs. Numbers with `+` are parsed internationally;
 * others for each region in `options.phoneRegions` (ISO 3166-1 alpha-2), first valid wins.
 * Scores: valid international 0.75, valid national 0.6 (0.35, so a cue is needed, when written as one
 * bare digit run or with fewer than 10 digits — ambiguous with ids, house numbers, zip codes — except
 * 0.5 for a bare valid MOBILE number that starts with the trunk prefix `0`, e.g. `07700900123`),
 * possible-but-not-valid 0.3 (needs a cue). An extension (`x123`, `ext. 123`) joins the span.
 * Date-shaped (`2024-01-15`, `15.01.2024`), dotted-quad and SSN-shaped candidates are skipped.
 * When a run of groups is not one number, shorter prefixes ending at group boundaries are tried.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { withDigitLookalikes } from '../text/digit-lookalikes.ts';
import type { Recognizer, RecognizerOptions, RecognizerResult } from '../types.ts';
import { isAsciiLetter, isDigit, isHex } from '../text/chars.ts';
import { leftBoundaryOk, rightBoundaryOk } from '../text/digit-groups.ts';
import { digitCount } from '../text/text-facts.ts';
import { findSpelledPhones, findSymbolSpreadPhones } from './phone-spelled.ts';

/** Shapes that are not phone numbers: dates (also followed by a time), dotted quads, SSNs. */
const NOT_PHONE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)|\d{1,2}[-./]\d{1,2}[-./]\d{4}(?!\d)|\d{1,2}[-./]\d{1,2}[-./]\d{2}$|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$|\d{3}-\d{2}-\d{4}$)/;
/** An extension after the number: `x123`, `ext. 123`. */
const EXTENSION = /^(?:x|ext\.? ?)\d{1,5}(?![\dA-Za-z])/i;
/** Screen: a possible start followed by at least five more phone characters. */
const START = /[+(]?\d(?=[\d ()./-]{5})/g;
const cache = new Map<string, number>();
/** Two decimals side by side (`12.3456 7.8901`, `37.7749 -122.4194`): coordinates or measurements, never a phone. */
const DECIMAL_PAIR = /^\d{1,3}\.\d{2,}(?:[ ,]+[-+]? ?| ?[-+] ?)\d{1,3}\.\d{2,}$/;
/** Spaces around a separator, removed before the shape checks (`2024 - 01 - 15` is a date). */
const SPACES_AROUND_SEP = / ?([-./()]) ?/g;

/**
 * Validates the digits of a candidate phone number (no separators; without the `+`).
 * 3 = valid mobile number written with its national trunk prefix `0` (10+ digits: the shape people
 * type their own mobile in, rarely an id), 2 = valid, 1 = possible, 0 = neither. Cached by region + digits.
 */
export function checkPhoneDigits(digits: string, plus: boolean, regions: readonly string[]): number {
  const key = (plus ? '+' : regions.join(',')) + digits;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let result = 0;
  if (plus) {
    const p = parsePhoneNumberFromString('+' + digits);
    result = p?.isValid() ? 2 : p?.isPossible() ? 1 : 0;
  } else {
    for (const r of regions) {
      const p = parsePhoneNumberFromString(digits, r.toUpperCase() as CountryCode);
      if (!p) continue;
      if (p.isValid()) {
        result = digits.charCodeAt(0) === 48 && digits.length >= 10 && p.getType() === 'MOBILE' ? 3 : 2;
        break;
      }
      if (result === 0 && p.isPossible() && digits.length >= 10) result = 1;
    }
  }
  if (cache.size > 20000) cache.clear();
  cache.set(key, result);
  return result;
}

function isSep(c: number): boolean {
  return c === 32 || c === 45 || c === 46 || c === 47 || c === 40 || c === 41;
}

/**
 * A separator written with spaces around it, as tokenized text has it (`( 415 ) 555 - 0132`,
 * `555 . 0132`, `) (`): a space, one of `-./()` and a space, or a space and `-./` glued to the digit.
 * Returns its length (2–5) when a digit follows, else 0.
 */
function spacedSep(text: string, j: number): number {
  SPACED_SEP.lastIndex = j;
  return SPACED_SEP.test(text) ? SPACED_SEP.lastIndex - j : 0;
}
const SPACED_SEP = /(?: [-./)(] ?| ?[)] [-.(] ?| ?[(] )(?=\d)/y;
/** A country code written before a number found nationally: `+44 `, `+1-`, `+ 1 `, `+1 (`. */
const CC_BEFORE = /\+ ?\d{1,3}(?:[ .-]|[ ]?\([ ]?)$/;

/** Number of digit groups in `cand`. */
function groupsIn(cand: string): number {
  let g = 0;
  for (let k = 0; k < cand.length; k++) if (isDigit(cand.charCodeAt(k)) && !isDigit(cand.charCodeAt(k - 1))) g++;
  return g;
}

/**
 * The region a script glued to a number points to: kana or CJK ideographs → JP, Hangul → KR
 * (text in those scripts has no spaces, so a number touches the words around it). Undefined otherwise.
 */
function scriptRegion(c: number): string | undefined {
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff66 && c <= 0xff9f)) return 'JP';
  if (c >= 0xac00 && c <= 0xd7af) return 'KR';
  return undefined;
}

/** `regions` with the region of a script touching `[s, e)` first, when that region is among them. */
function regionsFor(text: string, s: number, e: number, regions: readonly string[]): readonly string[] {
  const hint = scriptRegion(text.charCodeAt(s - 1)) ?? scriptRegion(text.charCodeAt(e));
  if (hint === undefined || regions[0] === hint || !regions.includes(hint)) return regions;
  return [hint, ...regions.filter((r) => r !== hint)];
}

/** Right boundary of a number: like {@link rightBoundaryOk}, but `-Fax`, `-Office` may follow. */
function phoneRightBoundary(text: string, e: number): boolean {
  if (rightBoundaryOk(text, e)) return true;
  return text.charCodeAt(e) === 45 && isAsciiLetter(text.charCodeAt(e + 1));
}

/** Finds phone numbers. */
export function findPhones(text: string, options: RecognizerOptions): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  if (digitCount(text) < 7) return out; // a dialable number has at least 7 digits
  const n = text.length;
  let i = 0;
  while (i < n) {
    START.lastIndex = i;
    const sm = START.exec(text);
    if (!sm) break;
    i = sm.index;
    const c = text.charCodeAt(i);
    let s = i;
    let plus = false;
    if (c === 43 && isDigit(text.charCodeAt(i + 1))) plus = true;
    else if ((c === 40 && isDigit(text.charCodeAt(i + 1))) || (c === 40 && text.charCodeAt(i + 1) === 32 && isDigit(text.charCodeAt(i + 2)))) s = i;
    else if (!isDigit(c)) {
      i++;
      continue;
    } else if (text.charCodeAt(i - 1) === 32 && text.charCodeAt(i - 2) === 43 && leftBoundaryOk(text, i - 2)) {
      // `+ 1 202 …`: the plus sign written apart from the country code
      s = i - 2;
      plus = true;
    } else if (text.charCodeAt(i - 1) === 32 && text.charCodeAt(i - 2) === 40 && leftBoundaryOk(text, i - 2)) {
      s = i - 2; // `( 415 ) 555 - 0132`: tokenized text
    }
    // a number glued to a preceding non-hex letter (`is415-555-0132`) is accepted when formatted;
    // after a hex letter or digit it may be part of an id and is never cut out
    const prev = text.charCodeAt(s - 1);
    const glued = !plus && isAsciiLetter(prev) && !isHex(prev);
    if (!(leftBoundaryOk(text, s) || glued) || (plus && isAsciiLetter(prev))) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      continue;
    }
    // scan the candidate: digits and single separators (`) ` and ` (` allowed), at most 24 units
    const groupEnds: number[] = [];
    let j = plus && s === i ? i + 1 : c === 40 && text.charCodeAt(i + 1) === 32 ? i + 2 : i;
    let digits = 0;
    while (j < n && j - s < 32) {
      const d = text.charCodeAt(j);
      if (isDigit(d)) {
        digits++;
        j++;
        if (!isDigit(text.charCodeAt(j))) groupEnds.push(j);
        continue;
      }
      if (isSep(d)) {
        const d2 = text.charCodeAt(j + 1);
        const spaced = digits > 0 ? spacedSep(text, j) : 0;
        if (spaced > 0) {
          j += spaced;
          continue;
        }
        if (isDigit(d2)) {
          j++;
          continue;
        }
        if (isSep(d2) && (d === 41 || d2 === 40) && isDigit(text.charCodeAt(j + 2))) {
          j += 2;
          continue;
        }
        if (d === 40 && j === s) {
          j++;
          continue;
        }
      }
      break;
    }
    const runEnd = groupEnds[groupEnds.length - 1] ?? j;
    let matchedEnd = -1;
    if (digits >= 7) {
      for (let g = groupEnds.length - 1; g >= 0; g--) {
        const e = groupEnds[g]!;
        const ext = e === runEnd ? EXTENSION.exec(text.slice(e, e + 12)) : null;
        if (e === runEnd && !ext && !phoneRightBoundary(text, e)) break; // glued to a longer token
        // never end inside a tightly joined token (`074-7111234`): only a space may follow a cut
        const after = text.charCodeAt(e);
        if (e !== runEnd && after !== 32 && after !== 41) continue;
        let cand = text.slice(s, e);
        // the trunk prefix written as `(0)` inside an international number is not dialled
        if (cand.charCodeAt(0) === 40 && cand.indexOf(')') === -1) cand = cand.slice(1);
        const d = (plus ? cand.replace('(0)', '') : cand).replace(/\D/g, '');
        if (d.length < 7) break;
        if (d.length > 15 || NOT_PHONE.test(cand.replace(SPACES_AROUND_SEP, '$1')) || DECIMAL_PAIR.test(cand)) continue;
        if (glued && /^\d+$/.test(cand)) continue;
        const v = checkPhoneDigits(d, plus, regionsFor(text, s, e, options.phoneRegions));
        if (v > 0) {
          let start = text.charCodeAt(s) === 40 && cand.length === e - s - 1 ? s + 1 : s;
          if (!plus) {
            // a country code written before a nationally valid number belongs to it (issue 7 item 14)
            const cc = CC_BEFORE.exec(text.slice(Math.max(0, start - 8), start));
            if (cc && leftBoundaryOk(text, start - cc[0].length)) start -= cc[0].length;
          }
          const bare = !plus && /^\d+$/.test(cand);
          // short national numbers (< 10 digits) are ambiguous with house numbers, zip codes, ids
          // … except a bare mobile number with its trunk prefix (`09181234567`), a common way to type one
          // a separator between every digit (`4 1 5 5 5 5 0 1 3 2`) is how people hide a number, but
          // also how counts and lists look: reported with a phone cue only
          const spread = groupsIn(cand) >= d.length - 1;
          const national = v === 3 ? (bare ? 0.5 : 0.6) : bare || spread || d.length < 10 ? 0.35 : 0.6;
          const end = ext ? e + ext[0].length : e;
          out.push({ entityType: 'PHONE_NUMBER', start, end, score: v >= 2 ? (plus ? (spread ? 0.35 : 0.75) : national) : 0.3, pattern: plus ? 'phone-international' : 'phone-national', validator: 'libphonenumber' });
          matchedEnd = end;
          break;
        }
      }
    }
    if (matchedEnd > 0) i = matchedEnd;
    else {
      // skip the first group only, so a later number in the same run can still be found
      i = plus ? i + 1 : i;
      while (i < n && !isDigit(text.charCodeAt(i))) i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
  }
  return out;
}

/** A line break between two digits (or after a `+country` prefix's digits). */
const LINE_BREAK_IN_NUMBER = /\d\n\d/;
const LINE_BREAK_IN_NUMBER_G = /(?<=\d)\n(?=\d)/g;

/**
 * `found` plus international numbers (`+…`) split over a line break (`+1 202⏎555 0142`, whose
 * first line alone was left raw): each line break between two digits read as a space, same
 * offsets. Only `+` numbers: a list of plain numbers on lines is not joined.
 */
function withLineBreakPhones(text: string, found: RecognizerResult[], options: RecognizerOptions): RecognizerResult[] {
  if (!text.includes('+') || !LINE_BREAK_IN_NUMBER.test(text)) return found;
  const joined = text.replace(LINE_BREAK_IN_NUMBER_G, ' ');
  const added = findPhones(joined, options).filter((f) => text.charCodeAt(f.start) === 43 && text.slice(f.start, f.end).includes('\n'));
  if (added.length === 0) return found;
  const kept = found.filter((f) => !added.some((a) => a.start < f.end && f.start < a.end));
  return [...kept, ...added].sort((a, b) => a.start - b.start);
}

/** `found` plus numbers written with letters for digits (`+1 202 555 O142`, see `digit-lookalikes.ts`). */
function withLookalikePhones(text: string, found: RecognizerResult[], options: RecognizerOptions): RecognizerResult[] {
  const copy = withDigitLookalikes(text);
  if (copy === undefined) return found;
  const added = findPhones(copy, options).filter((f) => text.slice(f.start, f.end) !== copy.slice(f.start, f.end) && !found.some((g) => g.start <= f.start && f.end <= g.end));
  if (added.length === 0) return found;
  const kept = found.filter((f) => !added.some((a) => a.start < f.end && f.start < a.end));
  return [...kept, ...added].sort((a, b) => a.start - b.start);
}

/** PHONE_NUMBER recognizer. */
export const phoneRecognizer: Recognizer = {
  name: 'phone',
  entities: ['PHONE_NUMBER'],
  context: ['phone', 'phones', 'call', 'ring', 'tel', 'telephone', 'mobile', 'cell', 'cellphone', 'number', 'text', 'whatsapp', 'sms', 'fax', 'contact', 'reach'],
  analyze: (text, options) => {
    const digits = withLookalikePhones(text, withLineBreakPhones(text, findPhones(text, options), options), options);
    const spelled = [...findSpelledPhones(text, options), ...findSymbolSpreadPhones(text, options)];
    return spelled.length === 0 ? digits : [...digits, ...spelled];
  },
};
