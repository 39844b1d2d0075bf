import { describe, expect, it } from 'vitest';
import { defaultModel } from './model.ts';
import { findEntities, TaggerState } from './tagger.ts';
import { decide } from './tagger.ts';
import { N_TAGS, TAG_B, TAG_B_LOC, TAG_I, TAG_I_LOC, TAG_O } from './features.ts';

const st = new TaggerState();
/** A sentence of `n` capitalized words (676 distinct ones). */
const capitalized = (n: number): string =>
  Array.from({ length: n }, (_, i) => `Word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`).join(' ');
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
      'a'.repeat(40_000), 'A'.repeat(40_000), '\u0000\ud800x\udfff'.repeat(1000), capitalized(10_000)];
    for (const t of inputs) {
      const r = findEntities(t, defaultModel(), st);
      for (const s of [...r.names, ...r.places]) expect(s.end).toBeLessThanOrEqual(t.length);
    }
  });
  // linearity (2x input ≈ 2x time) is measured by `npm run bench:detect`, not asserted with timers in a test
});
