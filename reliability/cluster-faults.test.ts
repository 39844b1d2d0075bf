/**
 * Dependency faults under load (issue 10): two `bin/enclave serve` nodes on one PostgreSQL and
 * one Redis while `FAULT_CLIENTS` stream clients (default 100, in `FAULT_CHANNELS` = 20 channels)
 * each post one message a second for `FAULT_SECONDS` (default 40): Redis is killed at 5 s and
 * started again at 12 s; PostgreSQL is restarted (`pg_ctl restart -m fast`) at 20 s. Every
 * request is timed: each answers within 10 s, either 201 or 503 with the JSON error shape; the
 * last 10 s are all 201 (the nodes recover on their own); every acknowledged message reaches every
 * member exactly once, in per-channel order.
 *
 * This file always starts its own PostgreSQL (`reliability/postgres.ts`), even when
 * `DATABASE_URL` is set: it restarts the server, which must not happen to one shared by the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../bench/chat/client-lib.ts';
import { clusterEnv, startNode, startRedis, type TestNode, type TestRedis } from '../server/src/test/processes.ts';
import { LoadRun, nodeErrors, seed, type Seeded } from './load.ts';
import { startPostgres } from './postgres.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const CLIENTS = num('FAULT_CLIENTS', 100);
const CHANNELS = num('FAULT_CHANNELS', 20);
const SECONDS = Math.max(30, num('FAULT_SECONDS', 40));

const dir = mkdtempSync(join(tmpdir(), 'enclave-cluster-faults-'));
let pgdb: Awaited<ReturnType<typeof startPostgres>>;
let redis: TestRedis;
let seeded: Seeded;
const nodes: TestNode[] = [];

beforeAll(async () => {
  pgdb = await startPostgres();
  redis = await startRedis(join(dir, 'redis'));
  const env = clusterEnv(dir, { DATABASE_URL: pgdb.url, REDIS_URL: redis.url });
  seeded = await seed(env, CLIENTS, CHANNELS);
  nodes.push(...(await Promise.all([startNode(env), startNode(env)])));
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

/** Counts of each distinct string. */
function tally(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of items) out[x] = (out[x] ?? 0) + 1;
  return out;
}

describe('dependency faults under load', () => {
  it(`Redis killed and restarted, PostgreSQL restarted: clear 503s within 10 s, recovery, nothing acknowledged lost, no duplicate (${CLIENTS} clients × ${SECONDS} s)`, async () => {
    const run = new LoadRun({ nodes: nodes.map((n) => n.url), seeded, prefix: 'fault', timeoutMs: 30_000 });
    await run.connect();
    const faults: Promise<void>[] = [];
    const marks: Record<string, number> = {};
    await run.run(SECONDS, 1, (t) => {
      const mark = (what: string, p: () => Promise<void>) => {
        faults.push(
          p().then(() => {
            marks[what] = performance.now();
          }),
        );
      };
      if (t === 5) mark('redis down', () => redis.stop());
      if (t === 12) mark('redis up', () => redis.start());
      if (t === 20) mark('postgres restarted', () => pgdb.restart());
    });
    await Promise.all(faults);
    await run.drain(60_000);
    const r = run.report();
    run.close();
    const slow = run.posts.filter((p) => p.ms > 10_000);
    const unclear = run.posts.filter((p) => p.status !== 201 && !(p.status === 503 && /^\{"error":\{"code":"[a-z_]+","message":"/.test(p.body)));
    const restarted = marks['postgres restarted'] ?? 0;
    const late = run.posts.filter((p) => p.at > restarted + 5000 && p.status !== 201);
    process.stdout.write(
      `[cluster-faults] ${CLIENTS} clients, ${SECONDS} s: sent ${r.sent}, acknowledged ${r.acked}, answers ${JSON.stringify(r.statuses)}; slowest request ${r.slowest.toFixed(0)} ms; ` +
        `deliveries expected ${r.expected}, missing ${r.missing}, duplicate ${r.duplicates}, out of order ${r.outOfOrder}, order mismatches ${r.orderMismatch}; ` +
        `p99 send→deliver ${r.p99.toFixed(0)} ms; reconnects ${r.reconnects}${r.firstMissing ? `; ${r.firstMissing}` : ''}\n` +
        (unclear.length ? `[cluster-faults] unclear answers: ${JSON.stringify(tally(unclear.map((p) => `${p.status} ${p.body.slice(0, 100)}`)))}\n` : ''),
    );
    process.stdout.write(nodeErrors(nodes));
    expect(restarted).toBeGreaterThan(0);
    expect(slow.map((p) => Math.round(p.ms))).toEqual([]);
    expect(unclear.map((p) => `${p.status} ${p.body.slice(0, 200)}`)).toEqual([]);
    expect(late.map((p) => `${p.status} ${p.body.slice(0, 200)}`)).toEqual([]);
    expect({ missing: r.missing, duplicates: r.duplicates, outOfOrder: r.outOfOrder, orderMismatch: r.orderMismatch }).toEqual({ missing: 0, duplicates: 0, outOfOrder: 0, orderMismatch: 0 });
  }, 600_000);
});
