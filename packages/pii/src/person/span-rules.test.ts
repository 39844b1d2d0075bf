import { describe, expect, it } from 'vitest';
import { defaultModel } from './model.ts';
import { findNames, TaggerState } from './tagger.ts';

const st = new TaggerState();
const names = (text: string): string[] => findNames(text, defaultModel(), st).filter((s) => s.score >= 0.4).map((s) => text.slice(s.start, s.end));

describe('name spans after decoding (fake names only)', () => {
  it('never runs a name across a line break', () => {
    const text = 'X - From : Roe , Richard\nX - To : Doe , Jane\nX - cc :';
    expect(names(text)).toEqual(['Roe , Richard', 'Doe , Jane']);
    for (const n of names('Best , Jane\nJane Doe\nRichard Roe')) expect(n).not.toContain('\n');
  });

  it('keeps the period of a final initial, with the name\'s own score', () => {
    const text = 'To : Roe , Richard J. ; Doe , Jane\nSubject : hi';
    expect(names(text)).toEqual(['Roe , Richard J.', 'Doe , Jane']);
    const [first] = findNames(text, defaultModel(), st);
    expect(first!.score).toBeGreaterThan(0.5);
  });

  it('takes a generational suffix into the name', () => {
    expect(names('I talked to John Doe Jr. about it')).toContain('John Doe Jr.');
    expect(names('I talked to John Doe, Sr. about it')).toContain('John Doe, Sr.');
    expect(names('Richard Roe III signed the form')).toContain('Richard Roe III');
  });

  it('joins "Last , First" items of a header list, also when the first name is not in a list', () => {
    const text = 'X - To : Roe , Richard , Doe , Jane , Exampleton , Zorvik';
    expect(names(text)).toEqual(['Roe , Richard', 'Doe , Jane', 'Exampleton , Zorvik']);
  });
});
