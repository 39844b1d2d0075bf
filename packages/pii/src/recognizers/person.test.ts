import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personRecognizer } from './person.ts';

const opts = { phoneRegions: ['US'] };
const names = (text: string): string[] => personRecognizer.analyze(text, opts).map((r) => text.slice(r.start, r.end));

describe('personRecognizer', () => {
  it('finds names in ALL CAPS but not the shouted labels around them', () => {
    const got = names('REPORTED USER: JOHN DOE keeps sending threats to MARY MAJOR');
    expect(got).toEqual(['JOHN DOE', 'MARY MAJOR']);
  });

  it('reports a full name as one span, even when the surname starts with a first name', () => {
    expect(names('Dear Richard Roe, your report about Jan Jansen was reviewed')).toEqual(['Richard Roe', 'Jan Jansen']);
  });

  it('stops a name where a glued e-mail address starts', () => {
    expect(names('Jane Doe - janedoe@example.com')).toEqual(['Jane Doe']);
    expect(names('Jane Doe <jane.doe@example.com>')).toEqual(['Jane Doe']);
  });

  it('finds names beside emoji with UTF-16 offsets', () => {
    const text = 'hey 😀😀 ich bin Erika Mustermann, mail erika@example.com';
    const r = personRecognizer.analyze(text, opts);
    expect(r.map((x) => [x.start, x.end])).toEqual([[17, 33]]);
    expect(text.slice(17, 33)).toBe('Erika Mustermann');
    expect(names('😀John Smith😀 said hi')).toEqual(['John Smith']);
  });

  it('finds names in all-lowercase chat after a cue', () => {
    expect(names('hi, my name is john smith and i need help')).toEqual(['john smith']);
  });

  it('finds names in ordinary mixed-case sentences', () => {
    expect(names('Escalation: reporter is Jane Doe, call the desk')).toEqual(['Jane Doe']);
    expect(names('I spoke to Mary Major yesterday about the ticket.')).toEqual(['Mary Major']);
  });

  it('joins initials and mail-header "Last, First" into one span', () => {
    expect(names('Thanks to J. Smith and M. Roe for the review')).toEqual(['J. Smith', 'M. Roe']);
    expect(names('From: Doe, Jane\nTo: Roe, Richard')).toEqual(['Doe, Jane', 'Roe, Richard']);
    expect(names('Dear Jane Doe, Richard Roe and Mary Major')).toEqual(['Jane Doe', 'Richard Roe', 'Mary Major']);
  });

  it('finds lower-case names in an all-lower-case message and after a strong cue in mixed text', () => {
    expect(names('talked to john smith today')).toEqual(['john smith']);
    expect(names('ok thanks dave')).toEqual(['dave']);
    expect(names('The build is green. hey sam, can you check the logs?')).toEqual(['sam']);
  });

  it('does not take chat-log speaker tags (<nick>) for names', () => {
    expect(names('[12:18] <Matt|> hi all\n[12:19] <dave> try sudo apt-get update')).toEqual([]);
    expect(names('<John> I met Richard Roe yesterday')).toEqual(['Richard Roe']);
  });

  it('keeps titles out of the span', () => {
    expect(names('Please forward this to Mrs. Jane Doe today')).toEqual(['Jane Doe']);
  });

  it('finds nothing in text without names', () => {
    expect(names('')).toEqual([]);
    expect(names('the build failed again, try apt-get update and reboot')).toEqual([]);
    expect(names('USER REPORT FROM THE MODERATION TEAM')).toEqual([]);
  });

  it('gives confident names a score of at least 0.5', () => {
    for (const r of personRecognizer.analyze('Dear Richard Roe, thanks. John Smith', opts)) {
      expect(r.entityType).toBe('PERSON');
      expect(r.score).toBeGreaterThanOrEqual(0.5);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });

  it('returns in-bounds, sorted, non-overlapping spans that never split a surrogate pair, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const r = personRecognizer.analyze(text, opts);
        let last = 0;
        for (const x of r) {
          expect(x.start).toBeGreaterThanOrEqual(last);
          expect(x.end).toBeGreaterThan(x.start);
          expect(x.end).toBeLessThanOrEqual(text.length);
          const lo = (i: number): boolean => text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff;
          const hi = (i: number): boolean => text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff;
          expect(lo(x.start) && hi(x.start - 1)).toBe(false);
          expect(hi(x.end - 1) && lo(x.end)).toBe(false);
          last = x.end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles a 1 MB line', () => {
    const text = 'John Smith wrote to Mary Major. '.repeat(32768);
    const r = personRecognizer.analyze(text, opts);
    expect(r.length).toBeGreaterThan(60000);
  });
});
