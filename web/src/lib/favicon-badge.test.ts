import { describe, expect, it } from 'vitest';
import { badgeText } from './favicon-badge.ts';

describe('badgeText', () => {
  it('is empty for nothing unread, the count up to 9, then 9+', () => {
    expect([0, -1, Number.NaN].map(badgeText)).toEqual(['', '', '']);
    expect(badgeText(1)).toBe('1');
    expect(badgeText(9)).toBe('9');
    expect(badgeText(10)).toBe('9+');
    expect(badgeText(2.7)).toBe('2');
  });
});
