import { describe, expect, it } from 'vitest';
import { locationRecognizer } from './location.ts';

const found = (text: string): string[] =>
  locationRecognizer.analyze(text, { phoneRegions: [] }).map((r) => text.slice(r.start, r.end));

describe('location recognizer', () => {
  it('finds cities and countries after location cues', () => {
    expect(found('She lives in New York City and moved to São Paulo.')).toEqual(['New York City', 'São Paulo']);
    expect(found('I am based in Berlin, Germany')).toEqual(['Berlin', 'Germany']);
    expect(found('city: Toronto')).toEqual(['Toronto']);
    expect(found('Country: Czech Republic')).toEqual(['Czech Republic']);
    expect(found('I will be travelling to Tunisia next week')).toEqual(['Tunisia']);
    expect(found("I'm in Miami, at the conference")).toEqual(['Miami']);
    expect(found('flying back from St. Louis.')).toEqual(['St. Louis']);
  });

  it('takes a capitalised place the gazetteer lacks after a residence cue, not after weaker cues', () => {
    expect(found('we flew to KESTERBURG last week')).toEqual(['KESTERBURG']);
    expect(found('He lives in Brindle Marsh now.')).toEqual(['Brindle Marsh']);
    expect(found("she lives in Brindleton's centre")).toEqual(['Brindleton']);
    expect(found('city: Vexholm')).toEqual(['Vexholm']);
    // not after "I'm in" / "is at" / "going to", not common words, not lower case
    expect(found("I'm in Kesterburg")).toEqual([]);
    expect(found('going to Kesterburg')).toEqual([]);
    expect(found('she lives in The city')).toEqual([]);
    expect(found('lives in a flat')).toEqual([]);
  });

  it('accepts lower-case names only after strong cues', () => {
    expect(found('i live in paris')).toEqual(['paris']);
    expect(found('we talked in paris')).toEqual([]);
  });

  it('needs a strong cue for names that are also words or given names', () => {
    expect(found('I live in Jordan.')).toEqual(['Jordan']);
    expect(found('I got this from Jordan')).toEqual([]);
    expect(found("we sat in Jordan's car")).toEqual([]);
    expect(found('a gift for Chad from Georgia')).toEqual([]);
  });

  it('ignores gazetteer names without a cue and unknown capitalized words', () => {
    expect(found('Paris is lovely')).toEqual([]);
    expect(found('France won')).toEqual([]);
    expect(found('I work in Marketing')).toEqual([]);
    expect(found('moved to Production yesterday')).toEqual([]);
  });

  it('does not stop inside a longer word', () => {
    expect(found('in Romeo and Juliet')).toEqual([]);
    expect(found('in Indiana Jones')).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('in '.repeat(30000))).toEqual([]);
    expect(found('lives in New '.repeat(10000)).length).toBe(0);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of locationRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
  it('finds GeoNames cities (≥ 15,000 inhabitants) after cues, also lower case and as hashtags', () => {
    expect(found('she lives in Spartanburg now')).toEqual(['Spartanburg']);
    expect(found('we drove to Spartanburg')).toEqual(['Spartanburg']);
    expect(found('he moved to spartanburg')).toEqual(['spartanburg']);
    expect(found('im from #spartanburg')).toEqual(['spartanburg']);
    expect(found('visiting #Spartanburg this week')).toEqual(['Spartanburg']);
  });

  it('asks a strong cue of a GeoNames city that is also a name or an English word', () => {
    expect(found('we talked about it in March')).toEqual([]);
    expect(found('she lives in March, Cambridgeshire')).toEqual(['March', 'Cambridgeshire']);
    expect(found('we drove to spartanburg')).toEqual([]); // lower case after a weak cue
  });
});

describe('location recognizer: fillers, articles, more residence verbs', () => {
  it('takes a filler word between the residence word and its preposition', () => {
    expect(found('we moved here from Kesterburg')).toEqual(['Kesterburg']);
    expect(found('she came back to paris')).toEqual(['paris']);
    expect(found('he returned to Brindle Marsh by train')).toEqual(['Brindle Marsh']);
    // a filler alone is no cue
    expect(found('here from Kesterburg')).toEqual([]);
  });

  it('skips a lower-case article before a capitalised place', () => {
    expect(found('a tribute to the United States.')).toEqual(['United States']);
    expect(found('he emigrated to the Netherlands')).toEqual(['Netherlands']);
    expect(found('we went to the Office')).toEqual([]);
  });
});
