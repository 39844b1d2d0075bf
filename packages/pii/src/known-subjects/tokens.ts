/**
 * Tokenization shared by known-value registration and matching: tokens are maximal runs of
 * non-whitespace, with leading `( [ { < " '` and trailing `. , ; : ! ? ) ] } > " '` trimmed.
 * Writes token bounds into caller-provided arrays to avoid per-token allocation.
 */
import { isSpace } from '../text/chars.ts';

const LEAD = new Set([40, 91, 123, 60, 34, 39, 0x201c, 0x2018]);
const TRAIL = new Set([46, 44, 59, 58, 33, 63, 41, 93, 125, 62, 34, 39, 0x201d, 0x2019]);

/** Token bounds: `starts[k]`, `ends[k]` for k < count. */
export interface TokenBuffer {
  starts: number[];
  ends: number[];
  count: number;
}

/** Tokenizes `text` into `buf` (reused between calls). */
export function tokenize(text: string, buf: TokenBuffer): void {
  buf.count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    let s = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    let e = i;
    while (s < e && LEAD.has(text.charCodeAt(s))) s++;
    while (e > s && TRAIL.has(text.charCodeAt(e - 1))) e--;
    if (e > s) {
      buf.starts[buf.count] = s;
      buf.ends[buf.count] = e;
      buf.count++;
    }
  }
}

/** Lower-cases one UTF-16 code unit (cached for non-ASCII). */
const lowerCache = new Map<number, number>();
export function lowerUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c | 0x20 : c;
  let l = lowerCache.get(c);
  if (l === undefined) {
    const s = String.fromCharCode(c).toLowerCase();
    l = s.length === 1 ? s.charCodeAt(0) : c;
    lowerCache.set(c, l);
  }
  return l;
}
