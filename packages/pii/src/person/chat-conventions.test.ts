import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzer.ts';

/** Findings of `types` as `TYPE:value` (default threshold). */
function found(text: string, types: string[] = ['PERSON', 'LOCATION']): string[] {
  return analyze(text)
    .filter((f) => types.includes(f.entityType))
    .map((f) => `${f.entityType}:${text.slice(f.start, f.end)}`);
}

describe('chat conventions are not names or places (over-protection on unlabeled chat)', () => {
  it('a handle addressed with a colon at the start of a message is a participant, not a data subject', () => {
    expect(found('Kelthar: did you reboot after the upgrade?')).toEqual([]);
    expect(found('ok\nKelthar: did you reboot after the upgrade?')).toEqual([]);
    // … but a listed first name there, or a name later in the message, still is one
    expect(found('Kelthar: ask Marta Kowalska about it')).toEqual(['PERSON:Marta Kowalska']);
  });

  it('a lone unlisted word opening a chat sentence is the sentence\'s capital, not a name', () => {
    expect(found('Heyy wat time')).toEqual([]);
    expect(found('Mr. Okafor said hi')).toEqual(['PERSON:Okafor']);
  });

  it('shouted words need a name list: all caps removes the casing evidence', () => {
    expect(found('HEY BLORPO CALL ME BACK')).toEqual([]);
    expect(found('MEET JANE DOE AT NOON')).toEqual(['PERSON:JANE DOE']);
  });

  it('a lone all-caps word in a mixed-case line is an acronym unless a cue comes before it', () => {
    expect(found('restart the ANA service and the ELI worker')).toEqual([]);
    expect(found('Dear ANA, thanks')).toEqual(['PERSON:ANA']);
  });

  it('an initial alone is no name', () => {
    expect(found('P. ok see you at 5')).toEqual([]);
  });

  it('one letter, or a domain part after a dot, is no place', () => {
    expect(found('at the shop S. ok')).toEqual([]);
    expect(found('see www.demo-shop.co.uk/sale for it')).toEqual([]);
    expect(found('she lives in Springfield')).toEqual(['LOCATION:Springfield']);
  });
});
