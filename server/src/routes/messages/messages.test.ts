import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { MessageGuard } from '../../services/chat/guard.ts';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

type Msg = { id: string; channelId: string; authorId: string; text: string; threadRootId: string | null; clientMsgId: string | null; replyCount: number; mentions: string[]; entities: unknown[]; deletedAt: string | null; editedAt: string | null; lastReplyAt: string | null; createdAt: string };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 } });
  ada = await makeUser(srv, { name: 'Ada Lovelace', email: 'ada@example.com' });
  bob = await makeUser(srv, { name: 'Bob', email: 'bob.builder@example.com' });
  eve = await makeUser(srv, { name: 'Eve' });
});
afterAll(async () => srv.close());

describe('posting', () => {
  it('returns 201 with exactly the message shape', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const res = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'hello team', clientMsgId: 'c-1' });
    expect(res.status).toBe(201);
    const m = res.body.message;
    expect(Object.keys(m).sort()).toEqual(
      ['id', 'channelId', 'authorId', 'text', 'entities', 'threadRootId', 'clientMsgId', 'createdAt', 'editedAt', 'deletedAt', 'replyCount', 'lastReplyAt', 'mentions'].sort(),
    );
    expect(m).toMatchObject({ channelId: ch.id, authorId: ada.id, text: 'hello team', entities: [], threadRootId: null, clientMsgId: 'c-1', editedAt: null, deletedAt: null, replyCount: 0, mentions: [] });
    expect(m.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const got = await call<{ message: Msg }>(srv, bob.token, 'GET', `/api/v1/messages/${m.id}`);
    expect(got.status).toBe(200);
    // reads add the message's reactions (issue 12); the post answer has none yet
    expect(got.body.message).toEqual({ ...m, reactions: [] });
  });

  it('a repeated clientMsgId returns the original and stores nothing new', async () => {
    const ch = await makeChannel(srv, ada);
    const a = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'once', clientMsgId: 'dup' });
    const b = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'twice?', clientMsgId: 'dup' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.message).toEqual(a.body.message);
    const list = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(list.body.messages.map((m) => m.text)).toEqual(['once']);
  });

  it('posts racing with the same clientMsgId all answer 201 with the one message, never a 500', async () => {
    const ch = await makeChannel(srv, ada);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: `race ${i}`, clientMsgId: 'race-1' })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const ids = new Set(answers.map((a) => a.body.message.id));
    expect(ids.size).toBe(1);
    const list = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(list.body.messages).toHaveLength(1);
    expect(answers.every((a) => a.body.message.text === list.body.messages[0]?.text)).toBe(true);
  });

  it('a repeat with personal data leaves nothing of its own: no second tokenize audit event, no new token', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const text = 'write to jane.doe@example.com please';
    const a = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text, clientMsgId: 'pd-1' });
    expect(a.status).toBe(201);
    expect(a.body.message.entities).toHaveLength(1);
    const counts = async () => ({
      audit: Number((await srv.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'tokenize').where('target', '=', `channel:${ch.id}`).executeTakeFirstOrThrow()).n),
      tokens: Number((await srv.ctx.db.selectFrom('vault_token_channels').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', ch.id).executeTakeFirstOrThrow()).n),
    });
    const before = await counts();
    expect(before.audit).toBe(1);
    const b = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text, clientMsgId: 'pd-1' });
    expect(b.status).toBe(201);
    expect(b.body.message).toEqual(a.body.message);
    expect(await counts()).toEqual(before);
  });

  it('resolves @mentions by name and e-mail local part among members only', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, '@bob.builder and @Ada Lovelace, not @Eve');
    expect((m as unknown as Msg).mentions).toEqual([bob.id, ada.id]);
    const channels = await call<{ channels: Array<{ id: string; mentionCount: number; unreadCount: number }> }>(srv, bob.token, 'GET', '/api/v1/channels');
    const c = channels.body.channels.find((x) => x.id === ch.id);
    expect(c).toMatchObject({ mentionCount: 1, unreadCount: 1 });
  });

  it('rejects empty, whitespace-only and over-long texts and stores nothing', async () => {
    const ch = await makeChannel(srv, ada);
    for (const text of ['', '   \n ', 'x'.repeat(40_001), 'y'.repeat(100 * 1024)]) {
      const res = await call<{ error: { code: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/invalid_request|empty_message/);
    }
    const ok = await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'z'.repeat(40_000) });
    expect(ok.status).toBe(201);
    const list = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(list.body.messages).toHaveLength(1);
  });

  it('unknown channel → 404, a private channel of others → 404, a public one not joined → 404 not_a_member', async () => {
    expect((await call(srv, ada.token, 'POST', '/api/v1/channels/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages', { text: 'x' })).status).toBe(404);
    expect((await call(srv, ada.token, 'POST', '/api/v1/channels/nope/messages', { text: 'x' })).status).toBe(404);
    const priv = await makeChannel(srv, bob);
    const r1 = await call<{ error: { code: string } }>(srv, eve.token, 'POST', `/api/v1/channels/${priv.id}/messages`, { text: 'x' });
    expect(r1.status).toBe(404);
    const pub = await makeChannel(srv, bob, { visibility: 'public' });
    const r2 = await call<{ error: { code: string } }>(srv, eve.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text: 'x' });
    expect(r2.status).toBe(404);
    expect(r2.body.error.code).toBe('not_a_member');
    expect((await call(srv, eve.token, 'GET', `/api/v1/channels/${pub.id}/messages`)).status).toBe(404);
  });
});

describe('pagination', () => {
  let chId: string;
  const ids: string[] = [];
  beforeAll(async () => {
    const ch = await makeChannel(srv, ada);
    chId = ch.id;
    for (let i = 0; i < 7; i++) ids.push((await post(srv, ada, chId, `m${i}`)).id);
  });

  it('latest page is oldest first with hasMore', async () => {
    const r = await call<{ messages: Msg[]; hasMore: boolean }>(srv, ada.token, 'GET', `/api/v1/channels/${chId}/messages?limit=3`);
    expect(r.status).toBe(200);
    expect(r.body.messages.map((m) => m.text)).toEqual(['m4', 'm5', 'm6']);
    expect(r.body.hasMore).toBe(true);
  });

  it('before is exclusive and walks back to the start', async () => {
    const r = await call<{ messages: Msg[]; hasMore: boolean }>(srv, ada.token, 'GET', `/api/v1/channels/${chId}/messages?limit=3&before=${ids[4]}`);
    expect(r.body.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
    expect(r.body.hasMore).toBe(true);
    const r2 = await call<{ messages: Msg[]; hasMore: boolean }>(srv, ada.token, 'GET', `/api/v1/channels/${chId}/messages?limit=3&before=${ids[1]}`);
    expect(r2.body.messages.map((m) => m.text)).toEqual(['m0']);
    expect(r2.body.hasMore).toBe(false);
  });

  it('after is exclusive, oldest first', async () => {
    const r = await call<{ messages: Msg[]; hasMore: boolean }>(srv, ada.token, 'GET', `/api/v1/channels/${chId}/messages?limit=2&after=${ids[2]}`);
    expect(r.body.messages.map((m) => m.text)).toEqual(['m3', 'm4']);
    expect(r.body.hasMore).toBe(true);
    const r2 = await call<{ messages: Msg[]; hasMore: boolean }>(srv, ada.token, 'GET', `/api/v1/channels/${chId}/messages?after=${ids[5]}`);
    expect(r2.body.messages.map((m) => m.text)).toEqual(['m6']);
    expect(r2.body.hasMore).toBe(false);
  });

  it('limit defaults to 50 and is capped at 200; bad cursors → 400', async () => {
    const ch = await makeChannel(srv, ada);
    for (let i = 0; i < 205; i++) await post(srv, ada, ch.id, `n${i}`);
    const d = await call<{ messages: Msg[]; hasMore: boolean }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(d.body.messages).toHaveLength(50);
    expect(d.body.messages.at(-1)?.text).toBe('n204');
    const m = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages?limit=500`);
    expect(m.body.messages).toHaveLength(200);
    expect((await call(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages?limit=abc`)).status).toBe(400);
    expect((await call(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages?before=not-an-id`)).status).toBe(400);
    expect((await call(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages?bogus=1`)).status).toBe(400);
  });
});

describe('threads', () => {
  it('replies carry threadRootId, update the root and list per thread', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const root = await post(srv, ada, ch.id, 'root');
    const r1 = await post(srv, bob, ch.id, 'reply 1', { threadRootId: root.id });
    await post(srv, ada, ch.id, 'other root');
    await post(srv, ada, ch.id, 'reply 2', { threadRootId: root.id });
    expect((r1 as unknown as Msg).threadRootId).toBe(root.id);
    const thread = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages?threadRootId=${root.id}`);
    expect(thread.body.messages.map((m) => m.text)).toEqual(['reply 1', 'reply 2']);
    const all = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(all.body.messages.map((m) => m.text)).toEqual(['root', 'reply 1', 'other root', 'reply 2']);
    const rootNow = await call<{ message: Msg }>(srv, ada.token, 'GET', `/api/v1/messages/${root.id}`);
    expect(rootNow.body.message.replyCount).toBe(2);
    expect(rootNow.body.message.lastReplyAt).not.toBeNull();
  });

  it("another channel's root, a reply as root, or an unknown root → 400 and nothing stored", async () => {
    const a = await makeChannel(srv, ada);
    const b = await makeChannel(srv, ada);
    const rootB = await post(srv, ada, b.id, 'root in b');
    const replyA = await post(srv, ada, a.id, 'root in a');
    const reply = await post(srv, ada, a.id, 'reply', { threadRootId: replyA.id });
    for (const threadRootId of [rootB.id, reply.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      const r = await call<{ error: { code: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${a.id}/messages`, { text: 'x', threadRootId });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_thread_root');
    }
    const list = await call<{ messages: Msg[] }>(srv, ada.token, 'GET', `/api/v1/channels/${a.id}/messages`);
    expect(list.body.messages).toHaveLength(2);
  });
});

describe('edit, history, delete', () => {
  it('edits keep history; only the author edits', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'first');
    expect((await call(srv, bob.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'hijack' })).status).toBe(403);
    const e = await call<{ message: Msg }>(srv, ada.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'second' });
    expect(e.status).toBe(200);
    expect(e.body.message.text).toBe('second');
    expect(e.body.message.editedAt).not.toBeNull();
    const h = await call<{ versions: Array<{ text: string; entities: unknown[]; editedAt: string }> }>(srv, bob.token, 'GET', `/api/v1/messages/${m.id}/history`);
    expect(h.body.versions.map((v) => v.text)).toEqual(['first', 'second']);
  });

  it('soft delete empties text and history; search no longer finds it', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'quokkasecret words');
    expect((await call(srv, bob.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(403);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(204);
    const g = await call<{ message: Msg }>(srv, bob.token, 'GET', `/api/v1/messages/${m.id}`);
    expect(g.body.message).toMatchObject({ text: '', entities: [], mentions: [] });
    expect(g.body.message.deletedAt).not.toBeNull();
    const h = await call<{ versions: unknown[] }>(srv, ada.token, 'GET', `/api/v1/messages/${m.id}/history`);
    expect(h.body.versions).toEqual([]);
    const s = await call<{ results: unknown[] }>(srv, ada.token, 'GET', '/api/v1/search?q=quokkasecret');
    expect(s.body.results).toEqual([]);
    const rows = await srv.ctx.db.selectFrom('events').select('payload').where('message_id', '=', m.id).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.payload).not.toContain('quokkasecret');
  });
});

describe('search', () => {
  it('newest first, only channels the caller belongs to now, with channelName', async () => {
    const ch = await makeChannel(srv, ada, { name: 'search-room', members: [bob] });
    const other = await makeChannel(srv, eve);
    await post(srv, ada, ch.id, 'the zebracorn appears');
    await post(srv, bob, ch.id, 'another Zebracorn sighting');
    await post(srv, eve, other.id, 'zebracorn in a room ada cannot see');
    const s = await call<{ results: Array<{ message: Msg; channelName: string }>; hasMore: boolean }>(srv, bob.token, 'GET', '/api/v1/search?q=zebracorn');
    expect(s.status).toBe(200);
    expect(s.body.results.map((r) => r.message.text)).toEqual(['another Zebracorn sighting', 'the zebracorn appears']);
    expect(s.body.results[0]?.channelName).toBe('search-room');
    const page = await call<{ results: Array<{ message: Msg }>; hasMore: boolean }>(srv, bob.token, 'GET', '/api/v1/search?q=zebracorn&limit=1');
    expect(page.body.hasMore).toBe(true);
    const next = await call<{ results: Array<{ message: Msg }>; hasMore: boolean }>(srv, bob.token, 'GET', `/api/v1/search?q=zebracorn&limit=1&before=${page.body.results[0]?.message.id}`);
    expect(next.body.results.map((r) => r.message.text)).toEqual(['the zebracorn appears']);
    expect(next.body.hasMore).toBe(false);
    const q = await call<{ results: unknown[] }>(srv, bob.token, 'GET', `/api/v1/search?q=${encodeURIComponent('"zebra" OR * NEAR(')}`);
    expect(q.status).toBe(200);
  });
});

describe('removal cuts access everywhere', () => {
  it('API, single message, thread, history and search', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const root = await post(srv, ada, ch.id, 'platypusword root');
    await post(srv, ada, ch.id, 'reply', { threadRootId: root.id });
    expect((await call<{ results: unknown[] }>(srv, bob.token, 'GET', '/api/v1/search?q=platypusword')).body.results).toHaveLength(1);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`)).status).toBe(404);
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages?threadRootId=${root.id}`)).status).toBe(404);
    expect((await call(srv, bob.token, 'GET', `/api/v1/messages/${root.id}`)).status).toBe(404);
    expect((await call(srv, bob.token, 'GET', `/api/v1/messages/${root.id}/history`)).status).toBe(404);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'still here?', threadRootId: root.id })).status).toBe(404);
    expect((await call<{ results: unknown[] }>(srv, bob.token, 'GET', '/api/v1/search?q=platypusword')).body.results).toEqual([]);
    expect((await call(srv, bob.token, 'GET', `/api/v1/search?q=platypusword&channelId=${ch.id}`)).status).toBe(404);
  });
});

describe('message guard hook', () => {
  it('a blocking guard → 422 with findings and nothing stored; a tokenizing guard stores its text and entities', async () => {
    const guard: MessageGuard = {
      async protect(_db, input) {
        const at = input.text.indexOf('555-0100');
        if (input.text.includes('BLOCK')) {
          throw new AppError(422, 'personal_data_blocked', 'Personal data is not allowed here', { hint: 'move this to a case room', findings: [{ entityType: 'PHONE_NUMBER', start: 0, end: 5 }] });
        }
        if (at < 0) return { text: input.text, entities: [] };
        const text = `${input.text.slice(0, at)}[PHONE_NUMBER]${input.text.slice(at + 8)}`;
        return { text, entities: [{ entityType: 'PHONE_NUMBER', start: at, end: at + 14, token: 'tok_1' }] };
      },
    };
    const g = await startServer({ guard });
    try {
      const u = await makeUser(g);
      const ch = await makeChannel(g, u);
      const blocked = await call<{ error: { code: string; hint: string; findings: unknown[] } }>(g, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'BLOCK me' });
      expect(blocked.status).toBe(422);
      expect(blocked.body.error).toMatchObject({ code: 'personal_data_blocked', hint: 'move this to a case room', findings: [{ entityType: 'PHONE_NUMBER', start: 0, end: 5 }] });
      expect(await g.ctx.db.selectFrom('messages').select('id').execute()).toHaveLength(0);
      expect(await g.ctx.db.selectFrom('events').select('seq').where('type', '=', 'message.created').execute()).toHaveLength(0);
      const ok = await call<{ message: Msg }>(g, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'call 555-0100 now' });
      expect(ok.body.message.text).toBe('call [PHONE_NUMBER] now');
      expect(ok.body.message.entities).toEqual([{ entityType: 'PHONE_NUMBER', start: 5, end: 19, token: 'tok_1' }]);
      const s = await call<{ results: unknown[] }>(g, u.token, 'GET', '/api/v1/search?q=0100');
      expect(s.body.results).toEqual([]);
      const edited = await call(g, u.token, 'PATCH', `/api/v1/messages/${ok.body.message.id}`, { text: 'BLOCK edit' });
      expect(edited.status).toBe(422);
      const still = await call<{ message: Msg }>(g, u.token, 'GET', `/api/v1/messages/${ok.body.message.id}`);
      expect(still.body.message.text).toBe('call [PHONE_NUMBER] now');
    } finally {
      await g.close();
    }
  });
});
