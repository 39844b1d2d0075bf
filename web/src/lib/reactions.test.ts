import { describe, expect, it } from 'vitest';
import { applyReaction, whoReacted } from './reactions.ts';

const names: Record<string, string> = { a: 'Ada', b: 'Bob', c: 'Cy', d: 'Dee' };
const nameOf = (id: string) => names[id] ?? 'Unknown user';

describe('applyReaction', () => {
  it('adds a new emoji, then a second person, once each even when seen twice', () => {
    let list = applyReaction(undefined, { emoji: '👍', userId: 'a', added: true });
    list = applyReaction(list, { emoji: '👍', userId: 'b', added: true });
    list = applyReaction(list, { emoji: '👍', userId: 'b', added: true });
    expect(list).toEqual([{ emoji: '👍', count: 2, userIds: ['a', 'b'] }]);
  });

  it('removes a person, drops the emoji with its last one, ignores unknown removals', () => {
    const start = [{ emoji: '👍', count: 2, userIds: ['a', 'b'] }, { emoji: '🎉', count: 1, userIds: ['a'] }];
    expect(applyReaction(start, { emoji: '👍', userId: 'a', added: false })).toEqual([{ emoji: '👍', count: 1, userIds: ['b'] }, start[1]]);
    expect(applyReaction(start, { emoji: '🎉', userId: 'a', added: false })).toEqual([start[0]]);
    expect(applyReaction(start, { emoji: '🎉', userId: 'c', added: false })).toEqual(start);
    expect(applyReaction(start, { emoji: '😮', userId: 'a', added: false })).toEqual(start);
  });
});

describe('whoReacted', () => {
  it('names people, says You for the caller, and counts the rest', () => {
    expect(whoReacted({ emoji: '👍', count: 1, userIds: ['a'] }, 'a', nameOf)).toBe('You reacted with 👍');
    expect(whoReacted({ emoji: '👍', count: 2, userIds: ['a', 'b'] }, 'z', nameOf)).toBe('Ada and Bob reacted with 👍');
    expect(whoReacted({ emoji: '🎉', count: 3, userIds: ['a', 'b', 'c'] }, 'b', nameOf)).toBe('Ada, You and Cy reacted with 🎉');
    expect(whoReacted({ emoji: '🎉', count: 60, userIds: ['a', 'b', 'c', 'd'] }, 'z', nameOf)).toBe('Ada, Bob, Cy and 57 others reacted with 🎉');
    expect(whoReacted({ emoji: '🎉', count: 4, userIds: ['a', 'b', 'c', 'd'] }, 'z', nameOf)).toBe('Ada, Bob, Cy and 1 other reacted with 🎉');
  });
});
