/**
 * Red team 6 (issue 10): the shared conversation memory puts each learned word into Redis as its
 * keyed HMAC digest and its 32-bit pre-hash, "so Redis alone (without the master key) cannot be
 * tested against a list of names". The pre-hash is FNV-1a started from a keyed state, and every
 * FNV-1a step can be undone: one word known to be in the memory (any staff member can post a
 * name; or a common name tried against every entry) gives the starting state, and from it the
 * pre-hash of every name of a list — which then finds the other names in Redis (32 bits: one
 * false match in about 4 × 10⁹ per name). What leaves the process (`onLearn`, written to Redis
 * as is) must not let a known word predict another word's entry.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConversationMemories, type LearnedWord } from '../services/privacy/conversation-memory.ts';

const FNV_PRIME = 0x01000193;

/** The multiplicative inverse of an odd number modulo 2³² (Newton's iteration). */
function inverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}

/** The attacker's step: the FNV-1a state before `word`, from the pre-hash after it. */
function stateBefore(quick: number, word: string): number {
  const inv = inverse(FNV_PRIME);
  let h = quick;
  for (let i = word.length - 1; i >= 0; i--) h = (Math.imul(h, inv) ^ word.charCodeAt(i)) >>> 0;
  return h;
}

/** FNV-1a over UTF-16 code units from `state`. */
function fnvFrom(state: number, word: string): number {
  let h = state;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

describe('what the conversation memory sends to Redis', () => {
  it('a known word does not give away the pre-hash of other words', () => {
    const learned: LearnedWord[] = [];
    const memories = new ConversationMemories({ key: randomBytes(32), onLearn: (_c, e) => learned.push(e) });
    const channel = memories.forChannel('c1');
    channel.remember('jane', 'PERSON'); // the attacker's own post, or a common name tried
    channel.remember('doe', 'PERSON');
    channel.remember('okonkwo', 'PERSON');
    expect(learned).toHaveLength(3);
    const [known, ...others] = learned as [LearnedWord, LearnedWord, LearnedWord];
    const state = stateBefore(known.quick, 'jane');
    expect(fnvFrom(state, 'jane')).toBe(known.quick); // the inversion itself is right
    expect(others.map((e) => e.quick)).not.toContain(fnvFrom(state, 'doe'));
    expect(others.map((e) => e.quick)).not.toContain(fnvFrom(state, 'okonkwo'));
  });

  it('another process with the same key still recalls the words it receives', () => {
    const key = randomBytes(32);
    const learned: LearnedWord[] = [];
    const a = new ConversationMemories({ key, onLearn: (_c, e) => learned.push(e) });
    a.forChannel('c1').remember('jane', 'PERSON');
    a.forChannel('c1').remember('lagos', 'LOCATION');
    const b = new ConversationMemories({ key });
    b.learnDigests('c1', learned);
    expect(b.forChannel('c1').recall('jane')).toBe('PERSON');
    expect(b.forChannel('c1').recall('lagos')).toBe('LOCATION');
    expect(b.forChannel('c1').recall('doe')).toBeUndefined();
  });
});
