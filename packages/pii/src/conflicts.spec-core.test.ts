/**
 * Security-core tests of the conflict strategy, from its documented ranking (conflicts.ts module
 * comment): score, then span length, then type priority, then earlier start, then recognizer name;
 * a finding overlapping a kept one is dropped; the result is sorted by start whatever the input order.
 */
import { describe, expect, it } from 'vitest';
import { resolveConflicts, TYPE_PRIORITY } from './conflicts.ts';
import type { EntityType, Finding } from './types.ts';

const f = (entityType: EntityType, start: number, end: number, score: number, recognizer = entityType.toLowerCase()): Finding => ({ entityType, start, end, score, recognizer });

/** Every permutation of a short list. */
function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function resolvedInEveryOrder(cands: Finding[]): Finding[] {
  const first = resolveConflicts(cands);
  for (const p of permutations(cands)) expect(resolveConflicts(p)).toEqual(first);
  return first;
}

describe('resolveConflicts', () => {
  it('returns a new array, also for zero or one candidate', () => {
    const none: Finding[] = [];
    expect(resolveConflicts(none)).toEqual([]);
    expect(resolveConflicts(none)).not.toBe(none);
    const one = [f('EMAIL_ADDRESS', 0, 5, 0.5)];
    expect(resolveConflicts(one)).toEqual(one);
    expect(resolveConflicts(one)).not.toBe(one);
  });

  it('does not reorder or change the caller\'s array', () => {
    const input = [f('PERSON', 10, 15, 0.3), f('EMAIL_ADDRESS', 0, 5, 0.9), f('URL', 3, 8, 0.5)];
    const copy = input.map((x) => ({ ...x }));
    resolveConflicts(input);
    expect(input).toEqual(copy);
  });

  it('keeps every non-overlapping finding, adjacent ones included, sorted by start', () => {
    const cands = [f('PERSON', 10, 15, 0.3), f('EMAIL_ADDRESS', 0, 5, 0.9), f('IP_ADDRESS', 5, 10, 0.6), f('URL', 20, 30, 0.5)];
    expect(resolvedInEveryOrder(cands).map((x) => x.start)).toEqual([0, 5, 10, 20]);
  });

  it('a higher score wins an overlap, whatever the length or type', () => {
    const win = f('PERSON', 3, 12, 0.9);
    expect(resolvedInEveryOrder([f('KNOWN_SUBJECT', 0, 10, 0.8), win])).toEqual([win]);
  });

  it('except that a structured finding replaces a free-text finding (PERSON, LOCATION, USERNAME) it contains', () => {
    const whole = f('STREET_ADDRESS', 0, 30, 0.7);
    expect(resolvedInEveryOrder([whole, f('PERSON', 3, 6, 0.9)])).toEqual([whole]);
    expect(resolvedInEveryOrder([whole, f('LOCATION', 20, 30, 0.95)])).toEqual([whole]);
    const known = f('KNOWN_SUBJECT', 0, 10, 0.8);
    expect(resolvedInEveryOrder([known, f('USERNAME', 2, 8, 0.9)])).toEqual([known]);
  });

  it('on equal scores the longer span wins', () => {
    const win = f('LOCATION', 0, 12, 0.5);
    expect(resolvedInEveryOrder([f('EMAIL_ADDRESS', 2, 8, 0.5), win])).toEqual([win]);
  });

  it('on equal score and length the type priority decides', () => {
    expect(resolvedInEveryOrder([f('URL', 0, 10, 0.5), f('EMAIL_ADDRESS', 2, 12, 0.5)])).toEqual([f('EMAIL_ADDRESS', 2, 12, 0.5)]);
    expect(resolvedInEveryOrder([f('PERSON', 0, 10, 0.5), f('KNOWN_SUBJECT', 0, 10, 0.5)])).toEqual([f('KNOWN_SUBJECT', 0, 10, 0.5)]);
    expect(resolvedInEveryOrder([f('LOCATION', 0, 10, 0.5), f('PERSON', 5, 15, 0.5)])).toEqual([f('PERSON', 5, 15, 0.5)]);
    // A type outside the priority list loses to any listed one.
    const unlisted = { ...f('LOCATION', 0, 10, 0.5), entityType: 'CUSTOM' as EntityType };
    expect(resolvedInEveryOrder([unlisted, f('LOCATION', 5, 15, 0.5)])).toEqual([f('LOCATION', 5, 15, 0.5)]);
  });

  it('puts KNOWN_SUBJECT first and PERSON, LOCATION last in the priority', () => {
    expect(TYPE_PRIORITY[0]).toBe('KNOWN_SUBJECT');
    expect(TYPE_PRIORITY.indexOf('EMAIL_ADDRESS')).toBeLessThan(TYPE_PRIORITY.indexOf('URL'));
    expect(TYPE_PRIORITY.indexOf('CREDIT_CARD')).toBeLessThan(TYPE_PRIORITY.indexOf('PHONE_NUMBER'));
    expect(TYPE_PRIORITY.slice(-2)).toEqual(['PERSON', 'LOCATION']);
  });

  it('then the earlier start wins, then the recognizer name', () => {
    expect(resolvedInEveryOrder([f('PERSON', 3, 8, 0.5), f('PERSON', 0, 5, 0.5)])).toEqual([f('PERSON', 0, 5, 0.5)]);
    const a = f('PERSON', 0, 5, 0.5, 'alpha');
    const b = f('PERSON', 0, 5, 0.5, 'beta');
    expect(resolvedInEveryOrder([b, a])).toEqual([a]);
    expect(resolvedInEveryOrder([a, b])).toEqual([a]);
  });

  it('drops a finding overlapping any kept one among many (binary search over kept spans)', () => {
    const kept = Array.from({ length: 9 }, (_, i) => f('EMAIL_ADDRESS', i * 10, i * 10 + 5, 0.9));
    for (const [s, e] of [[4, 6], [9, 11], [44, 46], [80, 90], [0, 100], [84, 86], [-5, 1]] as const) {
      const loser = f('PERSON', s, e, 0.1);
      const dropped: [Finding, Finding][] = [];
      const out = resolveConflicts([...kept, loser], (d, w) => dropped.push([d, w]));
      expect(out, `${s}-${e}`).toEqual(kept);
      expect(dropped).toHaveLength(1);
      expect(dropped[0]?.[0]).toEqual(loser);
      expect(kept).toContainEqual(dropped[0]?.[1]);
      expect(dropped[0]?.[1].start).toBeLessThan(e);
      expect(dropped[0]?.[1].end).toBeGreaterThan(s);
    }
    for (const [s, e] of [[5, 10], [6, 9], [15, 20], [85, 90], [89, 95], [-5, 0]] as const) {
      const fits = f('PERSON', s, e, 0.1);
      expect(resolveConflicts([...kept, fits]).map((x) => x.start), `${s}-${e}`).toEqual([...kept.map((k) => k.start), s].sort((x, y) => x - y));
    }
  });

  it('reports each dropped finding with the winner that beat it', () => {
    const winner = f('EMAIL_ADDRESS', 0, 20, 0.9);
    const l1 = f('URL', 5, 25, 0.5);
    const l2 = f('PERSON', 0, 4, 0.3);
    const calls: string[] = [];
    const out = resolveConflicts([l2, l1, winner], (d, w) => calls.push(`${d.entityType}<${w.entityType}`));
    expect(out).toEqual([winner]);
    expect(calls.sort()).toEqual(['PERSON<EMAIL_ADDRESS', 'URL<EMAIL_ADDRESS']);
  });

  it('a dropped finding does not block a later, lower-ranked one it overlapped', () => {
    const top = f('EMAIL_ADDRESS', 0, 10, 0.9);
    const mid = f('URL', 8, 20, 0.8); // overlaps top: dropped
    const low = f('PERSON', 12, 18, 0.7); // overlaps only mid: kept
    expect(resolvedInEveryOrder([top, mid, low])).toEqual([top, low]);
  });
});
