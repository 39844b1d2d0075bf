import { describe, expect, it } from 'vitest';
import { findNeedles, locate } from './log-scan.ts';

describe('findNeedles', () => {
  const log = '{"level":30,"msg":"request completed","reqId":"req-1"}\n{"msg":"oops for jane.doe@example.com at 192.0.2.44"}\n';

  it('finds exact substrings, including single words and multi-word values', () => {
    expect(findNeedles(log, ['jane.doe@example.com', '192.0.2.44', 'request completed', 'Jane Doe', 'missing value'])).toEqual([0, 1, 2]);
  });

  it('counts whole-word occurrences only: not inside a hash, an id or a number', () => {
    expect(findNeedles('hash 9f64677ab and id x1234567y', ['64677ab', '1234567'])).toEqual([]);
    expect(findNeedles('took 64677 ms; card 4111111111111111.', ['64677', '4111111111111111'])).toEqual([1]);
    expect(findNeedles('to: Alpha Beta Gamma, bye', ['Alpha Beta Gamma'])).toEqual([0]);
  });

  it('skips needles shorter than the minimum length', () => {
    expect(findNeedles(log, ['req', 'msg'])).toEqual([]);
    expect(findNeedles(log, ['req'], 1)).toEqual([0]);
  });
});

describe('locate', () => {
  it('names the JSON key path and log message holding a needle, not the needle', () => {
    const log = '{"msg":"a"}\n{"msg":"request completed","req":{"url":"/api/v1/search?q=Main Street"}}\nplain Main Street line';
    expect(locate(log, 'Main Street')).toBe('req.url msg="request completed"');
    expect(locate('plain Main Street line', 'Main Street')).toBe('(not JSON)');
    expect(locate(log, 'nowhere')).toBe('(absent)');
  });
});
