/**
 * Shared socket leases (`server/src/ops/socket-leases.ts`) on a real Redis: leases renewed in
 * slices (one pipeline per slice) stay held for as long as their node runs, however many there
 * are; a released lease frees its slot; a node that stops renewing loses its leases after `ttlMs`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSocketLeases } from '../server/src/ops/socket-leases.ts';
import { startRedis, type TestRedis } from '../server/src/test/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'enclave-leases-'));
let redis: TestRedis;
const conns: Redis[] = [];
/** A connected client (with `enableOfflineQueue: false`, as the server's, a command before `ready` would fail). */
async function conn(): Promise<Redis> {
  const r = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  conns.push(r);
  await new Promise<void>((res) => r.once('ready', () => res()));
  return r;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  redis = await startRedis(join(dir, 'redis'));
});
afterAll(async () => {
  for (const c of conns) c.disconnect();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('socket leases', () => {
  it('keeps every lease of a running node past the TTL, frees released ones, and lets a stopped node’s leases expire', async () => {
    const ttlMs = 600;
    const node = redisSocketLeases(await conn(), { ttlMs, renewMs: 200 });
    const other = redisSocketLeases(await conn(), { ttlMs, renewMs: 200 });
    try {
      const users = Array.from({ length: 50 }, (_, i) => `user-${i}`);
      const leases = await Promise.all(users.map((u) => node.acquire(u, 1)));
      expect(leases.every((l) => l !== null)).toBe(true);
      await sleep(3 * ttlMs);
      // every slot still taken: the other node is refused for each user
      expect(await Promise.all(users.map((u) => other.acquire(u, 1)))).toEqual(users.map(() => null));
      // a released lease frees its slot at once
      leases[0]?.release();
      await sleep(100);
      expect(await other.acquire('user-0', 1)).not.toBeNull();
      // a node that stops renewing (it died) loses its leases after the TTL
      node.stop();
      await sleep(ttlMs + 300);
      expect(await other.acquire('user-1', 1)).not.toBeNull();
    } finally {
      node.stop();
      other.stop();
    }
  }, 30_000);
});
