/**
 * The guard's per-process cache (issue 9): each cached fact, changed through the API, takes effect
 * at the very next message — on the node that changed it and on a second node over the same
 * database. Real servers over a real SQLite file; fake values only.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config/index.ts';
import { buildContext, type AppContext } from '../../context.ts';
import { createLogger } from '../../logger.ts';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

const THRESHOLD = 3;
const WHY = 'working complaint #1234 about this account';
const email = (n: number): string => `jane.doe.${n}@example.com`;

let srv: TestServer;
let alice: TestUser;
let bob: TestUser;
let officer: TestUser;
let officer2: TestUser;

interface Sent {
  status: number;
  body: { message?: { text: string; entities: Array<{ token: string; entityType: string }> }; error?: { code: string } };
}

const send = (s: { url: string }, u: TestUser, channelId: string, text: string): Promise<Sent> =>
  call(s as TestServer, u.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text }) as Promise<Sent>;

beforeEach(async () => {
  srv = await startServer({ privacy: { settings: { broadThreshold: THRESHOLD } } });
  alice = await makeUser(srv);
  bob = await makeUser(srv);
  officer = await makeUser(srv, { role: 'privacy_officer' });
  officer2 = await makeUser(srv, { role: 'privacy_officer' });
});
afterEach(async () => {
  await srv.close();
});

describe('guard cache, one node', () => {
  it('serves repeated messages of a channel from the cache (no reload while nothing changed)', async () => {
    const ch = await makeChannel(srv, alice, { members: [bob] });
    expect((await send(srv, alice, ch.id, `mail ${email(1)}`)).status).toBe(201);
    expect((await send(srv, alice, ch.id, `mail ${email(1)}`)).status).toBe(201);
    const stats = srv.ctx.privacy.guardCache?.stats;
    const loads = stats?.loads ?? 0;
    const hits = stats?.hits ?? 0;
    const third = await send(srv, alice, ch.id, `mail ${email(2)}`);
    expect(third.status).toBe(201);
    expect(stats?.loads).toBe(loads);
    expect(stats?.hits ?? 0).toBeGreaterThan(hits);
  });

  it('a member added past the threshold makes the next message follow the broad policy (blocked)', async () => {
    const carol = await makeUser(srv);
    const dave = await makeUser(srv);
    const ch = await makeChannel(srv, alice, { members: [bob, carol] });
    expect((await send(srv, alice, ch.id, `mail ${email(3)}`)).status).toBe(201);
    expect((await call(srv, alice.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: dave.id })).status).toBe(204);
    const next = await send(srv, alice, ch.id, `mail ${email(3)}`);
    expect(next.status).toBe(422);
    expect(next.body.error?.code).toBe('personal_data_blocked');
  });

  it('a removed member is refused at once: their next message and their reveal', async () => {
    const ch = await makeChannel(srv, alice, { members: [bob] });
    const sent = await send(srv, alice, ch.id, `mail ${email(4)}`);
    const token = sent.body.message?.entities[0]?.token ?? '';
    expect((await send(srv, bob, ch.id, `mail ${email(5)}`)).status).toBe(201);
    expect((await call(srv, alice.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
    expect((await send(srv, bob, ch.id, `mail ${email(5)}`)).status).toBe(404);
    const reveal = await call(srv, bob.token, 'POST', '/api/v1/reveal', { token, justification: WHY });
    expect([403, 404]).toContain(reveal.status);
    // the channel itself went from 2 to 1 member: still team, still tokenized
    expect((await send(srv, alice, ch.id, `mail ${email(5)}`)).status).toBe(201);
  });

  it('a tightened policy applies to the next message', async () => {
    const ch = await makeChannel(srv, alice, { members: [bob] });
    expect((await send(srv, alice, ch.id, `mail ${email(6)}`)).status).toBe(201);
    const put = await call(srv, officer.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'EMAIL_ADDRESS', action: 'block' });
    expect(put.status).toBe(200);
    expect((await send(srv, alice, ch.id, `mail ${email(6)}`)).status).toBe(422);
  });

  it('a revoked mark stops passing the value: the next message tokenizes it again', async () => {
    const ch = await makeChannel(srv, alice, { members: [bob] });
    const text = `mail ${email(7)}`;
    const start = text.indexOf('jane');
    const mark = await call<{ mark: { id: string } }>(srv, alice.token, 'POST', '/api/v1/privacy/marks', { channelId: ch.id, text, start, end: text.length });
    expect(mark.status).toBeLessThan(300);
    expect((await call(srv, officer.token, 'POST', `/api/v1/privacy/marks/${mark.body.mark.id}/approve`)).status).toBe(200);
    const passed = await send(srv, alice, ch.id, text);
    expect(passed.body.message?.text).toBe(text);
    expect((await send(srv, alice, ch.id, text)).body.message?.text).toBe(text); // now from the cache
    expect((await call(srv, officer2.token, 'DELETE', `/api/v1/privacy/marks/${mark.body.mark.id}`)).status).toBeLessThan(300);
    const after = await send(srv, alice, ch.id, text);
    expect(after.status).toBe(201);
    expect(after.body.message?.text).toBe('mail [EMAIL_ADDRESS]');
  });

  it('erasure of a channel scope: its tokens answer 410 and no new value is stored under the destroyed key', async () => {
    const ch = await makeChannel(srv, alice, { members: [bob] });
    const first = await send(srv, alice, ch.id, `mail ${email(8)}`);
    const token = first.body.message?.entities[0]?.token ?? '';
    expect((await send(srv, alice, ch.id, `mail ${email(9)}`)).status).toBe(201); // key now cached
    const erase = await call(srv, officer.token, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${ch.id}` });
    expect(erase.status).toBe(200);
    expect((await call(srv, bob.token, 'POST', '/api/v1/reveal', { token, justification: WHY })).status).toBe(410);
    // the uncached guard refuses to store under an erased scope; a stale cached key would accept it
    const next = await send(srv, alice, ch.id, `mail ${email(8)}`);
    expect(next.status).not.toBe(201);
    const rows = await srv.ctx.db.selectFrom('vault_values').select('token').where('scope', '=', `channel:${ch.id}`).execute();
    expect(rows).toHaveLength(2);
  });
});

describe('guard cache, two nodes over one database', () => {
  let nodeB: { ctx: AppContext; app: FastifyInstance; url: string } | undefined;

  beforeEach(async () => {
    // the second node shares the first one's database: its SQLite file, or (test:pg) its schema
    const config = loadConfig({
      ...(srv.databaseUrl ? { DATABASE_URL: srv.databaseUrl } : {}),
      ENCLAVE_DATA_DIR: join(srv.dir, 'data'),
      ENCLAVE_MASTER_KEY_FILE: join(srv.dir, 'master.key'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    const ctx = await buildContext(config, { logger: createLogger('silent'), privacy: { settings: { broadThreshold: THRESHOLD } } });
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    nodeB = { ctx, app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
  });
  afterEach(async () => {
    if (!nodeB) return;
    nodeB.ctx.hub.closeAll(1001, 'test over');
    await nodeB.app.close();
    await nodeB.ctx.close();
    nodeB = undefined;
  });

  it('membership changed on node A reaches node B’s next message (class and membership)', async () => {
    const b = nodeB as NonNullable<typeof nodeB>;
    const carol = await makeUser(srv);
    const dave = await makeUser(srv);
    const ch = await makeChannel(srv, alice, { members: [bob, carol] });
    // node B caches the channel as team
    expect((await send(b, alice, ch.id, `mail ${email(10)}`)).status).toBe(201);
    expect((await send(b, bob, ch.id, `mail ${email(11)}`)).status).toBe(201);
    expect((await send(b, bob, ch.id, `mail ${email(11)}`)).status).toBe(201);
    expect(b.ctx.privacy.guardCache?.stats.hits ?? 0).toBeGreaterThan(0);
    // node A: one member more (broad) and bob out
    expect((await call(srv, alice.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: dave.id })).status).toBe(204);
    expect((await send(b, alice, ch.id, `mail ${email(10)}`)).status).toBe(422);
    expect((await call(srv, alice.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
    expect((await send(b, bob, ch.id, 'hello')).status).toBe(404);
    // three members again: team on node B at once
    expect((await send(b, alice, ch.id, `mail ${email(10)}`)).status).toBe(201);
  });

  it('a policy tightened on node A applies to node B’s next message', async () => {
    const b = nodeB as NonNullable<typeof nodeB>;
    const ch = await makeChannel(srv, alice, { members: [bob] });
    expect((await send(b, alice, ch.id, `mail ${email(12)}`)).status).toBe(201);
    expect((await call(srv, officer.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'EMAIL_ADDRESS', action: 'block' })).status).toBe(200);
    expect((await send(b, alice, ch.id, `mail ${email(12)}`)).status).toBe(422);
  });
});
