import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzer.ts';
import { analyzeAsShown, shownView } from './shown-view.ts';

const spans = (text: string, fs: Array<{ entityType: string; start: number; end: number }>) => fs.map((f) => [f.entityType, text.slice(f.start, f.end)]);

describe('analyzeAsShown', () => {
  it('finds values split by Markdown marks that the typed text hides, spans on the typed text', () => {
    const a = 'mail jane.doe@**example.com** now';
    expect(spans(a, analyze(a))).not.toContainEqual(['EMAIL_ADDRESS', 'jane.doe@**example.com']);
    expect(spans(a, analyzeAsShown(a))).toEqual([['EMAIL_ADDRESS', 'jane.doe@**example.com']]);
    const b = 'ip 192.0.2.**44**';
    expect(analyze(b)).toEqual([]);
    expect(spans(b, analyzeAsShown(b))).toEqual([['IP_ADDRESS', '192.0.2.**44']]);
    const c = 'call 202-555-01**47**';
    expect(spans(c, analyzeAsShown(c))).toEqual([['PHONE_NUMBER', '202-555-01**47']]);
  });

  it('passes view=true for the shown view only, and returns the typed findings alone when nothing is hidden', () => {
    const seen: Array<[string, boolean]> = [];
    analyzeAsShown('a **b**', (t, view) => (seen.push([t, view]), []));
    expect(seen).toEqual([['a **b**', false], ['a b', true]]);
    expect(shownView('plain text')).toBeNull();
    expect(analyzeAsShown('write to jane.roe@example.com')).toEqual(analyze('write to jane.roe@example.com'));
  });
});

describe('red team 4: a value typed reversed after a right-to-left override', () => {
  it('is found as it is displayed, its span over the reversed typed run', () => {
    // before: the override was dropped as invisible and the reversed digits matched nothing
    for (const [typed, type] of [
      ['44.2.0.291', 'IP_ADDRESS'],
      ['1111 1111 1111 1114', 'CREDIT_CARD'],
    ] as const) {
      const t = `see \u202e${typed}\u202c ok`;
      expect(spans(t, analyzeAsShown(t))).toEqual([[type, typed]]);
    }
  });
  it('an override ends at its pop or at the line end; text without one is unchanged', () => {
    const t = 'a \u202e44.2.0.291\nok 1.2';
    expect(spans(t, analyzeAsShown(t))).toEqual([['IP_ADDRESS', '44.2.0.291']]);
    expect(shownView('plain 192.0.2.44')).toBeNull();
  });
});
