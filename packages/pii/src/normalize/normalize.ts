/**
 * The evasion-robust view of a text that recognizers run on, with an offset map back to the original.
 *
 * Per code point of the original: default-ignorable format characters (zero-width space/joiners,
 * word joiner, BOM, soft hyphen, bidi controls, Mongolian vowel separator) are dropped; Cyrillic/Greek
 * lookalikes are folded to ASCII ({@link HOMOGLYPHS}); every other non-ASCII code point is replaced by
 * its own NFKC form (Unicode UAX #15), which folds full-width forms, ligatures, mathematical
 * alphanumerics and compatibility digits. NFKC is applied per code point (composition across code
 * points is not performed), so the mapping stays one original code point → 0..n view code units.
 *
 * Two evasions are undone in context: a percent-encoded digit (`%34%31%35` → `415`, RFC 3986 §2.1,
 * three units → one) or phone separator between digits (`%2B1%20555%2D0100` → `+1 555-0100`: `%20`,
 * `%2B`, `%2D`, `%2E`, `%28`, `%29`, decoded only when a digit or another such escape follows and no
 * ASCII letter precedes, so `report%202024` in a URL path stays as it is) and combining marks stacked on an ASCII character that do not compose with it
 * under NFC (`4̲1̲1̲1̲`, struck-through or "Zalgo" digits and letters) are dropped; a mark that composes
 * (`e` + U+0301 → `é`) is kept.
 *
 * ASCII fast path: a text with only code units < 0x80 and no `%3<digit>` is its own view (no
 * allocation, identity map).
 */
import { HOMOGLYPHS } from './homoglyphs.ts';

/** A normalized view. `starts[i]`/`ends[i]` give the original UTF-16 range of view code unit `i`. */
export interface NormalizedView {
  /** The text given to `analyze()`. */
  readonly original: string;
  /** The view recognizers see. Same string as `original` when `identity`. */
  readonly text: string;
  /** True when no code unit changed (ASCII fast path or nothing to fold): offsets are equal. */
  readonly identity: boolean;
  /** Original start offset (UTF-16) for each view code unit; empty when `identity`. */
  readonly starts: Int32Array;
  /** Original end offset (UTF-16, exclusive) for each view code unit; empty when `identity`. */
  readonly ends: Int32Array;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** A percent-encoded digit, or a percent-encoded phone separator before a digit or another escape. */
const PCT_DIGIT = /%3[0-9]|%(?:20|2[BbDdEe89])(?=[0-9]|%(?:3[0-9]|20|2[BbDdEe89]))/;
/** The phone separators decoded from `%2X` (X → character). */
const PCT_SEP: Readonly<Record<string, string>> = { '0': ' ', B: '+', b: '+', D: '-', d: '-', E: '.', e: '.', '8': '(', '9': ')' };

/**
 * The chain of separator escapes last scanned by {@link pctDecoded}: every escape from `from` up to
 * `to` (exclusive, steps of 3) leads to the same end, so `ok` is their answer too. Keeps a run of
 * thousands of `%20` linear (each escape would otherwise rescan the rest of the run).
 */
interface PctChain {
  from: number;
  to: number;
  ok: boolean;
}

/** The character a percent escape at `i` stands for when it is decoded in the view (see the module comment), else undefined. */
function pctDecoded(text: string, i: number, chain: PctChain = { from: -1, to: -1, ok: false }): string | undefined {
  const h = text.charCodeAt(i + 1);
  const l = text[i + 2] ?? '';
  if (h === 51 && l >= '0' && l <= '9') return l;
  if (h !== 50) return undefined;
  const sep = PCT_SEP[l];
  if (sep === undefined) return undefined;
  const prev = text.charCodeAt(i - 1);
  if ((prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122)) return undefined;
  if (i > chain.from && i < chain.to && (i - chain.from) % 3 === 0) return chain.ok ? sep : undefined;
  // iterative (a recursion over a long run of escapes overflowed the stack): follow the escapes
  // after this one until a digit (decoded) or anything else (not decoded)
  let j = i + 3;
  let ok = false;
  for (;;) {
    const next = text.charCodeAt(j);
    if (next >= 48 && next <= 57) {
      ok = true;
      break;
    }
    if (next !== 37) break;
    const h2 = text.charCodeAt(j + 1);
    const l2 = text[j + 2] ?? '';
    if (h2 === 51 && l2 >= '0' && l2 <= '9') {
      ok = true;
      break;
    }
    if (h2 !== 50 || PCT_SEP[l2] === undefined) break;
    const p2 = text.charCodeAt(j - 1);
    if ((p2 >= 65 && p2 <= 90) || (p2 >= 97 && p2 <= 122)) break;
    j += 3;
  }
  chain.from = i;
  chain.to = j;
  chain.ok = ok;
  return ok ? sep : undefined;
}

/** Is `cp` a combining mark of the blocks an evasion uses (diacritical marks and their extensions, marks for symbols, half marks)? */
function isCombiningMark(cp: number): boolean {
  return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f);
}
const EMPTY = new Int32Array(0);

/** Is code point `cp` a default-ignorable format character we strip? */
export function isIgnorable(cp: number): boolean {
  return (
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x61c ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value 0–9 of a decimal digit `cp` of any script (Arabic-Indic `٥`, Extended Arabic-Indic `۵`,
 * Devanagari `५`, …) that NFKC leaves as it is: Unicode encodes every such digit set as a run of ten
 * consecutive code points, zero first (UAX #44, General_Category Nd), so the value is the distance
 * from the start of its run of Nd code points, modulo 10.
 */
function decimalDigitValue(cp: number): number {
  let start = cp;
  while (start > 0 && cp - start < 100 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

const foldCache = new Map<number, string>();

/** The replacement for one non-ASCII code point ('' when stripped). Cached per code point. */
export function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out: string;
  if (isIgnorable(cp)) out = '';
  else if (cp >= 0xd800 && cp <= 0xdfff) out = String.fromCharCode(cp); // lone surrogate: keep as is
  else {
    const h = HOMOGLYPHS.get(cp);
    if (h !== undefined) out = h;
    else {
      out = String.fromCodePoint(cp).normalize('NFKC');
      if (out.length === 1) out = HOMOGLYPHS.get(out.charCodeAt(0)) ?? out;
      if (out === String.fromCodePoint(cp) && DECIMAL_DIGIT.test(out)) out = String(decimalDigitValue(cp));
    }
  }
  if (foldCache.size < 65536) foldCache.set(cp, out);
  return out;
}

/**
 * Index of the first code unit whose code point folds to something else, or -1 when the text is its
 * own view (most non-ASCII chat: accented letters, emoji, CJK all fold to themselves). No allocation.
 */
function firstChange(text: string, from: number): number {
  const n = text.length;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (isCombiningMark(c) && text.charCodeAt(i - 1) < 0x80) return i; // may be dropped: decided in the view
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const folded = foldCodePoint(cp);
    const same = width === 1 ? folded.length === 1 && folded.charCodeAt(0) === c : folded === text.slice(i, i + 2);
    if (!same) return i;
    i += width - 1;
  }
  return -1;
}

/** Builds the normalized view of `text`. Never throws; linear in `text.length`. */
export function normalizeView(text: string): NormalizedView {
  const firstNonAscii = text.search(NON_ASCII);
  const pct = text.indexOf('%') !== -1 && PCT_DIGIT.test(text);
  if (!pct && (firstNonAscii < 0 || firstChange(text, firstNonAscii) < 0)) {
    return { original: text, text, identity: true, starts: EMPTY, ends: EMPTY };
  }
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let changed = false;
  let runStart = 0; // start of a run of unchanged code units copied as a block
  const n = text.length;
  let i = 0;
  const flushRun = (upto: number): void => {
    if (upto > runStart) {
      parts.push(text.slice(runStart, upto));
      for (let k = runStart; k < upto; k++) {
        starts.push(k);
        ends.push(k + 1);
      }
    }
  };
  /** Marks on the current ASCII base character are being dropped. */
  let dropMarks = false;
  const chain: PctChain = { from: -1, to: -1, ok: false };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      dropMarks = false;
      if (c === 37 && pct) {
        const d = pctDecoded(text, i, chain);
        if (d !== undefined) {
          changed = true;
          flushRun(i);
          parts.push(d);
          starts.push(i);
          ends.push(i + 3);
          i += 3;
          runStart = i;
          continue;
        }
      }
      i++;
      continue;
    }
    if (isCombiningMark(c)) {
      const p = text.charCodeAt(i - 1);
      if (!dropMarks && i > 0 && p < 0x80 && (text[i - 1]! + text[i]!).normalize('NFC').length === 2) dropMarks = true;
      if (dropMarks) {
        changed = true;
        flushRun(i);
        i++;
        runStart = i;
        continue;
      }
    } else dropMarks = false;
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const folded = foldCodePoint(cp);
    const same = width === 1 ? folded.length === 1 && folded.charCodeAt(0) === c : folded === text.slice(i, i + 2);
    if (same) {
      // keep a surrogate pair's two units mapped to the whole pair so no span can split it
      if (width === 2) {
        flushRun(i);
        parts.push(folded);
        starts.push(i, i);
        ends.push(i + 2, i + 2);
        runStart = i + 2;
      }
      i += width;
      continue;
    }
    changed = true;
    flushRun(i);
    parts.push(folded);
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    i += width;
    runStart = i;
  }
  if (!changed) return { original: text, text, identity: true, starts: EMPTY, ends: EMPTY };
  flushRun(n);
  return { original: text, text: parts.join(''), identity: false, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * Maps a view span `[start, end)` back to the original text: from the original start of the first
 * view unit to the original end of the last, so stripped characters inside are covered and those at the
 * edges are not — except combining marks stacked on the last character, which belong to it (`9̲` is one
 * character to a reader; leaving its mark outside would show it beside the token). Returns `[start, end]`
 * in original UTF-16 offsets (never inside a surrogate pair).
 */
export function toOriginalSpan(view: NormalizedView, start: number, end: number): [number, number] {
  if (view.identity) return [start, end];
  if (end <= start) {
    const p = start < view.starts.length ? view.starts[start] : view.original.length;
    return [p!, p!];
  }
  let e = view.ends[end - 1]!;
  const next = end < view.starts.length ? view.starts[end]! : view.original.length;
  while (e < next && isCombiningMark(view.original.charCodeAt(e))) e++;
  return [view.starts[start]!, e];
}
