/**
 * Fan-out measurement (runs in the clients process): N sockets on Enclave's stream (all
 * members of one channel) and N sockets on the raw `ws` baseline; messages alternate between
 * the two targets, `intervalMs` apart. Delivery latency = frame arrival − POST start, both
 * `performance.now()` of this process; a frame is matched to its POST by its `clientMsgId` tag.
 */
import type { FanoutCommand, FanoutResult } from './protocol.ts';
import { closeAll, connectAll, http, sleep } from './client-lib.ts';
import { summarize } from './stats.ts';

const TAG = /"clientMsgId":"(f[er]\d+)"/;

/** Runs the fan-out command; rejects if any socket fails to connect. */
export async function runFanout(c: FanoutCommand): Promise<FanoutResult> {
  const sentAt = new Map<string, number>();
  const lat = { enclave: [] as number[], raw: [] as number[] };
  const seen = { enclave: 0, raw: 0 };
  const onFrame = (_i: number, data: string): void => {
    const now = performance.now();
    const m = TAG.exec(data);
    if (!m) return;
    const tag = m[1] as string;
    const t = sentAt.get(tag);
    if (t === undefined) return;
    const target = tag[1] === 'e' ? 'enclave' : 'raw';
    seen[target]++;
    if (Number(tag.slice(2)) >= c.warmup) lat[target].push(now - t);
  };
  const tokens = c.users.map((u) => u.token);
  let t = performance.now();
  const enclaveSockets = await connectAll(`${c.enclaveUrl.replace(/^http/, 'ws')}/api/v1/stream`, tokens, 50, onFrame);
  const connectEnclave = performance.now() - t;
  t = performance.now();
  const rawSockets = await connectAll(`${c.rawUrl.replace(/^http/, 'ws')}/`, tokens.map(() => ''), 50, onFrame);
  const connectRaw = performance.now() - t;
  await sleep(500);

  const text = 'fan-out probe: the quick brown fox jumps over the lazy dog, 0123456789';
  const total = c.warmup + c.messages;
  for (let k = 0; k < total; k++) {
    const et = `fe${k}`;
    sentAt.set(et, performance.now());
    const res = await http('POST', `${c.enclaveUrl}/api/v1/channels/${c.channelId}/messages`, { token: c.sender.token, body: { text, clientMsgId: et } });
    if (res.status !== 201) throw new Error(`enclave post answered ${res.status}: ${res.body.slice(0, 200)}`);
    await sleep(c.intervalMs);
    // The raw frame mimics Enclave's message.created frame (same fields, similar size).
    const rt = `fr${k}`;
    const frame = JSON.stringify({
      seq: 1000 + k,
      type: 'message.created',
      channelId: c.channelId,
      message: {
        id: '01JBENCHRAWFRAME0000000000',
        channelId: c.channelId,
        authorId: c.sender.id,
        text,
        entities: [],
        threadRootId: null,
        clientMsgId: rt,
        createdAt: new Date().toISOString(),
        editedAt: null,
        deletedAt: null,
        replyCount: 0,
        lastReplyAt: null,
        mentions: [],
      },
    });
    sentAt.set(rt, performance.now());
    const rr = await http('POST', `${c.rawUrl}/broadcast`, { raw: frame });
    if (rr.status !== 204) throw new Error(`raw broadcast answered ${rr.status}`);
    await sleep(c.intervalMs);
  }
  const expected = total * tokens.length;
  const deadline = performance.now() + 15_000;
  while ((seen.enclave < expected || seen.raw < expected) && performance.now() < deadline) await sleep(100);
  await Promise.all([closeAll(enclaveSockets), closeAll(rawSockets)]);
  return {
    enclave: summarize(lat.enclave),
    raw: summarize(lat.raw),
    missing: { enclave: expected - seen.enclave, raw: expected - seen.raw },
    connectMs: { enclave: connectEnclave, raw: connectRaw },
  };
}
