import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RECOGNIZERS } from './index.ts';
import { computeFacts } from '../text/text-facts.ts';
import { DEFAULT_PHONE_REGIONS } from '../analyzer.ts';

const opts = { phoneRegions: DEFAULT_PHONE_REGIONS };

/** Fake values only (example.com, 555-01xx, 192.0.2.0/24, 2001:db8::, test card). */
const EXAMPLES = [
  'call 201-555-0123 now',
  'call me at two zero one five five five zero one two three',
  'card 4111 1111 1111 1111 thanks',
  'mail jane.doe@example.com today',
  'jane dot doe at example dot com',
  'jane(at)example(dot)com',
  'server ip 192.0.2.10 is down',
  'ping 192[.]0[.]2[.]10',
  'host 2001:db8::1 answered',
  'mac 00:1A:2B:3C:4D:5E and 00-1A-2B-3C-4D-5F',
  'cisco 001a.2b3c.4d5e',
  'see https://github.com/janedoe99',
  'www.facebook.com/jane.doe.5550100',
  'IBAN DE89 3704 0044 0532 0130 00',
  'ssn 536-90-4399',
  'she lives at 1420 Main Street, Springfield, IL 62704',
  'send it to 12 main street please',
  'P.O. Box 123, Springfield',
  'Hauptstraße 5, 10115 Berlin',
  'located at 40.7128, -74.0060',
  '40°26′46″N 79°58′56″W',
  'dob: 01/02/1990',
  'born on 3 March 1990',
  'passport no. X1234567',
  'dl: D1234567',
  'username: jane_doe99',
  'ping @jane_doe',
  'imei 490154203237518',
  'idfa 6D92078A-8246-4BA4-AE5B-76104861E7DC',
  'she lives in Springfield',
  'Jane Doe wrote to Richard Roe',
  // places without a cue word: hashtags and "City, Region/Country" pairs with any separator
  'Conference photos #newyork',
  'Springfield, Illinois',
  'Springfield; Illinois',
  'Springfield | Illinois',
  'Springfield\tIllinois',
  'Springfield  Illinois',
  'Lyon > France',
  'Lyon • France',
  'Lyon ?? France',
  // an intersection has no house number
  'meet at the corner of Main Street and Oak Avenue.',
  'MEET AT THE CORNER OF MAIN STREET AND OAK AVENUE',
];

const PIECES = ['12', '5', '1420', '192', '0', '555', '0123', '.', ':', '-', '/', ' ', ' ', '\n', ',', '@', 'Main', 'St', 'Street', 'Box', 'P.O.', 'at', 'dot', 'example', 'com', 'www.', '://', 'Jane', 'Doe', 'lives', 'in', 'Springfield', '°', 'N', 'W', 'five', 'one', 'two', 'dob', 'passport', 'user:', '[', ']', '(', ')', 'ſ', 'é', 'ab', 'cd', 'Rue', 'Apt', 'idfa', 'deadbeef', 'ssn', 'DE89', '3704', '::', 'fe80', 'ffff', 'SW1A', '1AA', '#', ';', '|', '>', '\t', '•', 'Illinois', 'France', 'Lyon', 'newyork', 'corner', 'of', 'Oak', 'Avenue', 'and'];

function checkScreens(text: string): void {
  const facts = computeFacts(text);
  for (const rec of DEFAULT_RECOGNIZERS) {
    if (rec.screen === undefined || rec.screen(facts)) continue;
    // a failed screen promises that the recognizer finds nothing
    expect(rec.analyze(text, opts), `${rec.name} on ${JSON.stringify(text)}`).toEqual([]);
  }
}

describe('recognizer screens (recognizers/index.ts)', () => {
  it('every built-in recognizer declares a screen', () => {
    expect(DEFAULT_RECOGNIZERS.filter((r) => r.screen === undefined).map((r) => r.name)).toEqual([]);
  });

  it('pass wherever their recognizer finds something (examples of every type)', () => {
    const fired = new Set<string>();
    for (const text of EXAMPLES) {
      const facts = computeFacts(text);
      for (const rec of DEFAULT_RECOGNIZERS) {
        if (rec.analyze(text, opts).length === 0) continue;
        fired.add(rec.name);
        expect(rec.screen?.(facts), `${rec.name} on ${JSON.stringify(text)}`).toBe(true);
      }
    }
    // the examples exercise every recognizer, so each screen was checked on a positive
    expect([...fired].sort()).toEqual(DEFAULT_RECOGNIZERS.map((r) => r.name).sort());
  });

  it('pass wherever their recognizer finds something (random mixes of value fragments)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 16 }), (parts) => checkScreens(parts.join(''))),
      { numRuns: 400 },
    );
  });

  it('fail on a plain chat line, so the analyzer skips most recognizers', () => {
    const facts = computeFacts('[12:18] <usual> maybe some others');
    const run = DEFAULT_RECOGNIZERS.filter((r) => r.screen?.(facts) !== false).map((r) => r.name);
    // location runs too: the '>' of the IRC nick bracket is a pair separator ("Lyon > France")
    expect(run.sort()).toEqual(['device-id', 'location', 'person']);
    expect(DEFAULT_RECOGNIZERS.filter((r) => r.screen?.(computeFacts('maybe some others')) !== false).map((r) => r.name).sort()).toEqual(['person']);
  });
});
