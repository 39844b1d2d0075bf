/**
 * Common Cyrillic and Greek lookalikes of ASCII letters, folded to ASCII before detection.
 * Source: Unicode confusables (https://www.unicode.org/Public/security/latest/confusables.txt),
 * restricted to single letters that render identically to an ASCII letter in common fonts.
 */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic lower case
  ['а', 'a'], ['с', 'c'], ['ԁ', 'd'], ['е', 'e'], ['һ', 'h'], ['і', 'i'], ['ј', 'j'], ['ӏ', 'l'],
  ['о', 'o'], ['р', 'p'], ['ԛ', 'q'], ['ѕ', 's'], ['у', 'y'], ['х', 'x'], ['ԝ', 'w'], ['ɡ', 'g'],
  // Cyrillic upper case
  ['А', 'A'], ['В', 'B'], ['С', 'C'], ['Е', 'E'], ['Н', 'H'], ['І', 'I'], ['Ј', 'J'], ['К', 'K'],
  ['М', 'M'], ['О', 'O'], ['Р', 'P'], ['Ѕ', 'S'], ['Т', 'T'], ['Х', 'X'], ['Ү', 'Y'], ['Ԝ', 'W'],
  // Greek
  ['ο', 'o'], ['ν', 'v'], ['ρ', 'p'], ['ι', 'i'], ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'],
  ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'], ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'],
  ['Υ', 'Y'], ['Χ', 'X'],
];

/**
 * Dashes that join digit groups as an ASCII hyphen does (`555‑010‑0199` with non-breaking hyphens,
 * `555–010–0199` with en dashes): hyphen U+2010 (also the NFKC form of U+2011), figure dash U+2012,
 * en dash U+2013, minus sign U+2212, small hyphen-minus U+FE63. The em dash (prose) is left as is.
 */
const DASHES: readonly number[] = [0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xfe63];

/**
 * Full stops of other scripts that read as the dot of a domain name or an IP address
 * (`jane@example。com`, `jane@example·com`): ideographic full stop U+3002 (also the NFKC form of the
 * halfwidth U+FF61), middle dot U+00B7, bullet U+2022, bullet operator U+2219, dot operator U+22C5,
 * katakana middle dot U+30FB.
 */
const DOTS: readonly number[] = [0x3002, 0x00b7, 0x2022, 0x2219, 0x22c5, 0x30fb];

/** Map from a lookalike code point to its ASCII letter (or, for {@link DASHES}, `-`). */
export const HOMOGLYPHS: ReadonlyMap<number, string> = new Map([
  ...PAIRS.map(([from, to]) => [from.codePointAt(0) ?? 0, to] as const),
  ...DASHES.map((d) => [d, '-'] as const),
  ...DOTS.map((d) => [d, '.'] as const),
]);
