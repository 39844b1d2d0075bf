/**
 * Tokenizer of the PERSON recognizer: splits text into words, numbers, punctuation, symbols
 * (emoji), and whole e-mail / URL / @handle / #hashtag tokens; identifiers with an underscore
 * (`john_doe`) and chat-log speaker tags (`<nick>`) are handle tokens too, writing into reusable typed
 * arrays (no allocation per character or per token).
 *
 * Offsets are UTF-16 code units into the input, end-exclusive; a surrogate pair is never split
 * (an astral character is one symbol token of two units; a lone surrogate is one token of one unit).
 * For each word the tokenizer also computes a 32-bit FNV-1a hash of its lower-cased code units
 * (http://www.isthe.com/chongo/tech/comp/fnv/) and a casing shape.
 */
import * as chars from './chars.ts';

// Local copies: imported bindings may compile to property getters (CommonJS interop), too slow per character.
const CH_DIGIT = chars.CH_DIGIT;
const CH_HIGH_SURROGATE = chars.CH_HIGH_SURROGATE;
const CH_LOW_SURROGATE = chars.CH_LOW_SURROGATE;
const CH_LOWER = chars.CH_LOWER;
const CH_MARK = chars.CH_MARK;
const CH_NOCASE = chars.CH_NOCASE;
const CH_SPACE = chars.CH_SPACE;
const CH_UPPER = chars.CH_UPPER;
const CLS = chars.charClasses();
const LOW = chars.lowerCaseTable();

/** Token kinds. */
export const K_WORD = 0;
export const K_NUM = 1;
export const K_PUNCT = 2;
export const K_SYMBOL = 3;
export const K_EMAIL = 4;
export const K_URL = 5;
export const K_HANDLE = 6;
export const K_HASHTAG = 7;
/** Separator between two windows of text (see `screen.ts`): no text, never part of a name. */
export const K_BREAK = 8;

/** Word shapes (casing). Non-words get {@link SH_NONE}. */
export const SH_NONE = 0;
export const SH_LOWER = 1;
export const SH_TITLE = 2;
export const SH_UPPER = 3;
export const SH_CAP1 = 4;
export const SH_CAPMIX = 5;
export const SH_MIXED = 6;
export const SH_NOCASE = 7;
export const SH_ALNUM = 8;

/** Token flags. */
export const F_SPACE_BEFORE = 1;
export const F_NEWLINE_BEFORE = 2;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit hash of a JS string's lower-cased UTF-16 code units (same as tokens get). */
export function hashLower(s: string): number {
  const low = LOW;
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ low[s.charCodeAt(i)]!, FNV_PRIME);
  return h >>> 0;
}

/** Reusable token arrays; `count` tokens are valid after {@link tokenize}. */
export class Tokens {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  kind: Uint8Array;
  shape: Uint8Array;
  flags: Uint8Array;
  hash: Uint32Array;

  constructor(capacity = 256) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.shape = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.hash = new Uint32Array(capacity);
  }

  private grow(): void {
    const n = this.start.length * 2;
    const g32 = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    const g8 = (a: Uint8Array): Uint8Array => { const b = new Uint8Array(n); b.set(a); return b; };
    this.start = g32(this.start);
    this.end = g32(this.end);
    this.kind = g8(this.kind);
    this.shape = g8(this.shape);
    this.flags = g8(this.flags);
    const h = new Uint32Array(n); h.set(this.hash); this.hash = h;
  }

  /** Appends a token (internal to the tokenizer). */
  push(start: number, end: number, kind: number, shape: number, flags: number, hash: number): void {
    if (this.count === this.start.length) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    this.kind[i] = kind;
    this.shape[i] = shape;
    this.flags[i] = flags;
    this.hash[i] = hash;
  }
}

function isEmailLocal(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95 || c > 127;
}
function isTrailingPunct(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41 || c === 93 || c === 62 || c === 34 || c === 39 || c === 125;
}

/**
 * Tokenizes `text` into `out` (which is reset). One pass, linear in `text.length`: e-mail
 * addresses, URLs and handles are recognised when their `@` or `://` is reached, by taking back
 * the tokens of the same whitespace-delimited chunk.
 * @param text any string (lone surrogates, NUL and control characters are fine)
 * @param out reusable buffers; grows as needed
 * @param from first UTF-16 offset to read (default 0); callers pass a whitespace boundary
 * @param to end offset, exclusive (default `text.length`); callers pass a whitespace boundary
 * @param append keep the tokens already in `out` and append (default false: reset)
 * @param firstFlags flags of the first token (default {@link F_SPACE_BEFORE})
 */
export function tokenize(text: string, out: Tokens, from = 0, to = text.length, append = false, firstFlags = F_SPACE_BEFORE): void {
  if (!append) out.count = 0;
  const cls = CLS;
  const low = LOW;
  const n = to;
  let i = from;
  let flags = firstFlags;
  let chunkStart = from;
  let chunkTok = out.count;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = cls[c]!;
    if (k === CH_SPACE) {
      flags |= F_SPACE_BEFORE;
      if (c === 10 || c === 13) flags |= F_NEWLINE_BEFORE;
      i++;
      chunkStart = i;
      chunkTok = out.count;
      continue;
    }
    if (k === CH_LOWER || k === CH_UPPER || k === CH_NOCASE || k === CH_DIGIT) {
      const start = i;
      let h = FNV_OFFSET;
      let upper = 0, lower = 0, digit = 0, nocase = 0, under = 0;
      const firstUpper = k === CH_UPPER;
      while (i < n) {
        const d = text.charCodeAt(i);
        const kd = cls[d]!;
        if (kd === CH_LOWER) lower++;
        else if (kd === CH_UPPER) upper++;
        else if (kd === CH_DIGIT) digit++;
        else if (kd === CH_NOCASE) nocase++;
        else if (kd === CH_MARK) { /* combining mark: part of the word */ }
        else if (d === 95) under++; // '_': an identifier ("David_and_Nichol", "phong_"), never a name
        else if ((d === 39 || d === 0x2019 || d === 45) && i + 1 < n && isLetter(cls[text.charCodeAt(i + 1)]!) && (upper + lower + nocase) > 0
          && !(d !== 45 && isClitic(text, i + 1, n, cls))) { /* inner apostrophe or hyphen */ }
        else break;
        h = Math.imul(h ^ low[d]!, FNV_PRIME);
        i++;
      }
      let kind = K_WORD;
      let shape: number;
      if (upper + lower + nocase === 0) { shape = SH_NONE; kind = K_NUM; }
      else if (digit > 0) shape = SH_ALNUM;
      else if (upper === 0 && lower === 0) shape = SH_NOCASE;
      else if (upper === 0) shape = SH_LOWER;
      else if (lower === 0) shape = upper === 1 ? SH_CAP1 : SH_UPPER;
      else if (firstUpper) shape = upper === 1 ? SH_TITLE : SH_CAPMIX;
      else shape = SH_MIXED;
      if (under > 0) { kind = K_HANDLE; shape = SH_NONE; h = 0; }
      out.push(start, i, kind, shape, flags, h >>> 0);
      flags = 0;
      continue;
    }
    if (c === 64) { // '@': e-mail address or handle
      let e = i + 1;
      while (e < n && isDomainChar(text.charCodeAt(e))) e++;
      while (e > i + 1 && text.charCodeAt(e - 1) === 46) e--;
      if (e > i + 1) {
        let s = i;
        while (s > chunkStart && isEmailLocal(text.charCodeAt(s - 1))) s--;
        let f = flags;
        while (out.count > chunkTok && out.end[out.count - 1]! > s) {
          out.count--;
          s = Math.min(s, out.start[out.count]!);
          f = out.flags[out.count]!;
        }
        out.push(s, e, s === i ? K_HANDLE : K_EMAIL, SH_NONE, f, 0);
        flags = 0;
        i = e;
        continue;
      }
    } else if (c === 58 && text.charCodeAt(i + 1) === 47 && text.charCodeAt(i + 2) === 47) { // '://': URL
      let s = i;
      while (s > chunkStart && isLetter(cls[text.charCodeAt(s - 1)]!)) s--;
      if (s < i) {
        let f = flags;
        while (out.count > chunkTok && out.end[out.count - 1]! > s) {
          out.count--;
          s = Math.min(s, out.start[out.count]!);
          f = out.flags[out.count]!;
        }
        let e = i + 3;
        while (e < n && cls[text.charCodeAt(e)] !== CH_SPACE) e++;
        while (e > i + 3 && isTrailingPunct(text.charCodeAt(e - 1))) e--;
        out.push(s, e, K_URL, SH_NONE, f, 0);
        flags = 0;
        i = e;
        continue;
      }
    } else if (c === 60 && i === chunkStart) { // '<nick>': a chat-log speaker tag is one handle token
      let e = i + 1;
      let inner = true;
      while (e < n && cls[text.charCodeAt(e)] !== CH_SPACE) {
        const d = text.charCodeAt(e);
        if (d === 64 || d === 60 || (d === 62 && e + 1 < n && cls[text.charCodeAt(e + 1)] !== CH_SPACE)) inner = false;
        e++;
      }
      if (inner && e - i >= 3 && text.charCodeAt(e - 1) === 62) {
        out.push(i, e, K_HANDLE, SH_NONE, flags, 0);
        flags = 0;
        i = e;
        continue;
      }
    } else if (c === 35 && i + 1 < n && isWordStart(cls[text.charCodeAt(i + 1)]!)) { // '#hashtag'
      const start = i;
      i++;
      while (i < n && (isWordStart(cls[text.charCodeAt(i)]!) || cls[text.charCodeAt(i)] === CH_MARK || text.charCodeAt(i) === 95)) i++;
      out.push(start, i, K_HASHTAG, SH_NONE, flags, 0);
      flags = 0;
      continue;
    }
    if (k === CH_HIGH_SURROGATE && i + 1 < n && cls[text.charCodeAt(i + 1)] === CH_LOW_SURROGATE) {
      out.push(i, i + 2, K_SYMBOL, SH_NONE, flags, 0);
      i += 2;
    } else {
      const h = Math.imul(FNV_OFFSET ^ low[c]!, FNV_PRIME) >>> 0;
      out.push(i, i + 1, k === CH_HIGH_SURROGATE || k === CH_LOW_SURROGATE || k === CH_MARK ? K_SYMBOL : K_PUNCT, SH_NONE, flags, h);
      i++;
    }
    flags = 0;
  }
}

function isLetter(k: number): boolean {
  return k === CH_LOWER || k === CH_UPPER || k === CH_NOCASE;
}
function isWordStart(k: number): boolean {
  return isLetter(k) || k === CH_DIGIT;
}

/** True when the letters from `i` form an English clitic ('s, 't, 'll, 're, 've, 'd, 'm) ending the word. */
function isClitic(text: string, i: number, to: number, cls: Uint8Array): boolean {
  let e = i;
  while (e < to && isLetter(cls[text.charCodeAt(e)]!) && e - i < 3) e++;
  if (e < to && isLetter(cls[text.charCodeAt(e)]!)) return false;
  const w = text.slice(i, e).toLowerCase();
  return w === 's' || w === 't' || w === 'll' || w === 're' || w === 've' || w === 'd' || w === 'm';
}
