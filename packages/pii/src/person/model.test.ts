import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_URL, decodeModel, defaultModel, encodeModel, quantize } from './model.ts';
import { LexFlag, Lexicon } from './lexicon.ts';
import { N_TAGS } from './features.ts';
import { hashLower } from './tokenizer.ts';

describe('person model file', () => {
  it('round-trips through encode/decode', () => {
    const lexicon = Lexicon.build(new Map([[hashLower('jane'), LexFlag.FIRST], [hashLower('doe'), LexFlag.LAST]]));
    const { weights, quantum } = quantize(Array.from({ length: (1 << 8) * N_TAGS }, (_, i) => Math.sin(i)));
    const bytes = encodeModel({ weightBits: 8, weights, quantum, lexicon, scale: 2.5 });
    const m = decodeModel(bytes);
    expect(m.weightBits).toBe(8);
    expect(m.scale).toBe(2.5);
    expect(Array.from(m.weights)).toEqual(Array.from(weights));
    expect(m.lexicon.get(hashLower('Jane'))).toBe(LexFlag.FIRST);
    expect(m.lexicon.get(hashLower('DOE'))).toBe(LexFlag.LAST);
    expect(m.lexicon.get(hashLower('roe'))).toBe(0);
  });

  it('tells apart hashes of one bucket by their 16-bit fingerprint', () => {
    const base = 0x12340000;
    const lexicon = Lexicon.build(new Map([[base | 7, LexFlag.FIRST], [base | 9, LexFlag.LAST | LexFlag.PLACE], [base | 0xfffe, LexFlag.TITLE]]));
    const m = decodeModel(encodeModel({ weightBits: 8, weights: new Int16Array(256 * N_TAGS), quantum: 1, lexicon, scale: 1 }));
    expect(m.lexicon.get(base | 7)).toBe(LexFlag.FIRST);
    expect(m.lexicon.get(base | 9)).toBe(LexFlag.LAST | LexFlag.PLACE);
    expect(m.lexicon.get(base | 0xfffe)).toBe(LexFlag.TITLE);
    expect(m.lexicon.get(base | 8)).toBe(0);
    expect(m.lexicon.get((base | 7) ^ 0x80000000)).toBe(0);
    expect(m.lexicon.palette.length).toBe(3);
  });

  it('refuses more than 256 distinct flag sets', () => {
    const entries = new Map<number, number>();
    for (let i = 0; i < 300; i++) entries.set(i * 7919, i + 1);
    expect(() => Lexicon.build(entries)).toThrow(/distinct flag sets/);
  });

  it('rejects malformed files', () => {
    expect(() => decodeModel(new Uint8Array(10))).toThrow(/too short/);
    expect(() => decodeModel(new Uint8Array(64))).toThrow(/bad magic/);
    const lexicon = Lexicon.build(new Map([[1, 1]]));
    const good = encodeModel({ weightBits: 8, weights: new Int16Array(256 * N_TAGS), quantum: 1, lexicon, scale: 1 });
    expect(() => decodeModel(good.subarray(0, good.length - 2))).toThrow(/bad length/);
  });

  it('loads the shipped model with the documented shape and size', () => {
    const m = defaultModel();
    expect(m.weights.length).toBe((1 << m.weightBits) * N_TAGS);
    expect(m.scale).toBeGreaterThan(0);
    expect(readFileSync(DEFAULT_MODEL_URL).length).toBeLessThanOrEqual(2 * 1024 * 1024);
    // gazetteers and common words are there
    expect(m.lexicon.get(hashLower('john')) & LexFlag.FIRST).toBe(LexFlag.FIRST);
    expect(m.lexicon.get(hashLower('smith')) & LexFlag.LAST).toBe(LexFlag.LAST);
    expect(m.lexicon.get(hashLower('the')) & LexFlag.VOCAB).toBe(LexFlag.VOCAB);
  });

  it('carries no string and no word identity of rare training tokens', () => {
    // words that occur once in the BTC/WNUT train splits (none is a name list entry)
    const rare = ['chunder', 'senioritis', 'terkilan', 'aburrimiento', 'likelecoq'];
    const bytes = readFileSync(DEFAULT_MODEL_URL);
    const m = defaultModel();
    for (const w of rare) {
      expect(bytes.includes(Buffer.from(w, 'latin1'))).toBe(false);
      expect(bytes.includes(Buffer.from(w, 'utf16le'))).toBe(false);
      expect(m.lexicon.get(hashLower(w)) & LexFlag.VOCAB).toBe(0);
    }
    // and no long word-like run (a letter, then lower-case letters): a stored word list would show
    // up as one; mixed-case runs such as "KcfeucfPycf" do occur by chance among sorted 32-bit hashes
    let run = 0;
    let longest = 0;
    for (const b of bytes) {
      run = b >= 97 && b <= 122 ? run + 1 : b >= 65 && b <= 90 ? 1 : 0;
      if (run > longest) longest = run;
    }
    expect(longest).toBeLessThan(10);
  });
});
