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
