/**
 * `npm run bench:cluster [-- --quick]`: Enclave on several nodes (issue 10, "Benchmark"), all on
 * 127.0.0.1 in one run, on a throw-away PostgreSQL (`reliability/postgres.ts`) and Redis:
 *  1. sustained load, one node vs two nodes: stream clients in channels, each posting once a
 *     second (the reliability load harness, `reliability/load.ts`): accepted messages/s, p99
 *     send → deliver, missing/duplicate deliveries;
 *  2. fan-out of one message to N sockets of one channel spread over two nodes vs a raw `ws`
 *     broadcast to N sockets (`bench/chat/raw-ws-server.ts`): p99 and the ratio (target ≤ 1.5);
 *  3. memory per connected client: RSS growth of the two nodes / sockets (target < 50 KB).
 * Prints a markdown table and writes it to `bench/results/cluster-latest[-quick].md`.
 * Not measured here (see the report): PostgreSQL vs SQLite history page and search at 1,000,000
 * messages (`npm run bench:chat -- --only history` measures the SQLite side).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closeAll, connectAll, http, sleep } from '../chat/client-lib.ts';
import { cleanup, cleanupOnSignals, openFilesLimit, ROOT, startRaw } from '../chat/procs.ts';
import { summarize } from '../chat/stats.ts';
import { clusterEnv, startNode, startRedis, type TestNode } from '../../server/src/test/processes.ts';
import { LoadRun, seed, type LoadReport } from '../../reliability/load.ts';
import { startPostgres } from '../../reliability/postgres.ts';

const SIZES = {
  full: { clients: 1000, channels: 200, seconds: 30, fanout: 10_000, fanoutMessages: 20 },
  quick: { clients: 200, channels: 40, seconds: 10, fanout: 1000, fanoutMessages: 10 },
};

const log = (m: string): void => void process.stderr.write(`[bench:cluster ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const rssKb = (pid: number | undefined): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const ms = (v: number): string => `${v.toFixed(1)} ms`;

async function sustained(nodes: TestNode[], seeded: Awaited<ReturnType<typeof seed>>, seconds: number, prefix: string): Promise<LoadReport> {
  const run = new LoadRun({ nodes: nodes.map((n) => n.url), seeded, prefix });
  await run.connect();
  await run.run(seconds, 1);
  await run.drain(30_000);
  const r = run.report();
  run.close();
  await sleep(1000);
  return r;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' } }, strict: true });
  const z = values.quick ? SIZES.quick : SIZES.full;
  cleanupOnSignals();
  const fd = openFilesLimit();
  if (fd !== null && fd < z.fanout + 1000) throw new Error(`open-files limit ${fd} < ${z.fanout + 1000}: run \`ulimit -n ${z.fanout + 1000}\` first`);
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-cluster-'));
  const pg = await startPostgres();
  const redis = await startRedis(join(dir, 'redis'));
  const nodes: TestNode[] = [];
  const rows: string[][] = [];
  try {
    const env = clusterEnv(dir, { DATABASE_URL: pg.url, REDIS_URL: redis.url, ENCLAVE_MAX_SOCKETS_PER_USER: '20' });
    log(`seeding ${z.clients} + ${z.fanout + 1} accounts`);
    const load = await seed(env, z.clients, z.channels);
    const fan = await seed(env, z.fanout + 1, 1, 'fan');
    nodes.push(await startNode(env));
    nodes.push(await startNode(env));
    for (const n of nodes) await http('POST', `${n.url}/api/v1/channels/${load.channels[0]}/messages`, { token: (load.users[0] as { token: string }).token, body: { text: 'warming up' } });

    log(`sustained, one node: ${z.clients} clients × 1 msg/s × ${z.seconds} s`);
    const one = await sustained([nodes[0] as TestNode], load, z.seconds, 'one');
    log(`sustained, two nodes`);
    const two = await sustained(nodes, load, z.seconds, 'two');
    const row = (what: string, r: LoadReport): string[] => [
      what,
      `${(r.acked / z.seconds).toFixed(0)} msg/s accepted of ${(r.sent / z.seconds).toFixed(0)} sent`,
      `${ms(r.p50)} / ${ms(r.p99)}`,
      `${r.missing} / ${r.duplicates} / ${r.outOfOrder}`,
    ];
    rows.push(row('Sustained, 1 node', one), row('Sustained, 2 nodes', two));
    rows.push(['2 nodes / 1 node', `${(two.acked / Math.max(1, one.acked)).toFixed(2)}× messages/s`, `${(two.p99 / Math.max(1e-9, one.p99)).toFixed(2)}× p99`, '']);

    log(`fan-out: ${z.fanout} sockets over two nodes`);
    const rssBefore = nodes.map((n) => rssKb(n.proc.pid));
    const sentAt = new Map<string, number>();
    const lat = { enclave: [] as number[], raw: [] as number[] };
    const onFrame = (_i: number, data: string): void => {
      const now = performance.now();
      const m = /"clientMsgId":"(f[er]\d+)"/.exec(data);
      const t = m ? sentAt.get(m[1] as string) : undefined;
      if (m && t !== undefined) lat[(m[1] as string)[1] === 'e' ? 'enclave' : 'raw'].push(now - t);
    };
    const members = fan.users.slice(1);
    const half = Math.ceil(members.length / 2);
    const sockets = [
      ...(await connectAll(`${(nodes[0] as TestNode).url.replace(/^http/, 'ws')}/api/v1/stream`, members.slice(0, half).map((u) => u.token), 50, onFrame)),
      ...(await connectAll(`${(nodes[1] as TestNode).url.replace(/^http/, 'ws')}/api/v1/stream`, members.slice(half).map((u) => u.token), 50, onFrame)),
    ];
    await sleep(3000);
    const rssAfter = nodes.map((n) => rssKb(n.proc.pid));
    const perClientKb = (rssAfter.reduce((a, b) => a + b, 0) - rssBefore.reduce((a, b) => a + b, 0)) / members.length;
    const sender = fan.users[0] as { token: string };
    const text = 'fan-out probe: the quick brown fox jumps over the lazy dog, 0123456789';
    for (let k = 0; k < z.fanoutMessages + 2; k++) {
      const tag = `fe${k}`;
      sentAt.set(tag, performance.now());
      const res = await http('POST', `${(nodes[k % 2] as TestNode).url}/api/v1/channels/${fan.channels[0]}/messages`, { token: sender.token, body: { text, clientMsgId: tag } });
      if (res.status !== 201) throw new Error(`fan-out post answered ${res.status}`);
      await sleep(500);
    }
    await sleep(3000);
    await closeAll(sockets);
    const raw = await startRaw();
    const rawSockets = await connectAll(`${raw.url.replace(/^http/, 'ws')}/`, members.map(() => ''), 50, onFrame);
    await sleep(1000);
    for (let k = 0; k < z.fanoutMessages + 2; k++) {
      const tag = `fr${k}`;
      const frame = JSON.stringify({ seq: 1000 + k, type: 'message.created', channelId: fan.channels[0], message: { id: '01JBENCHRAWFRAME0000000000', channelId: fan.channels[0], authorId: 'x', text, entities: [], threadRootId: null, clientMsgId: tag, createdAt: new Date().toISOString(), editedAt: null, deletedAt: null, replyCount: 0, lastReplyAt: null, mentions: [] } });
      sentAt.set(tag, performance.now());
      await http('POST', `${raw.url}/broadcast`, { raw: frame });
      await sleep(500);
    }
    await sleep(2000);
    await closeAll(rawSockets);
    const e = summarize(lat.enclave);
    const r = summarize(lat.raw);
    const expected = (z.fanoutMessages + 2) * members.length;
    rows.push([`Fan-out, ${members.length} sockets on 2 nodes`, `Enclave p50 / p99 (n=${e.n} of ${expected})`, `${ms(e.p50)} / ${ms(e.p99)}`, '']);
    rows.push([`Fan-out, ${members.length} sockets`, `raw ws p50 / p99 (n=${r.n} of ${expected})`, `${ms(r.p50)} / ${ms(r.p99)}`, '']);
    rows.push(['Fan-out p99 ratio', `${(e.p99 / r.p99).toFixed(2)} (target ≤ 1.5)`, e.p99 / r.p99 <= 1.5 ? 'pass' : 'fail', '']);
    // RSS can fall while the sockets connect (the heap left by the sustained runs is collected): no figure then
    rows.push(['Memory per connected client', `${perClientKb.toFixed(1)} KB (RSS delta of both nodes / ${members.length}; target < 50 KB)`, perClientKb <= 0 ? 'invalid (RSS fell meanwhile)' : perClientKb < 50 ? 'pass' : 'fail', '']);
  } finally {
    for (const n of nodes) await n.stop('SIGKILL');
    await redis.stop();
    await pg.stop();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  const table = [
    `# Cluster benchmark — ${new Date().toISOString()}${values.quick ? ' (quick)' : ''}`,
    '',
    `Machine load average ${loadBefore.map((v) => v.toFixed(1)).join(' ')} before, ${loadAfter.map((v) => v.toFixed(1)).join(' ')} after; Node ${process.version}. PostgreSQL (throw-away, fsync off) + Redis + \`bin/enclave serve\` nodes, clients in this process.`,
    '',
    '| scenario | measure | p50 / p99 or result | missing / duplicate / out of order |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/cluster-latest${values.quick ? '-quick' : ''}.md`), table);
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    process.stderr.write(`bench:cluster failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanup();
    process.exit(1);
  },
);
