/**
 * Two `bin/enclave serve` nodes on one PostgreSQL and one Redis under load (issue 10, "Load" and
 * "Crash"): `LOAD_CLIENTS` stream clients (default 1,000) spread over both nodes, in
 * `LOAD_CHANNELS` channels (default 200), each posting `LOAD_RATE` messages a second (default 1)
 * for `LOAD_SECONDS` (default 60). Every acknowledged message must reach every member exactly
 * once, in per-channel order; the p99 send → deliver is printed. Then `kill -9` of one node in the
 * middle of `CRASH_SECONDS` (default 20) of the same load: its clients reconnect to the other node
 * with `since` and catch up with no gap, no acknowledged message is lost, and
 * `bin/enclave audit verify` exits 0.
 *
 * PostgreSQL: a fresh database in the server of `DATABASE_URL` when set, else a throw-away server
 * of this file (`reliability/postgres.ts`). Redis: a throw-away `redis-server`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, clusterEnv, startNode, startRedis, type TestNode, type TestRedis } from '../server/src/test/processes.ts';
import { http } from '../bench/chat/client-lib.ts';
import { LoadRun, nodeErrors, seed, type LoadReport, type Seeded } from './load.ts';
import { usePostgres, type TestPostgres } from './postgres.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const CLIENTS = num('LOAD_CLIENTS', 1000);
const CHANNELS = num('LOAD_CHANNELS', 200);
const RATE = num('LOAD_RATE', 1);
const SECONDS = num('LOAD_SECONDS', 60);
const CRASH_SECONDS = num('CRASH_SECONDS', 20);

const dir = mkdtempSync(join(tmpdir(), 'enclave-cluster-load-'));
let pgdb: TestPostgres;
let redis: TestRedis;
let env: Record<string, string>;
let seeded: Seeded;
const nodes: TestNode[] = [];

beforeAll(async () => {
  pgdb = await usePostgres();
  redis = await startRedis(join(dir, 'redis'));
  env = clusterEnv(dir, { DATABASE_URL: pgdb.url, REDIS_URL: redis.url });
  const t0 = Date.now();
  seeded = await seed(env, CLIENTS, CHANNELS);
  process.stdout.write(`[cluster-load] seeded ${CLIENTS} accounts and ${CHANNELS} channels in ${Date.now() - t0} ms\n`);
  nodes.push(...(await Promise.all([startNode(env), startNode(env)])));
  // warm-up (the analyzer's first message loads its models): not measured
  const u = seeded.users[0] as { token: string };
  for (const n of nodes) {
    const r = await http('POST', `${n.url}/api/v1/channels/${seeded.channels[0]}/messages`, { token: u.token, body: { text: 'warming up' } });
    if (r.status !== 201) throw new Error(`warm-up post: ${r.status} ${r.body}`);
  }
}, 300_000);

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
  await redis?.stop();
  await pgdb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function print(what: string, r: LoadReport, seconds: number): void {
  process.stdout.write(
    `[cluster-load] ${what}: ${CLIENTS} clients, ${CHANNELS} channels, ${RATE} msg/s each for ${seconds} s: ` +
      `sent ${r.sent}, acknowledged ${r.acked} (${(r.acked / seconds).toFixed(0)} msg/s), answers ${JSON.stringify(r.statuses)}; ` +
      `deliveries expected ${r.expected}, missing ${r.missing}, duplicate ${r.duplicates}, out of order ${r.outOfOrder}, order mismatches ${r.orderMismatch}; ` +
      `send→deliver p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; slowest POST ${r.slowest.toFixed(0)} ms; reconnects ${r.reconnects}${r.firstMissing ? `; ${r.firstMissing}` : ''}\n`,
  );
}

describe('two nodes on PostgreSQL + Redis under load', () => {
  it(`delivers every acknowledged message to every member exactly once, in per-channel order (${CLIENTS} clients × ${RATE} msg/s × ${SECONDS} s)`, async () => {
    const run = new LoadRun({ nodes: nodes.map((n) => n.url), seeded, prefix: 'load' });
    await run.connect();
    await run.run(SECONDS, RATE);
    await run.drain(60_000);
    const r = run.report();
    run.close();
    print('load', r, SECONDS);
    process.stdout.write(nodeErrors(nodes));
    expect(r.acked).toBeGreaterThan(0);
    // every answer is an acknowledgement or a clear JSON error (nothing dropped on the floor)
    for (const p of run.posts.filter((x) => x.status !== 201)) expect(p.body, `${p.status}`).toMatch(/^\{"error":\{"code":"/);
    expect({ missing: r.missing, duplicates: r.duplicates, outOfOrder: r.outOfOrder, orderMismatch: r.orderMismatch }).toEqual({ missing: 0, duplicates: 0, outOfOrder: 0, orderMismatch: 0 });
  }, 900_000);

  it('kill -9 of one node mid-load: its clients reconnect to the other and catch up with no gap; audit verify exits 0', async () => {
    const [a, b] = nodes as [TestNode, TestNode];
    const run = new LoadRun({ nodes: [a.url, b.url], seeded, prefix: 'crash' })
    const onB = run.clients.filter((c) => c.node === 1).length;;
    await run.connect();
    let killed: Promise<void> | undefined;
    await run.run(CRASH_SECONDS, RATE, (t) => {
      if (t !== Math.floor(CRASH_SECONDS / 2)) return;
      killed = b.stop('SIGKILL').then(() => void run.dead.add(1));
    });
    await killed;
    await run.drain(60_000);
    const r = run.report();
    run.close();
    print('crash', r, CRASH_SECONDS);
    process.stdout.write(nodeErrors([a]));
    // the killed node's clients came back through the other node
    expect(r.reconnects).toBeGreaterThanOrEqual(onB);
    expect(r.acked).toBeGreaterThan(0);
    expect({ missing: r.missing, duplicates: r.duplicates, outOfOrder: r.outOfOrder, orderMismatch: r.orderMismatch }).toEqual({ missing: 0, duplicates: 0, outOfOrder: 0, orderMismatch: 0 });
    await a.stop('SIGTERM');
    const verify = cli(['audit', 'verify'], env);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 600_000);
});
