import { describe, expect, it } from 'vitest';
import { mentionSpans, withoutMentions } from './mention-exemption.ts';

const members = [
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Bob', email: 'bob.builder@example.com' },
];
const f = (entityType: string, start: number, end: number) => ({ entityType, start, end });

describe('mention exemption', () => {
  it('finds @name and @localpart of members with word boundaries only', () => {
    // '@bob' inside '@bob.builder' also matches member Bob by name, as in services/chat/mentions.ts
    const text = '@Ada Lovelace and @bob.builder, not @bobby or x@bob or @eve';
    expect(mentionSpans(text, members).map(([s, e]) => text.slice(s, e)).sort()).toEqual(['@Ada', '@Ada Lovelace', '@bob', '@bob.builder'].sort());
  });

  it('drops only findings entirely inside a mention; never KNOWN_SUBJECT, never an e-mail that extends past it', () => {
    const text = '@bob.builder@example.com and @bob.builder';
    const spans = mentionSpans(text, members);
    const findings = [f('EMAIL_ADDRESS', 1, 24), f('USERNAME', 29, 41), f('KNOWN_SUBJECT', 29, 41), f('USERNAME', 0, 24)];
    expect(withoutMentions(findings, spans)).toEqual([f('EMAIL_ADDRESS', 1, 24), f('KNOWN_SUBJECT', 29, 41), f('USERNAME', 0, 24)]);
  });

  it('keeps everything when nobody is mentioned', () => {
    expect(mentionSpans('no at sign here', members)).toEqual([]);
    expect(withoutMentions([f('PERSON', 0, 3)], [])).toEqual([f('PERSON', 0, 3)]);
  });
});

describe('mention spans, the handle-set lookup', () => {
  // the straightforward rule, member by member (the implementation before issue 9), as an oracle
  const oracle = (text: string, people: ReadonlyArray<{ name: string; email: string }>): string[] => {
    const lower = text.toLowerCase();
    const out = new Set<string>();
    for (const m of people) {
      for (const h of [m.name.toLowerCase(), m.email.split('@')[0]?.toLowerCase() ?? ''].filter((x) => x.length > 0)) {
        for (let at = lower.indexOf(`@${h}`); at >= 0; at = lower.indexOf(`@${h}`, at + 1)) {
          const after = lower.charAt(at + 1 + h.length);
          const before = at === 0 ? '' : lower.charAt(at - 1);
          if (!/[\p{L}\p{N}_]/u.test(after) && !/[\p{L}\p{N}_.]/u.test(before)) out.add(`${at}-${at + 1 + h.length}`);
        }
      }
    }
    return [...out].sort();
  };

  it('finds exactly the spans of the member-by-member rule on generated texts', () => {
    const people = [...members, { name: 'Mary Ann Roe', email: 'mary.roe@example.com' }, { name: 'Ann', email: 'a@example.com' }];
    const words = ['@Ada', '@ada lovelace', '@bob', '@bob.builder', '@Mary Ann Roe', '@mary.roe', '@ann', '@a', 'x@bob', '.@ann', '@annie', '@', 'hi', ' ', '@@bob', '_@a'];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + rnd(8) }, () => words[rnd(words.length)]).join(rnd(2) ? ' ' : '');
      const got = [...new Set(mentionSpans(text, people).map(([s, e]) => `${s}-${e}`))].sort();
      expect(got, text).toEqual(oracle(text, people));
    }
  });
});
