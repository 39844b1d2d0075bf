import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { createApiToken } from '../services/auth/api-tokens.ts';
import { createUser } from '../services/users/users.ts';
import { createTestSchema, type TestSchema } from '../test/database.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');
const dir = mkdtempSync(join(tmpdir(), 'enclave-serve-'));
const dataDir = join(dir, 'data');
const webDir = join(dir, 'web');
mkdirSync(join(webDir, 'dist'), { recursive: true });
writeFileSync(join(webDir, 'dist', 'index.html'), '<!doctype html><title>shell</title>');
let child: ChildProcess | undefined;
/** Under `npm run test:pg`: the server's own PostgreSQL schema (`DATABASE_URL`); else SQLite in `dataDir`. */
let schema: TestSchema | undefined;
beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

function start(): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, DATABASE_URL: schema?.url ?? '', ENCLAVE_DATA_DIR: dataDir, ENCLAVE_WEB_DIR: webDir, PORT: '0', LOG_LEVEL: 'warn', ENCLAVE_MESSAGE_RATE: '10000' } });
  child = proc;
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 60_000);
    const check = () => {
      const m = /Enclave listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(t);
        res({ proc, url: m[1], output: () => out });
      } else setTimeout(check, 100);
    };
    check();
  });
}

describe('bin/enclave serve', () => {
  it('prints a one-time setup link, serves, and drains on SIGTERM without losing acknowledged writes', async () => {
    const first = await start();
    expect(first.output()).toMatch(new RegExp(`${first.url.replace(/[.]/g, '\\.')}/setup#token=[A-Za-z0-9_-]{43}`));
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    const database = openDatabase({ dataDir, databaseUrl: schema?.url });
    await migrateToLatest(database.db);
    const { token } = await database.db.transaction().execute(async (trx) => {
      const u = await createUser(trx, { email: 'drain@example.com', name: 'Drain', role: 'agent', passwordHash: null, actor: 'test' });
      return createApiToken(trx, { userId: u.id, name: 't', expiresInDays: 1, actor: 'test' });
    });
    await database.close();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const ch = (await (await fetch(`${first.url}/api/v1/channels`, { method: 'POST', headers, body: JSON.stringify({ name: 'drain', visibility: 'private' }) })).json()) as { id: string };
    const ws = new WebSocket(`${first.url.replace('http', 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` } });
    const closeCode = new Promise<number>((r) => ws.on('close', (c) => r(c)));
    await new Promise((r) => ws.once('open', r));

    const posts = Array.from({ length: 40 }, (_, i) =>
      fetch(`${first.url}/api/v1/channels/${ch.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: `drain ${i}`, clientMsgId: `d${i}` }) })
        .then(async (r) => ({ status: r.status, id: r.status === 201 ? ((await r.json()) as { message: { id: string } }).message.id : null }))
        .catch(() => ({ status: 0, id: null })),
    );
    await new Promise((r) => setTimeout(r, 30));
    const killedAt = Date.now();
    first.proc.kill('SIGTERM');
    const results = await Promise.all(posts);
    const exit = await new Promise<number | null>((r) => first.proc.on('exit', (c) => r(c)));
    expect(exit).toBe(0);
    // connections idle after their in-flight request are closed while draining; else close() waited 72 s
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(await closeCode).toBe(1001);
    const acked = results.filter((r) => r.status === 201).map((r) => r.id as string);
    for (const r of results) expect([0, 201, 503]).toContain(r.status);

    const second = await start();
    expect(second.output()).not.toMatch(/setup#token/);
    const list = (await (await fetch(`${second.url}/api/v1/channels/${ch.id}/messages?limit=200`, { headers })).json()) as { messages: Array<{ id: string }> };
    const stored = new Set(list.messages.map((m) => m.id));
    for (const id of acked) expect(stored.has(id)).toBe(true);
    second.proc.kill('SIGTERM');
    expect(await new Promise<number | null>((r) => second.proc.on('exit', (c) => r(c)))).toBe(0);
  }, 120_000);
});
