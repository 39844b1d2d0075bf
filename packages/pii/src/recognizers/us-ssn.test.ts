import { describe, expect, it } from 'vitest';
import { usSsnRecognizer } from './us-ssn.ts';

const opts = { phoneRegions: ['US'] };
const found = (t: string): [string, number][] => usSsnRecognizer.analyze(t, opts).map((r) => [t.slice(r.start, r.end), r.score]);

describe('US SSN recognizer', () => {
  it('finds dashed and spaced forms at 0.5', () => {
    expect(found('ssn 078-05-1123 and 078 05 1123')).toEqual([['078-05-1123', 0.5], ['078 05 1123', 0.5]]);
  });
  it('gives nine bare digits a score below the threshold (a cue is needed)', () => {
    expect(found('078051123')).toEqual([['078051123', 0.05]]);
  });
  it('rejects invalid areas, groups, serials, known-invalid numbers and mixed separators', () => {
    for (const t of ['000-12-3456', '666-12-3456', '912-12-3456', '078-00-1123', '078-05-0000', '078-05-1120', '123-45-6789', '078-05 1123', '693-09.4444']) {
      expect(found(t), t).toEqual([]);
    }
  });
  it('does not cut an SSN out of a longer number', () => {
    expect(found('1-078-05-1123 078-05-11234')).toEqual([]);
  });
});
