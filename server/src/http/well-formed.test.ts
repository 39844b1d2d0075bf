import { describe, expect, it } from 'vitest';
import { toWellFormed, wellFormedJson } from './well-formed.ts';

describe('well-formed UTF-16', () => {
  it('replaces each lone surrogate by U+FFFD and keeps pairs and lengths', () => {
    expect(toWellFormed('a\uD800b')).toBe('a\uFFFDb');
    expect(toWellFormed('a\uDC00b')).toBe('a\uFFFDb');
    expect(toWellFormed('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(toWellFormed('😀 ok')).toBe('😀 ok');
    expect(toWellFormed('x\uD83D')).toHaveLength(2);
  });

  it('walks parsed JSON, keeping `__proto__` an own key', () => {
    const text = '{"text":"a\\ud800","list":["\\udc00",1,null],"__proto__":{"polluted":true}}';
    const v = wellFormedJson(JSON.parse(text), text) as Record<string, unknown>;
    expect(v.text).toBe('a\uFFFD');
    expect(v.list).toEqual(['\uFFFD', 1, null]);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
