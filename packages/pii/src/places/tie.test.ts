import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzer.ts';

const places = (text: string): Array<[string, boolean | undefined]> =>
  analyze(text).filter((f) => f.entityType === 'LOCATION').map((f) => [text.slice(f.start, f.end), f.tiedToPerson]);

describe('places tied to a person', () => {
  it('ties a place after a residence cue', () => {
    expect(places('she lives in Springfield')).toEqual([['Springfield', true]]);
    expect(places('he moved to brazil last year')).toEqual([['brazil', true]]);
    expect(places('Country: France')).toEqual([['France', true]]);
  });

  it('ties a place to a person named in the same sentence only', () => {
    expect(places('I met Jane Doe in Paris last week')).toEqual([['Paris', true]]);
    expect(places('Jane Doe wrote the report. The meeting in Paris is cancelled.')).toEqual([['Paris', false]]);
  });

  it('leaves a place alone untied', () => {
    expect(places('The meeting in Paris is cancelled.')).toEqual([['Paris', false]]);
  });

  it('sets the property on LOCATION findings only', () => {
    const f = analyze('mail jane.doe@example.com, she lives in Springfield');
    expect(f.filter((x) => x.entityType !== 'LOCATION').every((x) => x.tiedToPerson === undefined)).toBe(true);
  });
});

describe('places tied to a person: more residence verbs and address blocks', () => {
  it('ties a place after returned / emigrated / hails from', () => {
    expect(places('she returned to Brazil in May')).toEqual([['Brazil', true]]);
    expect(places('he emigrated to Canada')).toEqual([['Canada', true]]);
    expect(places('Kim hails from Toronto')).toEqual([['Toronto', true]]);
  });

  it('ties the town of an address to the address, but not a bare "City, Country" pair', () => {
    // the street grammar takes the town into the address's one STREET_ADDRESS span (no LOCATION left
    // over); a town after an address whose street the grammar does not take is a tied LOCATION
    const text = 'she lives at 12 Sample Road, Kesterburg';
    expect(analyze(text).map((f) => [f.entityType, text.slice(f.start, f.end)])).toEqual([['STREET_ADDRESS', '12 Sample Road, Kesterburg']]);
    expect(places('she lives at 12 Sample Xyzzy, Kesterburg')).toEqual([['Kesterburg', true]]);
    expect(places('Conference photos: Lyon, France')).toEqual([['Lyon', false], ['France', false]]);
  });
});
