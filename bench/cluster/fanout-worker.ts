/**
 * Fan-out clients of `bench:cluster`, one forked process of several (so the measuring process is
 * not the bottleneck): holds a share of the stream sockets and timestamps every tagged frame on
 * arrival with `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms, the same
 * clock the orchestrator stamps its sends with). Commands over IPC, one answer each:
 *  - `connect { url, tokens }`: one socket per token (bearer header; `''` = none), 10 handshakes at a time → `{ ok, connectMs, open }`;
 *  - `latencies { sentAt, waitMs }`: waits until every socket saw every tag of `sentAt`
 *    (or `waitMs`), answers arrival − send per delivery by tag, ms, how many deliveries were seen, and
 *    one tagged frame as received (`sample`: the raw baseline sends the same bytes);
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
  /** Sockets open after `connect`. */
  open?: number;
  /** Arrival − send per delivery, ms, by probe tag. */
  byTag?: Record<string, number[]>;
  seen?: number;
  /** One tagged frame as received (UTF-8 text). */
  sample?: string;
}

const TAG = /"clientMsgId":"(f[er]\d+)"/;
const now = (): number => performance.timeOrigin + performance.now();
let sockets: WebSocket[] = [];
let arrivals: Array<{ tag: string; at: number }> = [];
let sample: string | undefined;

async function handle(c: WorkerCommand): Promise<WorkerReply> {
  if (c.cmd === 'connect') {
    const t = performance.now();
    arrivals = [];
    const onFrame = (_i: number, data: string): void => {
      const at = now();
      const m = TAG.exec(data);
      if (!m) return;
      arrivals.push({ tag: m[1] as string, at });
      sample ??= data;
    };
    sockets = [];
    // in slices of 1,000, with a progress line each
    for (let from = 0; from < c.tokens.length; from += 1000) {
      sockets.push(...(await connectAll(c.url, c.tokens.slice(from, from + 1000), 10, onFrame)));
      process.stderr.write(`[fan-out worker ${process.pid}] ${sockets.length} of ${c.tokens.length} sockets open\n`);
    }
    return { ok: true, connectMs: performance.now() - t, open: sockets.length };
  }
  if (c.cmd === 'latencies') {
    const tags = Object.keys(c.sentAt).length;
    const deadline = performance.now() + c.waitMs;
    const counted = (): number => arrivals.reduce((n, a) => n + (a.tag in c.sentAt ? 1 : 0), 0);
    while (counted() < tags * sockets.length && performance.now() < deadline) await sleep(200);
    const byTag: Record<string, number[]> = {};
    let seen = 0;
    for (const a of arrivals) {
      const sent = c.sentAt[a.tag];
      if (sent === undefined) continue;
      (byTag[a.tag] ??= []).push(a.at - sent);
      seen++;
    }
    return { ok: true, byTag, seen, sample };
  }
  await closeAll(sockets);
  sockets = [];
  sample = undefined;
  return { ok: true };
}

process.on('message', (c: WorkerCommand) => {
  void handle(c).then(
    (reply) => process.send?.(reply),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply),
  );
});
process.on('disconnect', () => process.exit(0));
