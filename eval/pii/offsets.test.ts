import { describe, expect, it } from 'vitest';
import { anchorSpan } from './load-span-sets.ts';
import { codePointLength, codePointToUtf16 } from './offsets.ts';

describe('codePointToUtf16', () => {
  it('shifts offsets after an emoji by one code unit per astral character', () => {
    const text = 'hi 😀 Jane Doe 😀😀 jane@example.com';
    // Python: text.index('Jane') == 5, text.index('jane@') == 17 (code points)
    const conv = codePointToUtf16(text);
    expect(text.slice(conv(5), conv(13))).toBe('Jane Doe');
    expect(conv(5)).toBe(6);
    expect(text.slice(conv(17), conv(33))).toBe('jane@example.com');
    expect(conv(17)).toBe(20);
    expect(conv(codePointLength(text))).toBe(text.length);
  });

  it('is the identity on BMP-only text, and rejects out-of-range offsets', () => {
    const conv = codePointToUtf16('abc é');
    expect(conv(4)).toBe(4);
    expect(() => conv(6)).toThrow(RangeError);
    expect(() => codePointToUtf16('😀')(2)).toThrow(RangeError);
  });

  it('counts a lone surrogate as one code point, like Python', () => {
    const text = 'a\uD800b😀c';
    const conv = codePointToUtf16(text);
    expect(codePointLength(text)).toBe(5);
    expect(text.slice(conv(4), conv(5))).toBe('c');
  });
});

describe('anchorSpan', () => {
  it('keeps correct offsets and re-anchors an off-by-one gold span to its stated value', () => {
    const text = 'Hello Mr. Ayers, how are you';
    const conv = codePointToUtf16(text);
    expect(anchorSpan(text, conv, 10, 15, 'Ayers')).toEqual({ start: 10, end: 15, reanchored: false });
    expect(anchorSpan(text, conv, 11, 16, 'Ayers')).toEqual({ start: 10, end: 15, reanchored: true });
    expect(anchorSpan(text, conv, 0, 5, 'Zed')).toBeNull();
  });
});
