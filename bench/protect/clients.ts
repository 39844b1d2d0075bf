/**
 * Clients child of the protection benchmark (a separate process from the servers): opens one
 * stream socket per member of every channel on each target (protection ON and OFF servers),
 * then runs `rounds` rounds; each round sends for `windowSeconds` at `rate` messages/s to one
 * target, then to the other (order alternates per round, so load drift on the shared machine
 * hits both alike). Senders are taken in turn over all members (each user far below the
 * per-user message limit). Half of the messages carry personal data (fake: example.com,
 * 192.0.2.0/24, 555-01xx), half none; the same texts go to both targets.
 * Latency = frame arrival at a member socket − POST start, same clock, every member counted.
 * After the load, times `reveals` sequential `POST /api/v1/reveal` calls on the ON target, each
 * by a member of the channel that holds the token.
 */
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import { processCpuMs, summarize, type LoadCommand, type LoadResult, type Target, type TargetResult } from './protocol.ts';

const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function http(method: string, url: string, token: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      url,
      { method, agent, timeout: 90_000, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The text of message `n`: even numbers carry personal data (fake values), odd ones none. */
function textFor(n: number): string {
  const two = String(n % 100).padStart(2, '0');
  return n % 2 === 0
    ? `case ${n}: reporter jane.doe.${n}@example.com from 192.0.2.${(n % 250) + 1}, call +1 201-555-01${two} about it`
    : `case ${n}: the queue is long today, please pick up the next ticket when you can`;
}

interface Member {
  target: number;
  channel: number;
  token: string;
}

interface Frame {
  type?: string;
  channelId?: string;
  message?: { clientMsgId?: string | null; entities?: Array<{ token: string }> };
}

async function run(c: LoadCommand): Promise<LoadResult> {
  const members: Member[] = [];
  c.targets.forEach((t, ti) => t.channels.forEach((ch, ci) => ch.members.forEach((m) => members.push({ target: ti, channel: ci, token: m.token }))));
  const sentAt = new Map<string, number>();
  const lat = c.targets.map(() => ({ all: [] as number[], pii: [] as number[], plain: [] as number[] }));
  const delivered = c.targets.map(() => 0);
  // Tokens seen on the ON target, with the channel index that holds them.
  const tokens: Array<{ token: string; channel: number }> = [];
  const onFrame = (i: number, data: Buffer): void => {
    const now = performance.now();
    const f = JSON.parse(data.toString('utf8')) as Frame;
    if (f.type !== 'message.created') return;
    const tag = f.message?.clientMsgId;
    const t0 = tag ? sentAt.get(tag) : undefined;
    if (!tag || t0 === undefined) return;
    const m = members[i] as Member;
    if (tag.split('_')[1] === 'warmup') return;
    const l = lat[m.target] as { all: number[]; pii: number[]; plain: number[] };
    l.all.push(now - t0);
    (Number(tag.split('_')[2]) % 2 === 0 ? l.pii : l.plain).push(now - t0);
    delivered[m.target] = (delivered[m.target] ?? 0) + 1;
    const target = c.targets[m.target] as Target;
    if (target.name === 'on' && tokens.length < 50_000 && (c.targets[m.target]?.channels[m.channel]?.members[0]?.token === m.token)) {
      for (const e of f.message?.entities ?? []) tokens.push({ token: e.token, channel: m.channel });
    }
  };
  const t0 = performance.now();
  const sockets: WebSocket[] = new Array<WebSocket>(members.length);
  let next = 0;
  const connectOne = async (): Promise<void> => {
    while (next < members.length) {
      const i = next++;
      const m = members[i] as Member;
      const url = `${(c.targets[m.target] as Target).url.replace(/^http/, 'ws')}/api/v1/stream`;
      sockets[i] = await new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { authorization: `Bearer ${m.token}` }, perMessageDeflate: false });
        let hello = false;
        const timer = setTimeout(() => reject(new Error(`socket ${i}: no hello within 60 s`)), 60_000);
        ws.on('message', (d: Buffer) => {
          if (!hello) {
            hello = true;
            clearTimeout(timer);
            resolve(ws);
          } else onFrame(i, d);
        });
        ws.on('unexpected-response', (_q, res) => reject(new Error(`socket ${i}: upgrade refused ${res.statusCode}`)));
        ws.on('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: 50 }, connectOne));
  const connectMs = performance.now() - t0;
  await sleep(1000);

  const acc = c.targets.map(() => ({ sent: 0, accepted: 0, rejected: {} as Record<string, number>, expected: 0, post: [] as number[], seconds: 0, cpuMs: 0 }));
  let n = 0;
  // Round -1 warms both servers up (JIT, caches) for a few seconds and is not recorded.
  for (let round = -1; round < c.rounds; round++) {
    const warm = round < 0;
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const ti of order) {
      const target = c.targets[ti] as Target;
      const a = warm ? { sent: 0, accepted: 0, rejected: {} as Record<string, number>, expected: 0, post: [] as number[], seconds: 0, cpuMs: 0 } : (acc[ti] as (typeof acc)[number]);
      const cpu0 = processCpuMs(target.pid);
      const senders = target.channels.flatMap((ch, ci) => ch.members.map((m) => ({ ch, ci, m })));
      const total = Math.round(c.rate * (warm ? Math.min(3, c.windowSeconds) : c.windowSeconds));
      const pending = new Set<Promise<void>>();
      const start = performance.now();
      let sent = 0;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * c.rate) + 1);
        while (sent < due) {
          const k = n++;
          sent++;
          const s = senders[k % senders.length] as (typeof senders)[number];
          const tag = `${target.name}_${warm ? 'warmup' : round}_${k}`; // clientMsgId charset: [A-Za-z0-9_-]
          const ts = performance.now();
          sentAt.set(tag, ts);
          a.sent++;
          const p = http('POST', `${target.url}/api/v1/channels/${s.ch.id}/messages`, s.m.token, { text: textFor(k), clientMsgId: tag })
            .then(
              (res) => {
                if (res.status === 201) {
                  a.accepted++;
                  a.expected += s.ch.members.length;
                  a.post.push(performance.now() - ts);
                } else a.rejected[String(res.status)] = (a.rejected[String(res.status)] ?? 0) + 1;
              },
              (err: unknown) => {
                const k = err instanceof Error && err.message === 'timeout' ? 'client timeout (90 s)' : 'transport error';
                a.rejected[k] = (a.rejected[k] ?? 0) + 1;
              },
            )
            .finally(() => pending.delete(p));
          pending.add(p);
        }
        await sleep(5);
      }
      await Promise.all([...pending]);
      // Rate = accepted / (window start → last POST answered): a server that falls behind shows it.
      a.seconds += (performance.now() - start) / 1000;
      if (warm) {
        await sleep(2000);
        continue;
      }
      const until = performance.now() + c.drainMs;
      while ((delivered[ti] ?? 0) < a.expected && performance.now() < until) await sleep(50);
      a.cpuMs += processCpuMs(target.pid) - cpu0;
      process.stderr.write(`[bench:protect] round ${round + 1}/${c.rounds} ${target.name}: ${a.accepted}/${a.sent} accepted, ${delivered[ti]}/${a.expected} delivered\n`);
    }
  }
  const results = {} as Record<'on' | 'off', TargetResult>;
  c.targets.forEach((t, ti) => {
    const a = acc[ti] as (typeof acc)[number];
    const l = lat[ti] as { all: number[]; pii: number[]; plain: number[] };
    results[t.name] = {
      sent: a.sent,
      accepted: a.accepted,
      rejected: a.rejected,
      expected: a.expected,
      delivered: delivered[ti] ?? 0,
      latency: summarize(l.all),
      latencyPii: summarize(l.pii),
      latencyPlain: summarize(l.plain),
      post: summarize(a.post),
      achievedRate: a.accepted / Math.max(a.seconds, 1e-9),
      serverCpuMs: a.cpuMs,
    };
  });

  // Reveals on the ON target: one member of the token's channel (not the author), sequentially.
  const on = c.targets.find((t) => t.name === 'on') as Target;
  const revealMs: number[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < Math.min(c.reveals, tokens.length); i++) {
    const tk = tokens[Math.floor((i * tokens.length) / Math.min(c.reveals, tokens.length))] as { token: string; channel: number };
    const ch = on.channels[tk.channel];
    const who = ch?.members[1 + (i % Math.max(1, ch.members.length - 1))] ?? ch?.members[0];
    if (!who) continue;
    const ts = performance.now();
    const r = await http('POST', `${on.url}/api/v1/reveal`, who.token, { token: tk.token, justification: 'benchmark: checking the reporter contact for case' }).catch(() => ({ status: 0, body: '' }));
    const ms = performance.now() - ts;
    statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    if (r.status === 200) revealMs.push(ms);
  }
  await Promise.race([Promise.all(sockets.map((ws) => new Promise<void>((r) => (ws.once('close', () => r()), ws.close())))), sleep(3000)]);
  for (const ws of sockets) if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  return { connectMs, sockets: members.length, results, reveal: { latency: summarize(revealMs), statuses, tokensSeen: tokens.length } };
}

process.once('message', (msg: LoadCommand) => {
  run(msg).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(1));
