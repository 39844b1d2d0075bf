import { describe, expect, it } from 'vitest';
import { md5Hex, sha256Hex } from './digests.ts';
import { hamming, isPdqHex, pdqHexFromBits, pdqHexFromWords, pdqWordsFromHex, popcount32 } from './hash256.ts';

describe('PDQ hash text layout (pdqhashtypes: bit k in word k>>4, words printed 15..0)', () => {
  it('puts bit 0 in the last hex digit and bit 255 in the first', () => {
    const bit = (k: number) => pdqHexFromBits(Array.from({ length: 256 }, (_, i) => i === k));
    expect(bit(0)).toBe(`${'0'.repeat(63)}1`);
    expect(bit(15)).toBe(`${'0'.repeat(60)}8000`);
    expect(bit(16)).toBe(`${'0'.repeat(59)}10000`);
    expect(bit(255)).toBe(`8${'0'.repeat(63)}`);
  });

  it('round-trips words and text', () => {
    const hex = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
    const words = pdqWordsFromHex(hex);
    expect(words[15]).toBe(0xf8f8);
    expect(words[0]).toBe(0x9b22);
    expect(pdqHexFromWords(words)).toBe(hex);
    expect(pdqWordsFromHex(hex.toUpperCase())).toEqual(words);
  });

  it('refuses text that is not 64 hex digits', () => {
    expect(isPdqHex('0'.repeat(63))).toBe(false);
    expect(isPdqHex(`${'0'.repeat(63)}g`)).toBe(false);
    expect(() => pdqWordsFromHex('xyz')).toThrow(TypeError);
  });
});

describe('hamming', () => {
  it('counts differing bits', () => {
    expect(hamming('0'.repeat(64), 'f'.repeat(64))).toBe(256);
    expect(hamming('0'.repeat(64), '0'.repeat(64))).toBe(0);
    expect(hamming(`${'0'.repeat(63)}1`, `${'0'.repeat(63)}3`)).toBe(1);
    expect(hamming(`7${'0'.repeat(63)}`, `8${'0'.repeat(63)}`)).toBe(4);
    expect(hamming('0123456789abcdef0123456789abcdef', '0123456789ABCDEF0123456789ABCDEF')).toBe(0);
  });

  it('refuses mismatched lengths and non-hex input', () => {
    expect(() => hamming('00', '000')).toThrow(TypeError);
    expect(() => hamming('zz', '00')).toThrow(TypeError);
  });

  it('popcount32 counts every bit of a word', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(popcount32(-1)).toBe(32);
  });
});

describe('digests (published test vectors: RFC 1321, FIPS 180-2)', () => {
  it('MD5 and SHA-256 of "abc"', () => {
    expect(md5Hex(Buffer.from('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
