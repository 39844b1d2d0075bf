import { describe, expect, it } from 'vitest';
import { nameProblem } from './channel-name.ts';

describe('nameProblem', () => {
  it('accepts lower-case names with digits, - _ . and a leading #', () => {
    for (const n of ['', 'general', '#ops_2026-q1.review', 'équipe']) expect(nameProblem(n)).toBeNull();
  });
  it('names the broken rule', () => {
    expect(nameProblem('two words')).toContain('No spaces');
    expect(nameProblem('General')).toContain('lower-case');
    expect(nameProblem('bad!name')).toContain('Only letters');
  });
});
