/**
 * Places written as parts of an address or a "City, Region/Country" pair, found without a cue word:
 *
 * - **Pairs:** a segment that is a country, a region or a state code (optionally followed by a postal
 *   code) right after a segment that is a place (one of the two may be a common word or given name,
 *   "Reading, England", "Atlanta, Georgia"; not both, "Chad, Jordan"): "Springfield, Illinois", "Austin, TX 78701",
 *   "Lyon, France", lines of an address block ("Kesterburg  Ruritania 12345"). The first segment is
 *   reported when it is a gazetteer city or region, or when it follows a segment with a number (a
 *   street or unit line: an address block) and is one to five words starting with a letter, the first
 *   no very common word. A state code also needs a gazetteer city before it or a postal code after it.
 * - **Address tail:** after an address cue in the sentence ("address", "lives at", "located at",
 *   "ship to", …) and a segment with a number (the street), a last segment of one to four words is
 *   the town ("…lives at 12 Sample Road, Kesterburg").
 *
 * Segments are separated by commas, semicolons, `|`, `>`, bullets, line breaks, tabs, runs of two or
 * more spaces, or runs of two or more `?` (a lost bullet character). Segments of more than
 * {@link MAX_SEGMENT} characters are skipped.
 * Cost: one regex screen for a separator, one character scan to split; per short segment at most three gazetteer lookups.
 */
import type { RecognizerResult } from '../types.ts';
import { defaultModel } from '../person/model.ts';
import { LexFlag } from '../person/lexicon.ts';
import { hashLower } from '../person/tokenizer.ts';
import { isStateCode, lookupPlace } from './gazetteer.ts';
import { digitCount } from '../text/text-facts.ts';

/** Longest segment looked at (characters). */
const MAX_SEGMENT = 60;
/** Does the text contain a separator at all (screen before splitting)? */
export const ANY_SEPARATOR_RE = /[,;|>•·\n\r\t]| {2}|\?\?/;
/** One to five words of letters (apostrophes, hyphens, a trailing dot) separated by single spaces. */
const WORDS_RE = /^\p{L}[\p{L}\p{M}'’.-]*(?: \p{L}[\p{L}\p{M}'’.-]*){0,4}$/u;
/** A postal code: a run of digit groups or a UK/CA-style code, alone. */
const POSTCODE_RE = /^(?:[A-Z]{1,2}-?)?\d[\dA-Z -]{1,9}$/;
/** Trailing postal code after a region or country in the same segment ("Ruritania 12345", "TX 78701"). */
const TRAILING_CODE_RE = /^(.*?\p{L})[ ]+((?:[A-Z]{1,2}-?)?\d[\dA-Z -]{1,9})$/u;
/** An address cue before the street, within the sentence. */
const ADDRESS_CUE_RE =
  /(?:^|[^\p{L}])(?:address|addr|lives? at|living at|located at|resid(?:e|es|ing) at|stay(?:s|ing)? at|ship(?:ped|ping)? (?:it )?to|deliver(?:ed|y)? (?:it )?to|send (?:it |this |the \w+ )?to|mail(?:ed)? (?:it )?to)(?:[^\p{L}]|$)/iu;
/** Words that cannot start an unlisted place: very common words, titles, cue words. */
const NOT_PLACE_START = LexFlag.COMMON10 | LexFlag.COMMON20 | LexFlag.NOT_NAME | LexFlag.TITLE | LexFlag.CUE;

interface Segment {
  start: number;
  end: number;
  /** Whether the separator after the segment holds a line break. */
  newline: boolean;
}

/** `,` `;` `|` `>` line breaks, tab, bullet, middle dot: a separator on its own. */
function isSepChar(c: number): boolean {
  return c === 44 || c === 59 || c === 124 || c === 62 || c === 10 || c === 13 || c === 9 || c === 0x2022 || c === 0xb7;
}

/** Splits `text` into trimmed segments with their positions (one pass, no regex). */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const n = text.length;
  const push = (from: number, to: number, newline: boolean): void => {
    let a = from;
    let b = to;
    while (a < b && text.charCodeAt(a) === 32) a++;
    while (b > a && text.charCodeAt(b - 1) === 32) b--;
    out.push({ start: a, end: b, newline });
  };
  let segStart = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const sep = isSepChar(c) || ((c === 32 || c === 63) && text.charCodeAt(i + 1) === c);
    if (!sep) {
      i++;
      continue;
    }
    let e = i;
    let newline = false;
    while (e < n) {
      const d = text.charCodeAt(e);
      if (!(isSepChar(d) || d === 32 || d === 63)) break;
      if (d === 10) newline = true;
      e++;
    }
    push(segStart, i, newline);
    segStart = e;
    i = e;
  }
  push(segStart, n, false);
  return out;
}

const hasDigit = (s: string): boolean => /\d/.test(s);

/** True when `words` may be an unlisted town: letters only, first word no common word, capitalized unless the text is lower case. */
function unlistedTown(words: string, lowerText: boolean): boolean {
  if (!WORDS_RE.test(words) || words.length < 3) return false;
  const first = words.split(' ')[0]!.replace(/\.$/, '');
  if ((defaultModel().lexicon.get(hashLower(first)) & NOT_PLACE_START) !== 0) return false;
  const c = words.charAt(0);
  return lowerText || c !== c.toLowerCase();
}

/** First letter upper case, or the whole text lower case. */
function isCapitalized(s: string): boolean {
  const c = s.charAt(0);
  return c !== c.toLowerCase() || s === s.toLowerCase();
}

/** The region/country part of a segment and its kind: the whole segment, or the part before a trailing postal code. */
function regionPart(text: string, seg: Segment): { end: number; code: boolean; postcode: boolean; needsCue: boolean } | undefined {
  const s = text.slice(seg.start, seg.end);
  const m = TRAILING_CODE_RE.exec(s);
  const core = m ? m[1]! : s;
  if (core.length < 2 || !WORDS_RE.test(core)) return undefined;
  const entry = lookupPlace(core);
  const end = seg.start + core.length;
  if (entry !== undefined && (entry.kind === 'country' || entry.kind === 'region') && isCapitalized(core)) {
    return { end, code: false, postcode: m !== null, needsCue: entry.needsCue && core !== core.toUpperCase() };
  }
  if (isStateCode(core)) return { end, code: true, postcode: m !== null, needsCue: false };
  return undefined;
}

/**
 * Finds LOCATION spans of pairs and address blocks; see the module comment.
 * @param text the recognizer's view of the message
 * @returns results with pattern `place-pair`, `address-block` or `address-tail`
 */
export function findPlacePairs(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  if (text.length < 5 || !ANY_SEPARATOR_RE.test(text)) return out;
  const segs = segments(text);
  if (segs.length < 2) return out;
  let lower: boolean | undefined;
  const isLowerText = (): boolean => (lower ??= text === text.toLowerCase());
  const digits = digitCount(text) > 0;
  let taken = -1;
  for (let i = 1; i < segs.length; i++) {
    const seg = segs[i]!;
    const prev = segs[i - 1]!;
    if (seg.end - seg.start > MAX_SEGMENT || seg.end - seg.start < 2) continue;
    // cheap screen: a region, country or town starts with a letter, upper case unless the text is lower case
    const ch = text.charAt(seg.start);
    const upperFirst = ch !== ch.toLowerCase();
    if (!(upperFirst || (ch !== ch.toUpperCase() && isLowerText()))) continue;
    const region = regionPart(text, seg);
    if (region !== undefined && prev.end - prev.start <= MAX_SEGMENT && i - 1 > taken) {
      const prevText = text.slice(prev.start, prev.end);
      // a listed city before a listed region or country: one of the two must be no common word or given name
      const cityStart = listedTail(text, prev, !region.needsCue);
      const listedCity = cityStart >= 0;
      const block = digits && i >= 2 && hasDigit(text.slice(segs[i - 2]!.start, segs[i - 2]!.end));
      const nextPostcode = i + 1 < segs.length && POSTCODE_RE.test(text.slice(segs[i + 1]!.start, segs[i + 1]!.end));
      let ok = listedCity || (block && !region.needsCue && unlistedTown(prevText, isLowerText()));
      if (region.code) ok = (listedCity || (region.postcode || nextPostcode) && unlistedTown(prevText, isLowerText()));
      if (ok) {
        const pattern = block ? 'address-block' : 'place-pair';
        out.push({ entityType: 'LOCATION', start: listedCity ? cityStart : prev.start, end: prev.end, score: 0.85, pattern });
        out.push({ entityType: 'LOCATION', start: seg.start, end: region.end, score: 0.85, pattern });
        taken = i;
        continue;
      }
    }
    // address tail: cue … street-with-number, Town<end of sentence>
    if (digits && i > taken && i === lastOfSentence(text, segs, i) && hasDigit(text.slice(prev.start, prev.end)) && !hasDigit(text.slice(seg.start, seg.end))) {
      const end = townEnd(text, seg);
      if (end > seg.start && unlistedTown(text.slice(seg.start, end), true) && ADDRESS_CUE_RE.test(sentenceBefore(text, prev.end))) {
        out.push({ entityType: 'LOCATION', start: seg.start, end, score: 0.9, pattern: 'address-tail' });
        taken = i;
      }
    }
  }
  return out;
}

/**
 * Start of a listed city or region that ends `seg`: the whole segment, or its last one to three
 * capitalized words ("we are based in Lyon" → "Lyon"); -1 when none. A name that is also a common word
 * or given name ("Reading", "Paris") counts only when `ambiguousOk` (the region or country after it
 * is unambiguous).
 */
function listedTail(text: string, seg: Segment, ambiguousOk: boolean): number {
  let a = seg.end;
  for (let words = 0; words < 3; words++) {
    let b = a;
    while (b > seg.start && text.charCodeAt(b - 1) !== 32) b--;
    const name = text.slice(b, seg.end);
    if (!WORDS_RE.test(name)) return -1;
    const entry = lookupPlace(name);
    const whole = b === seg.start;
    if (entry !== undefined && (ambiguousOk || !entry.needsCue) && isCapitalized(name) && (whole || name.charAt(0) !== name.charAt(0).toLowerCase())) return b;
    if (whole) return -1;
    a = b - 1;
  }
  return -1;
}

/** `i` when segment `i` ends the text or is followed only by a separator that ends the sentence (newline). */
function lastOfSentence(text: string, segs: readonly Segment[], i: number): number {
  const seg = segs[i]!;
  if (i === segs.length - 1) return i;
  return seg.newline ? i : -1;
}

/** End of the town words of a final segment: sentence punctuation and what follows dropped; `seg.start` when none. */
function townEnd(text: string, seg: Segment): number {
  let s = text.slice(seg.start, seg.end);
  const stop = /[.!?](?:\s|$)|[!?)"]/.exec(s);
  if (stop) s = s.slice(0, stop.index);
  s = s.trimEnd();
  return WORDS_RE.test(s) && s.split(' ').length <= 4 ? seg.start + s.length : seg.start;
}

/** The text of the sentence before `pos` (back to `.`, `!`, `?` followed by a space, or a line break; ≤ 200 characters). */
function sentenceBefore(text: string, pos: number): string {
  const from = Math.max(0, pos - 200);
  const s = text.slice(from, pos);
  const m = /(?:[.!?]\s|\n)(?![\s\S]*(?:[.!?]\s|\n))/.exec(s);
  return m ? s.slice(m.index + m[0].length) : s;
}
