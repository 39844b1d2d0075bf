/**
 * Finds which of many needles (personal-data values, message bodies) occur in a large text such
 * as a captured server log, without scanning the text once per needle: the text's words go in a
 * set first, and only needles whose every word is in the set get an exact `includes` check.
 * Case-sensitive; words are runs of letters, digits and marks.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Indexes of `needles` that occur in `hay` (exact substring). Needles shorter than `minLength` are skipped. */
export function findNeedles(hay: string, needles: readonly string[], minLength = 5): number[] {
  const vocab = new Set<string>();
  for (const m of hay.matchAll(WORD)) vocab.add(m[0]);
  const found: number[] = [];
  needles.forEach((n, i) => {
    if (n.length < minLength) return;
    const ws = n.match(WORD) ?? [];
    // The first and last word may be cut inside a longer word of the hay: check only inner words.
    const inner = ws.slice(1, -1);
    if (inner.every((w) => vocab.has(w)) && hay.includes(n)) found.push(i);
  });
  return found;
}
