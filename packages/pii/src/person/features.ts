/**
 * Feature extraction of the PERSON tagger, shared by training and run time so both see exactly
 * the same features. Every feature is a (template id, value) pair mixed into one 32-bit hash
 * (the "hashing trick", Weinberger et al. 2009, https://arxiv.org/abs/0902.2206); no feature
 * string exists anywhere. Word identity enters only through the lexicon's `VOCAB` bit, i.e. only
 * for tokens frequent in the training text (see `lexicon.ts`); other words are represented by
 * their kind, casing shape, lexicon classes and a 3-letter suffix.
 */
import * as lexicon from './lexicon.ts';
import type { Lexicon } from './lexicon.ts';
import * as tk from './tokenizer.ts';
import type { Tokens } from './tokenizer.ts';
import * as chars from './chars.ts';

// Local copies: imported bindings may compile to property getters (CommonJS interop), too slow per token.
const F_NEWLINE_BEFORE = tk.F_NEWLINE_BEFORE;
const F_SPACE_BEFORE = tk.F_SPACE_BEFORE;
const K_PUNCT = tk.K_PUNCT;
const K_WORD = tk.K_WORD;
const K_BREAK = tk.K_BREAK;
const SH_CAP1 = tk.SH_CAP1;
const SH_CAPMIX = tk.SH_CAPMIX;
const SH_LOWER = tk.SH_LOWER;
const SH_NOCASE = tk.SH_NOCASE;
const SH_TITLE = tk.SH_TITLE;
const SH_UPPER = tk.SH_UPPER;
const LOW = chars.lowerCaseTable();
const LF = { ...lexicon.LexFlag };
const L_NAME_OR_PLACE = LF.FIRST | LF.LAST | LF.PLACE;
const L_VOCAB = LF.VOCAB;
const L_VERY_COMMON = LF.COMMON10 | LF.COMMON20 | LF.NOT_NAME;
const L_TITLE_CUE = LF.TITLE | LF.STRONG_CUE;

/**
 * Tags of the BIO scheme (Ramshaw & Marcus 1995) over four entity classes (CoNLL-2003's PER, LOC,
 * ORG, MISC): O = 0, B-class = 1 + 2·class, I-class = 2 + 2·class. {@link TAG_B} / {@link TAG_I}
 * are the PERSON tags.
 */
export const TAG_O = 0;
export const TAG_B = 1;
export const TAG_I = 2;
/** Entity classes of the tagger. */
export const CLASS_PER = 0;
export const CLASS_LOC = 1;
export const CLASS_ORG = 2;
export const CLASS_MISC = 3;
export const N_CLASSES = 4;
export const N_TAGS = 1 + 2 * N_CLASSES;
export const TAG_B_LOC = 1 + 2 * CLASS_LOC;
export const TAG_I_LOC = 2 + 2 * CLASS_LOC;

/** B tag of an entity class. */
export const beginTag = (cls: number): number => 1 + 2 * cls;
/** I tag of an entity class. */
export const insideTag = (cls: number): number => 2 + 2 * cls;

/** Line casing modes. */
export const MODE_MIXED = 0;
export const MODE_UPPER = 1;
export const MODE_LOWER = 2;

/** Largest number of features one token can produce. */
export const MAX_FEATURES = 48;

const LEX_CLASS_MASK = LF.FIRST | LF.LAST | LF.COMMON10 | LF.COMMON20 | LF.COMMON35
  | LF.COMMON50 | LF.TITLE | LF.CUE | LF.PLACE | LF.ORG | LF.NOT_NAME | LF.NAME_LIST;
const BOS = 0x7fff0001;
const EOS = 0x7fff0002;

/** Name-list membership of lexicon flags as 3 bits: first name, last name, other name list. */
function gaz3(f: number): number {
  if (f === 0xffff) return 0;
  return ((f & LF.FIRST) !== 0 ? 1 : 0) | ((f & LF.LAST) !== 0 ? 2 : 0) | ((f & LF.NAME_LIST) !== 0 ? 4 : 0);
}

/** Mixes a template id and a value into a 32-bit feature hash (murmur3 finalizer). */
export function mix(t: number, v: number): number {
  let h = Math.imul(t, 0x85ebca6b) ^ v;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Per-text arrays derived from the tokens (reused between calls). Lexicon look-ups are lazy for
 * lower-case words that the lexicon's Bloom pre-check rules out as names, titles or cues (most
 * chat words): {@link Sentence.ensure} fetches them when a neighbouring candidate needs features.
 */
export class Sentence {
  lex: Uint16Array;
  mode: Uint8Array;
  start: Uint8Array;
  ident: Uint32Array;
  done: Uint8Array;
  private tok: Tokens | undefined;
  private lexicon: Lexicon | undefined;

  constructor(capacity = 256) {
    this.lex = new Uint16Array(capacity);
    this.mode = new Uint8Array(capacity);
    this.start = new Uint8Array(capacity);
    this.ident = new Uint32Array(capacity);
    this.done = new Uint8Array(capacity);
  }

  /** Fills the arrays for `tok` using `lex`. */
  prepare(tok: Tokens, lex: Lexicon): void {
    const n = tok.count;
    if (this.lex.length < n) {
      const cap = Math.max(n, this.lex.length * 2);
      this.lex = new Uint16Array(cap);
      this.mode = new Uint8Array(cap);
      this.start = new Uint8Array(cap);
      this.ident = new Uint32Array(cap);
      this.done = new Uint8Array(cap);
    }
    this.tok = tok;
    this.lexicon = lex;
    let lineFrom = 0;
    let upper = 0, cased = 0, caps = 0;
    for (let i = 0; i <= n; i++) {
      if (i === n || (i > 0 && (tok.flags[i]! & F_NEWLINE_BEFORE) !== 0)) {
        const m = upper >= 2 && upper * 10 >= cased * 6 ? MODE_UPPER : caps === 0 && cased > 0 ? MODE_LOWER : MODE_MIXED;
        this.mode.fill(m, lineFrom, i);
        lineFrom = i;
        upper = 0; cased = 0; caps = 0;
        if (i === n) break;
      }
      const h = tok.hash[i]!;
      const kind = tok.kind[i]!;
      const shape = tok.shape[i]!;
      if (kind === K_WORD) {
        if (shape !== SH_LOWER || lex.mayHave(h)) {
          const f = lex.get(h);
          this.lex[i] = f;
          this.ident[i] = (f & L_VOCAB) !== 0 ? h : UNK + kind * 16 + shape;
          this.done[i] = 1;
        } else {
          this.lex[i] = 0;
          this.done[i] = 0;
        }
        if (shape !== SH_NOCASE && tok.end[i]! - tok.start[i]! > 1) {
          cased++;
          if (shape === SH_UPPER) upper++;
          if (shape === SH_UPPER || shape === SH_TITLE || shape === SH_CAPMIX) caps++;
        }
      } else if (kind === K_BREAK) {
        this.lex[i] = 0;
        this.ident[i] = BOS;
        this.done[i] = 1;
      } else {
        this.lex[i] = 0;
        // punctuation is its own identity; words only when frequent in the training text
        this.ident[i] = kind === K_PUNCT ? h : UNK + kind * 16 + shape;
        this.done[i] = 1;
      }
      let s = 0;
      if (i === 0 || (tok.flags[i]! & F_NEWLINE_BEFORE) !== 0) s = 1;
      else if (tok.kind[i - 1] === K_PUNCT) {
        const p = tok.hash[i - 1]!;
        if (p === PERIOD || p === BANG || p === QUESTION || p === COLON || p === QUOTE) s = 1;
      }
      this.start[i] = s;
    }
  }

  /** Makes sure `lex[i]` and `ident[i]` are filled (0 ≤ i < token count). */
  ensure(i: number): void {
    if (this.done[i] !== 0) return;
    const tok = this.tok as Tokens;
    const h = tok.hash[i]!;
    const f = (this.lexicon as Lexicon).get(h);
    this.lex[i] = f;
    this.ident[i] = (f & L_VOCAB) !== 0 ? h : UNK + tok.kind[i]! * 16 + tok.shape[i]!;
    this.done[i] = 1;
  }

  /** Fills every lazy entry (used by training, which edits `lex`). */
  ensureAll(): void {
    const n = this.tok ? this.tok.count : 0;
    for (let i = 0; i < n; i++) this.ensure(i);
  }
}

const UNK = 0x7ff00000;

const punctHash = (c: number): number => Math.imul(0x811c9dc5 ^ c, 0x01000193) >>> 0;
const PERIOD = punctHash(46);
const BANG = punctHash(33);
const QUESTION = punctHash(63);
const COLON = punctHash(58);
const QUOTE = punctHash(34);

/**
 * Cheap screen: may token `i` be part of a name or place? Lower-case words qualify only when a name
 * or place gazetteer lists them (and they are not very common English words) or when they continue a
 * name / follow a title; capitalised words qualify unless they are very common English words
 * that no first- or last-name list contains; all-caps words in a mixed-case line only when a
 * first- or last-name list contains them. Non-words never qualify (except the period of an
 * initial inside a name).
 */
export function isCandidate(tok: Tokens, s: Sentence, i: number, prevTag: number): boolean {
  if (tok.kind[i] !== K_WORD) {
    // the period of an initial inside a name ("Ken N. Fukuda")
    return prevTag !== TAG_O && tok.kind[i] === K_PUNCT && tok.hash[i] === PERIOD && tok.shape[i - 1] === SH_CAP1
      && (tok.flags[i]! & F_SPACE_BEFORE) === 0;
  }
  const shape = tok.shape[i]!;
  const f = s.lex[i]!;
  const name = (f & L_NAME_OR_PLACE) !== 0;
  const veryCommon = (f & L_VERY_COMMON) !== 0;
  if (shape === SH_LOWER) {
    if (prevTag !== TAG_O) return tok.end[i]! - tok.start[i]! > 1;
    if (s.done[i] === 0) {
      // ruled out as a name by the Bloom pre-check; only a title or cue before it can make it one
      if (i === 0 || (s.lex[i - 1]! & L_TITLE_CUE) === 0) return false;
      s.ensure(i);
      return (s.lex[i]! & L_VERY_COMMON) === 0;
    }
    if (name && !veryCommon) return true;
    return i > 0 && (s.lex[i - 1]! & L_TITLE_CUE) !== 0 && !veryCommon;
  }
  if (shape === SH_UPPER && s.mode[i] !== MODE_UPPER) {
    // an all-caps word in a mixed-case line is an acronym ("USB", "RAM") unless a name list has it
    return name || prevTag !== TAG_O;
  }
  if (shape === SH_TITLE || shape === SH_UPPER || shape === SH_CAP1 || shape === SH_CAPMIX) {
    return name || !veryCommon || prevTag !== TAG_O;
  }
  return false;
}

/**
 * Writes the features of token `i` that do not depend on previous tags into `out` from index 0.
 * @returns the number of features written (≤ {@link MAX_FEATURES} minus the dynamic ones)
 */
export function staticFeatures(text: string, tok: Tokens, s: Sentence, i: number, out: Uint32Array): number {
  const n = tok.count;
  for (let j = i > 2 ? i - 2 : 0, e = i + 3 < n ? i + 3 : n; j < e; j++) if (s.done[j] === 0) s.ensure(j);
  const shape = tok.shape[i]!;
  const mode = s.mode[i]!;
  const lex = s.lex[i]! & LEX_CLASS_MASK;
  const start = s.start[i]!;
  const pIdent = i > 0 ? s.ident[i - 1]! : BOS;
  const p2Ident = i > 1 ? s.ident[i - 2]! : BOS;
  const nIdent = i + 1 < n ? s.ident[i + 1]! : EOS;
  const n2Ident = i + 2 < n ? s.ident[i + 2]! : EOS;
  const pShape = i > 0 ? tok.shape[i - 1]! + 16 * tok.kind[i - 1]! : 255;
  const nShape = i + 1 < n ? tok.shape[i + 1]! + 16 * tok.kind[i + 1]! : 255;
  const pLex = i > 0 ? s.lex[i - 1]! & LEX_CLASS_MASK : 0xffff;
  const nLex = i + 1 < n ? s.lex[i + 1]! & LEX_CLASS_MASK : 0xffff;
  const len = tok.end[i]! - tok.start[i]!;
  const gaz = gaz3(lex);
  const nGaz = gaz3(nLex);
  const pGaz = gaz3(pLex);
  const glued = (i + 1 < n && (tok.flags[i + 1]! & 1) === 0 ? 1 : 0) | (i > 0 && (tok.flags[i]! & 1) === 0 ? 2 : 0);
  let k = 0;
  out[k++] = mix(1, 0);
  out[k++] = mix(2, s.ident[i]!);
  out[k++] = mix(3, shape);
  out[k++] = mix(4, shape * 8 + mode);
  out[k++] = mix(5, lex);
  out[k++] = mix(6, lex * 16 + shape);
  out[k++] = mix(7, gaz * 64 + mode * 16 + shape);
  out[k++] = mix(8, gaz * 64 + nGaz * 8 + pGaz);
  out[k++] = mix(9, gaz * 64 + nGaz * 8 + (nShape & 15) * 512 + shape * 8192);
  out[k++] = mix(10, pIdent);
  out[k++] = mix(11, pShape);
  out[k++] = mix(12, pLex);
  out[k++] = mix(14, nIdent);
  out[k++] = mix(15, nShape);
  out[k++] = mix(16, nLex);
  out[k++] = mix(18, p2Ident);
  out[k++] = mix(19, n2Ident);
  out[k++] = mix(20, Math.imul(p2Ident, 31) ^ pIdent);
  out[k++] = mix(21, Math.imul(nIdent, 31) ^ n2Ident);
  out[k++] = mix(22, start * 256 + shape * 16 + mode);
  out[k++] = mix(23, (len > 12 ? 12 : len) * 16 + shape);
  out[k++] = mix(24, shape * 4096 + pShape * 16 + mode);
  out[k++] = mix(25, shape * 4096 + nShape * 16 + mode);
  out[k++] = mix(26, lex * 65536 + nLex);
  out[k++] = mix(27, pLex * 65536 + lex);
  out[k++] = mix(28, glued * 16 + shape);
  out[k++] = mix(29, Math.imul(pIdent, 17) ^ (shape * 8 + mode));
  out[k++] = mix(30, Math.imul(nIdent, 17) ^ (shape * 8 + mode));
  out[k++] = mix(31, start * 65536 + lex);
  if (len >= 4) {
    const low = LOW;
    const e = tok.end[i]!;
    const suf = (low[text.charCodeAt(e - 1)]! | (low[text.charCodeAt(e - 2)]! << 10)) ^ (low[text.charCodeAt(e - 3)]! << 20);
    out[k++] = mix(32, suf);
    out[k++] = mix(33, suf ^ (shape << 29));
  }
  return k;
}

/** Appends the features that depend on the previous two tags; returns the new count. */
export function dynamicFeatures(s: Sentence, tok: Tokens, i: number, prevTag: number, prev2Tag: number, out: Uint32Array, k: number): number {
  const shape = tok.shape[i]!;
  const lex = s.lex[i]! & LEX_CLASS_MASK;
  out[k++] = mix(40, prevTag);
  out[k++] = mix(41, prevTag * 256 + shape * 8 + s.mode[i]!);
  out[k++] = mix(42, prevTag * 65536 + lex);
  out[k++] = mix(43, prev2Tag * 4 + prevTag);
  out[k++] = mix(44, Math.imul(s.ident[i]!, 7) ^ prevTag);
  return k;
}
