/**
 * Offset conversion between Unicode code points (Python `str` indexing, used by the
 * upstream datasets) and UTF-16 code units (JavaScript string indexing, used by Enclave).
 *
 * A code point above U+FFFF (an "astral" character such as most emoji) is one Python
 * index but two JavaScript indices (a surrogate pair, see Unicode §3.9 / RFC 2781).
 */

/**
 * Builds a converter from code-point offsets to UTF-16 offsets for one text.
 * The returned function accepts `0..codePointLength` (inclusive: an end offset may equal
 * the length) and throws `RangeError` outside that range.
 * Cost: O(n) once per text, O(1) per lookup; when the text is BMP-only the identity is returned.
 */
export function codePointToUtf16(text: string): (cp: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) {
    return (cp) => {
      if (!Number.isInteger(cp) || cp < 0 || cp > text.length) throw new RangeError(`code point offset ${cp} out of range`);
      return cp;
    };
  }
  const table: number[] = [];
  let i = 0;
  while (i < text.length) {
    table.push(i);
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // A well-formed pair counts as one code point; a lone surrogate counts as one (as in Python).
    i += c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  table.push(text.length);
  return (cp) => {
    const u = table[cp];
    if (!Number.isInteger(cp) || u === undefined) throw new RangeError(`code point offset ${cp} out of range`);
    return u;
  };
}

/** Length of `text` in code points (what Python's `len()` returns). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
