/**
 * Fan-out clients of `bench:cluster`, one forked process of several (so the measuring process is
 * not the bottleneck): holds a share of the stream sockets and timestamps every tagged frame on
 * arrival with `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms, the same
 * clock the orchestrator stamps its sends with). Commands over IPC, one answer each:
 *  - `connect { url, tokens }`: one socket per token (bearer header; `''` = none), 10 handshakes at a time → `{ ok, connectMs }`;
 *  - `latencies { sentAt, sockets? , waitMs }`: waits until every socket saw every tag of `sentAt`
 *    (or `waitMs`), answers arrival − send per delivery, ms, and how many deliveries were seen;
 *  - `close`: closes every socket → `{ ok }`.
 * Exits when the parent disconnects.
 */
import type WebSocket from 'ws';
import { closeAll, connectAll, sleep } from '../chat/client-lib.ts';

/** A command from the orchestrator. */
export type WorkerCommand =
  | { cmd: 'connect'; url: string; tokens: string[] }
  | { cmd: 'latencies'; sentAt: Record<string, number>; waitMs: number }
  | { cmd: 'close' };

/** The answer to one command (`error` set when it failed). */
export interface WorkerReply {
  ok: boolean;
  error?: string;
  connectMs?: number;
  latencies?: number[];
  seen?: number;
}

const TAG = /"clientMsgId":"(f[er]\d+)"/;
const now = (): number => performance.timeOrigin + performance.now();
let sockets: WebSocket[] = [];
let arrivals: Array<{ tag: string; at: number }> = [];

async function handle(c: WorkerCommand): Promise<WorkerReply> {
  if (c.cmd === 'connect') {
    const t = performance.now();
    arrivals = [];
    sockets = await connectAll(c.url, c.tokens, 10, (_i, data) => {
      const at = now();
      const m = TAG.exec(data);
      if (m) arrivals.push({ tag: m[1] as string, at });
    });
    return { ok: true, connectMs: performance.now() - t };
  }
  if (c.cmd === 'latencies') {
    const tags = Object.keys(c.sentAt).length;
    const deadline = performance.now() + c.waitMs;
    const counted = (): number => arrivals.reduce((n, a) => n + (a.tag in c.sentAt ? 1 : 0), 0);
    while (counted() < tags * sockets.length && performance.now() < deadline) await sleep(200);
    const latencies: number[] = [];
    for (const a of arrivals) {
      const sent = c.sentAt[a.tag];
      if (sent !== undefined) latencies.push(a.at - sent);
    }
    return { ok: true, latencies, seen: latencies.length };
  }
  await closeAll(sockets);
  sockets = [];
  return { ok: true };
}

process.on('message', (c: WorkerCommand) => {
  void handle(c).then(
    (reply) => process.send?.(reply),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply),
  );
});
process.on('disconnect', () => process.exit(0));
