import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceSearch, packPdqHashes, PdqIndex } from './mih.ts';

/** A 64-hex-digit hash from 8 random 32-bit words. */
const hashArb = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 8, maxLength: 8 }).map((ws) => ws.map((w) => w.toString(16).padStart(8, '0')).join(''));

/** `hex` with the bits at `positions` (0..255) flipped. */
function flip(hex: string, positions: number[]): string {
  const digits = hex.split('').map((d) => Number.parseInt(d, 16));
  for (const p of positions) {
    const at = Math.floor(p / 4);
    digits[at] = (digits[at] as number) ^ (1 << (p % 4));
  }
  return digits.map((d) => d.toString(16)).join('');
}

describe('PdqIndex (multi-index hashing) finds exactly what a linear scan finds', () => {
  it('on random lists with planted near neighbours, for distances 0..70', () => {
    fc.assert(
      fc.property(
        fc.array(hashArb, { minLength: 1, maxLength: 200 }),
        hashArb,
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 70 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 70 }),
        (random, query, plants, maxDistance) => {
          // near neighbours of the query at controlled distances, mixed into random hashes
          const hashes = [...random, ...plants.map((p) => flip(query, p))];
          const want = bruteForceSearch(packPdqHashes(hashes), query, maxDistance);
          expect(PdqIndex.fromHex(hashes).search(query, maxDistance)).toEqual(want);
          expect(PdqIndex.fromHex(hashes, { inline: false }).search(query, maxDistance)).toEqual(want);
          for (const p of plants) {
            if (p.length <= maxDistance) expect(want.some((h) => h.distance === p.length)).toBe(true);
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 90_000);

  it('on 20,000 clustered hashes at the PDQ threshold 31 (many chunk collisions)', () => {
    const base = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const hashes = Array.from({ length: 20_000 }, () => flip(base, Array.from({ length: rnd(60) }, () => rnd(256))));
    const index = PdqIndex.fromHex(hashes);
    const compact = PdqIndex.fromHex(hashes, { inline: false });
    const packed = packPdqHashes(hashes);
    for (let q = 0; q < 20; q++) {
      const query = hashes[rnd(hashes.length)] as string;
      const got = index.search(query, 31);
      expect(got).toEqual(bruteForceSearch(packed, query, 31));
      expect(compact.search(query, 31)).toEqual(got);
      expect(got.length).toBeGreaterThan(0);
    }
  });

  it('reports each entry once, duplicates included, with its distance', () => {
    const h = 'ab'.repeat(32);
    const index = PdqIndex.fromHex([h, h, flip(h, [0, 100, 200])]);
    expect(index.search(h, 31)).toEqual([
      { entry: 0, distance: 0 },
      { entry: 1, distance: 0 },
      { entry: 2, distance: 3 },
    ]);
    expect(index.search(h, 2)).toEqual([
      { entry: 0, distance: 0 },
      { entry: 1, distance: 0 },
    ]);
  });

  it('refuses malformed hashes and distances', () => {
    expect(() => PdqIndex.fromHex(['0'.repeat(63)])).toThrow(/Entry 0/);
    const index = PdqIndex.fromHex(['0'.repeat(64)]);
    expect(() => index.search('xyz', 3)).toThrow(TypeError);
    expect(() => index.search('0'.repeat(64), -1)).toThrow(RangeError);
    expect(() => index.search('0'.repeat(64), 1.5)).toThrow(RangeError);
    expect(PdqIndex.fromHex([]).search('0'.repeat(64), 31)).toEqual([]);
  });
});
