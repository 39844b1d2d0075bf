import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { call, connect, makeChannel, makeUser, post, startServer } from '../test/factories.ts';
import { createTestSchema } from '../test/database.ts';
import { metricsAllowed } from './routes.ts';

type Err = { error: { code: string; message: string } };

describe('GET /readyz', () => {
  it('answers 200 when the database answers and every migration is applied, 503 migrations_pending otherwise', async () => {
    const srv = await startServer();
    try {
      const ok = await call(srv, null, 'GET', '/readyz');
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: 'ready' });
      // a database one migration behind this code (an operator who has not run `db migrate`)
      await srv.ctx.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '012-case-retention' as never).execute();
      const behind = await call<Err>(srv, null, 'GET', '/readyz');
      expect(behind.status).toBe(503);
      expect(behind.body.error.code).toBe('migrations_pending');
      expect((await call(srv, null, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});

describe('GET /metrics', () => {
  it('counts requests by route pattern, messages, guard decisions and reveals, and holds no value, token, id, name or e-mail', async () => {
    const srv = await startServer();
    try {
      const a = await makeUser(srv, { name: 'Metrics Alice', email: 'metrics.alice@example.com' });
      const b = await makeUser(srv, { name: 'Metrics Bob', email: 'metrics.bob@example.com' });
      const ch = await makeChannel(srv, a, { members: [b] });
      const planted = ['reporter.zed@example.com', '+1 202-555-0147', '192.0.2.77', '4111 1111 1111 1111'];
      const msg = await post(srv, a, ch.id, `the account ${planted[0]} called from ${planted[1]} at ${planted[2]}, card ${planted[3]}`);
      const token = (msg as unknown as { entities: Array<{ token: string }> }).entities[0]?.token as string;
      expect(token).toBeTruthy();
      const granted = await call(srv, b.token, 'POST', '/api/v1/reveal', { token, justification: 'checking the reporter contact' });
      expect(granted.status).toBe(200);
      const denied = await call(srv, b.token, 'POST', '/api/v1/reveal', { token, justification: 'short' });
      expect(denied.status).toBeGreaterThanOrEqual(400);
      const sock = await connect(srv, b.token);
      await call(srv, a.token, 'GET', `/api/v1/search?q=${encodeURIComponent(planted[0] as string)}`);
      await call(srv, a.token, 'GET', `/nowhere/${encodeURIComponent(planted[0] as string)}`);

      const res = await fetch(`${srv.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      sock.close();
      expect(text).toMatch(/enclave_http_requests_total\{method="POST",route="\/api\/v1\/channels\/:id\/messages",status="201"\} 1/);
      expect(text).toMatch(/enclave_http_requests_total\{method="GET",route="\(unmatched\)",status="404"\} 1/);
      expect(text).toMatch(/enclave_stream_events_total\{type="message.created"\} 1/);
      expect(text).toMatch(/enclave_guard_decisions_total\{entity_type="EMAIL_ADDRESS",action="tokenize"\} 1/);
      expect(text).toMatch(/enclave_reveals_total\{outcome="granted"\} 1/);
      expect(text).toMatch(/enclave_stream_sockets 1/);
      expect(text).toMatch(/enclave_analyzer_duration_seconds_count [1-9]/);
      const forbidden = [...planted, '202-555-0147', '2025550147', '4111111111111111', token, a.token, b.token, a.email, b.email, a.name, b.name, a.id, b.id, ch.id, msg.id];
      for (const f of forbidden) expect(text).not.toContain(f);
    } finally {
      await srv.close();
    }
  });

  it('exports audit appends as a counter incremented per append, and counts the split guard\'s early block as a guard decision', async () => {
    const srv = await startServer({ limits: { messages: 10_000 } });
    try {
      const scrape = async (): Promise<string> => (await fetch(`${srv.url}/metrics`)).text();
      const a = await makeUser(srv, { name: 'Split Alice' });
      const pub = await makeChannel(srv, a, { visibility: 'public' });
      expect((await call(srv, a.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text: 'card 4111 1111' })).status).toBe(201);
      // alone no finding; joined to the previous message a card number: refused by the split guard
      const second = await call<Err>(srv, a.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text: ' 1111 1111 thanks' });
      expect(second.status).toBe(422);
      await srv.ctx.privacy.privacyGuard.settled();
      const count = async (): Promise<number> => Number(((await srv.ctx.database.raw.get<{ n: number | string }>('SELECT count(*) AS n FROM audit_events')) as { n: number | string }).n);
      const appended = await count();
      expect(appended).toBeGreaterThan(3); // user, token, channel, block …
      const text = await scrape();
      expect(text).toContain('# TYPE enclave_audit_appends_total counter');
      expect(text).toMatch(new RegExp(`\\nenclave_audit_appends_total ${appended}\\n`));
      expect(text).not.toMatch(/enclave_audit_events /);
      expect(text).toMatch(/enclave_guard_decisions_total\{entity_type="CREDIT_CARD",action="block"\} 1\n/);
      // one more append (a reveal denied for a token that does not exist is audited) → +1
      expect((await call(srv, a.token, 'POST', '/api/v1/reveal', { token: 'tok_aaaaaaaaaaaaaaaa', justification: 'checking the reporter contact' })).status).toBeGreaterThanOrEqual(400);
      const after = await count();
      expect(await scrape()).toMatch(new RegExp(`\\nenclave_audit_appends_total ${after}\\n`));
    } finally {
      await srv.close();
    }
  }, 60_000); // a busy PostgreSQL run needs more than the default 20 s

  it('with ENCLAVE_METRICS_TOKEN answers only that bearer token; without it only loopback connections', async () => {
    const srv = await startServer();
    try {
      srv.ctx.config.metricsToken = 'metrics-token-for-the-test';
      const none = await call<Err>(srv, null, 'GET', '/metrics');
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthenticated');
      expect((await call(srv, 'wrong-token', 'GET', '/metrics')).status).toBe(401);
      const ok = await fetch(`${srv.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-the-test' } });
      expect(ok.status).toBe(200);
      await ok.arrayBuffer(); // read to the end: a response left unread keeps its connection busy, and close() waits for it
    } finally {
      await srv.close();
    }
    // Fastify's req.ip: the socket's address (or, behind a proxy listed in ENCLAVE_TRUST_PROXY, the forwarded client's)
    const from = (ip: string) => ({ headers: {}, ip, socket: { remoteAddress: ip } }) as unknown as FastifyRequest;
    expect(metricsAllowed(from('127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(from('::1'), undefined)).toBe(true);
    expect(metricsAllowed(from('::ffff:127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(from('192.0.2.10'), undefined)).toBe(false);
    expect(metricsAllowed(from('2001:db8::5'), undefined)).toBe(false);
  });
});

describe('request ids in log lines', () => {
  it('every line logged while serving a request or a stream carries its reqId', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    const srv = await startServer({ logger: createLogger('debug', sink) });
    try {
      const u = await makeUser(srv);
      await makeChannel(srv, u);
      const sock = await connect(srv, u.token);
      sock.ws.send('{"type":"hello there"}');
      await sock.closed();
      await new Promise((r) => setTimeout(r, 100));
      const unexpected = lines.filter((l) => l.msg === 'stream: unexpected client frame');
      expect(unexpected).toHaveLength(1);
      const requestLines = lines.filter((l) => l.req !== undefined || l.res !== undefined || String(l.msg).startsWith('stream:'));
      expect(requestLines.length).toBeGreaterThan(3);
      for (const l of requestLines) expect(typeof l.reqId, JSON.stringify(l)).toBe('string');
    } finally {
      await srv.close();
    }
  });
});

describe('bin/enclave db migrate', () => {
  const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');
  it('refuses a folder without a database (2), creates one with --init (0), and is idempotent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-dbm-'));
    // under `npm run test:pg`: its own, empty schema (never the shared test database)
    const schema = await createTestSchema();
    try {
      const run = (args: string[]) =>
        spawnSync(process.execPath, [BIN, 'db', ...args], { env: { ...process.env, ENCLAVE_DATA_DIR: join(dir, 'data'), DATABASE_URL: schema?.url ?? '', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
      const refused = run(['migrate']);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(schema ? 'no database at' : 'no database in');
      const created = run(['migrate', '--init']);
      expect(created.status, created.stderr).toBe(0);
      expect(created.stdout).toMatch(/^database schema up to date: (\d+) of \1 migrations applied, newest \d{3}-/);
      const again = run(['migrate']);
      expect(again.status).toBe(0);
      expect(run(['frobnicate']).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await schema?.drop();
    }
  }, 120_000);
});
