import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger } from '../logger.ts';
import { startServer, type TestServer } from '../test/factories.ts';
import { RedisFanout } from './fanout.ts';
import { Hub, StreamClient } from './hub.ts';

let srv: TestServer;
let wss: WebSocketServer;

beforeAll(async () => {
  srv = await startServer();
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
});
afterAll(async () => {
  wss.close();
  await srv.close();
});

describe('RedisFanout', () => {
  it("publishes an event for the other nodes before writing it to this node's own sockets", async () => {
    const order: string[] = [];
    const hub = new Hub({ socketBufferBytes: 1 << 20, logger: createLogger('silent'), heartbeatMs: 0, onDelivered: () => order.push('delivered here') });
    // real ioredis clients that never connect: the publish is attempted (and fails, caught) — what counts is when
    const pub = new Redis({ lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const sub = new Redis({ lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const publish = pub.publish.bind(pub) as (channel: string, message: string) => Promise<number>;
    pub.publish = ((channel: string, message: string) => {
      order.push('published');
      return publish(channel, message);
    }) as typeof pub.publish;
    const fanout = new RedisFanout({ hub, pub, sub, readDb: srv.ctx.readDb, logger: createLogger('silent') });

    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
    const got = new Promise<string>((resolve) => ws.once('message', (d: Buffer) => resolve(d.toString('utf8'))));
    const [serverSide] = await accepted;
    const client = new StreamClient(serverSide, 'user-1', null);
    hub.register(client);
    hub.subscribe(client, 'channel-1');
    hub.goLive(client);

    const frame = Buffer.from('{"seq":1,"type":"message.created","channelId":"channel-1"}');
    fanout.dispatch([{ kind: 'stream', seq: 1, channelId: 'channel-1', userId: null, frame }]);
    expect(order).toEqual(['published', 'delivered here']);
    expect(await got).toBe(frame.toString('utf8'));
    ws.close();
    hub.stop();
    pub.disconnect();
    sub.disconnect();
  });
});
