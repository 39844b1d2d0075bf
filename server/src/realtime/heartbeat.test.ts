import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '../logger.ts';
import { Hub, StreamClient } from './hub.ts';

describe('heartbeat', () => {
  it('spreads the pings of many sockets over the period instead of one burst, each socket pinged once a period', async () => {
    const periodMs = 1000;
    const hub = new Hub({ socketBufferBytes: 1 << 20, logger: createLogger('silent'), heartbeatMs: periodMs });
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) => {
      const c = new StreamClient(ws, `user-${hub.count()}`, null);
      ws.on('pong', (data) => hub.pong(c, data));
      hub.register(c);
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const sockets: WebSocket[] = [];
    try {
      const pings: number[][] = [];
      for (let i = 0; i < 20; i++) {
        const ws = new WebSocket(url);
        const mine: number[] = [];
        pings.push(mine);
        ws.on('ping', () => mine.push(performance.now()));
        sockets.push(ws);
      }
      await Promise.all(sockets.map((ws) => once(ws, 'open')));
      const deadline = performance.now() + 3 * periodMs;
      while (pings.some((p) => p.length < 2) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // every socket answered its pings (autoPong) and was pinged again a period later
      expect(pings.every((p) => p.length >= 2)).toBe(true);
      for (const p of pings) expect((p[1] as number) - (p[0] as number)).toBeGreaterThan(periodMs / 2);
      expect(hub.count()).toBe(20);
      // the first pings are spread over the period, not sent together
      const first = pings.map((p) => p[0] as number);
      expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(periodMs / 2);
    } finally {
      for (const ws of sockets) ws.terminate();
      hub.stop();
      wss.close();
      http.close();
    }
  }, 15_000);
});
