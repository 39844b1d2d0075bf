import { describe, expect, it } from 'vitest';
import { resolveConflicts } from './conflicts.ts';
import type { EntityType, Finding } from './types.ts';

const f = (entityType: EntityType, start: number, end: number, score: number): Finding => ({ entityType, start, end, score, recognizer: entityType.toLowerCase() });
const spans = (xs: Finding[]): string[] => xs.map((x) => `${x.entityType}[${x.start},${x.end})`);

describe('resolveConflicts', () => {
  it('keeps the higher score, then the longer span, and returns them sorted', () => {
    expect(spans(resolveConflicts([f('PERSON', 5, 9, 0.9), f('PHONE_NUMBER', 0, 7, 0.6), f('EMAIL_ADDRESS', 20, 30, 1)]))).toEqual(['PERSON[5,9)', 'EMAIL_ADDRESS[20,30)']);
    expect(spans(resolveConflicts([f('IP_ADDRESS', 0, 7, 0.6), f('PHONE_NUMBER', 0, 9, 0.6)]))).toEqual(['PHONE_NUMBER[0,9)']);
  });
  it('lets a structured value replace the free-text findings it contains, so no part of it stays raw (issue 9)', () => {
    // USERNAME "Unit" (score 1) inside a military address (0.85)
    expect(spans(resolveConflicts([f('USERNAME', 10, 14, 1), f('STREET_ADDRESS', 10, 41, 0.85)]))).toEqual(['STREET_ADDRESS[10,41)']);
    // two free-text findings inside one address
    expect(spans(resolveConflicts([f('LOCATION', 20, 30, 0.9), f('PERSON', 2, 6, 0.95), f('STREET_ADDRESS', 0, 40, 0.6)]))).toEqual(['STREET_ADDRESS[0,40)']);
  });
  it('does not let a structured value replace what it only partly covers or a structured value', () => {
    expect(spans(resolveConflicts([f('PERSON', 30, 45, 0.9), f('STREET_ADDRESS', 0, 40, 0.6)]))).toEqual(['PERSON[30,45)']);
    expect(spans(resolveConflicts([f('PHONE_NUMBER', 5, 15, 0.9), f('STREET_ADDRESS', 0, 40, 0.6)]))).toEqual(['PHONE_NUMBER[5,15)']);
    // and a free-text finding never replaces anything
    expect(spans(resolveConflicts([f('USERNAME', 5, 9, 0.9), f('PERSON', 0, 20, 0.6)]))).toEqual(['USERNAME[5,9)']);
  });
});
