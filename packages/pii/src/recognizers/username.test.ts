import { describe, expect, it } from 'vitest';
import { usernameRecognizer } from './username.ts';

const found = (text: string): string[] =>
  usernameRecognizer.analyze(text, { phoneRegions: [] }).map((r) => text.slice(r.start, r.end));

describe('username recognizer', () => {
  it('finds @handles as one span with the "@"', () => {
    expect(found('ping @jane_doe.')).toEqual(['@jane_doe']);
    expect(found('cc @JaneDoe, @jdoe42')).toEqual(['@JaneDoe', '@jdoe42']);
    expect(found('follow @jane@social.example now')).toEqual(['@jane@social.example']);
  });

  it('finds labelled user names', () => {
    expect(found('username: jdoe42')).toEqual(['jdoe42']);
    expect(found('user: jdoe')).toEqual(['jdoe']);
    expect(found('login=jane.doe')).toEqual(['jane.doe']);
    expect(found('my username is cool.cat')).toEqual(['cool.cat']);
    expect(found('his account jdoe_99 was locked')).toEqual(['jdoe_99']);
    expect(found('handle: @jdoe')).toEqual(['@jdoe']);
  });

  it('ignores e-mail addresses, npm scopes, decorators and chat mentions', () => {
    expect(found('mail jane@example.com')).toEqual([]);
    expect(found('npm i @types/node')).toEqual([]);
    expect(found('@Override\npublic void run()')).toEqual([]);
    expect(found('@Component({ selector: "x" })')).toEqual([]);
    expect(found(' * @param name the name')).toEqual([]);
    expect(found('@here standup in 5')).toEqual([]);
    expect(found('meet @3pm or @ 4')).toEqual([]);
  });

  it('ignores label words followed by ordinary words or names', () => {
    expect(found('account settings')).toEqual([]);
    expect(found('REPORTED USER: JOHN DOE keeps sending threats')).toEqual([]);
    expect(found('login from 2001:db8::1')).toEqual([]);
    expect(found('username: is required')).toEqual([]);
    expect(found('the user profile page')).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('@'.repeat(50000))).toEqual([]);
    expect(found('x.a.a.a.a.a'.repeat(10000) + '@')).toEqual([]);
    expect(found('user: '.repeat(20000))).toBeInstanceOf(Array);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of usernameRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});
