import { describe, expect, it } from 'vitest';
import { phoneRecognizer } from './phone.ts';
import { analyze } from '../analyzer.ts';

const opts = { phoneRegions: ['US', 'GB', 'FR', 'DE', 'IN', 'BR', 'JP'] };
const spans = (t: string, o = opts): string[] => phoneRecognizer.analyze(t, o).map((r) => t.slice(r.start, r.end));
const reported = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER'], phoneRegions: ['GB'] }).map((f) => t.slice(f.start, f.end));

describe('phone recognizer', () => {
  it('finds international numbers with + for any country', () => {
    expect(spans('call +1 201-555-0147 or +44 20 7946 0958.')).toEqual(['+1 201-555-0147', '+44 20 7946 0958']);
  });
  it('finds national numbers for the default regions', () => {
    expect(spans('US (201) 555-0147, UK 020 7946 0958, JP 090-1234-5678')).toEqual(['(201) 555-0147', '020 7946 0958', '090-1234-5678']);
  });
  it('reports a bare mobile number with its trunk prefix without a cue, but not a bare landline', () => {
    const ph = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER'], phoneRegions: ['PH'] }).map((f) => t.slice(f.start, f.end));
    expect(ph('text 09181234567 later')).toEqual(['09181234567']);
    const gb = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER'], phoneRegions: ['GB'] }).map((f) => t.slice(f.start, f.end));
    expect(gb('order 02079460958 shipped')).toEqual([]);
  });
  it('respects the region list', () => {
    expect(spans('020 7946 0958', { phoneRegions: ['US'] })).toEqual([]);
  });
  it('reports a possible-but-not-valid number only with a cue', () => {
    expect(reported('ring me on 07700 900123')).toEqual(['07700 900123']);
    expect(reported('ticket 07700 900123')).toEqual([]);
  });
  it('never cuts a number out of a hex/UUID token, a decimal or a longer digit run', () => {
    expect(spans('request id 5e2c7a10-b3f1-4c2d-9046-5550123ab0c1 pls')).toEqual([]);
    expect(spans('model score 0.314159265358979, threshold 0.2718281828459045')).toEqual([]);
    expect(spans('id 12015550147123456789')).toEqual([]);
  });
  it('skips dates and dotted quads', () => {
    expect(spans('on 2024-01-15 from 192.0.2.44')).toEqual([]);
  });
  it('keeps text after the number out of the span', () => {
    expect(spans('call 020 7946 0018, please check the order.')).toEqual(['020 7946 0018']);
  });
});

describe('phone recognizer glued to words', () => {
  it('accepts a formatted number after a non-hex letter but not a bare digit run or after hex', () => {
    expect(spans('my number is415-555-0132')).toEqual(['415-555-0132']);
    expect(spans('id x4155550132')).toEqual([]);
    expect(spans('hash ab415-555-0132')).toEqual([]);
  });
});

describe('phone recognizer formats and look-alikes', () => {
  const all = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER', 'US_SSN'] }).map((f) => `${f.entityType}:${t.slice(f.start, f.end)}`);
  it('joins an extension and allows a glued label after a hyphen', () => {
    expect(spans('Desk: +1-201-555-0147x769 now')).toEqual(['+1-201-555-0147x769']);
    expect(spans('020 7946 0958-Office')).toEqual(['020 7946 0958']);
  });
  it('drops the (0) trunk prefix of international numbers when validating', () => {
    expect(spans('fax +44 (0)20 7946 0958')).toEqual(['+44 (0)20 7946 0958']);
  });
  it('does not take dates with times or SSN-shaped numbers', () => {
    expect(spans('When: 2000-04-16 11:34:35')).toEqual([]);
    expect(all('his social security number is 078-05-1123')).toEqual(['US_SSN:078-05-1123']);
  });
  it('needs a cue for short national numbers (house numbers look the same)', () => {
    expect(all('The restaurant is at 17151 2450 Crown St')).toEqual([]);
  });
});

describe('phone numbers in tokenized, spread and glued text (issue 9)', () => {
  const found = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER'] }).map((f) => t.slice(f.start, f.end));
  it('joins groups split by spaced separators, as tokenizers leave them', () => {
    expect(found('call ( 415 ) 555 - 0132 now')).toEqual(['( 415 ) 555 - 0132']);
    expect(found('call 415 . 555 . 0132')).toEqual(['415 . 555 . 0132']);
    expect(found('from 2024 - 01 - 15 to 12 - 15 - 2024')).toEqual([]);
  });
  it('keeps a country code inside the phone token (issue 7 item 14)', () => {
    expect(found('call me at + 1 202 555 0143')).toEqual(['+ 1 202 555 0143']);
    expect(found('call +44 020 7946 0018 now')).toEqual(['+44 020 7946 0018']);
  });
  it('finds a mobile number glued to Japanese text: the script puts JP first among the regions', () => {
    expect(found('電話番号は09012345678です')).toEqual(['09012345678']);
    // without the script, the same digits are a GB or DE number first and need a cue, as before
    expect(found('ref 09012345678 ok')).toEqual([]);
  });
  it('needs a phone cue when a separator stands between every digit', () => {
    expect(found('call 4 1 5 5 5 5 0 1 3 2')).toEqual(['4 1 5 5 5 5 0 1 3 2']);
    expect(found('count 1 2 3 4 5 6 7 8 9 10')).toEqual([]);
  });
});

describe('phone numbers with spelled digits (issue 9)', () => {
  const found = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER'] }).map((f) => t.slice(f.start, f.end));
  it('reads digit words, digit groups and repeats as one number', () => {
    expect(found('call four one five five five five zero one three two tonight')).toEqual(['four one five five five five zero one three two']);
    expect(found('text four one five, 555, oh one three two')).toEqual(['four one five, 555, oh one three two']);
    expect(found('ring 4 one 5 double five 5 zero 1 three 2')).toEqual(['4 one 5 double five 5 zero 1 three 2']);
  });
  it('leaves counts and short runs of number words alone', () => {
    expect(found('one two three four five six seven')).toEqual([]);
    expect(found('I have two cats, one dog and three fish')).toEqual([]);
  });});

describe('phone numbers hidden by encoding or marks (issue 9)', () => {
  const all = (t: string): string[] => analyze(t, { phoneRegions: ['US'] }).map((f) => `${f.entityType}:${t.slice(f.start, f.end)}`);
  it('are found whole when the separators are percent-encoded', () => {
    expect(all('my number: %2B1%20555%20010%200199')).toEqual(['PHONE_NUMBER:%2B1%20555%20010%200199']);
    expect(all('call 555%2D010%2D0199 pls')).toEqual(['PHONE_NUMBER:555%2D010%2D0199']);
  });
  it('are found when joined by non-breaking hyphens or en dashes', () => {
    expect(all('call 555\u2011010\u20110199 now')).toEqual(['PHONE_NUMBER:555\u2011010\u20110199']);
    expect(all('call 555\u2013010\u20130199 now')).toEqual(['PHONE_NUMBER:555\u2013010\u20130199']);
  });
  it('are found with a symbol between every digit, after a phone cue; counts and ids are not', () => {
    expect(all('my number is 5_5_5_0_1_0_0_1_9_9 ok')).toEqual(['PHONE_NUMBER:5_5_5_0_1_0_0_1_9_9']);
    expect(all('call 5*5*5*0*1*0*0*1*9*9')).toEqual(['PHONE_NUMBER:5*5*5*0*1*0*0*1*9*9']);
    expect(all('grid 5*5*5*0*1*0*0*1*9*9')).toEqual([]);
    expect(all('call 1_2_3')).toEqual([]);
  });
  it('take the combining marks on their last digit', () => {
    const t = 'call 5\u03015\u03015\u0301-0\u03011\u03010\u0301-0\u03011\u03019\u03019\u0301 now';
    expect(all(t)).toEqual([`PHONE_NUMBER:${t.slice(5, -4)}`]);
  });
});


describe('red team 4: an international number split over a line break', () => {
  const found = (t: string): string[] => phoneRecognizer.analyze(t, { phoneRegions: ['US'] }).map((r) => t.slice(r.start, r.end));
  it('is found whole (before: only the second line, the country and area code left raw)', () => {
    expect(found('phone +1 202\n555 0142 ok')).toEqual(['+1 202\n555 0142']);
  });
  it('plain numbers on lines are not joined', () => {
    expect(found('counts\n202\n555 0142')).toEqual(found('counts 555 0142'));
  });
});
