/**
 * Client-side helpers of the chat benchmark: a keep-alive HTTP client (node:http) and bounded
 * concurrent WebSocket connection. Loopback only; times in ms from `performance.now()`.
 */
import { Agent, request } from 'node:http';
import WebSocket from 'ws';

/** One keep-alive agent per process; `maxSockets` bounds concurrent connections. */
export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** An HTTP answer with its body as text. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * Sends one request (`body` as JSON when given) with `Authorization: Bearer token` when given.
 * Rejects on transport errors or after `timeoutMs` (default 30 s).
 */
export function http(method: string, url: string, opts: { token?: string; body?: unknown; raw?: string; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers: Record<string, string | number> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = request(url, { method, headers, agent, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout ${method} ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sleeps `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Opens one socket per entry of `tokens` to `wsUrl` (bearer header when the token is non-empty),
 * at most `concurrency` handshakes at a time, each resolved on its first frame (the `hello`).
 * `onFrame(i, data)` sees every later frame of socket `i`. Rejects on the first failure.
 */
export async function connectAll(
  wsUrl: string,
  tokens: string[],
  concurrency: number,
  onFrame: (i: number, data: string) => void,
  onClose: (i: number, code: number) => void = () => undefined,
): Promise<WebSocket[]> {
  const sockets: WebSocket[] = new Array<WebSocket>(tokens.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tokens.length) {
      const i = next++;
      const token = tokens[i] as string;
      sockets[i] = await new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(wsUrl, { headers: token ? { authorization: `Bearer ${token}` } : {}, perMessageDeflate: false });
        let hello = false;
        const timer = setTimeout(() => reject(new Error(`socket ${i}: no hello within 30 s`)), 30_000);
        ws.on('message', (d: Buffer) => {
          if (!hello) {
            hello = true;
            clearTimeout(timer);
            resolve(ws);
            return;
          }
          onFrame(i, d.toString('utf8'));
        });
        ws.on('unexpected-response', (_req, res) => {
          clearTimeout(timer);
          reject(new Error(`socket ${i}: upgrade refused with ${res.statusCode}`));
        });
        ws.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        ws.on('close', (code) => onClose(i, code));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, worker));
  return sockets;
}

/** Closes sockets and waits (at most 3 s) for them to finish closing. */
export async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.race([
    Promise.all(
      sockets.map(
        (ws) =>
          new Promise<void>((r) => {
            if (ws.readyState === WebSocket.CLOSED) return r();
            ws.once('close', () => r());
            ws.close();
          }),
      ),
    ),
    sleep(3000),
  ]);
  for (const ws of sockets) if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
}
