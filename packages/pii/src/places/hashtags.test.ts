import { describe, expect, it } from 'vitest';
import { findPlaceHashtags } from './hashtags.ts';
import { lookupHashtag, lookupPlace, isStateCode } from './gazetteer.ts';

const found = (text: string): string[] => findPlaceHashtags(text).map((r) => text.slice(r.start, r.end));

describe('place hashtags', () => {
  it('finds listed places written as hashtags, joined multi-word names too', () => {
    expect(found('great weekend #newyork #SaoPaulo')).toEqual(['#newyork', '#SaoPaulo']);
    expect(found('#Toronto meetup')).toEqual(['#Toronto']);
    expect(found('(#losangeles)')).toEqual(['#losangeles']);
  });

  it('leaves common words, given names, unlisted words and non-hashtags alone', () => {
    expect(found('#reading #nice #mobile #march #bath')).toEqual([]);
    expect(found('#kesterburg #teamwork #release')).toEqual([]);
    expect(found('issue#Toronto &#1234; #Toronto2')).toEqual([]);
  });

  it('stays quiet and quick on 40,000 "#"', () => {
    expect(found('#'.repeat(40_000))).toEqual([]);
    expect(found('#a'.repeat(20_000))).toEqual([]);
  });
});

describe('place gazetteer', () => {
  it('knows cities, regions and countries, case-insensitively', () => {
    expect(lookupPlace('Springfield')?.kind).toBe('city');
    expect(lookupPlace('new south wales')?.kind).toBe('region');
    expect(lookupPlace('Saskatchewan')?.kind).toBe('region');
    expect(lookupPlace('BRAZIL')?.kind).toBe('country');
    expect(lookupPlace('Kesterburg')).toBeUndefined();
  });

  it('marks names that are also words or given names as needing a cue', () => {
    expect(lookupPlace('Reading')?.needsCue).toBe(true);
    expect(lookupPlace('Mobile')?.needsCue).toBe(true);
    expect(lookupPlace('Toronto')?.needsCue).toBe(false);
  });

  it('reads joined hashtag names and state codes', () => {
    expect(lookupHashtag('rio' + 'dejaneiro')?.kind).toBe('city');
    expect(isStateCode('TX')).toBe(true);
    expect(isStateCode('tx')).toBe(false);
    expect(isStateCode('XQ')).toBe(false);
  });
});
