/**
 * Emoji reactions (issue 12): add/remove, who reacted in history, live events, access, bad input
 * (non-emoji text, reaction spam over the rate limit, 1,000 reactions on one message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EMOJI_PER_MESSAGE } from '../../services/chat/reactions.ts';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

type Reaction = { emoji: string; count: number; userIds: string[] };
type Msg = { id: string; reactions?: Reaction[] };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;

const react = (u: TestUser, id: string, emoji: unknown, method: 'POST' | 'DELETE' = 'POST') =>
  call<{ error?: { code: string } }>(srv, u.token, method, `/api/v1/messages/${id}/reactions`, { emoji });
const history = async (u: TestUser, channelId: string) => (await call<{ messages: Msg[] }>(srv, u.token, 'GET', `/api/v1/channels/${channelId}/messages`)).body.messages;

// A pool of distinct single pictographs (U+1F300 upward; skin-tone modifiers are not reactions on their own).
const EMOJI: string[] = [];
for (let cp = 0x1f300; EMOJI.length < 1000; cp++) {
  const ch = String.fromCodePoint(cp);
  if (/\p{Extended_Pictographic}/u.test(ch) && !/\p{Emoji_Modifier}/u.test(ch)) EMOJI.push(ch);
}

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000, reactions: 5_000 } });
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  eve = await makeUser(srv, { name: 'Eve' });
});
afterAll(async () => srv.close());

describe('reactions', () => {
  it('adds and removes; history lists who reacted; members see both live on the stream', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'ship it?');
    const live = await connect(srv, ada.token);
    expect((await react(bob, m.id, '👍')).status).toBe(204);
    expect((await react(ada, m.id, '👍')).status).toBe(204);
    expect((await react(ada, m.id, '🎉')).status).toBe(204);
    expect((await react(ada, m.id, '🎉')).status).toBe(204); // a repeat changes nothing
    const got = (await history(bob, ch.id)).find((x) => x.id === m.id);
    expect(got?.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [bob.id, ada.id] },
      { emoji: '🎉', count: 1, userIds: [ada.id] },
    ]);
    const single = await call<{ message: Msg }>(srv, bob.token, 'GET', `/api/v1/messages/${m.id}`);
    expect(single.body.message.reactions).toHaveLength(2);
    expect((await react(ada, m.id, '🎉', 'DELETE')).status).toBe(204);
    await live.until((f) => f.filter((x) => x.type.startsWith('reaction.')).length >= 4);
    const events = live.frames.filter((x) => x.type.startsWith('reaction.')).map((x) => [x.type, x.messageId, x.userId, x.emoji, x.channelId]);
    expect(events).toEqual([
      ['reaction.added', m.id, bob.id, '👍', ch.id],
      ['reaction.added', m.id, ada.id, '👍', ch.id],
      ['reaction.added', m.id, ada.id, '🎉', ch.id],
      ['reaction.removed', m.id, ada.id, '🎉', ch.id],
    ]);
    live.close();
    expect((await history(ada, ch.id)).find((x) => x.id === m.id)?.reactions).toEqual([{ emoji: '👍', count: 2, userIds: [bob.id, ada.id] }]);
  });

  it('non-members get 404 and change nothing; unknown messages 404', async () => {
    const ch = await makeChannel(srv, ada);
    const m = await post(srv, ada, ch.id, 'private note');
    const r = await react(eve, m.id, '👀');
    expect(r.status).toBe(404);
    expect((await react(eve, '01ARZ3NDEKTSV4RRFFQ69G5FAV', '👀')).status).toBe(404);
    expect((await history(ada, ch.id))[0]?.reactions).toEqual([]);
  });

  it('only emoji: letters, digits, keycaps, e-mail text, extra fields and empty values are refused with 400', async () => {
    const ch = await makeChannel(srv, ada);
    const m = await post(srv, ada, ch.id, 'react to me');
    for (const bad of ['a', '+1', '5', '1\ufe0f\u20e3', '#\ufe0f\u20e3', 'pat@example.com', '👍 hi', '', ' ', '👍'.repeat(40), 12, null]) {
      const r = await react(ada, m.id, bad);
      expect([bad, r.status]).toEqual([bad, 400]);
      expect(r.body.error?.code).toMatch(/invalid_emoji|invalid_request/);
    }
    const extra = await call<{ error: { code: string } }>(srv, ada.token, 'POST', `/api/v1/messages/${m.id}/reactions`, { emoji: '👍', note: 'x' });
    expect(extra.status).toBe(400);
    for (const ok of ['👍🏽', '🇫🇷', '👩‍💻', '❤️']) expect((await react(ada, m.id, ok)).status).toBe(204);
    expect((await history(ada, ch.id))[0]?.reactions?.map((x) => x.emoji)).toEqual(['👍🏽', '🇫🇷', '👩‍💻', '❤️']);
  });

  it('a deleted message takes no reactions and loses its own', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'to be deleted');
    await react(bob, m.id, '👍');
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(204);
    const r = await react(bob, m.id, '😮');
    expect([r.status, r.body.error?.code]).toEqual([409, 'message_deleted']);
    const single = await call<{ message: Msg }>(srv, ada.token, 'GET', `/api/v1/messages/${m.id}`);
    expect(single.body.message.reactions).toEqual([]);
  });

  it('1,000 reactions on one message: at most 50 different emoji, the rest refused with 409', async () => {
    const ch = await makeChannel(srv, ada);
    const m = await post(srv, ada, ch.id, 'flood me');
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(EMOJI.slice(i, i + 50).map((e) => react(ada, m.id, e)));
      statuses.push(...batch.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 204)).toHaveLength(MAX_EMOJI_PER_MESSAGE);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1000 - MAX_EMOJI_PER_MESSAGE);
    const got = (await history(ada, ch.id))[0];
    expect(got?.reactions).toHaveLength(MAX_EMOJI_PER_MESSAGE);
    // an emoji already on the message still takes more people
    const bobChannel = await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: bob.id });
    expect(bobChannel.status).toBe(204);
    expect((await react(bob, m.id, got?.reactions?.[0]?.emoji ?? '')).status).toBe(204);
  });
});

describe('reaction spam', () => {
  it('more than the limit per window answers 429 with retryAfterSeconds and stores nothing more', async () => {
    const small = await startServer({ limits: { reactions: 5 } });
    try {
      const u = await makeUser(small);
      const ch = await makeChannel(small, u);
      const m = await post(small, u, ch.id, 'spam target');
      const results: number[] = [];
      for (const e of EMOJI.slice(0, 8)) results.push((await call(small, u.token, 'POST', `/api/v1/messages/${m.id}/reactions`, { emoji: e })).status);
      expect(results).toEqual([204, 204, 204, 204, 204, 429, 429, 429]);
      const last = await call<{ error: { code: string; retryAfterSeconds?: number } }>(small, u.token, 'DELETE', `/api/v1/messages/${m.id}/reactions`, { emoji: EMOJI[0] });
      expect(last.status).toBe(429);
      expect(last.body.error.code).toBe('rate_limited');
      const hist = await call<{ messages: Msg[] }>(small, u.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
      expect(hist.body.messages[0]?.reactions).toHaveLength(5);
    } finally {
      await small.close();
    }
  });
});
