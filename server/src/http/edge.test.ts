/**
 * Issue 7, items 9d and 14: the HTTP edge. Every error answer has the JSON error shape without
 * echoing the path (bad percent-encoding, over-long ids, shutdown); `clientMsgId` is confined to
 * a safe charset; lone surrogates are normalised before the guard; malformed WebSocket frames
 * are logged at warn without a stack trace.
 */
import { connect as tcpConnect } from 'node:net';
import { Writable } from 'node:stream';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { call, connect, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

let srv: TestServer;
let u: TestUser;
let logs = '';
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    logs += chunk.toString();
    cb();
  },
});

beforeAll(async () => {
  srv = await startServer({ logger: createLogger('debug', sink) });
  u = await makeUser(srv);
});
afterAll(async () => srv.close());

type ErrorBody = { error: { code: string; message: string } };
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('error answers keep the JSON shape and never echo the path', () => {
  it('bad percent-encoding in an id → 400 invalid_url', async () => {
    for (const path of ['/api/v1/messages/%ff', '/api/v1/channels/%ff/messages', '/api/v1/vault/tokens/abc%ffdef']) {
      const r = await call<ErrorBody>(srv, u.token, 'GET', path);
      expect(r.status, path).toBe(400);
      expect(r.body.error.code).toBe('invalid_url');
      expect(Object.keys(r.body)).toEqual(['error']);
      expect(JSON.stringify(r.body)).not.toMatch(/%ff|api\/v1/i);
    }
  });

  it('a 5,000-character id → 414 uri_too_long', async () => {
    const id = `id${'a'.repeat(5000)}`;
    const r = await call<ErrorBody>(srv, u.token, 'GET', `/api/v1/messages/${id}`);
    expect(r.status).toBe(414);
    expect(r.body.error.code).toBe('uri_too_long');
    expect(JSON.stringify(r.body)).not.toContain('aaaaaaaa');
  });

  it('requests arriving while the server shuts down → 503 shutting_down', async () => {
    const s = await startServer();
    const v = await makeUser(s);
    const port = new URL(s.url).port;
    let releaseWriter: () => void = () => undefined;
    const held = s.ctx.exclusive(() => new Promise<void>((r) => (releaseWriter = r)));
    // Two requests on one keep-alive connection: the first waits for the writer (so the
    // connection is busy and stays open), the second arrives after close() began.
    const sock = tcpConnect(Number(port), '127.0.0.1');
    let raw = '';
    sock.on('data', (d: Buffer) => (raw += d.toString()));
    const ended = new Promise<void>((r) => sock.on('close', () => r()));
    const body = JSON.stringify({ name: `shutdown-${Date.now()}`, visibility: 'private' });
    sock.write(
      `POST /api/v1/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${v.token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    s.ctx.hub.closeAll(1001, 'test over');
    const closing = s.app.close();
    await new Promise((r) => setTimeout(r, 100));
    sock.write(`GET /api/v1/messages/secret-looking-id HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${v.token}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    releaseWriter();
    await held;
    await Promise.race([ended, new Promise((r) => setTimeout(r, 5000))]);
    sock.destroy();
    await closing;
    await s.ctx.close();
    rmSync(s.dir, { recursive: true, force: true });
    const answers = raw.split(/(?=HTTP\/1\.1 )/);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 201/);
    const second = answers[1] ?? '';
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    const json = JSON.parse(second.slice(second.indexOf('\r\n\r\n') + 4)) as ErrorBody;
    expect(json.error.code).toBe('shutting_down');
    expect(second).not.toContain('secret-looking-id');
  });
});

describe('clientMsgId', () => {
  it('must match [A-Za-z0-9_-]{1,64}: an e-mail or spaces → 400, nothing stored', async () => {
    const ch = await makeChannel(srv, u);
    for (const bad of ['ada.lovelace@example.com', 'has space', 'x'.repeat(65), '192.0.2.1', '']) {
      const r = await call<ErrorBody>(srv, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'hello', clientMsgId: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(JSON.stringify(r.body)).not.toContain('ada.lovelace');
    }
    const n = await srv.ctx.db.selectFrom('messages').select('id').where('channel_id', '=', ch.id).execute();
    expect(n).toHaveLength(0);
    // The web client's generator: crypto.randomUUID(), or 32 hex digits.
    for (const ok of [crypto.randomUUID(), 'a'.repeat(32), 'on_warmup_12', 'enron-allen_p_1-0']) {
      const r = await call(srv, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'hello', clientMsgId: ok });
      expect(r.status, ok).toBe(201);
    }
  });

  it('a stored id outside the charset (written before the rule) is not shown', async () => {
    const ch = await makeChannel(srv, u);
    const r = await call<{ message: { id: string } }>(srv, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'legacy' });
    await srv.ctx.db.updateTable('messages').set({ client_msg_id: 'ada.lovelace@example.com' }).where('id', '=', r.body.message.id).execute();
    const got = await call<{ message: { clientMsgId: string | null } }>(srv, u.token, 'GET', `/api/v1/messages/${r.body.message.id}`);
    expect(got.status).toBe(200);
    expect(got.body.message.clientMsgId).toBeNull();
  });
});

describe('well-formed UTF-16 before the guard', () => {
  it('lone surrogates become U+FFFD; stored text, answer and entity spans agree', async () => {
    const ch = await makeChannel(srv, u);
    const text = 'mail \ud800 ada.lovelace@example.com now \udc00 end';
    const r = await call<{ message: { id: string; text: string; entities: Array<{ start: number; end: number; entityType: string }> } }>(
      srv,
      u.token,
      'POST',
      `/api/v1/channels/${ch.id}/messages`,
      JSON.stringify({ text }),
    );
    expect(r.status).toBe(201);
    const m = r.body.message;
    expect(LONE.test(m.text)).toBe(false);
    expect(m.text).toContain('\uFFFD');
    expect(m.text).not.toContain('ada.lovelace');
    const got = await call<{ message: { text: string; entities: unknown[] } }>(srv, u.token, 'GET', `/api/v1/messages/${m.id}`);
    expect(got.body.message.text).toBe(m.text);
    expect(got.body.message.entities).toEqual(m.entities);
    expect(m.entities.length).toBeGreaterThan(0);
    for (const e of m.entities) expect(m.text.slice(e.start, e.end)).toBe(`[${e.entityType}]`);
  });
});

describe('malformed WebSocket frames', () => {
  it('are logged at warn without a stack trace, and the socket closes', async () => {
    logs = '';
    const s = await connect(srv, u.token);
    s.ws.send('x'.repeat(5000)); // over maxPayload (4096)
    const code = await s.closed();
    expect([1009, 1006]).toContain(code);
    await new Promise((r) => setTimeout(r, 200));
    const lines = logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg?: string; err?: { stack?: string } });
    expect(lines.some((l) => l.level === 40 && l.msg === 'stream: malformed frame')).toBe(true);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(logs).not.toMatch(/"stack"/);
  });

  it('an unexpected JSON frame gets an error frame, then a polite 1008 close', async () => {
    const s = await connect(srv, u.token);
    s.ws.send('{"type":"subscribe"}');
    expect(await s.closed()).toBe(1008);
    expect(s.of('error')[0]).toMatchObject({ type: 'error', code: 'unexpected_frame' });
  });
});
