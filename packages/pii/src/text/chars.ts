/**
 * Cheap character-class tests on UTF-16 code units (no allocation, no regex).
 * All take a code unit as returned by `String.prototype.charCodeAt` (NaN past the end → false).
 */

/** `0`-`9`. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII letter `A-Z` / `a-z`. */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ASCII letter or digit. */
export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

/** Hex digit `0-9a-fA-F`. */
export function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * A "word" code unit for whole-word boundaries: ASCII alnum, `_`, or any non-ASCII code unit
 * that is not whitespace/punctuation in the common ranges (letters of other scripts count as word).
 */
export function isWordChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 95;
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f)) return false;
  return c === c; // not NaN
}

/** ASCII whitespace or NBSP / Unicode spaces U+2000–U+200A, U+3000. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x202f;
}

/** Lower-cases an ASCII code unit, returns others unchanged. */
export function asciiLower(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/** Is `text[start, end)` bounded by non-word characters on both sides (whole word)? */
export function isWholeWord(text: string, start: number, end: number): boolean {
  return !isWordChar(text.charCodeAt(start - 1)) && !isWordChar(text.charCodeAt(end));
}
