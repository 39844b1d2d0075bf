import { describe, expect, it } from 'vitest';
import { newToken, randomFromPool, TOKEN_PATTERN } from './crypto.ts';

describe('randomFromPool', () => {
  it('hands out fresh bytes of the asked length, never the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 12-byte nonces: 2,000 draws use the 4 KiB pool about six times over
    for (let i = 0; i < 2000; i++) {
      const b = randomFromPool(12);
      expect(b).toHaveLength(12);
      seen.add(b.toString('hex'));
    }
    expect(seen.size).toBe(2000);
    expect(randomFromPool(5000)).toHaveLength(5000);
  });

  it('returns copies: changing one does not change the next draw or the pool', () => {
    const a = randomFromPool(16);
    a.fill(0);
    const b = randomFromPool(16);
    expect(b.equals(Buffer.alloc(16))).toBe(false);
  });

  it('makes well-formed, distinct tokens', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken()));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(TOKEN_PATTERN);
  });
});
