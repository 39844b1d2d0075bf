import { describe, expect, it } from 'vitest';
import { findNeedles } from './log-scan.ts';

describe('findNeedles', () => {
  const log = '{"level":30,"msg":"request completed","reqId":"req-1"}\n{"msg":"oops for jane.doe@example.com at 192.0.2.44"}\n';

  it('finds exact substrings, including single words and multi-word values', () => {
    expect(findNeedles(log, ['jane.doe@example.com', '192.0.2.44', 'request completed', 'Jane Doe', 'missing value'])).toEqual([0, 1, 2]);
  });

  it('finds a value whose first and last words are cut inside longer words of the log', () => {
    expect(findNeedles('xxAlpha Beta Gammaxx', ['Alpha Beta Gamma'])).toEqual([0]);
  });

  it('skips needles shorter than the minimum length', () => {
    expect(findNeedles(log, ['req', 'msg'])).toEqual([]);
    expect(findNeedles(log, ['req'], 1)).toEqual([0]);
  });
});
