import { describe, expect, it } from 'vitest';
import { defaultModel } from './model.ts';
import { findEntities, TaggerState } from './tagger.ts';
import { decide } from './tagger.ts';
import { N_TAGS, TAG_B, TAG_B_LOC, TAG_I, TAG_I_LOC, TAG_O } from './features.ts';

const st = new TaggerState();
const tagged = (text: string): { names: string[]; places: string[] } => {
  const r = findEntities(text, defaultModel(), st);
  return { names: r.names.map((s) => text.slice(s.start, s.end)), places: r.places.map((s) => text.slice(s.start, s.end)) };
};

describe('multi-class tagger', () => {
  it('tells names from places in one pass, in any casing', () => {
    expect(tagged('I met Jane Doe in Paris last week')).toEqual({ names: ['Jane Doe'], places: ['Paris'] });
    expect(tagged('she moved to brazil last year')).toEqual({ names: [], places: ['brazil'] });
    expect(tagged('SHE LIVES IN SPRINGFIELD')).toEqual({ names: [], places: ['SPRINGFIELD'] });
  });

  it('decodes greedily under the BIO constraint (I only continues its own class)', () => {
    const sc = new Float64Array(N_TAGS);
    sc[TAG_I_LOC] = 5;
    sc[TAG_B] = 1;
    expect(decide(sc, TAG_O)).toBe(TAG_B); // I-LOC cannot start
    expect(decide(sc, TAG_B)).toBe(TAG_B); // nor continue a PERSON
    expect(decide(sc, TAG_B_LOC)).toBe(TAG_I_LOC);
    sc.fill(0);
    sc[TAG_I] = 2;
    expect(decide(sc, TAG_I)).toBe(TAG_I);
    expect(decide(sc, TAG_O)).toBe(TAG_O);
  });

  it('survives bad input: one script, only emoji, one letter, 10,000 capitalized words', () => {
    const inputs = ['漢字だけの文章です'.repeat(4000), 'مرحبا بالعالم '.repeat(3000), 'नमस्ते दुनिया '.repeat(3000), '😀🎉'.repeat(10_000),
      'a'.repeat(40_000), 'A'.repeat(40_000), '\u0000\ud800x\udfff'.repeat(1000)];
    for (const t of inputs) {
      const r = findEntities(t, defaultModel(), st);
      for (const s of [...r.names, ...r.places]) expect(s.end).toBeLessThanOrEqual(t.length);
    }
  });

  it('stays linear on a sentence of 10,000 capitalized words (2x input: < 3x time under a shared CPU; quadratic ≈ 4x)', () => {
    const words = (n: number): string => Array.from({ length: n }, (_, i) => `Word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0) % 26)}`).join(' ');
    const small = words(10_000);
    const big = words(20_000);
    const once = (t: string): number => {
      const t0 = performance.now();
      findEntities(t, defaultModel(), st);
      return performance.now() - t0;
    };
    let bestSmall = Infinity;
    let bestBig = Infinity;
    for (let k = 0; k < 8; k++) {
      bestSmall = Math.min(bestSmall, once(small));
      bestBig = Math.min(bestBig, once(big));
    }
    expect(bestBig / bestSmall).toBeLessThan(3); // quadratic would be ≈ 4
  });
});
