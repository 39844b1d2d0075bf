/**
 * Minimal raw `ws` broadcast server, the fan-out baseline: `POST /broadcast` sends the request
 * body (UTF-8 text frame, the same Buffer to every open socket) to every connected client, then
 * answers 204. WebSocket clients connect to `/`. Same `ws` options as Enclave's stream
 * (no permessage-deflate, 4 KiB max incoming payload). Listens on 127.0.0.1, port `PORT`
 * (0 = any), prints `{"port":N}` on stdout once listening; SIGTERM/SIGINT stop it.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const clients = new Set<WebSocket>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const frame = Buffer.concat(chunks);
    for (const ws of clients) ws.send(frame, { binary: false });
    res.writeHead(204).end();
  });
});

server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.send('{"type":"hello"}');
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});

const stop = (): void => {
  for (const ws of clients) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
