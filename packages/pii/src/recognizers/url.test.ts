import { describe, expect, it } from 'vitest';
import { urlRecognizer } from './url.ts';

const found = (text: string): string[] =>
  urlRecognizer.analyze(text, { phoneRegions: [] }).map((r) => text.slice(r.start, r.end));

describe('URL recognizer', () => {
  it('finds social profile URLs', () => {
    expect(found('see https://www.facebook.com/jane.doe?ref=x.')).toEqual(['https://www.facebook.com/jane.doe?ref=x']);
    expect(found('(twitter.com/jdoe)')).toEqual(['twitter.com/jdoe']);
    expect(found('https://x.com/jdoe_42/status/1')).toEqual(['https://x.com/jdoe_42/status/1']);
    expect(found('tiktok.com/@janedoe')).toEqual(['tiktok.com/@janedoe']);
    expect(found('https://www.linkedin.com/in/jane-doe-123/')).toEqual(['https://www.linkedin.com/in/jane-doe-123/']);
    expect(found('https://instagram.com/jane_doe/')).toEqual(['https://instagram.com/jane_doe/']);
  });

  it('finds profile paths, handles and person parameters on any host', () => {
    expect(found('https://example.com/user/42')).toEqual(['https://example.com/user/42']);
    expect(found('https://example.com/u/jdoe')).toEqual(['https://example.com/u/jdoe']);
    expect(found('https://social.example.org/@jane')).toEqual(['https://social.example.org/@jane']);
    expect(found('open https://example.com/page?user_id=123, then')).toEqual(['https://example.com/page?user_id=123']);
    expect(found('https://example.com/unsub?e=jane%40example.com')).toEqual(['https://example.com/unsub?e=jane%40example.com']);
    expect(found('www.example.com/profile/jane-doe')).toEqual(['www.example.com/profile/jane-doe']);
    expect(found('hook: https://example.com/5e2c7a10-b3f1-4c2d-9046-5550123ab0c1?q=1')).toEqual([
      'https://example.com/5e2c7a10-b3f1-4c2d-9046-5550123ab0c1?q=1',
    ]);
  });

  it('ignores URLs that carry no person', () => {
    expect(found('see https://example.com/docs/install.')).toEqual([]);
    expect(found('https://www.example.com/')).toEqual([]);
    expect(found('x.com/home and https://twitter.com/explore')).toEqual([]);
    expect(found('https://github.com/features/actions')).toEqual([]);
    expect(found('http://www.youtube.com/watch?v=abc')).toEqual([]);
    expect(found('https://example.com/search?q=shoes&page=2')).toEqual([]);
    expect(found('https://example.com/user')).toEqual([]);
    expect(found('https://example.com/commit/0123456789abcdef0123456789abcdef01234567')).toEqual([]);
  });

  it('does not treat e-mail domains as URLs', () => {
    expect(found('mail jane@facebook.com/jane')).toEqual([]);
  });

  it('completes quickly on pathological repetitions', () => {
    expect(found('x.a.a.a.a'.repeat(10000) + '@')).toEqual([]);
    expect(found('https://' + 'a/'.repeat(30000))).toEqual([]);
    expect(found('twitter.com/'.repeat(10000))).toBeInstanceOf(Array);
  });
  it('returns valid spans on bad input (empty, NUL, lone surrogates, astral characters)', () => {
    for (const text of ['', '\u0000', '\uD800 x \uDC00', '😀'.repeat(100), '\u0000@\u0000 1 Main St \uD83D', 'a'.repeat(100000)]) {
      for (const r of urlRecognizer.analyze(text, { phoneRegions: [] })) {
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(text.length);
        expect(r.start).toBeLessThan(r.end);
      }
    }
  });
});
