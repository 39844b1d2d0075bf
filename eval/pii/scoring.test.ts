import { describe, expect, it } from 'vitest';
import { matchDoc, prf, Scoreboard } from './scoring.ts';
import type { Span } from './types.ts';

const P = (start: number, end: number, type: Span['type'] = 'PERSON'): Span => ({ type, start, end });

describe('prf', () => {
  it('does not swap precision and recall: 1 TP, 1 FP, 0 FN gives P=0.5, R=1', () => {
    const m = matchDoc([P(0, 4)], [P(0, 4), P(10, 14)], 'PERSON');
    const r = prf(m.exact);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(2 / 3, 10);
  });

  it('1 TP, 0 FP, 1 FN gives P=1, R=0.5', () => {
    const r = prf(matchDoc([P(0, 4), P(10, 14)], [P(0, 4)], 'PERSON').exact);
    expect(r.precision).toBe(1);
    expect(r.recall).toBe(0.5);
  });

  it('no predictions with gold: precision undefined, recall 0, F1 0', () => {
    const r = prf(matchDoc([P(0, 4)], [], 'PERSON').exact);
    expect(r.precision).toBeNaN();
    expect(r.recall).toBe(0);
    expect(r.f1).toBe(0);
  });

  it('no gold: recall and F1 undefined, precision 0 when something was predicted', () => {
    const r = prf(matchDoc([], [P(0, 4)], 'PERSON').exact);
    expect(r.precision).toBe(0);
    expect(r.recall).toBeNaN();
    expect(r.f1).toBeNaN();
  });
});

describe('exact vs overlap matching', () => {
  it('a shifted span is an overlap match but not an exact one', () => {
    const m = matchDoc([P(5, 15)], [P(4, 15)], 'PERSON');
    expect(m.exact).toEqual({ tpPred: 0, tpGold: 0, pred: 1, gold: 1 });
    expect(m.overlap).toEqual({ tpPred: 1, tpGold: 1, pred: 1, gold: 1 });
  });

  it('touching spans (end == start) do not overlap', () => {
    const m = matchDoc([P(0, 5)], [P(5, 9)], 'PERSON');
    expect(m.overlap.tpPred).toBe(0);
    expect(m.overlap.tpGold).toBe(0);
  });

  it('one prediction over a gold address split in three: overlap P=1 R=1, exact P=0 R=0', () => {
    const gold = [P(0, 10, 'STREET_ADDRESS'), P(11, 20, 'STREET_ADDRESS'), P(21, 30, 'STREET_ADDRESS')];
    const m = matchDoc(gold, [P(0, 30, 'STREET_ADDRESS')], 'STREET_ADDRESS');
    expect(prf(m.overlap)).toMatchObject({ precision: 1, recall: 1 });
    expect(prf(m.exact)).toMatchObject({ precision: 0, recall: 0 });
  });

  it('exact matching is one-to-one: a duplicated prediction counts once', () => {
    const m = matchDoc([P(0, 4)], [P(0, 4), P(0, 4)], 'PERSON');
    expect(m.exact).toEqual({ tpPred: 1, tpGold: 1, pred: 2, gold: 1 });
  });

  it('only the requested type is scored; a right span with the wrong type is no match', () => {
    const m = matchDoc([P(0, 4, 'PERSON')], [P(0, 4, 'USERNAME')], 'PERSON');
    expect(m.exact).toEqual({ tpPred: 0, tpGold: 0, pred: 0, gold: 1 });
  });
});

describe('Scoreboard', () => {
  it('micro-averages over documents', () => {
    const b = new Scoreboard(['PERSON', 'EMAIL_ADDRESS']);
    b.add([P(0, 4)], [P(0, 4)]);
    b.add([P(0, 4), P(6, 9)], [P(20, 25)]);
    b.add([P(0, 3, 'EMAIL_ADDRESS')], [P(0, 3, 'EMAIL_ADDRESS')]);
    expect(b.get('PERSON').exact).toEqual({ tpPred: 1, tpGold: 1, pred: 2, gold: 3 });
    expect(b.get('EMAIL_ADDRESS').exact).toEqual({ tpPred: 1, tpGold: 1, pred: 1, gold: 1 });
  });
});
