import { describe, expect, it } from 'vitest';
import { linkify, safeHref, segmentMessage } from './segments.ts';

describe('segmentMessage', () => {
  it('draws chips only from entities, leaving look-alike placeholders as text', () => {
    const text = 'mail [EMAIL_ADDRESS] or typed [EMAIL_ADDRESS]';
    const segs = segmentMessage(text, [{ entityType: 'EMAIL_ADDRESS', start: 5, end: 20, token: 'tok1' }]);
    expect(segs).toEqual([
      { kind: 'text', text: 'mail ' },
      { kind: 'entity', text: '[EMAIL_ADDRESS]', entity: { entityType: 'EMAIL_ADDRESS', start: 5, end: 20, token: 'tok1' } },
      { kind: 'text', text: ' or typed [EMAIL_ADDRESS]' },
    ]);
  });

  it('ignores out-of-range and overlapping entities', () => {
    const segs = segmentMessage('abcdef', [
      { entityType: 'A', start: 0, end: 3, token: 't1' },
      { entityType: 'B', start: 2, end: 4, token: 't2' },
      { entityType: 'C', start: 4, end: 99, token: 't3' },
    ]);
    expect(segs.map((s) => s.kind)).toEqual(['entity', 'text']);
    expect(segs[1]).toEqual({ kind: 'text', text: 'def' });
  });

  it('keeps markup as text', () => {
    const segs = segmentMessage('<img src=x onerror=alert(1)>', []);
    expect(segs).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('linkify', () => {
  it('links http and https URLs and leaves trailing punctuation out', () => {
    expect(linkify('see https://example.com/a?b=1. ok')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. ok' },
    ]);
  });

  it('does not link javascript:, data: or schemeless text', () => {
    for (const t of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'www.example.com', 'ftp://example.com']) {
      expect(linkify(t)).toEqual([{ kind: 'text', text: t }]);
    }
  });

  it('drops an unbalanced closing parenthesis', () => {
    const segs = linkify('(see http://example.com/x)');
    expect(segs[1]).toEqual({ kind: 'link', text: 'http://example.com/x', href: 'http://example.com/x' });
    expect(segs[2]).toEqual({ kind: 'text', text: ')' });
  });

  it('keeps balanced parentheses inside a URL', () => {
    const segs = linkify('http://example.com/wiki/A_(b)');
    expect(segs).toEqual([{ kind: 'link', text: 'http://example.com/wiki/A_(b)', href: 'http://example.com/wiki/A_(b)' }]);
  });
});

describe('safeHref', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
  });
});
