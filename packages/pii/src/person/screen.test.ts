import { describe, expect, it } from 'vitest';
import { LexFlag, Lexicon } from './lexicon.ts';
import { F_NEWLINE_BEFORE, K_BREAK, Tokens, hashLower } from './tokenizer.ts';
import { screenTokens } from './screen.ts';

const lex = Lexicon.build(new Map([
  [hashLower('jane'), LexFlag.FIRST],
  [hashLower('doe'), LexFlag.LAST],
  [hashLower('the'), LexFlag.COMMON10],
  [hashLower('dear'), LexFlag.CUE | LexFlag.STRONG_CUE | LexFlag.COMMON10],
  // one- and two-letter gazetteer entries (as GeoNames has) that chat is full of
  [hashLower('i'), LexFlag.PLACE],
  [hashLower('s'), LexFlag.PLACE],
  [hashLower('ve'), LexFlag.PLACE],
]));

function windows(text: string): string[] {
  const out = new Tokens(4);
  screenTokens(text, lex, out);
  const parts: string[] = [];
  let cur: string[] = [];
  for (let i = 0; i < out.count; i++) {
    if (out.kind[i] === K_BREAK) { parts.push(cur.join(' ')); cur = []; continue; }
    cur.push(text.slice(out.start[i], out.end[i]));
  }
  if (cur.length) parts.push(cur.join(' '));
  return parts;
}

describe('screenTokens', () => {
  it('opens no window for a lone letter or a contraction tail, but does for an initial', () => {
    expect(windows("I'm not sure I can, it's late")).toEqual([]);
    expect(windows("i've no idea, i think it's late")).toEqual([]);
    expect(windows('ask J. about it')).toEqual(['ask J . about it']);
  });

  it('tokenizes nothing when no word can be a name', () => {
    expect(windows('')).toEqual([]);
    expect(windows('the build failed again, try apt-get update and reboot')).toEqual([]);
    expect(windows('The build failed. The end.')).toEqual([]);
  });

  it('tokenizes two chunks either side of a capitalised word, with a break between windows', () => {
    const text = 'one two three four Bob five six seven eight nine ten eleven Ann x y z';
    expect(windows(text)).toEqual(['three four Bob five six', 'ten eleven Ann x y']);
  });

  it('marks a window break that spans a line end', () => {
    const out = new Tokens(4);
    const breaks = (text: string): number[] => {
      screenTokens(text, lex, out);
      const r: number[] = [];
      for (let i = 0; i < out.count; i++) if (out.kind[i] === K_BREAK) r.push(out.flags[i]! & F_NEWLINE_BEFORE);
      return r;
    };
    expect(breaks('Bob a b c d e f Ann x')).toEqual([0]);
    expect(breaks('Bob a b c\nd e f Ann x')).toEqual([F_NEWLINE_BEFORE]);
  });

  it('opens a window for a lower-case strong cue in mixed text and for listed names in lower-case text', () => {
    expect(windows('The logs are fine. one two dear sam three four five')).toEqual(['two dear sam three four']);
    expect(windows('one two three jane four five six seven')).toEqual(['two three jane four five']);
    // in mixed-case text an unlisted lower-case name needs a cue
    expect(windows('Logs fine. a b c d e f g h jane i j')).toEqual(['Logs fine . a']);
  });

  it('skips chat-log speaker tags and takes non-ASCII words as anchors', () => {
    expect(windows('[12:18] <Matt|> apt-get install foo bar baz qux')).toEqual([]);
    expect(windows('a b c d é f g h')).toEqual(['c d é f g']);
  });

  it('stays linear on a 1 MB chunk without white space', () => {
    const t0 = Date.now();
    const out = new Tokens(4);
    screenTokens('AbCd'.repeat(250000), lex, out);
    expect(out.count).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
