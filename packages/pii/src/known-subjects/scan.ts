/**
 * The matcher's hot loop: tokenizes a text exactly like {@link tokenize} (maximal non-whitespace
 * runs, leading `( [ { < " '` and trailing `. , ; : ! ? ) ] } > " '` trimmed) and computes each
 * token's first prefilter hash (lower-cased code units, see `fast-hash.ts`) in the same single pass.
 * Kept self-contained (no imported helpers in the loop) because it runs over every character.
 */
import { lowerUnit, type TokenBuffer } from './tokens.ts';

const LEAD = new Uint8Array(128);
const TRAIL = new Uint8Array(128);
for (const c of '([{<"\'') LEAD[c.charCodeAt(0)] = 1;
for (const c of '.,;:!?)]}>"\'') TRAIL[c.charCodeAt(0)] = 1;

function isLead(c: number): boolean {
  return c < 128 ? LEAD[c] === 1 : c === 0x201c || c === 0x2018;
}
function isTrail(c: number): boolean {
  return c < 128 ? TRAIL[c] === 1 : c === 0x201d || c === 0x2019;
}
function isSpaceUnit(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x202f;
}

/**
 * Fills `buf` with token bounds and `hashes[k]` with token k's first hash (seeded FNV-1a + fmix32).
 */
export function scanTokens(text: string, seed: number, buf: TokenBuffer, hashes: number[]): void {
  const n = text.length;
  const basis = (seed ^ 0x811c9dc5) >>> 0;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    while (isSpaceUnit(c)) c = text.charCodeAt(++i);
    if (i >= n) break;
    while (i < n && isLead(c)) c = text.charCodeAt(++i);
    const start = i;
    let h = basis;
    let kept = basis;
    let keptEnd = start;
    while (i < n && !isSpaceUnit(c)) {
      const l = c < 128 ? (c >= 65 && c <= 90 ? c | 0x20 : c) : lowerUnit(c);
      h = Math.imul(h ^ l, 0x01000193) >>> 0;
      if (!isTrail(c)) {
        kept = h;
        keptEnd = i + 1;
      }
      c = text.charCodeAt(++i);
    }
    if (keptEnd > start) {
      let f = kept;
      f ^= f >>> 16;
      f = Math.imul(f, 0x85ebca6b);
      f ^= f >>> 13;
      f = Math.imul(f, 0xc2b2ae35);
      f ^= f >>> 16;
      buf.starts[count] = start;
      buf.ends[count] = keptEnd;
      hashes[count] = f >>> 0;
      count++;
    }
  }
  buf.count = count;
}
