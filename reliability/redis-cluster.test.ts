/**
 * Two `bin/enclave serve` processes on one SQLite file (WAL) — or, with `DATABASE_URL` set (under
 * `scripts/with-postgres.sh`), on their own fresh PostgreSQL schema — and one real Redis (`REDIS_URL`):
 * fan-out between nodes in order, a shared message rate limit, and catch-up from the `events`
 * table while Redis is down and after it returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestSchema, type TestSchema } from '../server/src/test/database.ts';
import { addUser, clusterEnv, startNode, startRedis, type TestNode, type TestRedis } from '../server/src/test/processes.ts';

type Frame = { type: string; seq?: number; message?: { id: string; text: string } };

const dir = mkdtempSync(join(tmpdir(), 'enclave-cluster-'));
let redis: TestRedis;
let nodeA: TestNode;
let nodeB: TestNode;
let env: Record<string, string>;
let schema: TestSchema | undefined;
const users: Record<string, { id: string; apiToken: string }> = {};

async function api<T>(node: TestNode, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(node.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A stream client collecting frames. */
async function stream(node: TestNode, token: string): Promise<{ frames: Frame[]; ws: WebSocket; created(): string[] }> {
  const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` } });
  const frames: Frame[] = [];
  ws.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString()) as Frame));
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  return { frames, ws, created: () => frames.filter((f) => f.type === 'message.created').map((f) => f.message?.id as string) };
}

async function until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  redis = await startRedis(join(dir, 'redis'));
  schema = await createTestSchema();
  env = clusterEnv(dir, { DATABASE_URL: schema?.url ?? '', REDIS_URL: redis.url, ENCLAVE_MESSAGE_RATE: '40', ENCLAVE_MAX_SOCKETS_PER_USER: '3' });
  users.a = addUser(env, 'node.alice@example.com', 'Node Alice', 'agent', true);
  users.b = addUser(env, 'node.bob@example.com', 'Node Bob');
  users.c = addUser(env, 'node.carol@example.com', 'Node Carol');
  users.d = addUser(env, 'node.dave@example.com', 'Node Dave');
  [nodeA, nodeB] = await Promise.all([startNode(env), startNode(env)]); // several nodes start together
}, 300_000); // four CLI runs and two nodes: over 2 min on a busy 2-core machine

afterAll(async () => {
  await Promise.all([nodeA?.stop('SIGKILL'), nodeB?.stop('SIGKILL'), redis?.stop()]);
  await schema?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('several nodes over Redis', () => {
  it('delivers messages posted on either node to a stream on the other, once each, in seq order; survives Redis down and back', async () => {
    const a = users.a as { id: string; apiToken: string };
    const b = users.b as { id: string; apiToken: string };
    const ch = await api<{ id: string }>(nodeA, a.apiToken, 'POST', '/api/v1/channels', { name: 'cluster-room', visibility: 'private' });
    expect(ch.status).toBe(201);
    expect((await api(nodeA, a.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/members`, { userId: b.id })).status).toBe(204);
    const onB = await stream(nodeB, b.apiToken);
    const onA = await stream(nodeA, b.apiToken);
    const acked: string[] = [];
    const postOn = async (node: TestNode, i: number) => {
      const r = await api<{ message: { id: string } }>(node, a.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/messages`, { text: `update number ${i}` });
      expect(r.status).toBe(201);
      acked.push(r.body.message.id);
    };
    // posted on both nodes, a few at a time in parallel
    for (let i = 0; i < 12; i += 3) await Promise.all([postOn(nodeA, i), postOn(nodeB, i + 1), postOn(nodeA, i + 2)]);
    await until(() => onB.created().length >= acked.length && onA.created().length >= acked.length, 'delivery on both nodes');

    // Redis dies: posting still works, the other node's poll of the events table delivers
    await redis.stop();
    const down = await api<{ error: { code: string } }>(nodeA, a.apiToken, 'GET', '/readyz');
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('redis_unavailable');
    for (let i = 100; i < 106; i += 1) await postOn(i % 2 ? nodeA : nodeB, i);
    await until(() => onB.created().length >= acked.length && onA.created().length >= acked.length, 'catch-up while Redis is down');

    // Redis returns: live fan-out again, nothing lost or doubled
    await redis.start();
    const deadline = Date.now() + 15_000;
    while ((await api(nodeA, a.apiToken, 'GET', '/readyz')).status !== 200) {
      if (Date.now() > deadline) throw new Error('node A not ready after Redis returned');
      await new Promise((r) => setTimeout(r, 200));
    }
    for (let i = 200; i < 206; i += 1) await postOn(i % 2 ? nodeB : nodeA, i);
    await until(() => onB.created().length >= acked.length && onA.created().length >= acked.length, 'delivery after Redis returned');
    await new Promise((r) => setTimeout(r, 300));

    for (const s of [onA, onB]) {
      expect(new Set(s.created())).toEqual(new Set(acked));
      expect(s.created()).toHaveLength(acked.length); // exactly once
      const seqs = s.frames.filter((f) => f.seq !== undefined && f.type !== 'hello').map((f) => f.seq as number);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y)); // seq order = per-channel order
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    // both nodes deliver the same sequence
    expect(onA.created()).toEqual(onB.created());
    onA.ws.close();
    onB.ws.close();
  }, 90_000);

  it('shares the message rate limit between nodes (ENCLAVE_MESSAGE_RATE=40 per 10 s in total, not per node)', async () => {
    const c = users.c as { id: string; apiToken: string };
    const ch = await api<{ id: string }>(nodeA, c.apiToken, 'POST', '/api/v1/channels', { name: 'rate-room', visibility: 'private' });
    expect(ch.status).toBe(201);
    // start at the beginning of a 10 s window (Redis counts in windows aligned to the clock)
    await new Promise((r) => setTimeout(r, 10_000 - (Date.now() % 10_000) + 20));
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      for (const node of [nodeA, nodeB]) {
        statuses.push((await api(node, c.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/messages`, { text: `ping ${i}` })).status);
      }
    }
    // per-node counting would let all 50 through (25 per node)
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(40);
    expect(statuses.slice(0, 40).every((s) => s === 201)).toBe(true);
  }, 60_000);

  it('shares the per-user socket limit between nodes (ENCLAVE_MAX_SOCKETS_PER_USER=3 in total)', async () => {
    const d = users.d as { id: string; apiToken: string };
    const refused = (node: TestNode) =>
      new Promise<number>((res, rej) => {
        const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${d.apiToken}` } });
        ws.once('unexpected-response', (_req, r) => res(r.statusCode ?? 0));
        ws.once('open', () => {
          ws.close();
          rej(new Error('a fourth socket was accepted'));
        });
        ws.once('error', rej);
      });
    const open = [await stream(nodeA, d.apiToken), await stream(nodeA, d.apiToken), await stream(nodeB, d.apiToken)];
    expect(await refused(nodeB)).toBe(429);
    expect(await refused(nodeA)).toBe(429);
    // closing one frees a slot for either node
    const closed = new Promise((r) => open[0]?.ws.once('close', r));
    open[0]?.ws.close();
    await closed;
    let again: Awaited<ReturnType<typeof stream>> | undefined;
    const deadline = Date.now() + 5000;
    while (!again) {
      try {
        again = await stream(nodeB, d.apiToken);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const s of [again, ...open.slice(1)]) s.ws.close();
  }, 30_000);
});
