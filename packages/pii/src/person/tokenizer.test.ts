import { describe, expect, it } from 'vitest';
import {
  K_EMAIL, K_HANDLE, K_HASHTAG, K_NUM, K_PUNCT, K_SYMBOL, K_URL, K_WORD, SH_CAP1, SH_LOWER, SH_TITLE, SH_UPPER,
  Tokens, hashLower, tokenize,
} from './tokenizer.ts';

function toks(text: string): Array<{ t: string; kind: number; shape: number }> {
  const out = new Tokens(4);
  tokenize(text, out);
  const r: Array<{ t: string; kind: number; shape: number }> = [];
  for (let i = 0; i < out.count; i++) r.push({ t: text.slice(out.start[i], out.end[i]), kind: out.kind[i]!, shape: out.shape[i]! });
  return r;
}

describe('tokenize', () => {
  it('splits words, numbers and punctuation with casing shapes', () => {
    const r = toks('Dear JANE, call 555-0100. J. Doe');
    expect(r.map((x) => x.t)).toEqual(['Dear', 'JANE', ',', 'call', '555', '-', '0100', '.', 'J', '.', 'Doe']);
    expect(r[0]!.shape).toBe(SH_TITLE);
    expect(r[1]!.shape).toBe(SH_UPPER);
    expect(r[3]!.shape).toBe(SH_LOWER);
    expect(r[4]!.kind).toBe(K_NUM);
    expect(r[2]!.kind).toBe(K_PUNCT);
    expect(r[8]!.shape).toBe(SH_CAP1);
  });

  it('makes underscore identifiers and chat-log speaker tags one handle token', () => {
    const r = toks('<Matt|> David_and_Nichol left, <b>x</b> stays');
    expect(r.map((x) => x.t)).toEqual(['<Matt|>', 'David_and_Nichol', 'left', ',', '<', 'b', '>', 'x', '<', '/', 'b', '>', 'stays']);
    expect(r[0]!.kind).toBe(K_HANDLE);
    expect(r[1]!.kind).toBe(K_HANDLE);
    expect(r[2]!.kind).toBe(K_WORD);
  });

  it('tokenizes a range and appends when asked', () => {
    const out = new Tokens(2);
    const text = 'aa Bob cc Dan ee';
    tokenize(text, out, 3, 6);
    tokenize(text, out, 10, 13, true);
    expect([0, 1].map((i) => text.slice(out.start[i], out.end[i]))).toEqual(['Bob', 'Dan']);
    expect(out.count).toBe(2);
  });

  it('keeps inner apostrophes and hyphens but splits English clitics', () => {
    expect(toks("O'Brien and Jean-Luc's car isn't").map((x) => x.t)).toEqual(["O'Brien", 'and', 'Jean-Luc', "'", 's', 'car', 'isn', "'", 't']);
  });

  it('makes e-mail addresses, URLs, handles and hashtags single tokens', () => {
    const r = toks('Jane Doe - jane.doe@example.com, <john@example.com> see https://example.com/u/jane. @mary_major #JaneDoe');
    const byText = new Map(r.map((x) => [x.t, x.kind]));
    expect(byText.get('jane.doe@example.com')).toBe(K_EMAIL);
    expect(byText.get('john@example.com')).toBe(K_EMAIL);
    expect(byText.get('https://example.com/u/jane')).toBe(K_URL);
    expect(byText.get('@mary_major')).toBe(K_HANDLE);
    expect(byText.get('#JaneDoe')).toBe(K_HASHTAG);
    expect(byText.get('Jane')).toBe(K_WORD);
    expect(r.some((x) => x.t === 'jane' || x.t === 'example')).toBe(false);
  });

  it('takes back the word glued before an e-mail address', () => {
    expect(toks('Doe<jane@example.com>').map((x) => x.t)).toEqual(['Doe', '<', 'jane@example.com', '>']);
  });

  it('never splits a surrogate pair and reports UTF-16 offsets', () => {
    const text = 'hey 😀😀 ich bin Erika';
    const out = new Tokens();
    tokenize(text, out);
    const spans: Array<[number, number]> = [];
    for (let i = 0; i < out.count; i++) spans.push([out.start[i]!, out.end[i]!]);
    expect(spans).toEqual([[0, 3], [4, 6], [6, 8], [9, 12], [13, 16], [17, 22]]);
    expect(out.kind[1]).toBe(K_SYMBOL);
    for (const [s, e] of spans) {
      expect(text.charCodeAt(s) >= 0xdc00 && text.charCodeAt(s) <= 0xdfff).toBe(false);
      expect(text.charCodeAt(e - 1) >= 0xd800 && text.charCodeAt(e - 1) <= 0xdbff).toBe(false);
    }
  });

  it('survives lone surrogates, NUL bytes and control characters', () => {
    const r = toks('a\ud800b\udc00\u0000c\u0007 d');
    expect(r.map((x) => x.t)).toEqual(['a', '\ud800', 'b', '\udc00', '\u0000', 'c', '\u0007', 'd']);
  });

  it('hashes words case-insensitively, the same way as hashLower', () => {
    const out = new Tokens();
    tokenize('JANE jane Jane', out);
    expect(out.hash[0]).toBe(out.hash[1]);
    expect(out.hash[1]).toBe(out.hash[2]);
    expect(out.hash[0]).toBe(hashLower('jane'));
    expect(hashLower('jane')).not.toBe(hashLower('john'));
  });

  it('grows past its initial capacity', () => {
    const out = new Tokens(2);
    tokenize('a b c d e f g h i j', out);
    expect(out.count).toBe(10);
    expect(out.end[9]).toBe(19);
  });
});
