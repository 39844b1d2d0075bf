import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { call, connect, makeChannel, makeUser, post, startServer, type Frame, type TestServer, type TestUser } from '../test/factories.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 100_000, maxSocketsPerUser: 3 } });
  ada = await makeUser(srv);
  bob = await makeUser(srv);
  eve = await makeUser(srv);
});
afterAll(async () => srv.close());

const created = (frames: Frame[], channelId: string): Frame[] => frames.filter((f) => f.type === 'message.created' && f.channelId === channelId);

describe('stream', () => {
  it('starts with hello and refuses unauthenticated upgrades', async () => {
    const s = await connect(srv, ada.token);
    expect(s.frames[0]).toMatchObject({ type: 'hello' });
    expect(typeof s.frames[0]?.seq).toBe('number');
    s.close();
    await expect(connect(srv, null)).rejects.toThrow(/401/);
    await expect(connect(srv, 'enc_wrong')).rejects.toThrow(/401/);
  });

  it('every connected member gets each event exactly once, in order; non-members get none', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const [a, b, e] = await Promise.all([connect(srv, ada.token), connect(srv, bob.token), connect(srv, eve.token)]);
    const N = 60;
    await Promise.all(
      Array.from({ length: N }, (_, i) => call(srv, i % 2 ? bob.token : ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: `msg ${i}` })),
    );
    for (const s of [a, b]) {
      await s.until((f) => created(f, ch.id).length >= N);
      const got = created(s.frames, ch.id);
      expect(got).toHaveLength(N);
      const seqs = got.map((f) => f.seq as number);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(N);
      const ids = got.map((f) => f.message?.id as string);
      expect([...ids].sort()).toEqual(ids);
    }
    // Both saw the same sequence.
    expect(created(a.frames, ch.id).map((f) => f.seq)).toEqual(created(b.frames, ch.id).map((f) => f.seq));
    await new Promise((r) => setTimeout(r, 100));
    expect(created(e.frames, ch.id)).toHaveLength(0);
    for (const s of [a, b, e]) s.close();
  });

  it('reconnecting with since replays exactly what was missed, then goes live', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const b1 = await connect(srv, bob.token);
    await post(srv, ada, ch.id, 'seen live');
    await b1.until((f) => created(f, ch.id).length === 1);
    const last = created(b1.frames, ch.id)[0]?.seq as number;
    b1.close();
    await b1.closed();
    for (let i = 0; i < 5; i++) await post(srv, ada, ch.id, `missed ${i}`);
    // Posts keep flowing while the replay runs.
    const b2p = connect(srv, bob.token, { since: last });
    const live = Promise.all(Array.from({ length: 5 }, (_, i) => post(srv, ada, ch.id, `during ${i}`)));
    const b2 = await b2p;
    await live;
    await b2.until((f) => created(f, ch.id).length >= 10);
    await new Promise((r) => setTimeout(r, 100));
    const texts = created(b2.frames, ch.id).map((f) => f.message?.text);
    expect(texts).toHaveLength(10);
    expect(texts.slice(0, 5)).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3', 'missed 4']);
    expect(new Set(texts).size).toBe(10);
    const seqs = created(b2.frames, ch.id).map((f) => f.seq as number);
    expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number))).toBe(true);
    expect(seqs[0]).toBeGreaterThan(last);
    b2.close();
  });

  it('a cursor from the future or too far behind gets a reset frame', async () => {
    const hello = await connect(srv, ada.token);
    const latest = hello.frames[0]?.seq as number;
    hello.close();
    const future = await connect(srv, ada.token, { since: latest + 1000 });
    await future.until((f) => f.some((x) => x.type === 'reset'));
    future.close();
    const tiny = await startServer({ limits: { replayMax: 3 } });
    try {
      const u = await makeUser(tiny);
      const ch = await makeChannel(tiny, u);
      for (let i = 0; i < 5; i++) await post(tiny, u, ch.id, `r${i}`);
      const s = await connect(tiny, u.token, { since: 0 });
      await s.until((f) => f.some((x) => x.type === 'reset'));
      expect(created(s.frames, ch.id)).toHaveLength(0);
      s.close();
    } finally {
      await tiny.close();
    }
  });

  it('edits and deletes arrive as message.updated / message.deleted', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const b = await connect(srv, bob.token);
    const m = await post(srv, ada, ch.id, 'to change');
    await call(srv, ada.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'changed' });
    await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m.id}`);
    await b.until((f) => f.some((x) => x.type === 'message.deleted'));
    expect(b.of('message.updated')[0]?.message?.text).toBe('changed');
    expect(b.of('message.deleted')[0]?.message?.text).toBe('');
    b.close();
  });

  it('membership changes update subscriptions at once', async () => {
    const ch = await makeChannel(srv, ada);
    const e = await connect(srv, eve.token);
    await post(srv, ada, ch.id, 'before eve');
    await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: eve.id });
    await e.until((f) => f.some((x) => x.type === 'channel.member_added'));
    await post(srv, ada, ch.id, 'eve is in');
    await e.until((f) => created(f, ch.id).length === 1);
    await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${eve.id}`);
    await e.until((f) => f.some((x) => x.type === 'channel.member_removed'));
    await post(srv, ada, ch.id, 'eve is out');
    const probe = await makeChannel(srv, eve);
    await post(srv, eve, probe.id, 'probe');
    await e.until((f) => created(f, probe.id).length === 1);
    expect(created(e.frames, ch.id).map((f) => f.message?.text)).toEqual(['eve is in']);
    // Replay after removal does not leak the channel either.
    const e2 = await connect(srv, eve.token, { since: 0 });
    await e2.until((f) => created(f, probe.id).length === 1);
    expect(created(e2.frames, ch.id)).toHaveLength(0);
    e.close();
    e2.close();
  });

  it('garbage and binary frames close the socket with 1008; ping gets pong', async () => {
    const s = await connect(srv, ada.token);
    s.ws.send('{"type":"ping"}');
    await s.until((f) => f.some((x) => x.type === 'pong'));
    s.ws.send('not json at all');
    expect(await s.closed()).toBe(1008);
    const t = await connect(srv, ada.token);
    t.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await t.closed()).toBe(1008);
    const u = await connect(srv, ada.token);
    u.ws.send('{"type":"subscribe","channelId":"x"}');
    expect(await u.closed()).toBe(1008);
  });

  it('a client that never reads is closed without stalling the others', async () => {
    const slow = await startServer({ limits: { messages: 100_000, socketBufferBytes: 256 * 1024 } });
    try {
      const a = await makeUser(slow);
      const b = await makeUser(slow);
      const ch = await makeChannel(slow, a, { members: [b] });
      const stuck = await connect(slow, b.token);
      const stuckSocket = (stuck.ws as unknown as { _socket: { pause(): void } })._socket;
      stuckSocket.pause();
      const good = await connect(slow, a.token);
      const big = 'x'.repeat(39_000);
      const N = 150; // ~5.8 MB for the stuck reader: beyond kernel buffers + the limit
      for (let i = 0; i < N; i++) await post(slow, a, ch.id, `${i} ${big}`);
      await good.until((f) => created(f, ch.id).length === N, 15_000);
      expect(created(good.frames, ch.id)).toHaveLength(N);
      expect(slow.ctx.hub.count(b.id)).toBe(0);
      expect(slow.ctx.hub.count(a.id)).toBe(1);
      good.close();
    } finally {
      await slow.close();
    }
  });

  it('limits open sockets per user', async () => {
    const u = await makeUser(srv);
    const open = [await connect(srv, u.token), await connect(srv, u.token), await connect(srv, u.token)];
    await expect(connect(srv, u.token)).rejects.toThrow(/429/);
    for (const s of open) s.close();
  });

  it('a cookie stream from a foreign Origin is refused', async () => {
    const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/stream`, { headers: { origin: 'https://evil.example.com', authorization: `Bearer ${ada.token}` } });
    // Bearer requests are not subject to CSRF, but the Origin must still match when present.
    ws.on('error', () => undefined);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });
});
