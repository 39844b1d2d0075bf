import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzer.ts';

const found = (t: string): string[] => analyze(t, { entities: ['IP_ADDRESS'] }).map((f) => t.slice(f.start, f.end));

describe('a version cue drops a dotted quad only when it is the word just before it', () => {
  it('keeps addresses where a version word stands elsewhere in the sentence', () => {
    expect(found('the build box is 192.0.2.10 again')).toEqual(['192.0.2.10']);
    expect(found('after the update the gateway moved to 192.0.2.77')).toEqual(['192.0.2.77']);
    expect(found('release notes mention 192.0.2.5 as the old proxy')).toEqual(['192.0.2.5']);
  });
  it('still reads "version 2.0.0.1" and "build: 10.0.0.1" as versions', () => {
    expect(found('Version 2.0.0.1 is deployed')).toEqual([]);
    expect(found('build: 10.0.0.1 is out')).toEqual([]);
    expect(found('we upgraded to 1.84.1.0 today')).toEqual([]);
  });
});
