/**
 * Parts 1 and 2 of `bench:cluster`: fan-out of one message to N sockets spread over two nodes
 * vs a raw `ws` broadcast to N sockets, and memory per connected client.
 *
 * Both fan-outs are measured the same way: the same {@link WORKERS} forked client processes hold
 * the sockets (`fanout-worker.ts`), the orchestrator stamps each send just before its HTTP request
 * with `performance.timeOrigin + performance.now()` (ms since the epoch; the workers stamp arrivals
 * on the same clock), probes go 500 ms apart after 2 warm-up probes, and the raw frame is an
 * Enclave frame the workers received, byte for byte, with its tag changed (same length) — so the
 * same message size. Latency = arrival − send, per socket and probe.
 *
 * Memory: the summed RSS of both nodes once it settled, before and after N idle authenticated
 * stream sockets connect (median of 7 samples 1 s apart that lie within 2 MB), divided by N;
 * and the same with `enclave_nodejs_heap_size_used_bytes` from each node's `/metrics`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { http, sleep } from '../chat/client-lib.ts';
import { ask, forkPath, startRaw, stop } from '../chat/procs.ts';
import { summarize } from '../chat/stats.ts';
import type { TestNode } from '../../server/src/test/processes.ts';
import type { Seeded } from '../../reliability/load.ts';
import type { WorkerCommand, WorkerReply } from './fanout-worker.ts';

/** Forked fan-out client processes. */
export const WORKERS = 4;
const HERE = dirname(fileURLToPath(import.meta.url));
const WARMUP = 2;

const log = (m: string): void => void process.stderr.write(`[bench:cluster ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const rssKb = (pid: number | undefined): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const now = (): number => performance.timeOrigin + performance.now();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const load1 = (): string => loadavg()[0]?.toFixed(1) ?? '?';

/** Summed `enclave_nodejs_heap_size_used_bytes` of `nodes` (their `/metrics`, loopback), kB; NaN if missing. */
async function heapUsedKb(nodes: TestNode[]): Promise<number> {
  let sum = 0;
  for (const n of nodes) {
    const res = await http('GET', `${n.url}/metrics`);
    const m = /^enclave_nodejs_heap_size_used_bytes\s+(\d+(?:\.\d+)?)/m.exec(res.body);
    if (!m) return NaN;
    sum += Number(m[1]) / 1024;
  }
  return sum;
}

/**
 * Summed RSS and heap used (kB) of `nodes` once settled: samples every `everyMs` until the last
 * `n` RSS samples lie within 2 MB of each other (at most 90 s), then the medians of those samples.
 * The server has no GC hook, so this is the settle.
 */
async function settled(nodes: TestNode[], n = 7, everyMs = 1000): Promise<{ rssKb: number; heapKb: number }> {
  const rss: number[] = [];
  const heap: number[] = [];
  const deadline = performance.now() + 90_000;
  for (;;) {
    rss.push(nodes.reduce((sum, node) => sum + rssKb(node.proc.pid), 0));
    heap.push(await heapUsedKb(nodes));
    const last = rss.slice(-n);
    if (last.length === n && (Math.max(...last) - Math.min(...last) < 2048 || performance.now() > deadline)) return { rssKb: median(last), heapKb: median(heap.slice(-n)) };
    await sleep(everyMs);
  }
}

async function askWorker(w: ReturnType<typeof forkPath>, c: WorkerCommand): Promise<WorkerReply> {
  const r = await ask<WorkerReply>(w, c);
  if (!r.ok) throw new Error(`fan-out worker: ${r.error}`);
  return r;
}

/** Sends `count + WARMUP` probes with `send(tag, k)` 500 ms apart; returns the send times of the measured ones. */
async function probes(prefix: 'fe' | 'fr', count: number, send: (tag: string, k: number) => Promise<void>): Promise<Record<string, number>> {
  const sentAt: Record<string, number> = {};
  for (let k = 0; k < WARMUP + count; k++) {
    const tag = `${prefix}${k}`;
    const t = now();
    await send(tag, k);
    if (k >= WARMUP) sentAt[tag] = t;
    await sleep(500);
  }
  return sentAt;
}

/** Every worker's latencies of the probes of `sentAt` (ms), one sample frame, and a progress line per probe. */
async function collect(workers: Array<ReturnType<typeof forkPath>>, sentAt: Record<string, number>, what: string): Promise<{ latencies: number[]; sample: string | undefined }> {
  const replies = await Promise.all(workers.map((w) => askWorker(w, { cmd: 'latencies', sentAt, waitMs: 60_000 })));
  const byTag = new Map<string, number[]>();
  for (const r of replies) for (const [tag, xs] of Object.entries(r.byTag ?? {})) byTag.set(tag, [...(byTag.get(tag) ?? []), ...xs]);
  const perProbe = [...byTag].map(([tag, xs]) => {
    const s = summarize(xs);
    return `${tag} ${s.p50.toFixed(0)}/${s.p99.toFixed(0)}/${s.max.toFixed(0)}`;
  });
  log(`${what} per probe p50/p99/max ms: ${perProbe.join(', ')}`);
  return { latencies: [...byTag.values()].flat(), sample: replies.find((r) => r.sample)?.sample };
}

/** Connects `tokens` (split over the workers; worker k to `urls[k % urls.length]`), logging progress. */
async function connect(workers: Array<ReturnType<typeof forkPath>>, urls: string[], tokens: string[]): Promise<number> {
  const share = Math.ceil(tokens.length / workers.length);
  const t = performance.now();
  const replies = await Promise.all(workers.map((w, k) => askWorker(w, { cmd: 'connect', url: urls[k % urls.length] as string, tokens: tokens.slice(k * share, (k + 1) * share) })));
  const open = replies.reduce((n, r) => n + (r.open ?? 0), 0);
  log(`  ${open} sockets open in ${((performance.now() - t) / 1000).toFixed(1)} s (load ${load1()})`);
  return open;
}

/**
 * Runs parts 1 and 2 on two fresh `nodes` (`fan`: the sender is `users[0]`, every other user one
 * socket; all members of `channels[0]`), `messages` measured probes each; appends table rows.
 */
export async function fanoutAndMemory(nodes: TestNode[], fan: Seeded, messages: number, rows: string[][]): Promise<void> {
  const members = fan.users.slice(1);
  const sender = fan.users[0] as { token: string };
  const channelId = fan.channels[0] as string;
  const workers = Array.from({ length: WORKERS }, () => forkPath(join(HERE, 'fanout-worker.ts')));
  try {
    const before = await settled(nodes);
    log(`fan-out: connecting ${members.length} sockets over two nodes from ${WORKERS} client processes (load ${load1()})`);
    await connect(
      workers,
      nodes.map((n) => `${n.url.replace(/^http/, 'ws')}/api/v1/stream`),
      members.map((u) => u.token),
    );
    await sleep(3000);
    const after = await settled(nodes);
    const perClientKb = (after.rssKb - before.rssKb) / members.length;
    const heapPerClientKb = (after.heapKb - before.heapKb) / members.length;
    log(`memory: RSS ${(before.rssKb / 1024).toFixed(0)} → ${(after.rssKb / 1024).toFixed(0)} MB, heap used ${(before.heapKb / 1024).toFixed(0)} → ${(after.heapKb / 1024).toFixed(0)} MB`);

    log(`fan-out: ${WARMUP} + ${messages} Enclave probes (load ${load1()})`);
    const text = 'fan-out probe: the quick brown fox jumps over the lazy dog, 0123456789';
    const postMs: number[] = [];
    const sentE = await probes('fe', messages, async (tag, k) => {
      const t = performance.now();
      const res = await http('POST', `${(nodes[k % 2] as TestNode).url}/api/v1/channels/${channelId}/messages`, { token: sender.token, body: { text, clientMsgId: tag } });
      if (res.status !== 201) throw new Error(`fan-out post answered ${res.status}`);
      postMs.push(performance.now() - t);
    });
    log(`Enclave POST answered in (ms): ${postMs.map((v) => v.toFixed(0)).join(', ')}`);
    const enclave = await collect(workers, sentE, 'Enclave');
    await Promise.all(workers.map((w) => askWorker(w, { cmd: 'close' })));
    if (!enclave.sample) throw new Error('fan-out: no Enclave frame arrived');
    const sample = enclave.sample;

    const raw = await startRaw();
    log(`fan-out: ${members.length} sockets on the raw ws server (load ${load1()})`);
    await connect(
      workers,
      [`${raw.url.replace(/^http/, 'ws')}/`],
      members.map(() => ''),
    );
    await sleep(1000);
    log(`fan-out: ${WARMUP} + ${messages} raw probes, ${Buffer.byteLength(sample)}-byte frames (load ${load1()})`);
    const sentR = await probes('fr', messages, async (tag) => {
      // the Enclave frame a worker received, its tag swapped for one of the same length
      const frame = sample.replace(/"clientMsgId":"fe\d+"/, `"clientMsgId":"${tag}"`);
      const res = await http('POST', `${raw.url}/broadcast`, { raw: frame });
      if (res.status !== 204) throw new Error(`raw broadcast answered ${res.status}`);
    });
    const rawLat = await collect(workers, sentR, 'raw ws');
    await Promise.all(workers.map((w) => askWorker(w, { cmd: 'close' })));
    await stop(raw.child);

    const e = summarize(enclave.latencies);
    const r = summarize(rawLat.latencies);
    const expected = messages * members.length;
    rows.push([`Fan-out, ${members.length} sockets on 2 nodes`, `Enclave p50 / p99 (n=${e.n} of ${expected}; max ${ms(e.max)})`, `${ms(e.p50)} / ${ms(e.p99)}`, `${expected - e.n} / – / –`]);
    rows.push([`Fan-out, ${members.length} sockets on 1 process`, `raw ws p50 / p99 (n=${r.n} of ${expected}; max ${ms(r.max)})`, `${ms(r.p50)} / ${ms(r.p99)}`, `${expected - r.n} / – / –`]);
    rows.push(['Fan-out p99 ratio', `${(e.p99 / r.p99).toFixed(2)} (target ≤ 1.5)`, e.p99 / r.p99 <= 1.5 ? 'pass' : 'fail', '']);
    rows.push([
      'Memory per connected client',
      `${perClientKb.toFixed(1)} KB RSS (settled RSS of both nodes ${(before.rssKb / 1024).toFixed(0)} → ${(after.rssKb / 1024).toFixed(0)} MB / ${members.length} idle sockets; target < 50 KB); heap used ${heapPerClientKb.toFixed(1)} KB (${(before.heapKb / 1024).toFixed(0)} → ${(after.heapKb / 1024).toFixed(0)} MB)`,
      perClientKb <= 0 ? 'invalid (RSS fell meanwhile)' : perClientKb < 50 ? 'pass' : 'fail',
      '',
    ]);
  } finally {
    for (const w of workers) w.disconnect();
  }
}
