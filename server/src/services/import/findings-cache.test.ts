import type { Finding } from '@enclave/pii';
import { describe, expect, it } from 'vitest';
import { FindingsCache } from './findings-cache.ts';

const finding = (start: number, end: number): Finding => ({ entityType: 'EMAIL_ADDRESS', start, end, score: 1, recognizer: 'test' });

describe('FindingsCache', () => {
  it('analyzes a text once, stays within its bound (least recently used out) and empties when the owner changes', () => {
    const calls: string[] = [];
    const analyze = (t: string): Finding[] => (calls.push(t), [finding(0, t.length)]);
    const c = new FindingsCache(2);
    expect(c.get('aaa', analyze)).toEqual([finding(0, 3)]);
    c.get('aaa', analyze);
    c.get('bb', analyze);
    c.get('aaa', analyze); // aaa most recent: bb goes next
    c.get('c', analyze);
    expect(c.size).toBe(2);
    c.get('aaa', analyze);
    c.get('bb', analyze);
    expect(calls).toEqual(['aaa', 'bb', 'c', 'bb']);
    const owner = {};
    c.get('aaa', analyze, owner);
    expect(calls.at(-1)).toBe('aaa');
    expect(c.size).toBe(1);
  });

  it('hands out copies: a caller sorting or filtering its answer does not change the cached one', () => {
    const c = new FindingsCache();
    const first = c.get('x', () => [finding(2, 3), finding(0, 1)]);
    first.pop();
    expect(c.get('x', () => [])).toHaveLength(2);
  });
});
