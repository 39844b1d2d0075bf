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

/** Map from a lookalike code point to its ASCII letter. */
export const HOMOGLYPHS: ReadonlyMap<number, string> = new Map(
  PAIRS.map(([from, to]) => [from.codePointAt(0) ?? 0, to]),
);
