import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('passwordProblem (NIST SP 800-63B)', () => {
  it('accepts long, uncommon passphrases without composition rules', () => {
    for (const p of ['correct-horse-battery-1', 'lantern orchid 47 rivers', 'zebra quilt mango', 'ÄÖÜ sind schöne Umlaute']) expect(passwordProblem(p), p).toBeNull();
  });

  it('names the problem of weak ones', () => {
    expect(passwordProblem('short')).toBe('too_short');
    expect(passwordProblem('aaaaaaaaaa')).toBe('repetitive');
    expect(passwordProblem('abababababab')).toBe('repetitive');
    expect(passwordProblem('xyz!xyz!xyz!')).toBe('repetitive');
    expect(passwordProblem('3456789012')).toBe('sequential');
    expect(passwordProblem('zyxwvutsrqpo')).toBe('sequential');
    expect(passwordProblem('iloveyou12')).toBe('common');
    expect(passwordProblem('Password1!')).toBe('common');
    expect(passwordProblem('Enclave-team-1')).toBe('personal');
  });

  it('refuses passwords built from the own e-mail or name, not ones that merely contain a short name', () => {
    const ctx = { email: 'grace.hopper@example.com', name: 'Grace Hopper' };
    expect(passwordProblem('grace.hopper@example.com', ctx)).toBe('personal');
    expect(passwordProblem('GraceHopper1906', ctx)).toBe('personal');
    expect(passwordProblem('hopper-1906-x', ctx)).toBe('personal');
    expect(passwordProblem('hopper is my favourite admiral', ctx)).toBeNull();
    expect(passwordProblem('Ada likes long walks', { email: 'ada@example.com', name: 'Ada' })).toBeNull();
  });
});
