/**
 * Candidate screen of the PERSON recognizer: one tight pass over the UTF-16 code units finds
 * "anchors" — words that may start or be part of a name — and only small windows around them
 * are tokenized and tagged (most chat text never reaches the tokenizer).
 *
 * Anchors:
 * - a word with an ASCII capital (`John`, `JOHN`, `McKay`) unless it is a plain ASCII word the
 *   lexicon marks as a very common English word and no first/last-name list has (`The`, `Ok`), or a
 *   lone capital letter that is no initial (`I`, `I'm`, `A`: not followed by a period);
 * - any non-ASCII character that is not white space (accented names, other scripts, emoji next to a name);
 * - a lower-case word after a strong cue or title ("hey sam", "thanks dave", "mr smith"), the cue
 *   positions coming from the analyzer's shared text-facts pass;
 * - only in a text without any ASCII capital (all-lower-case chat, emoji allowed): every
 *   lower-case ASCII word of two or more letters, not right after an apostrophe, whose hash passes
 *   the lexicon's Bloom screen ({@link Lexicon.mayHave}: listed first/last names that are not very
 *   common words, titles, strong cues).
 * A chat-log speaker tag (`<nick>`: a whitespace-free chunk starting with `<`, ending with `>`, no `@`)
 * is never an anchor; the tokenizer makes it one handle token.
 *
 * Window of an anchor: from the start of the {@link CONTEXT_CHUNKS}-th whitespace-delimited chunk
 * before the anchor's chunk to the end of the {@link CONTEXT_CHUNKS_AFTER}-th chunk after it (a
 * feature of a candidate looking further sees the window break, at training and at run time alike). Overlapping windows merge; windows
 * are tokenized into one token buffer with a `K_BREAK` token between them (flagged
 * `F_NEWLINE_BEFORE` when a line ends in the gap, so the casing mode of a line pools its windows).
 *
 * Linear time: every code unit is visited by the main pass once and by window bounds at most
 * {@link CONTEXT_CHUNKS} more times.
 */
import * as chars from './chars.ts';
import * as lexicon from './lexicon.ts';
import type { Lexicon } from './lexicon.ts';
import * as tk from './tokenizer.ts';
import type { Tokens } from './tokenizer.ts';
import { STRONG_CUE_WORDS, TITLE_WORDS } from './cues.ts';
import { TriggerGroup, triggerEnds } from '../text/text-facts.ts';

const CLS = chars.charClasses();
const CH_SPACE = chars.CH_SPACE;
const F_SPACE_BEFORE = tk.F_SPACE_BEFORE;
const F_NEWLINE_BEFORE = tk.F_NEWLINE_BEFORE;
const K_BREAK = tk.K_BREAK;
const tokenize = tk.tokenize;
const LF = { ...lexicon.LexFlag };
const L_SKIP = LF.COMMON10 | LF.COMMON20 | LF.NOT_NAME;
const L_NAME = LF.FIRST | LF.LAST;
const L_KEEP = LF.TITLE | LF.STRONG_CUE;

/** Chunks of context before an anchor's chunk (mail headers "From: Doe, Jane" need two). */
export const CONTEXT_CHUNKS = 2;
/** Chunks of context after an anchor's chunk. */
export const CONTEXT_CHUNKS_AFTER = 2;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function isSpace(c: number): boolean {
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 128 && CLS[c] === CH_SPACE;
}

/** End of the whitespace-free chunk containing `i` (exclusive). */
function chunkEnd(text: string, i: number, n: number): number {
  while (i < n && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** True when the chunk `[i, e)` is a chat-log speaker tag `<nick>`. */
function isSpeakerTag(text: string, i: number, e: number): boolean {
  if (e - i < 3 || text.charCodeAt(e - 1) !== 62) return false;
  for (let j = i + 1; j < e - 1; j++) {
    const c = text.charCodeAt(j);
    if (c === 64 || c === 60 || c === 62) return false;
  }
  return true;
}

/** Window bounds of one screening pass (reused; not shared between concurrent calls). */
class WindowState {
  ws = -1;
  we = -1;
  windows = 0;
  /** Offset of the next `\n` / `\r` at or after the last window end (text length: none). */
  lf = -1;
  cr = -1;
}

const W = new WindowState();

/** Tokenizes the pending window `[W.ws, W.we)` into `out`, after a `K_BREAK` token unless it is the first. */
function flush(text: string, out: Tokens): void {
  const ws = W.ws;
  if (ws < 0) return;
  let q = ws;
  let c = 32;
  while (q > 0) {
    c = text.charCodeAt(q - 1);
    if (c === 10 || c === 13 || !isSpace(c)) break;
    q--;
  }
  const nl = q === 0 || c === 10 || c === 13;
  if (out.count > 0) {
    // the break carries F_NEWLINE_BEFORE when a line ends between the two windows
    // (the next-newline positions are cached and only move forward: linear over the whole text)
    const prevEnd = out.end[out.count - 1]!;
    if (W.lf < prevEnd) { W.lf = text.indexOf('\n', prevEnd); if (W.lf < 0) W.lf = text.length; }
    if (W.cr < prevEnd) { W.cr = text.indexOf('\r', prevEnd); if (W.cr < 0) W.cr = text.length; }
    const broken = W.lf < ws || W.cr < ws;
    out.push(ws, ws, K_BREAK, 0, broken ? F_SPACE_BEFORE | F_NEWLINE_BEFORE : F_SPACE_BEFORE, 0);
  }
  tokenize(text, out, ws, W.we, true, nl ? F_SPACE_BEFORE | F_NEWLINE_BEFORE : F_SPACE_BEFORE);
  W.windows++;
}

/** Adds the window of the anchor whose chunk ends at `ce` and starts at or before `cs`. */
function addAnchor(text: string, n: number, cs: number, ce: number, out: Tokens): void {
  const floor = W.we > 0 ? W.we : 0;
  let a = cs;
  while (a > floor && !isSpace(text.charCodeAt(a - 1))) a--;
  for (let k = 0; k < CONTEXT_CHUNKS && a > floor; k++) {
    while (a > floor && isSpace(text.charCodeAt(a - 1))) a--;
    while (a > floor && !isSpace(text.charCodeAt(a - 1))) a--;
  }
  let b = ce;
  for (let k = 0; k < CONTEXT_CHUNKS_AFTER && b < n; k++) {
    while (b < n && isSpace(text.charCodeAt(b))) b++;
    b = chunkEnd(text, b, n);
  }
  if (W.ws >= 0 && a <= W.we) {
    if (b > W.we) W.we = b;
  } else {
    flush(text, out);
    W.ws = a;
    W.we = b;
  }
}

/**
 * Strong cues and titles ("hey", "thanks", "mr" …) whose position the analyzer's shared
 * text-facts pass records (`../text/text-facts.ts`, one pass per text shared by all recognizers):
 * a lower-case word right after one of them opens a window ("hey sam", "thanks dave", "mr smith").
 */
const CUE_GROUP = new TriggerGroup([...new Set([...STRONG_CUE_WORDS, ...TITLE_WORDS])].filter((w) => /^[a-z]+$/.test(w)));

/** Any ASCII capital letter (no `g` flag: `test()` keeps no state). */
const HAS_CAPITAL = /[A-Z]/;

/** One ASCII capital or non-ASCII code unit (the rest of the word is read in JS). */
const CAP_OR_NON_ASCII = /[A-Z\u0080-\uffff]/g;

/** Reusable list of cue anchors (offsets of the lower-case word after the cue). */
let cueBuf = new Int32Array(64);

/**
 * Tokenizes the windows around the anchors of `text` into `out` (reset first).
 * Capitalised words and non-ASCII characters are found by a native regex pass, cues by the shared
 * text-facts pass;
 * only when the text has no ASCII capital (an all-lower-case message) is every lower-case word
 * hashed for the Bloom screen.
 * @returns the number of windows (0: nothing in the text can be a name)
 */
export function screenTokens(text: string, lex: Lexicon, out: Tokens): number {
  out.count = 0;
  W.ws = -1;
  W.we = -1;
  W.windows = 0;
  W.lf = -1;
  W.cr = -1;
  const n = text.length;
  if (!HAS_CAPITAL.test(text)) {
    lowerCaseAnchors(text, lex, out);
    flush(text, out);
    return W.windows;
  }
  const re = CAP_OR_NON_ASCII;
  re.lastIndex = 0;
  // cues first (their anchors are merged in order with the capitalised ones below)
  let nCue = 0;
  const ends = triggerEnds(text, CUE_GROUP);
  for (let k = 0; k < ends.length; k++) {
    let p = ends[k]!;
    while (p < n && !isWordChar(text.charCodeAt(p))) p++;
    const c = p < n ? text.charCodeAt(p) : 0;
    if (c < 97 || c > 122) continue;
    if (nCue === cueBuf.length) { const g = new Int32Array(cueBuf.length * 2); g.set(cueBuf); cueBuf = g; }
    cueBuf[nCue++] = p;
  }
  let q = 0;
  while (re.test(text)) {
    const s = re.lastIndex - 1;
    while (q < nCue && cueBuf[q]! < s) { addAnchor(text, n, cueBuf[q]!, chunkEnd(text, cueBuf[q]!, n), out); q++; }
    const c = text.charCodeAt(s);
    let i = s + 1;
    if (c >= 128) {
      if (CLS[c] === CH_SPACE) continue; // NBSP, ideographic space …
    } else {
      let h = Math.imul(FNV_OFFSET ^ (c + 32), FNV_PRIME);
      let d = 32;
      while (i < n) {
        d = text.charCodeAt(i);
        if (d >= 97 && d <= 122) h = Math.imul(h ^ d, FNV_PRIME);
        else if (d >= 65 && d <= 90) h = Math.imul(h ^ (d + 32), FNV_PRIME);
        else if (d >= 48 && d <= 57) h = Math.imul(h ^ d, FNV_PRIME);
        else break;
        i++;
      }
      if (i === n) d = 32;
      // a lone capital letter is a name only as an initial ("J. Smith"); "I", "I'm", "A new …" open
      // no window ("J Smith": the surname's own window covers the letter)
      if (i === s + 1 && d !== 46) {
        re.lastIndex = i;
        continue;
      }
      const p = s > 0 ? text.charCodeAt(s - 1) : 32;
      if (p === 60 && isSpeakerTag(text, s - 1, chunkEnd(text, i, n))) {
        re.lastIndex = chunkEnd(text, i, n);
        continue;
      }
      if (d < 128 && d !== 39 && d !== 45 && !isWordChar(p)) {
        const f = lex.get(h >>> 0);
        if ((f & L_SKIP) !== 0 && (f & L_NAME) === 0 && (f & L_KEEP) === 0) {
          re.lastIndex = i;
          continue;
        }
      }
    }
    i = chunkEnd(text, i, n);
    addAnchor(text, n, s, i, out);
    re.lastIndex = i;
  }
  while (q < nCue) { addAnchor(text, n, cueBuf[q]!, chunkEnd(text, cueBuf[q]!, n), out); q++; }
  flush(text, out);
  return W.windows;
}

/**
 * Anchors of a text without ASCII capitals: lower-case ASCII words passing the lexicon's Bloom
 * screen, and non-ASCII words (other scripts, accented or emoji-adjacent words).
 */
function lowerCaseAnchors(text: string, lex: Lexicon, out: Tokens): void {
  const n = text.length;
  let i = 0;
  let chunkStart = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      const s = i;
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 97 || d > 122) break;
        h = Math.imul(h ^ d, FNV_PRIME);
        i++;
      }
      // one letter ("i", "u") or a contraction's tail ("'s", "'m", "'ve") never opens a window: no
      // name, and the gazetteer's one- and two-letter entries would open one in most lower-case messages
      const p = s > 0 ? text.charCodeAt(s - 1) : 32;
      if (i - s >= 2 && p !== 39 && p !== 0x2019 && lex.mayHave(h >>> 0) && !(s === chunkStart + 1 && text.charCodeAt(chunkStart) === 60 && isSpeakerTag(text, chunkStart, chunkEnd(text, i, n)))) {
        const e = chunkEnd(text, i, n);
        addAnchor(text, n, s, e, out);
        i = e;
      }
      continue;
    }
    if (c >= 128 && CLS[c] !== CH_SPACE) {
      const e = chunkEnd(text, i, n);
      addAnchor(text, n, i, e, out);
      i = e;
      continue;
    }
    i++;
    if (c === 32 || (c >= 9 && c <= 13) || c >= 128) chunkStart = i;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c >= 128;
}
