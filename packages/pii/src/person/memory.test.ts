import { describe, expect, it } from 'vitest';
import { analyze } from '../analyzer.ts';
import { applyConversationMemory } from './memory.ts';
import type { Finding } from '../types.ts';
import type { ConversationMemory, MemoryEntityType } from '../types.ts';

/** A plain bounded memory for the tests (the server keeps keyed hashes instead of words). */
class TestMemory implements ConversationMemory {
  readonly words = new Map<string, MemoryEntityType>();
  recalls = 0;
  constructor(private readonly max = 64) {}
  get size(): number {
    return this.words.size;
  }
  recall(word: string): MemoryEntityType | undefined {
    this.recalls++;
    return this.words.get(word);
  }
  remember(word: string, entityType: MemoryEntityType): void {
    this.words.delete(word);
    this.words.set(word, entityType);
    if (this.words.size > this.max) this.words.delete(this.words.keys().next().value as string);
  }
}

const spans = (text: string, m?: ConversationMemory): Array<[string, string]> =>
  analyze(text, m ? { conversationMemory: m } : {}).map((f) => [f.entityType, text.slice(f.start, f.end)]);

describe('conversation memory', () => {
  it('remembers a one-word finding only when a list backs it or it scores high', () => {
    const person = (text: string, value: string, score: number): Finding[] => [
      { entityType: 'PERSON', start: text.indexOf(value), end: text.indexOf(value) + value.length, score, recognizer: 'person' },
    ];
    const m = new TestMemory();
    const t1 = 'ask Zorblaxo about the build';
    applyConversationMemory(t1, person(t1, 'Zorblaxo', 0.6), m);
    expect(m.words.has('zorblaxo')).toBe(false); // unknown capitalised word, unsure: not spread
    applyConversationMemory(t1, person(t1, 'Zorblaxo', 0.9), m);
    expect(m.words.get('zorblaxo')).toBe('PERSON');
    const t2 = 'ask Jane about the build';
    applyConversationMemory(t2, person(t2, 'Jane', 0.6), m);
    expect(m.words.get('jane')).toBe('PERSON'); // a listed first name
    const t3 = 'ask Quintor Vexhall about the build';
    applyConversationMemory(t3, person(t3, 'Quintor Vexhall', 0.6), m);
    expect(m.words.get('quintor')).toBe('PERSON'); // a full name
  });

  it('finds a later lower-case surname and the whole lower-case name once the full name was found', () => {
    // without memory the tagger alone misses the surname
    expect(spans('doe said it again')).toEqual([]);
    expect(spans('i think jane doe is back')).toEqual([['PERSON', 'jane']]);
    const m = new TestMemory();
    expect(spans('Jane Doe reported the account', m)).toEqual([['PERSON', 'Jane Doe']]);
    expect(spans('doe said it again', m)).toEqual([['PERSON', 'doe']]);
    expect(spans('i think jane doe is back', m)).toEqual([['PERSON', 'jane doe']]);
    expect(spans('DOE posted again', m)).toEqual([['PERSON', 'DOE']]);
  });

  it('remembers words lower-cased and reports the recognizer and score', () => {
    const m = new TestMemory();
    analyze('Jane Doe reported the account', { conversationMemory: m });
    expect([...m.words.keys()].sort()).toEqual(['doe', 'jane']);
    const f = analyze('doe again', { conversationMemory: m, explain: true });
    expect(f.map((x) => [x.recognizer, x.score, x.explanation?.pattern])).toEqual([['conversation-memory', 0.6, 'conversation-memory']]);
  });

  it('keeps common words, titles and cue words out of the memory', () => {
    const m = new TestMemory();
    analyze('Dr. Will Young called', { conversationMemory: m });
    expect(m.words.has('will')).toBe(false);
    expect(m.words.has('dr')).toBe(false);
    expect(spans('I will check it tomorrow', m)).toEqual([]);
  });

  it('remembers places too and respects the wanted entity types', () => {
    const m = new TestMemory();
    expect(spans('she lives in Springfield', m)).toEqual([['LOCATION', 'Springfield']]);
    expect(spans('the springfield office is closed', m)).toEqual([['LOCATION', 'springfield']]);
    expect(analyze('the springfield office is closed', { conversationMemory: m, entities: ['PERSON'] })).toEqual([]);
  });

  it('does not consult an empty memory', () => {
    const m = new TestMemory();
    analyze('Nothing to see here, just words', { conversationMemory: m });
    expect(m.recalls).toBe(0);
  });

  it('remembers only capitalised words and does not recall words inside paths or file names', () => {
    const m = new TestMemory();
    analyze('talked to john smith today', { conversationMemory: m });
    expect(m.size).toBe(0);
    analyze('Jane Deb called', { conversationMemory: m });
    expect(m.words.has('deb')).toBe(true);
    expect(spans('get fluxbox_0.9.9-1_i386.deb and /deb/x', m)).toEqual([]);
    expect(spans('ask deb.', m)).toEqual([['PERSON', 'deb']]);
  });

  it('stays correct at its bound and on bad input', () => {
    const m = new TestMemory(32);
    const surname = (i: number): string => `Kowalsk${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26))}`;
    for (let i = 0; i < 100; i++) analyze(`Dear Anna ${surname(i)}, thanks`, { conversationMemory: m });
    expect(m.size).toBe(32);
    expect(spans(`ask ${surname(99).toLowerCase()}`, m)).toEqual([['PERSON', surname(99).toLowerCase()]]);
    expect(spans(`ask ${surname(0).toLowerCase()}`, m)).toEqual([]); // evicted
    m.remember('roe', 'PERSON');
    expect(spans('ask roe', m)).toEqual([['PERSON', 'roe']]);
    const inputs = ['漢字だけの文章です'.repeat(500), 'مرحبا بالعالم '.repeat(500), 'नमस्ते दुनिया '.repeat(500), '😀🎉'.repeat(2000),
      'a'.repeat(40_000), 'Roe '.repeat(10_000), '\u0000\ud800x'];
    for (const t of inputs) expect(() => analyze(t, { conversationMemory: m })).not.toThrow();
    // linearity is measured by `npm run bench:detect` (bad-input table), not asserted with timers here
    expect(m.size).toBe(32);
  });
  it('red team 4: a name found in a message is found again later in the same message, in any casing', () => {
    // before: memory was only recalled before this message's words were remembered, so the
    // lower-case repeat in the same message reached colleagues raw
    const m = new TestMemory();
    const t = 'Jane Doe reported it. later jane doe said. JANE DOE again';
    const found = spans(t, m);
    expect(found.filter(([type]) => type === 'PERSON').map(([, v]) => v)).toEqual(['Jane Doe', 'jane doe', 'JANE DOE']);
  });
});
