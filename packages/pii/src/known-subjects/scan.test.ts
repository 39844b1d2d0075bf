import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanTokens } from './scan.ts';
import { lowerUnit, tokenize, type TokenBuffer } from './tokens.ts';
import { hashToken } from './fast-hash.ts';

/** The reference: `tokenize`, then `hashToken` of each lower-cased token. */
function reference(text: string, seed: number): { starts: number[]; ends: number[]; hashes: number[] } {
  const buf: TokenBuffer = { starts: [], ends: [], count: 0 };
  tokenize(text, buf);
  const starts = buf.starts.slice(0, buf.count);
  const ends = buf.ends.slice(0, buf.count);
  const hashes = starts.map((s, k) => {
    let low = '';
    for (let i = s; i < ends[k]!; i++) low += String.fromCharCode(lowerUnit(text.charCodeAt(i)));
    return hashToken(seed, low);
  });
  return { starts, ends, hashes };
}

function scanned(text: string, seed: number): { starts: number[]; ends: number[]; hashes: number[] } {
  const buf: TokenBuffer = { starts: [], ends: [], count: 0 };
  const hashes: number[] = [];
  scanTokens(text, seed, buf, hashes);
  return { starts: buf.starts.slice(0, buf.count), ends: buf.ends.slice(0, buf.count), hashes: hashes.slice(0, buf.count) };
}

describe('scanTokens', () => {
  it('tokenizes and hashes like tokenize + hashToken on chat-like text', () => {
    const text = '[12:18] <Matt|> (see "Jane.Doe@Example.com"), call +1 201-555-0123!  \u201cÉmile\u2019 \u00a0x\u3000';
    expect(scanned(text, 12345)).toEqual(reference(text, 12345));
    expect(scanned('', 1)).toEqual({ starts: [], ends: [], hashes: [] });
    expect(scanned('((  ))', 1)).toEqual(reference('((  ))', 1));
  });

  it('agrees with the reference on any string and seed', () => {
    const unit = fc.constantFrom('a', 'Z', '1', ' ', '\t', '\n', '(', ')', '"', "'", '.', ',', '\u00a0', '\u2000', '\u3000', '\u201c', '\u2019', 'É', 'ß', '\u0130', '\ud83d\ude00', '\ud800');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), (parts, seed) => {
        const text = parts.join('');
        expect(scanned(text, seed)).toEqual(reference(text, seed));
      }),
      { numRuns: 400 },
    );
  });
});
