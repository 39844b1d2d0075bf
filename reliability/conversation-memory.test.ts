/**
 * The guard's conversation memory shared between nodes (issue 10): two `bin/enclave serve`
 * processes over one database (SQLite in WAL mode, or their own PostgreSQL database under
 * `scripts/with-postgres.sh`) and one real Redis. A name introduced on node A is recalled on node B
 * when only its lower-case or given name is posted later; a channel erasure on A clears B too;
 * with Redis gone a post neither fails nor hangs and each node still recalls what it learned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../server/src/test/database.ts';
import { addUser, clusterEnv, startNode, startRedis, type TestNode, type TestRedis } from '../server/src/test/processes.ts';

type User = { id: string; apiToken: string };

const dir = mkdtempSync(join(tmpdir(), 'enclave-memory-'));
let redis: TestRedis;
let nodeA: TestNode;
let nodeB: TestNode;
let schema: TestSchema | undefined;
let alice: User;
let bob: User;
let officer: User;

async function api<T>(node: TestNode, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(node.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Posts `text` as `user` on `node`; returns the stored text. */
async function post(node: TestNode, user: User, channelId: string, text: string): Promise<string> {
  const r = await api<{ message: { text: string } }>(node, user.apiToken, 'POST', `/api/v1/channels/${channelId}/messages`, { text });
  expect(r.status).toBe(201);
  return r.body.message.text;
}

/** Posts `text` on `node` until the stored text is `want`, for at most `ms` (delivery between nodes is asynchronous). */
async function postUntil(node: TestNode, user: User, channelId: string, text: string, want: string, ms = 1000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await post(node, user, channelId, text);
    if (got === want || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function room(name: string): Promise<string> {
  const ch = await api<{ id: string }>(nodeA, alice.apiToken, 'POST', '/api/v1/channels', { name, visibility: 'private' });
  expect(ch.status).toBe(201);
  expect((await api(nodeA, alice.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/members`, { userId: bob.id })).status).toBe(204);
  return ch.body.id;
}

beforeAll(async () => {
  redis = await startRedis(join(dir, 'redis'));
  schema = await createTestSchema();
  const env = clusterEnv(dir, { DATABASE_URL: schema?.url ?? '', REDIS_URL: redis.url, ENCLAVE_MESSAGE_RATE: '200' });
  alice = addUser(env, 'memory.alice@example.com', 'Memory Alice', 'agent', true);
  bob = addUser(env, 'memory.bob@example.com', 'Memory Bob');
  officer = addUser(env, 'memory.officer@example.com', 'Memory Officer', 'privacy_officer');
  [nodeA, nodeB] = await Promise.all([startNode(env), startNode(env)]);
}, 300_000);

afterAll(async () => {
  await Promise.all([nodeA?.stop('SIGKILL'), nodeB?.stop('SIGKILL'), redis?.stop()]);
  await schema?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('conversation memory over Redis', () => {
  it('a name introduced on node A is recalled on node B (a channel B never held, and one it already held)', async () => {
    const fresh = await room('memory-fresh');
    const held = await room('memory-held');
    // node B holds the memory of `held` before the name is introduced on A
    expect(await post(nodeB, bob, held, 'good morning everyone')).toBe('good morning everyone');

    expect(await post(nodeA, alice, fresh, 'Jane Doe reported the account')).toBe('[PERSON] reported the account');
    expect(await post(nodeA, alice, held, 'Jane Doe reported the account')).toBe('[PERSON] reported the account');

    // B loads `fresh` from Redis on its first message there
    expect(await post(nodeB, bob, fresh, 'i think doe is back')).toBe('i think [PERSON] is back');
    expect(await post(nodeB, bob, fresh, 'jane wrote again this morning')).toBe('[PERSON] wrote again this morning');
    // B had `held` already: the word reaches it over pub/sub (within a second)
    expect(await postUntil(nodeB, bob, held, 'i think doe is back', 'i think [PERSON] is back')).toBe('i think [PERSON] is back');
    // and the other way round: learned on B, recalled on A
    expect(await post(nodeB, bob, fresh, 'Priya Okonkwo called about it')).toBe('[PERSON] called about it');
    expect(await postUntil(nodeA, alice, fresh, 'i think okonkwo is back', 'i think [PERSON] is back')).toBe('i think [PERSON] is back');
    // control: in a room where the name was never introduced, the same words are plain text
    expect(await post(nodeA, alice, await room('memory-control'), 'i think okonkwo is back')).toBe('i think okonkwo is back');
  }, 60_000);

  it('a channel erasure on node A clears the memory on node B', async () => {
    const ch = await room('memory-erased');
    expect(await post(nodeA, alice, ch, 'Jane Doe reported the account')).toBe('[PERSON] reported the account');
    expect(await post(nodeB, bob, ch, 'i think doe is back')).toBe('i think [PERSON] is back');
    const erased = await api(nodeA, officer.apiToken, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${ch}` });
    expect(erased.status).toBe(200);
    expect(await postUntil(nodeB, bob, ch, 'i think doe is back', 'i think doe is back')).toBe('i think doe is back');
    expect(await post(nodeA, alice, ch, 'i think doe is back')).toBe('i think doe is back');
  }, 60_000);

  it('with Redis gone, posts neither fail nor hang and each node still recalls what it learned itself', async () => {
    const ch = await room('memory-no-redis');
    await redis.stop();
    const started = Date.now();
    expect(await post(nodeA, alice, ch, 'Jane Doe reported the account')).toBe('[PERSON] reported the account');
    expect(await post(nodeA, alice, ch, 'i think doe is back')).toBe('i think [PERSON] is back');
    expect(await post(nodeB, bob, ch, 'good morning everyone')).toBe('good morning everyone');
    // three posts, two nodes, no Redis: far below the 10 s that counts as a hang
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);
});
