/**
 * What sharing the guard's conversation memory through Redis adds to a post (issue 10):
 * one `bin/enclave serve` on SQLite without `REDIS_URL`, then one with a real Redis, each posting
 * N messages one after another (each introduces a name, so every post learns words and, with
 * Redis, writes them to Redis and publishes them); prints the median and p90 ms per post of each.
 * Run: `npx tsx bench/conversation-memory.ts [N]` (default 300; needs Debian's `redis-server`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, clusterEnv, startNode, startRedis } from '../server/src/test/processes.ts';

const N = Number(process.argv[2] ?? 300);
const GIVEN = ['Jane', 'Priya', 'Tomasz', 'Amara', 'Kenji', 'Lucia', 'Omar', 'Sigrid'];
const FAMILY = ['Doe', 'Okonkwo', 'Kowalski', 'Haddad', 'Tanaka', 'Moreau', 'Lindqvist', 'Adeyemi'];

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

async function run(label: string, extra: Record<string, string>): Promise<{ label: string; median: number; p90: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-memory-'));
  const env = clusterEnv(dir, { ENCLAVE_MESSAGE_RATE: '100000', LOG_LEVEL: 'error', ...extra });
  const user = addUser(env, 'bench.memory@example.com', 'Bench Memory', 'agent', true);
  const node = await startNode(env);
  try {
    const headers = { authorization: `Bearer ${user.apiToken}`, 'content-type': 'application/json' };
    const ch = (await (await fetch(`${node.url}/api/v1/channels`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench-memory', visibility: 'private' }) })).json()) as { id: string };
    const times: number[] = [];
    for (let i = 0; i < N + 20; i++) {
      const text = `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 3) % FAMILY.length]} reported the account again, message ${i}`;
      const t0 = performance.now();
      const res = await fetch(`${node.url}/api/v1/channels/${ch.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text }) });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`post answered ${res.status}`);
      if (i >= 20) times.push(performance.now() - t0); // the first 20 warm up
    }
    return { label, median: quantile(times, 0.5), p90: quantile(times, 0.9) };
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const redisDir = mkdtempSync(join(tmpdir(), 'enclave-bench-redis-'));
const redis = await startRedis(redisDir);
try {
  const results = [await run('without Redis', {}), await run('with Redis', { REDIS_URL: redis.url }), await run('without Redis (again)', {})];
  console.log(`conversation memory, ${N} posts one after another, ms per post (client side):`);
  for (const r of results) console.log(`  ${r.label.padEnd(22)} median ${r.median.toFixed(2)}  p90 ${r.p90.toFixed(2)}`);
} finally {
  await redis.stop();
  rmSync(redisDir, { recursive: true, force: true });
}
