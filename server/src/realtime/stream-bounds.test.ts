/**
 * Issue 7, item 13: stream resources stay bounded. A client that floods pings and never reads,
 * a replay to a socket that never reads, and a burst of parallel upgrades: the server closes the
 * slow readers, keeps the socket count within the per-user limit, and its memory stays flat.
 * Loops are bounded; memory bounds are generous (they catch unbounded growth, not noise).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '../logger.ts';
import { connect, makeUser, startServer, type TestServer } from '../test/factories.ts';
import { Hub, StreamClient } from './hub.ts';

const BUFFER_LIMIT = 128 * 1024;
let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ limits: { socketBufferBytes: BUFFER_LIMIT, maxSocketsPerUser: 5 } });
});
afterAll(async () => srv.close());

/** Memory that unsent frames occupy: JS heap plus Buffers. */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Polls `pred` every 50 ms for up to `ms`; returns whether it held. */
async function eventually(pred: () => boolean, ms = 20_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pred();
}

/** The TCP socket under a `ws` client (to stop reading, or write raw frames). */
const rawSocket = (ws: WebSocket) => (ws as unknown as { _socket: import('node:net').Socket })._socket;

/** `count` masked (all-zero mask key, RFC 6455 §5.3) text frames `{"type":"ping"}` in one Buffer. */
function pingFrames(count: number): Buffer {
  const payload = Buffer.from('{"type":"ping"}');
  const one = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
  return Buffer.concat(Array.from({ length: count }, () => one));
}

describe('stream resource bounds', () => {
  it('a ping flood from a client that never reads is closed; memory stays flat', async () => {
    const u = await makeUser(srv);
    const s = await connect(srv, u.token);
    const sock = rawSocket(s.ws);
    sock.pause(); // never read the pongs
    const before = used();
    const batch = pingFrames(10_000);
    let sent = 0;
    // Up to 1,000,000 pings (~17 MB of pongs): far beyond kernel buffers and the 128 KiB limit.
    for (let i = 0; i < 100 && !sock.destroyed && srv.ctx.hub.count(u.id) > 0; i++) {
      if (!sock.write(batch)) await new Promise<void>((r) => sock.once('drain', () => r()).once('close', () => r()));
      sent += 10_000;
    }
    expect(await eventually(() => srv.ctx.hub.count(u.id) === 0)).toBe(true);
    expect(sent).toBeLessThanOrEqual(1_000_000);
    expect(used() - before).toBeLessThan(64 * 1024 * 1024);
    sock.destroy();
  }, 60_000);

  it('an unread replay is closed at the buffer limit instead of queueing every frame', async () => {
    const u = await makeUser(srv);
    const filler = 'x'.repeat(20_000);
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      channel_id: null,
      user_id: u.id,
      message_id: null,
      type: 'test.filler',
      payload: JSON.stringify({ type: 'test.filler', i, filler }),
      created_at: new Date().toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 500) await srv.ctx.db.insertInto('events').values(rows.slice(i, i + 500)).execute();
    const before = used();
    // ~60 MB of replay for a reader that stops right after hello.
    const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/stream?since=0`, { headers: { authorization: `Bearer ${u.token}` } });
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => {
        rawSocket(ws).pause();
        resolve();
      });
      ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
    });
    expect(await eventually(() => srv.ctx.hub.count(u.id) === 0)).toBe(true);
    expect(used() - before).toBeLessThan(40 * 1024 * 1024);
    rawSocket(ws).destroy();
  }, 60_000);

  it('a burst of parallel upgrades never exceeds the per-user socket limit', async () => {
    const u = await makeUser(srv);
    const before = used();
    const url = `${srv.url.replace('http', 'ws')}/api/v1/stream`;
    // Hold the writer for a moment so every upgrade passes its checks before any registers
    // (registration waits for a point between writes): the widest possible race.
    const hold = srv.ctx.exclusive(() => new Promise((r) => setTimeout(r, 1500)));
    const outcomes: Array<Promise<{ status: number; ws: WebSocket }>> = [];
    for (let i = 0; i < 60; i++) {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${u.token}` } });
      ws.on('error', () => undefined);
      outcomes.push(
        new Promise((resolve) => {
          ws.once('open', () => resolve({ status: 101, ws }));
          ws.once('unexpected-response', (_q, res) => resolve({ status: res.statusCode ?? 0, ws }));
        }),
      );
    }
    const done = await Promise.all(outcomes);
    await hold;
    const accepted = done.filter((d) => d.status === 101);
    expect(accepted.length).toBeLessThanOrEqual(5);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(done.filter((d) => d.status !== 101).every((d) => d.status === 429)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(srv.ctx.hub.count(u.id)).toBeLessThanOrEqual(5);
    expect(srv.ctx.hub.count(u.id)).toBe(accepted.length);
    for (const d of done) d.ws.terminate();
    expect(await eventually(() => srv.ctx.hub.count(u.id) === 0 && srv.ctx.hub.reservedCount(u.id) === 0)).toBe(true);
    expect(used() - before).toBeLessThan(64 * 1024 * 1024);
  }, 30_000);
});

describe('heartbeat', () => {
  it('unsolicited pongs do not count as liveness; an echo of the server ping does', async () => {
    const hub = new Hub({ socketBufferBytes: BUFFER_LIMIT, logger: createLogger('silent'), heartbeatMs: 100 });
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const clients: StreamClient[] = [];
    wss.on('connection', (ws) => {
      const c = new StreamClient(ws, `user-${clients.length}`, null);
      clients.push(c);
      ws.on('pong', (data) => hub.pong(c, data));
      hub.register(c);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      // Never answers pings, but sends a pong of its own every 30 ms.
      const liar = new WebSocket(url, { autoPong: false });
      // Answers the server's pings (the default).
      const honest = new WebSocket(url);
      await Promise.all([liar, honest].map((w) => new Promise((r) => w.once('open', r))));
      const timer = setInterval(() => liar.readyState === liar.OPEN && liar.pong(Buffer.from('unsolicited')), 30);
      const liarClosed = new Promise<void>((r) => liar.once('close', () => r()));
      await liarClosed;
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 400));
      expect(honest.readyState).toBe(WebSocket.OPEN);
      expect(hub.count('user-0')).toBe(0);
      expect(hub.count('user-1')).toBe(1);
      honest.close();
    } finally {
      hub.stop();
      wss.close();
      http.close();
    }
  }, 15_000);
});
