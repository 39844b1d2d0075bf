/**
 * Character classes and case folding for the PERSON tokenizer, as flat lookup tables
 * over UTF-16 code units (no per-character allocation, no regex in the hot path).
 *
 * Classes follow Unicode general categories (https://www.unicode.org/reports/tr44/#General_Category_Values):
 * `Ll` → {@link CH_LOWER}, `Lu`/`Lt` → {@link CH_UPPER}, `Lm`/`Lo` → {@link CH_NOCASE}, `Mn`/`Mc` →
 * {@link CH_MARK}, `Nd` → {@link CH_DIGIT}, white space → {@link CH_SPACE}, surrogates →
 * {@link CH_HIGH_SURROGATE}/{@link CH_LOW_SURROGATE}; everything else is {@link CH_OTHER}.
 * The tables (64 KiB + 128 KiB) are built once, on first use.
 */

export const CH_OTHER = 0;
export const CH_LOWER = 1;
export const CH_UPPER = 2;
export const CH_NOCASE = 3;
export const CH_MARK = 4;
export const CH_DIGIT = 5;
export const CH_SPACE = 6;
export const CH_HIGH_SURROGATE = 7;
export const CH_LOW_SURROGATE = 8;

let classTable: Uint8Array | undefined;
let lowerTable: Uint16Array | undefined;

function build(): void {
  const cls = new Uint8Array(65536);
  const low = new Uint16Array(65536);
  const reLower = /\p{Ll}/u;
  const reUpper = /[\p{Lu}\p{Lt}]/u;
  const reNoCase = /[\p{Lm}\p{Lo}]/u;
  const reMark = /[\p{Mn}\p{Mc}]/u;
  const reDigit = /\p{Nd}/u;
  const reSpace = /\s/u;
  for (let c = 0; c < 65536; c++) {
    low[c] = c;
    if (c >= 0xd800 && c <= 0xdbff) { cls[c] = CH_HIGH_SURROGATE; continue; }
    if (c >= 0xdc00 && c <= 0xdfff) { cls[c] = CH_LOW_SURROGATE; continue; }
    const s = String.fromCharCode(c);
    if (c < 128) {
      if (c >= 97 && c <= 122) cls[c] = CH_LOWER;
      else if (c >= 65 && c <= 90) { cls[c] = CH_UPPER; low[c] = c + 32; }
      else if (c >= 48 && c <= 57) cls[c] = CH_DIGIT;
      else if (c === 32 || (c >= 9 && c <= 13)) cls[c] = CH_SPACE;
      continue;
    }
    if (reLower.test(s)) cls[c] = CH_LOWER;
    else if (reUpper.test(s)) {
      cls[c] = CH_UPPER;
      const l = s.toLowerCase();
      if (l.length === 1) low[c] = l.charCodeAt(0);
    } else if (reNoCase.test(s)) cls[c] = CH_NOCASE;
    else if (reMark.test(s)) cls[c] = CH_MARK;
    else if (reDigit.test(s)) cls[c] = CH_DIGIT;
    else if (reSpace.test(s) || c === 0x200b || c === 0xfeff) cls[c] = CH_SPACE;
  }
  classTable = cls;
  lowerTable = low;
}

/** Class table indexed by UTF-16 code unit (values `CH_*`). */
export function charClasses(): Uint8Array {
  if (!classTable) build();
  return classTable as Uint8Array;
}

/** Simple lower-case mapping indexed by UTF-16 code unit (identity where the mapping is not 1:1). */
export function lowerCaseTable(): Uint16Array {
  if (!lowerTable) build();
  return lowerTable as Uint16Array;
}
