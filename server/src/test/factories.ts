/**
 * Test factory: a real server on 127.0.0.1 (port 0) over a real SQLite file in a temp folder (or,
 * with `DATABASE_URL` set, a fresh PostgreSQL database copied from a migrated template: `test/database.ts`),
 * users with API tokens, channels, an HTTP helper (fetch) and a real `ws` stream client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { buildContext, type AppContext, type ContextOverrides } from '../context.ts';
import { createLogger } from '../logger.ts';
import { createApiToken } from '../services/auth/api-tokens.ts';
import { hashPassword } from '../services/auth/passwords.ts';
import { createUser } from '../services/users/users.ts';
import { createTestSchema } from './database.ts';

export interface TestServer {
  ctx: AppContext;
  app: FastifyInstance;
  /** `http://127.0.0.1:PORT` */
  url: string;
  dir: string;
  /** `DATABASE_URL` of this server's own PostgreSQL schema (under `npm run test:pg`), else undefined. */
  databaseUrl?: string;
  close(): Promise<void>;
}

/** Starts a server; `overrides.limits` etc. go to `buildContext`; `env` adds configuration variables (e.g. `ENCLAVE_TRUST_PROXY`). */
export async function startServer(overrides: ContextOverrides = {}, env: Record<string, string> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-test-'));
  const schema = overrides.database ? undefined : await createTestSchema({ migrated: true });
  const config = loadConfig({
    ENCLAVE_DATA_DIR: join(dir, 'data'),
    ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...(schema ? { DATABASE_URL: schema.url } : {}),
    ...env,
  });
  let ctx: AppContext;
  try {
    ctx = await buildContext(config, { logger: createLogger('silent'), ...overrides });
  } catch (err) {
    await schema?.drop();
    throw err;
  }
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    ctx,
    app,
    url: `http://127.0.0.1:${port}`,
    dir,
    ...(schema ? { databaseUrl: schema.url } : {}),
    close: async () => {
      ctx.hub.closeAll(1001, 'test over');
      await app.close();
      await ctx.close();
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: string;
  token: string;
  password: string;
}

let counter = 0;

/** Creates an account (password `password-${n}`, argon2id) with a 90-day API token. */
export async function makeUser(srv: TestServer, opts: { role?: string; name?: string; email?: string } = {}): Promise<TestUser> {
  counter += 1;
  const n = `${Date.now().toString(36)}${counter}`;
  const name = opts.name ?? `User ${n}`;
  const email = opts.email ?? `user${n}@example.com`;
  const password = `password-${n}`;
  const hash = await hashPassword(password);
  return srv.ctx.write(async (uow) => {
    const row = await createUser(uow.db, { email, name, role: opts.role ?? 'agent', passwordHash: hash, actor: 'test' });
    const t = await createApiToken(uow.db, { userId: row.id, name: 'test', expiresInDays: 30, actor: 'test' });
    return { id: row.id, email: row.email, name: row.name, role: row.role, token: t.token, password };
  });
}

/** A JSON answer. */
export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the API with a bearer token (or `null` for none) and an optional JSON body. */
export async function call<T = Record<string, unknown>>(
  srv: TestServer,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res<T>> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    h['content-type'] ??= 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(srv.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Creates a channel as `user` via the API; returns its JSON. */
export async function makeChannel(srv: TestServer, user: TestUser, opts: { name?: string; visibility?: 'public' | 'private'; members?: TestUser[] } = {}) {
  counter += 1;
  const res = await call<{ id: string; name: string }>(srv, user.token, 'POST', '/api/v1/channels', {
    name: opts.name ?? `chan-${Date.now().toString(36)}-${counter}`,
    visibility: opts.visibility ?? 'private',
  });
  if (res.status !== 201) throw new Error(`makeChannel: ${res.status} ${JSON.stringify(res.body)}`);
  for (const m of opts.members ?? []) {
    const r = await call(srv, user.token, 'POST', `/api/v1/channels/${res.body.id}/members`, { userId: m.id });
    if (r.status !== 204) throw new Error(`add member: ${r.status}`);
  }
  return res.body;
}

/** Posts a message; returns the message JSON. */
export async function post(srv: TestServer, user: TestUser, channelId: string, text: string, extra: Record<string, unknown> = {}) {
  const res = await call<{ message: { id: string; text: string } }>(srv, user.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text, ...extra });
  if (res.status !== 201) throw new Error(`post: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.message;
}

/** A stream frame as parsed JSON. */
export type Frame = { type: string; seq?: number; channelId?: string; message?: { id: string; text: string }; [k: string]: unknown };

/** A connected stream client collecting frames. */
export class StreamConn {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private waiters: Array<() => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(JSON.parse(d.toString()) as Frame);
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** Waits until `pred(frames)` holds (default timeout 5 s); throws on timeout. */
  async until(pred: (frames: Frame[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream: timed out; frames=${JSON.stringify(this.frames.map((f) => [f.type, f.seq]))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  /** Waits for the socket to close; returns the code. */
  async closed(timeoutMs = 5000): Promise<number> {
    await this.until(() => this.closeCode !== null, timeoutMs);
    return this.closeCode as number;
  }
  /** Frames of `type`. */
  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }
  close(): void {
    this.ws.close();
  }
}

/** Opens `/api/v1/stream` with a bearer token (or the given headers); resolves once open. */
export async function connect(srv: TestServer, token: string | null, opts: { since?: number; headers?: Record<string, string> } = {}): Promise<StreamConn> {
  const q = opts.since === undefined ? '' : `?since=${opts.since}`;
  const headers: Record<string, string> = { ...opts.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/api/v1/stream${q}`, { headers });
  const conn = new StreamConn(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  await conn.until((f) => f.some((x) => x.type === 'hello'));
  return conn;
}

/** Signs in with e-mail/password; returns the cookie header and CSRF token. */
export async function signIn(srv: TestServer, email: string, password: string): Promise<{ cookie: string; csrf: string; status: number }> {
  const res = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] as string);
  const csrf = cookies.find((c) => c.startsWith('enclave_csrf='))?.split('=')[1] ?? '';
  return { cookie: cookies.join('; '), csrf, status: res.status };
}
