/**
 * One cheap pre-pass per text shared by all recognizers: which character classes occur, and where
 * registered trigger words (cue words) start — so recognizers skip at once when their triggers are
 * absent and run their sticky regexes only at candidate positions instead of scanning the text.
 *
 * A "word" here is a maximal run of ASCII letters `A-Za-z` (digits, `_` and everything else end it).
 * Trigger words are registered lower-case in {@link TriggerGroup}s at module load; the pass hashes
 * each word case-insensitively (FNV-1a, http://www.isthe.com/chongo/tech/comp/fnv/, cut to 30 bits)
 * and checks a 65,536-bit filter, then a Map, then the characters, so a hit is exact.
 *
 * Recognizers use it two ways: {@link hasClass} as an O(1) screen, and {@link AnchoredScan} to run a
 * cue regex only where one of its first words starts — which returns exactly the matches of a global
 * scan when every match of the regex must begin with one of those words at an ASCII letter-run start.
 *
 * Cost: one pass over the UTF-16 code units, no allocation per word except for trigger hits;
 * the facts of the last text are memoized, so the analyzer's recognizers share one pass.
 */

/** Character-class flags of {@link TextFacts.classes}. */
export const CHAR = {
  DIGIT: 1,
  /** An ASCII letter `A-Za-z`. */
  LETTER: 2,
  AT: 8,
  COLON: 16,
  DOT: 32,
  SLASH: 64,
  HYPHEN: 128,
  NON_ASCII: 256,
  PLUS: 512,
  OPEN_PAREN: 1024,
  HASH: 2048,
  EQUALS: 4096,
  COMMA: 8192,
  NEWLINE: 16384,
  /** U+017F LONG S or U+212A KELVIN SIGN: letters that `/iu` regexes match as `s` / `k`. */
  FOLDS_TO_ASCII: 32768,
} as const;

const ASCII_CLASS = new Uint16Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = CHAR.DIGIT;
ASCII_CLASS[64] = CHAR.AT;
ASCII_CLASS[58] = CHAR.COLON;
ASCII_CLASS[46] = CHAR.DOT;
ASCII_CLASS[47] = CHAR.SLASH;
ASCII_CLASS[45] = CHAR.HYPHEN;
ASCII_CLASS[43] = CHAR.PLUS;
ASCII_CLASS[40] = CHAR.OPEN_PAREN;
ASCII_CLASS[35] = CHAR.HASH;
ASCII_CLASS[61] = CHAR.EQUALS;
ASCII_CLASS[44] = CHAR.COMMA;
ASCII_CLASS[10] = CHAR.NEWLINE;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** 65,536-bit filter over the low 16 bits of registered word hashes. */
const FILTER = new Uint8Array(8192);
/** 30-bit hash → trigger id (index into {@link WORDS}). */
const IDS = new Map<number, number>();
/** Registered trigger words, lower case, by id. */
const WORDS: string[] = [];
/** Bits of the {@link TriggerGroup}s each trigger word (by id) belongs to (see {@link TriggerGroup.bit}). */
const WORD_GROUPS: number[] = [];
/** Number of groups built so far (the first 30 get a bit of their own). */
let groupCount = 0;
/** Facts of the last text (see {@link factsOf}). */
let memo: TextFacts | undefined;

/** FNV-1a of the lower-cased ASCII word `w`, cut to 30 bits (a V8 small integer, cheap as a Map key). */
function hashWord(w: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ (w.charCodeAt(i) | 32), FNV_PRIME);
  return h & 0x3fffffff;
}

function idOf(word: string): number {
  if (!/^[a-z]+$/.test(word)) throw new Error(`trigger words are lower-case ASCII letters: ${JSON.stringify(word)}`);
  const h = hashWord(word);
  const known = IDS.get(h);
  if (known !== undefined) {
    if (WORDS[known] !== word) throw new Error(`trigger hash collision: ${word} / ${WORDS[known]}`);
    return known;
  }
  const id = WORDS.length;
  WORDS.push(word);
  WORD_GROUPS.push(0);
  memo = undefined; // facts computed before this word existed would miss it
  IDS.set(h, id);
  FILTER[(h & 0xffff) >> 3]! |= 1 << (h & 7);
  return id;
}

/** A set of trigger words a recognizer looks for; build one per recognizer at module load. */
export class TriggerGroup {
  private readonly ids: ReadonlySet<number>;
  /**
   * This group's bit in {@link TextFacts.groups} (one of the first 30 groups built), or 0 when the
   * group has none (then {@link hasGroup} answers true: a screen that cannot tell must not skip).
   */
  readonly bit: number;
  /** @param words lower-case ASCII words; throws on anything else. */
  constructor(words: readonly string[]) {
    this.ids = new Set(words.map(idOf));
    this.bit = groupCount < 30 ? 1 << groupCount : 0;
    groupCount++;
    if (this.bit !== 0) {
      for (const id of this.ids) WORD_GROUPS[id]! |= this.bit;
      memo = undefined; // facts computed before this group existed lack its bit
    }
  }
  /** Is trigger id `id` in this group? */
  has(id: number): boolean {
    return this.ids.has(id);
  }
}

/** Facts about one text; see the module comment. */
export interface TextFacts {
  readonly text: string;
  /** OR of the {@link CHAR} flags of every code unit. */
  readonly classes: number;
  /** Start offsets (UTF-16) of trigger words, in text order. */
  readonly triggerStarts: readonly number[];
  /** End offsets (exclusive) of those words. */
  readonly triggerEnds: readonly number[];
  /** Trigger id of each word. */
  readonly triggerIds: readonly number[];
  /** Number of ASCII digits `0-9` (a screen: a phone number needs 7, a card 12, an SSN 9). */
  readonly digits: number;
  /** Number of maximal runs of ASCII digits (a dotted IPv4 address needs 4). */
  readonly digitRuns: number;
  /** Number of `:` (an IPv6 address needs 2, a MAC-48 address 5). */
  readonly colons: number;
  /** Number of `-`. */
  readonly hyphens: number;
  /** Number of `.`. */
  readonly dots: number;
  /** OR of the {@link RUN} flags of every digit run. */
  readonly runFlags: number;
  /** OR of the {@link TriggerGroup.bit}s of the trigger words found. */
  readonly groups: number;
}

/** Flags of {@link TextFacts.runFlags}: where a run of ASCII digits stands. */
export const RUN = {
  /**
   * The run could be a house or box number: it follows a letter (any script), `.`, `,` or white
   * space ("Hauptstraße 5", "Box 12", "at 12"), or it follows no ASCII letter, digit or `$.,:/#-`
   * and is followed by white space, a comma, a letter, `-`, `/` or a non-ASCII code unit ("(12 Main
   * St"). A timestamp such as "[12:18]" is neither.
   */
  HOUSE_NUMBER: 1,
  /** The run is followed by `.`, `°` or `º` (a decimal or a degree: coordinates). */
  DOT_OR_DEGREE_AFTER: 2,
  /** The run has two digits or more and follows an ASCII letter ("DE89…": an IBAN's check digits). */
  AFTER_LETTER: 4,
} as const;

/** ASCII letters, `.`, `,` and white space: may stand right before a house or box number. */
const BEFORE_HOUSE = new Uint8Array(128);
/** May not stand right before a house number written first (letters, digits and `$.,:/#-`). */
const NOT_BEFORE_HOUSE = new Uint8Array(128);
/** May follow a house number written first: white space, `,`, letters, `-`, `/`. */
const AFTER_HOUSE = new Uint8Array(128);
for (let c = 65; c <= 122; c++) if (c <= 90 || c >= 97) BEFORE_HOUSE[c] = NOT_BEFORE_HOUSE[c] = AFTER_HOUSE[c] = 1;
for (const c of [9, 10, 11, 12, 13, 32, 44, 46]) BEFORE_HOUSE[c] = 1;
for (let c = 48; c <= 57; c++) NOT_BEFORE_HOUSE[c] = 1;
for (const c of '$.,:/#-') NOT_BEFORE_HOUSE[c.charCodeAt(0)] = 1;
for (const c of [9, 10, 11, 12, 13, 32, 44, 45, 47]) AFTER_HOUSE[c] = 1;

/**
 * Can the digit run `[start, end)` of `text` be a house or box number ({@link RUN.HOUSE_NUMBER})?
 * A necessary condition of the street-address forms, not a sufficient one.
 */
function houseNumberAt(text: string, start: number, end: number): boolean {
  const p = start > 0 ? text.charCodeAt(start - 1) : -1;
  if (p >= 128 || (p >= 0 && BEFORE_HOUSE[p] === 1)) return true;
  // written first: not after a letter, digit or `$.,:/#-`; then a blank, comma, letter, `-` or `/`
  if (p >= 0 && NOT_BEFORE_HOUSE[p] === 1) return false;
  if (end >= text.length) return false;
  const f = text.charCodeAt(end);
  return f >= 128 || AFTER_HOUSE[f] === 1;
}

function sameWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if ((text.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * One pass over `text` (see the module comment); prefer {@link factsOf}, which memoizes the last text.
 * @param text any string; linear time, allocation only for trigger-word hits.
 */
export function computeFacts(text: string): TextFacts {
  let classes = 0;
  let digits = 0;
  let digitRuns = 0;
  let colons = 0;
  let hyphens = 0;
  let dots = 0;
  let runFlags = 0;
  let groups = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  const ids: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    // letters: hash the whole run in a tight inner loop
    if (((c | 32) - 97) >>> 0 < 26) {
      const wordStart = i;
      let h = FNV_OFFSET;
      classes |= CHAR.LETTER;
      do {
        h = Math.imul(h ^ (c | 32), FNV_PRIME);
        c = ++i < n ? text.charCodeAt(i) : 0;
      } while (((c | 32) - 97) >>> 0 < 26);
      h &= 0x3fffffff;
      if ((FILTER[(h & 0xffff) >> 3]! & (1 << (h & 7))) !== 0) {
        const id = IDS.get(h);
        if (id !== undefined && sameWord(text, wordStart, i, WORDS[id]!)) {
          starts.push(wordStart);
          ends.push(i);
          ids.push(id);
          groups |= WORD_GROUPS[id]!;
        }
      }
      continue;
    }
    if ((c - 48) >>> 0 < 10) {
      // a digit run: counted, and where it stands noted for the house-number and decimal screens
      const runStart = i;
      do c = ++i < n ? text.charCodeAt(i) : -1;
      while ((c - 48) >>> 0 < 10);
      digits += i - runStart;
      digitRuns++;
      classes |= CHAR.DIGIT;
      if ((runFlags & RUN.HOUSE_NUMBER) === 0 && houseNumberAt(text, runStart, i)) runFlags |= RUN.HOUSE_NUMBER;
      if (c === 46 || c === 0xb0 || c === 0xba) runFlags |= RUN.DOT_OR_DEGREE_AFTER;
      if (i - runStart >= 2 && runStart > 0 && ((text.charCodeAt(runStart - 1) | 32) - 97) >>> 0 < 26) runFlags |= RUN.AFTER_LETTER;
      continue;
    }
    if (c === 58) colons++;
    else if (c === 46) dots++;
    else if (c === 45) hyphens++;
    classes |= c < 128 ? ASCII_CLASS[c]! : c === 0x17f || c === 0x212a ? CHAR.NON_ASCII | CHAR.FOLDS_TO_ASCII : CHAR.NON_ASCII;
    i++;
  }
  return { text, classes, triggerStarts: starts, triggerEnds: ends, triggerIds: ids, digits, digitRuns, colons, hyphens, dots, runFlags, groups };
}

/** The {@link TextFacts} of `text` (memoized for the last text). Linear in `text.length`. */
export function factsOf(text: string): TextFacts {
  if (memo !== undefined && memo.text === text) return memo;
  memo = computeFacts(text);
  return memo;
}

/** Does `facts` have a word of `group`? True also when the group has no bit (cannot tell). No allocation. */
export function hasGroup(facts: TextFacts, group: TriggerGroup): boolean {
  return group.bit === 0 || (facts.groups & group.bit) !== 0;
}

/** Does `text` contain a code unit of any class in `mask` (OR of {@link CHAR} flags)? */
export function hasClass(text: string, mask: number): boolean {
  return (factsOf(text).classes & mask) !== 0;
}

/**
 * Number of ASCII digits `0-9` in `text` (memoized with the other facts). Recognizers use it as a
 * screen: a value that needs `k` digits cannot be in a text with fewer. Linear in `text.length`.
 */
export function digitCount(text: string): number {
  return factsOf(text).digits;
}

/**
 * Start offsets (UTF-16, ascending) of the words of `group` in `text`, case-insensitive, whole ASCII
 * letter runs. Empty when none occurs.
 */
export function triggerStarts(text: string, group: TriggerGroup): number[] {
  const f = factsOf(text);
  const out: number[] = [];
  const ids = f.triggerIds;
  for (let k = 0; k < ids.length; k++) if (group.has(ids[k]!)) out.push(f.triggerStarts[k]!);
  return out;
}

/** How many words of `group` occur in `text` (whole ASCII letter runs, case-insensitive). No allocation. */
export function countTriggers(text: string, group: TriggerGroup): number {
  const ids = factsOf(text).triggerIds;
  let n = 0;
  for (let k = 0; k < ids.length; k++) if (group.has(ids[k]!)) n++;
  return n;
}

/** End offsets (UTF-16, exclusive, ascending) of the words of `group` in `text`. */
export function triggerEnds(text: string, group: TriggerGroup): number[] {
  const f = factsOf(text);
  const out: number[] = [];
  const ids = f.triggerIds;
  for (let k = 0; k < ids.length; k++) if (group.has(ids[k]!)) out.push(f.triggerEnds[k]!);
  return out;
}

/**
 * The matches a global scan of a regex would find, tried only at candidate positions: when every
 * match of the regex must start at one of `starts` (e.g. the first word of each alternative), this
 * returns the same matches in the same order as `global.exec` with `lastIndex = from`, at the cost
 * of one sticky attempt per candidate instead of one attempt per code unit.
 */
export class AnchoredScan {
  private k = 0;
  /**
   * @param global the regex with flag `g` (used when `starts` is undefined: scan everywhere).
   * @param sticky the same source with flag `y`.
   * @param starts candidate start offsets, ascending; undefined to fall back to the global scan.
   */
  constructor(
    private readonly text: string,
    private readonly global: RegExp,
    private readonly sticky: RegExp,
    private readonly starts: readonly number[] | undefined,
  ) {}

  /** The first match starting at or after `from` (UTF-16 offset), or null. */
  next(from: number): RegExpExecArray | null {
    if (this.starts === undefined) {
      this.global.lastIndex = from;
      return this.global.exec(this.text);
    }
    while (this.k < this.starts.length) {
      const s = this.starts[this.k++]!;
      if (s < from) continue;
      this.sticky.lastIndex = s;
      const m = this.sticky.exec(this.text);
      if (m !== null) return m;
    }
    return null;
  }
}
