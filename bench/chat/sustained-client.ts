/**
 * Sustained load (runs in the clients process): one stream socket per member of every channel;
 * posts at `rate` per second (open loop, scheduled every 10 ms) for `seconds`, senders taken in
 * turn across all members so each user stays under the per-user message limit. Checks that
 * each accepted message reaches every member socket of its channel exactly once, and nowhere
 * else. Latency = frame arrival − POST start (same clock).
 */
import type { SustainedCommand, SustainedResult } from './protocol.ts';
import { closeAll, connectAll, http, sleep } from './client-lib.ts';
import { summarize } from './stats.ts';

interface Frame {
  seq?: number;
  type?: string;
  channelId?: string;
  message?: { clientMsgId?: string | null };
}

/** Most POSTs in flight; beyond it a due send is counted as `rejected["client-backlog"]`. */
const MAX_IN_FLIGHT = 4000;

export async function runSustained(c: SustainedCommand): Promise<SustainedResult> {
  const members = c.channels.flatMap((ch) => ch.members.map((m) => ({ user: m, channelId: ch.id })));
  const channelSize = new Map(c.channels.map((ch) => [ch.id, ch.members.length]));
  const sentAt: number[] = [];
  const messageChannel: string[] = [];
  const accepted = new Uint8Array(Math.ceil(c.rate * c.seconds) + 16);
  const perSocket = members.map(() => new Set<number>());
  const lastSeq = new Float64Array(members.length);
  // Delivery latency and message number per delivery; filtered to accepted messages at the end.
  const latencies: number[] = [];
  const latencyOf: number[] = [];
  let delivered = 0;
  let duplicates = 0;
  let foreign = 0;
  let outOfOrder = 0;
  let socketsClosed = 0;
  let live = false;

  const onFrame = (i: number, data: string): void => {
    const now = performance.now();
    const f = JSON.parse(data) as Frame;
    if (f.type !== 'message.created') return;
    const tag = f.message?.clientMsgId;
    if (!tag || !tag.startsWith('s')) return;
    const n = Number(tag.slice(1));
    const me = members[i];
    if (!me || f.channelId !== me.channelId) {
      foreign++;
      return;
    }
    if (typeof f.seq === 'number') {
      if (f.seq <= (lastSeq[i] as number)) outOfOrder++;
      lastSeq[i] = f.seq;
    }
    const set = perSocket[i] as Set<number>;
    if (set.has(n)) {
      duplicates++;
      return;
    }
    set.add(n);
    delivered++;
    const t = sentAt[n];
    if (t !== undefined) {
      latencies.push(now - t);
      latencyOf.push(n);
    }
  };
  const sockets = await connectAll(
    `${c.url.replace(/^http/, 'ws')}/api/v1/stream`,
    members.map((m) => m.user.token),
    50,
    onFrame,
    () => {
      if (live) socketsClosed++;
    },
  );
  live = true;
  await sleep(500);

  const rejected: Record<string, number> = {};
  const reject = (k: string): void => {
    rejected[k] = (rejected[k] ?? 0) + 1;
  };
  const postMs: number[] = [];
  let sent = 0;
  let acceptedCount = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const total = Math.round(c.rate * c.seconds);
  const start = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * c.rate) + 1);
    while (sent < due) {
      const n = sent++;
      const who = members[n % members.length] as (typeof members)[number];
      messageChannel[n] = who.channelId;
      if (inFlight >= MAX_IN_FLIGHT) {
        reject('client-backlog');
        continue;
      }
      inFlight++;
      const t0 = performance.now();
      sentAt[n] = t0;
      const p = http('POST', `${c.url}/api/v1/channels/${who.channelId}/messages`, { token: who.user.token, body: { text: `sustained load message ${n}`, clientMsgId: `s${n}` } })
        .then(
          (res) => {
            if (res.status === 201) {
              accepted[n] = 1;
              acceptedCount++;
              postMs.push(performance.now() - t0);
            } else reject(String(res.status));
          },
          () => reject('error'),
        )
        .finally(() => {
          inFlight--;
          pending.delete(p);
        });
      pending.add(p);
    }
    await sleep(10);
  }
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all([...pending]);
  const expectedFor = (): number => {
    let e = 0;
    for (let n = 0; n < sent; n++) if (accepted[n]) e += channelSize.get(messageChannel[n] as string) ?? 0;
    return e;
  };
  const expected = expectedFor();
  const deadline = performance.now() + c.drainMs;
  while (delivered < expected && performance.now() < deadline) await sleep(50);
  live = false;
  // Deliveries of messages that were not accepted would be a bug too: count only accepted ones.
  let deliveredAccepted = 0;
  for (const set of perSocket) for (const n of set) if (accepted[n]) deliveredAccepted++;
  await closeAll(sockets);
  return {
    sent,
    accepted: acceptedCount,
    rejected,
    expectedDeliveries: expected,
    delivered: deliveredAccepted,
    missing: expected - deliveredAccepted,
    duplicates,
    foreign,
    outOfOrder,
    latency: summarize(latencies.filter((_, k) => accepted[latencyOf[k] as number] === 1)),
    postLatency: summarize(postMs),
    achievedRate: acceptedCount / sendSeconds,
    socketsClosed,
  };
}
