import { describe, expect, it } from 'vitest';
import { activeMention, insertMention, matchPeople } from './mention-query.ts';

describe('activeMention', () => {
  it('finds the @word before the caret', () => {
    expect(activeMention('hi @co', 6)).toEqual({ start: 3, query: 'co' });
    expect(activeMention('@', 1)).toEqual({ start: 0, query: '' });
    expect(activeMention('mail a@b', 8)).toBeNull(); // inside an e-mail address
    expect(activeMention('hi @cole there', 14)).toBeNull();
  });
});

describe('matchPeople', () => {
  const people = [
    { name: 'Cole League', email: 'cole.league@example.com' },
    { name: 'Ada Admin', email: 'ada@example.com' },
  ];
  it('matches any name word or the e-mail local part', () => {
    expect(matchPeople(people, 'lea').map((p) => p.name)).toEqual(['Cole League']);
    expect(matchPeople(people, 'ADA').map((p) => p.name)).toEqual(['Ada Admin']);
    expect(matchPeople(people, '').length).toBe(2);
    expect(matchPeople(people, 'zz')).toEqual([]);
  });
});

describe('insertMention', () => {
  it('replaces the typed query with the full name and a space', () => {
    expect(insertMention('hi @co!', 3, 6, 'Cole League')).toEqual({ text: 'hi @Cole League !', caret: 16 });
  });
});
