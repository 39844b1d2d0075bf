/**
 * The matcher's hot loop: tokenizes a text exactly like {@link tokenize} (maximal non-whitespace
 * runs, leading `( [ { < " '` and trailing `. , ; : ! ? ) ] } > " '` trimmed) and computes each
 * token's first prefilter hash ({@link hashToken}: length plus the first and last four lower-cased
 * code units) without a per-character hash. Kept self-contained because it runs over every character.
 */
import { lowerUnit, type TokenBuffer } from './tokens.ts';
import { SAMPLE } from './fast-hash.ts';

const LEAD = new Uint8Array(128);
const TRAIL = new Uint8Array(128);
for (const c of '([{<"\'') LEAD[c.charCodeAt(0)] = 1;
for (const c of '.,;:!?)]}>"\'') TRAIL[c.charCodeAt(0)] = 1;
/** ASCII white space of `isSpace` in `text/chars.ts` (tab to carriage return, space), by code unit. */
const SPACE = new Uint8Array(128);
for (const c of [32, 9, 10, 11, 12, 13]) SPACE[c] = 1;
function isLead(c: number): boolean {
  return c < 128 ? LEAD[c] === 1 : c === 0x201c || c === 0x2018;
}
function isTrail(c: number): boolean {
  return c < 128 ? TRAIL[c] === 1 : c === 0x201d || c === 0x2019;
}
/** Same set as `isSpace` in `text/chars.ts`, by table for ASCII. */
function isSpaceUnit(c: number): boolean {
  return c < 128 ? SPACE[c] === 1 : c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x202f;
}
function low(c: number): number {
  return c < 128 ? (c >= 65 && c <= 90 ? c | 0x20 : c) : lowerUnit(c);
}
/** Fills `buf` with token bounds and `hashes[k]` with token k's first hash (see `hashToken`). */
export function scanTokens(text: string, seed: number, buf: TokenBuffer, hashes: number[]): void {
  const n = text.length;
  // int32 arithmetic (same bits as the uint32 form of `hashToken`); the stored hash is uint32
  const basis = seed ^ 0x811c9dc5;
  const starts = buf.starts;
  const ends = buf.ends;
  let count = 0;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceUnit(text.charCodeAt(i))) i++;
    while (i < n && isLead(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpaceUnit(text.charCodeAt(i))) i++;
    let end = i;
    while (end > start && isTrail(text.charCodeAt(end - 1))) end--;
    const len = end - start;
    if (len <= 0) continue;
    let h = Math.imul(basis ^ len, 0x01000193);
    const k = len < SAMPLE ? len : SAMPLE;
    for (let j = start; j < start + k; j++) h = Math.imul(h ^ low(text.charCodeAt(j)), 0x01000193);
    for (let j = end - k; j < end; j++) h = Math.imul(h ^ low(text.charCodeAt(j)), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    starts[count] = start;
    ends[count] = end;
    hashes[count] = h >>> 0;
    count++;
  }
  buf.count = count;
}
