/**
 * Finds which of many needles (personal-data values, message bodies) occur in a large text such
 * as a captured server log, without scanning the text once per needle: the text's words go in a
 * set first, and only needles whose every word is in the set get an exact `includes` check.
 * Case-sensitive; words are runs of letters, digits and marks.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** True when `hay` holds `needle` at a position not glued to letters, digits or `_` on either side. */
function occursBounded(hay: string, needle: string): boolean {
  const edge = /[\p{L}\p{N}_]/u;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = at > 0 ? (hay[at - 1] as string) : ' ';
    const after = at + needle.length < hay.length ? (hay[at + needle.length] as string) : ' ';
    if (!(edge.test(needle[0] as string) && edge.test(before)) && !(edge.test(needle[needle.length - 1] as string) && edge.test(after))) return true;
  }
  return false;
}

/**
 * Indexes of `needles` that occur in `hay` as whole words (not glued to a letter, digit or `_`,
 * so a number inside a hash or an id does not count). Needles shorter than `minLength`, and
 * digit-only needles shorter than 7 characters (they collide with timings and counters), are skipped.
 */
export function findNeedles(hay: string, needles: readonly string[], minLength = 5): number[] {
  const vocab = new Set<string>();
  for (const m of hay.matchAll(WORD)) vocab.add(m[0]);
  const found: number[] = [];
  needles.forEach((n, i) => {
    if (n.length < minLength || (/^[\d\s.,:/-]+$/.test(n) && n.replace(/\D/g, '').length < 7 && minLength > 1)) return;
    const ws = n.match(WORD) ?? [];
    if (ws.every((w) => vocab.has(w)) && occursBounded(hay, n)) found.push(i);
  });
  return found;
}

/**
 * Where a found needle sits, without the needle: for the first line of `hay` containing it, the
 * dotted key path of the JSON string holding it and the line's `msg`/`action` field when the
 * line is a JSON object (pino log lines, JSON-lines exports), else `"(not JSON)"`.
 */
export function locate(hay: string, needle: string): string {
  const at = hay.indexOf(needle);
  if (at < 0) return '(absent)';
  const line = hay.slice(hay.lastIndexOf('\n', at) + 1, (hay.indexOf('\n', at) + 1 || hay.length + 1) - 1);
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return '(not JSON)';
  }
  const path = (v: unknown, p: string): string | null => {
    if (typeof v === 'string') return v.includes(needle) ? p || '(root)' : null;
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const r = path(x, p ? `${p}.${k}` : k);
        if (r) return r;
      }
    }
    return null;
  };
  const o = (obj ?? {}) as Record<string, unknown>;
  const label = typeof o.msg === 'string' ? `msg="${o.msg.slice(0, 60)}"` : typeof o.action === 'string' ? `action=${o.action}` : '';
  return `${path(obj, '') ?? '(key not found)'} ${label}`.trim();
}
