import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { ConversationMemories, type LearnedWord } from './conversation-memory.ts';

describe('conversation memories', () => {
  it('recalls what was remembered in the same channel only', () => {
    const mem = new ConversationMemories();
    mem.forChannel('c1').remember('doe', 'PERSON');
    expect(mem.forChannel('c1').recall('doe')).toBe('PERSON');
    expect(mem.forChannel('c1').recall('roe')).toBeUndefined();
    expect(mem.forChannel('c2').recall('doe')).toBeUndefined();
  });

  it('is keyed: another key (another process) recalls nothing', () => {
    const a = new ConversationMemories({ key: Buffer.alloc(32, 1) });
    const b = new ConversationMemories({ key: Buffer.alloc(32, 2) });
    a.forChannel('c1').remember('doe', 'PERSON');
    b.forChannel('c1').remember('roe', 'PERSON');
    expect(b.forChannel('c1').recall('doe')).toBeUndefined();
    expect(a.forChannel('c1').recall('doe')).toBe('PERSON');
  });

  it('keeps PERSON over LOCATION for a word seen as both', () => {
    const m = new ConversationMemories().forChannel('c1');
    m.remember('jordan', 'PERSON');
    m.remember('jordan', 'LOCATION');
    expect(m.recall('jordan')).toBe('PERSON');
    m.remember('paris', 'LOCATION');
    expect(m.recall('paris')).toBe('LOCATION');
  });

  it('evicts the least recently seen word at its bound and stays flat', () => {
    const m = new ConversationMemories({ maxWords: 3 }).forChannel('c1');
    for (const w of ['aa', 'bb', 'cc']) m.remember(w, 'PERSON');
    m.remember('aa', 'PERSON'); // refresh aa: bb is now the oldest
    m.remember('dd', 'PERSON');
    expect(m.size).toBe(3);
    expect(['aa', 'bb', 'cc', 'dd'].map((w) => m.recall(w) !== undefined)).toEqual([true, false, true, true]);
    for (let i = 0; i < 10_000; i++) m.remember(`w${i}`, 'LOCATION');
    expect(m.size).toBe(3);
    expect(m.recall('w9999')).toBe('LOCATION');
    expect(m.recall('w0')).toBeUndefined();
  });

  it('drops the least recently used channel beyond maxChannels, and clear forgets a channel', () => {
    const mem = new ConversationMemories({ maxChannels: 2 });
    mem.forChannel('c1').remember('doe', 'PERSON');
    mem.forChannel('c2').remember('doe', 'PERSON');
    mem.forChannel('c1'); // c2 is now the least recently used
    mem.forChannel('c3');
    expect(mem.channels).toBe(2);
    expect(mem.forChannel('c1').recall('doe')).toBe('PERSON');
    expect(mem.forChannel('c2').recall('doe')).toBeUndefined();
    mem.clear('c1');
    expect(mem.forChannel('c1').recall('doe')).toBeUndefined();
  });

  it('tells onLearn of new words (and a word turned PERSON) as digests only; learnDigests copies them to another process with the same key', () => {
    const learned: Array<LearnedWord & { channelId: string }> = [];
    const cleared: string[] = [];
    const key = Buffer.alloc(32, 7);
    const a = new ConversationMemories({ key, onLearn: (channelId, e) => learned.push({ channelId, ...e }), onClear: (c) => cleared.push(c) });
    a.forChannel('c1').remember('jordan', 'LOCATION');
    a.forChannel('c1').remember('jordan', 'LOCATION'); // seen again: nothing new to tell
    a.forChannel('c1').remember('jordan', 'PERSON');
    a.forChannel('c1').remember('doe', 'PERSON');
    expect(learned.map((l) => [l.channelId, l.type])).toEqual([['c1', 'LOCATION'], ['c1', 'PERSON'], ['c1', 'PERSON']]);
    expect(JSON.stringify(learned)).not.toMatch(/jordan|doe/i);
    const b = new ConversationMemories({ key });
    expect(b.has('c1')).toBe(false);
    b.learnDigests('c1', learned);
    expect(b.forChannel('c1').recall('jordan')).toBe('PERSON');
    expect(b.forChannel('c1').recall('doe')).toBe('PERSON');
    // another key computes other digests: nothing recalled
    const other = new ConversationMemories({ key: Buffer.alloc(32, 8) });
    other.learnDigests('c1', learned);
    expect(other.forChannel('c1').recall('doe')).toBeUndefined();
    // forget (another node's erasure) drops the copy without telling onClear; clear tells it
    b.forget('c1');
    expect(b.forChannel('c1').recall('doe')).toBeUndefined();
    a.clear('c1');
    expect(cleared).toEqual(['c1']);
    expect(a.forChannel('c1').recall('doe')).toBeUndefined();
  });

  it('rejects bad bounds', () => {
    expect(() => new ConversationMemories({ maxWords: 0 })).toThrow(RangeError);
    expect(() => new ConversationMemories({ maxChannels: 1.5 })).toThrow(RangeError);
  });

  it('stays at its bound whatever it is fed: the oldest words go, the newest are recalled', () => {
    const m = new ConversationMemories({ maxWords: 256 }).forChannel('c1');
    for (let i = 0; i < 10_000; i++) m.remember(`word${i}`, 'PERSON');
    expect(m.size).toBe(256);
    expect(m.recall('word9999')).toBe('PERSON');
    expect(m.recall('word0')).toBeUndefined();
  });
});

describe('conversation memory in the message guard', () => {
  type Msg = { id: string; text: string; entities: Array<{ entityType: string }> };
  let srv: TestServer;
  let ada: TestUser;
  let po: TestUser;
  let team: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada' });
    const bob = await makeUser(srv, { name: 'Bob' });
    po = await makeUser(srv, { name: 'Pia Officer', role: 'privacy_officer' });
    team = await makeChannel(srv, ada, { visibility: 'private', members: [bob] });
    other = await makeChannel(srv, ada, { visibility: 'private', members: [bob] });
  });
  afterAll(async () => srv.close());

  it('protects a later bare surname in the same channel, not in another, and forgets it with the channel erasure', async () => {
    const first = (await post(srv, ada, team.id, 'Jane Doe reported the account')) as unknown as Msg;
    expect(first.text).toBe('[PERSON] reported the account');
    const later = (await post(srv, ada, team.id, 'i think doe is back')) as unknown as Msg;
    expect(later.text).toBe('i think [PERSON] is back');
    const elsewhere = (await post(srv, ada, other.id, 'i think doe is back')) as unknown as Msg;
    expect(elsewhere.text).toBe('i think doe is back');
    const r = await call(srv, po.token, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${team.id}` });
    expect(r.status).toBe(200);
    const after = (await post(srv, ada, team.id, 'i think doe is back')) as unknown as Msg;
    expect(after.text).toBe('i think doe is back');
  });
});
