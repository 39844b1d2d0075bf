import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { SequencedEvent } from '../api/types.ts';
import { StreamClient, type SocketLike } from './stream.ts';

/** A real WebSocket server on 127.0.0.1 whose behaviour each test scripts per connection. */
function startServer(onConnection: (ws: WebSocket, url: URL, n: number) => void): Promise<{ url: string; wss: WebSocketServer }> {
  return new Promise((resolve) => {
    let n = 0;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => {
      const addr = wss.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ url: `ws://127.0.0.1:${port}/api/v1/stream`, wss });
    });
    wss.on('connection', (ws, req) => onConnection(ws, new URL(req.url ?? '/', 'http://x'), n++));
  });
}

const ev = (seq: number): string => JSON.stringify({ seq, type: 'message.created', channelId: 'C1' });

function until(cond: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const end = Date.now() + ms;
    const tick = () => (cond() ? resolve() : Date.now() > end ? reject(new Error('timeout')) : setTimeout(tick, 10));
    tick();
  });
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe('StreamClient', () => {
  it('resumes with since after a drop and delivers each event once, in order', async () => {
    const urls: URL[] = [];
    const { url, wss } = await startServer((ws, u, n) => {
      urls.push(u);
      if (n === 0) {
        ws.send(JSON.stringify({ type: 'hello', seq: 10 }));
        ws.send(ev(11));
        ws.send(ev(12));
        setTimeout(() => ws.terminate(), 50);
      } else {
        ws.send(JSON.stringify({ type: 'hello', seq: 15 }));
        ws.send(ev(12)); // overlap: already seen
        ws.send(ev(14));
        ws.send(ev(15));
      }
    });
    const seen: SequencedEvent[] = [];
    const opens: boolean[] = [];
    const client = new StreamClient({
      url,
      onEvent: (e) => seen.push(e),
      onOpen: ({ resumed }) => opens.push(resumed),
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      minDelayMs: 10,
    });
    cleanup.push(() => client.stop(), () => wss.close());
    client.start();
    await until(() => seen.length >= 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.map((e) => e.seq)).toEqual([11, 12, 14, 15]);
    expect(urls[0]?.searchParams.get('since')).toBeNull();
    expect(urls[1]?.searchParams.get('since')).toBe('12');
    expect(opens).toEqual([false, true]);
    expect(client.cursor).toBe(15);
  });

  it('starts from the hello seq on a first connection and calls onReset on reset', async () => {
    const { url, wss } = await startServer((ws) => {
      ws.send(JSON.stringify({ type: 'hello', seq: 40 }));
      ws.send(ev(39)); // older than hello on a fresh start: not delivered
      ws.send(ev(41));
      ws.send(JSON.stringify({ type: 'reset' }));
    });
    const seen: number[] = [];
    let resets = 0;
    const client = new StreamClient({
      url,
      onEvent: (e) => seen.push(e.seq),
      onReset: () => resets++,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
    });
    cleanup.push(() => client.stop(), () => wss.close());
    client.start();
    await until(() => resets === 1);
    expect(seen).toEqual([41]);
    expect(client.cursor).toBeNull();
  });

  it('answers nothing but ping frames to the server', async () => {
    const received: string[] = [];
    const { url, wss } = await startServer((ws) => {
      ws.send(JSON.stringify({ type: 'hello', seq: 1 }));
      ws.on('message', (d) => received.push(d.toString()));
    });
    const client = new StreamClient({
      url,
      onEvent: () => undefined,
      createSocket: (u) => new WebSocket(u) as unknown as SocketLike,
      pingIntervalMs: 30,
    });
    cleanup.push(() => client.stop(), () => wss.close());
    client.start();
    await until(() => received.length >= 2);
    expect(new Set(received)).toEqual(new Set(['{"type":"ping"}']));
  });
});

describe('StreamClient frames', () => {
  it('accepts events sent as UTF-8 binary frames, in order with text frames', async () => {
    const { url, wss } = await startServer((ws) => {
      ws.send(JSON.stringify({ type: 'hello', seq: 1 }));
      ws.send(Buffer.from(ev(2)), { binary: true });
      ws.send(ev(3));
    });
    const seen: number[] = [];
    const client = new StreamClient({ url, onEvent: (e) => seen.push(e.seq), createSocket: (u) => new WebSocket(u) as unknown as SocketLike });
    cleanup.push(() => client.stop(), () => wss.close());
    client.start();
    await until(() => seen.length >= 2);
    expect(seen).toEqual([2, 3]);
  });
});
