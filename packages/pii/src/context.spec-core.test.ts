/**
 * Security-core tests of context enhancement, from its documented rule (context.ts module comment,
 * Presidio's `LemmaContextAwareEnhancer`): a cue found as a whole word within 48 code units before or
 * 24 after the span adds 0.35 to the score, floored at 0.4 and capped at 1.0.
 */
import { describe, expect, it } from 'vitest';
import { CONTEXT_BOOST, enhanceWithContext, MIN_SCORE_WITH_CONTEXT, WINDOW_AFTER, WINDOW_BEFORE } from './context.ts';

const SPAN = '555-0142';
/** `before` + SPAN + `after`, with the span's offsets. */
function text(before: string, after = ''): [string, number, number] {
  return [before + SPAN + after, before.length, before.length + SPAN.length];
}
const run = (before: string, after: string, score: number, words: readonly string[]) => {
  const [t, s, e] = text(before, after);
  return enhanceWithContext(t, s, e, score, words);
};

describe('enhanceWithContext', () => {
  it('has the documented constants (Presidio defaults and window sizes)', () => {
    expect([CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT, WINDOW_BEFORE, WINDOW_AFTER]).toEqual([0.35, 0.4, 48, 24]);
  });

  it('adds 0.35 when a cue is found before the span and names the cue', () => {
    const r = run('call my phone ', '', 0.3, ['phone']);
    expect(r.word).toBe('phone');
    expect(r.score).toBeCloseTo(0.65, 10);
    expect(r.boost).toBeCloseTo(0.35, 10);
  });

  it('floors a boosted score at 0.4 and caps it at 1.0', () => {
    const low = run('phone ', '', 0.01, ['phone']);
    expect(low.score).toBeCloseTo(0.4, 10);
    expect(low.boost).toBeCloseTo(0.39, 10);
    const high = run('phone ', '', 0.9, ['phone']);
    expect(high.score).toBe(1);
    expect(high.boost).toBeCloseTo(0.1, 10);
  });

  it('leaves a score of 1 alone and reports no cue, and does nothing without cues', () => {
    expect(run('phone ', '', 1, ['phone'])).toEqual({ score: 1, boost: 0 });
    expect(run('phone ', '', 0.5, [])).toEqual({ score: 0.5, boost: 0 });
    expect(run('nothing here ', ' either', 0.5, ['phone'])).toEqual({ score: 0.5, boost: 0 });
  });

  it('finds cues after the span within 24 code units', () => {
    expect(run('', ' is my phone', 0.3, ['phone']).word).toBe('phone');
    const justIn = ' '.repeat(WINDOW_AFTER - 'phone'.length) + 'phone';
    expect(run('', justIn, 0.3, ['phone']).word).toBe('phone');
    expect(run('', ` ${justIn}`, 0.3, ['phone'])).toEqual({ score: 0.3, boost: 0 });
  });

  it('searches exactly 48 code units before the span', () => {
    const justIn = `phone${' '.repeat(WINDOW_BEFORE - 'phone'.length)}`;
    expect(run(justIn, '', 0.3, ['phone']).word).toBe('phone');
    expect(run(`x${justIn}`, '', 0.3, ['phone']).word).toBe('phone');
    expect(run(`phone ${' '.repeat(WINDOW_BEFORE)}`, '', 0.3, ['phone'])).toEqual({ score: 0.3, boost: 0 });
  });

  it('uses the start of the text when the span is near it (no wrap-around), and text after a far span is not "before"', () => {
    const [t, s, e] = text('tel ', ` ${'x'.repeat(60)} phone`);
    expect(enhanceWithContext(t, s, e, 0.3, ['tel']).word).toBe('tel');
    expect(enhanceWithContext(t, s, e, 0.3, ['phone'])).toEqual({ score: 0.3, boost: 0 });
  });

  it('matches whole words only, case-insensitively, and keeps looking after a partial match', () => {
    expect(run('my iphone ', '', 0.3, ['phone'])).toEqual({ score: 0.3, boost: 0 });
    expect(run('phones ', '', 0.3, ['phone'])).toEqual({ score: 0.3, boost: 0 });
    expect(run('PHONE: ', '', 0.3, ['phone']).word).toBe('phone');
    expect(run('smartphone, phone ', '', 0.3, ['phone']).word).toBe('phone');
    expect(run('(phone)', '', 0.3, ['phone']).word).toBe('phone');
  });

  it('matches multi-word cues across spaces, newlines, -, _, : and #', () => {
    for (const sep of [' ', '  ', '\n', '-', '_', ':', '#', ' - ', '\t']) {
      expect(run(`date${sep}of${sep}birth `, '', 0.3, ['date of birth']).word, JSON.stringify(sep)).toBe('date of birth');
    }
    expect(run('date.of.birth ', '', 0.3, ['date of birth'])).toEqual({ score: 0.3, boost: 0 });
  });

  it('prefers a cue before the span, and the first listed cue found', () => {
    expect(run('tel ', ' phone', 0.3, ['phone', 'tel']).word).toBe('tel');
    expect(run('tel phone ', '', 0.3, ['phone', 'tel']).word).toBe('phone');
  });
});
