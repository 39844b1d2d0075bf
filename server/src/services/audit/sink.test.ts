import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { connect, makeUser, startServer } from '../../test/factories.ts';
import { checkpointSignatureValid, type AuditCheckpoint } from './checkpoints.ts';
import { createCheckpointSink, parseSinkUrl, syslogMessage } from './sink.ts';
import { publishCheckpointToOfficers } from './publish.ts';
import { startAuditCheckpointsFromConfig } from './setup.ts';
import { appendAuditEvent } from './append.ts';
import { openTestDb } from './testing.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CP: AuditCheckpoint = { seq: 7, hash: 'a'.repeat(64), at: '2026-12-05T02:00:00.000Z', signature: 'c2ln', publicKey: 'cGs=' };
const SYSLOG_RE = /^<109>1 2026-12-05T02:00:00\.000Z \S+ enclave \d+ audit-checkpoint - (\{.*\})$/;

describe('ENCLAVE_AUDIT_SINK parsing', () => {
  it('accepts syslog (UDP, TCP) and https; http only to loopback; never echoes the URL', () => {
    expect(parseSinkUrl('syslog://192.0.2.10:5514')).toEqual({ kind: 'syslog-udp', host: '192.0.2.10', port: 5514 });
    expect(parseSinkUrl('syslog+tcp://[2001:db8::1]:6514')).toEqual({ kind: 'syslog-tcp', host: '2001:db8::1', port: 6514 });
    expect(parseSinkUrl('https://audit.example.com/hook?k=secret')).toMatchObject({ kind: 'webhook' });
    expect(parseSinkUrl('http://127.0.0.1:9/x')).toMatchObject({ kind: 'webhook' });
    expect(() => parseSinkUrl('http://audit.example.com/hook?k=secret')).toThrow(ConfigError);
    expect(() => parseSinkUrl('ftp://audit.example.com')).toThrow(/must be syslog/);
    try {
      parseSinkUrl('http://audit.example.com/hook?k=secret');
    } catch (err) {
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('formats RFC 5424: PRI 109 (log audit, notice), version 1, the checkpoint JSON as MSG', () => {
    const m = SYSLOG_RE.exec(syslogMessage(CP, { hostname: 'host-1', procId: 42 }));
    expect(m).not.toBeNull();
    expect(syslogMessage(CP, { hostname: 'host-1', procId: 42 })).toBe(`<109>1 2026-12-05T02:00:00.000Z host-1 enclave 42 audit-checkpoint - ${JSON.stringify(CP)}`);
  });
});

describe('checkpoint sink delivery', () => {
  it('syslog over UDP: one datagram per checkpoint', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const got = new Promise<string>((r) => sock.once('message', (m) => r(m.toString('utf8'))));
    const sink = createCheckpointSink({ kind: 'syslog-udp', host: '127.0.0.1', port: (sock.address() as AddressInfo).port });
    sink.send(CP);
    const msg = await got;
    expect(JSON.parse(SYSLOG_RE.exec(msg)?.[1] ?? 'null')).toEqual(CP);
    await sink.close();
    sock.close();
  });

  it('syslog over TCP with octet counting; a refused connection is retried, never thrown', async () => {
    const frames: string[] = [];
    const srv = createTcpServer((c) => {
      let buf = '';
      c.on('data', (d) => (buf += d.toString('utf8')));
      c.on('end', () => frames.push(buf));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r())); // down at first
    const warnings: unknown[] = [];
    const sink = createCheckpointSink({ kind: 'syslog-tcp', host: '127.0.0.1', port }, { retryBaseMs: 50, logger: { warn: (o) => warnings.push(o), error: () => undefined } });
    expect(() => sink.send(CP)).not.toThrow();
    for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(warnings.length).toBeGreaterThan(0);
    expect(sink.pending).toBe(1);
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', () => r()));
    for (let i = 0; i < 200 && frames.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const frame = frames[0] ?? '';
    const sp = frame.indexOf(' ');
    expect(Number(frame.slice(0, sp))).toBe(Buffer.byteLength(frame.slice(sp + 1)));
    expect(JSON.parse(SYSLOG_RE.exec(frame.slice(sp + 1))?.[1] ?? 'null')).toEqual(CP);
    expect(sink.pending).toBe(0);
    await sink.close();
    await new Promise<void>((r) => srv.close(() => r()));
  });

  it('webhook: POSTs the checkpoint JSON, retries a 5xx until a 2xx, in order', async () => {
    const bodies: unknown[] = [];
    let calls = 0;
    const srv = createHttpServer((req, res) => {
      let b = '';
      req.on('data', (d: Buffer) => (b += d.toString('utf8')));
      req.on('end', () => {
        calls++;
        if (calls === 1) {
          res.writeHead(503).end();
          return;
        }
        expect(req.headers['content-type']).toBe('application/json');
        bodies.push(JSON.parse(b));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const sink = createCheckpointSink(parseSinkUrl(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`), { retryBaseMs: 20, logger: { warn: () => undefined, error: () => undefined } });
    sink.send(CP);
    sink.send({ ...CP, seq: 8 });
    for (let i = 0; i < 200 && bodies.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(bodies).toEqual([CP, { ...CP, seq: 8 }]);
    expect(calls).toBe(3);
    await sink.close();
    await new Promise<void>((r) => srv.close(() => r()));
  });

  it('the server checkpointer sends each new checkpoint to ENCLAVE_AUDIT_SINK and to `publish` (the officers\' streams)', async () => {
    const t = await openTestDb();
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const got = new Promise<string>((r) => sock.once('message', (m) => r(m.toString('utf8'))));
    const dir = mkdtempSync(join(tmpdir(), 'enclave-sink-'));
    try {
      await appendAuditEvent(t.db, { actor: 'u1', action: 'user.create', target: 'user:1', outcome: 'success' });
      const env = { ENCLAVE_AUDIT_SINK: `syslog://127.0.0.1:${(sock.address() as AddressInfo).port}`, ENCLAVE_AUDIT_CHECKPOINT_FILE: join(dir, 'cp.log') };
      const config = loadConfig({ ENCLAVE_DATA_DIR: t.dataDir, ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key') });
      const published: AuditCheckpoint[] = [];
      const cpr = startAuditCheckpointsFromConfig(t.db, config, { env, publish: (cp) => published.push(cp) });
      await cpr.stop();
      expect(published.map((c) => c.seq)).toEqual([1]);
      const sent = JSON.parse(/^<109>1 \S+ \S+ enclave \d+ audit-checkpoint - (\{.*\})$/.exec(await got)?.[1] ?? 'null') as AuditCheckpoint;
      expect(sent.seq).toBe(1);
      expect(checkpointSignatureValid(sent)).toBe(true);
    } finally {
      sock.close();
      rmSync(dir, { recursive: true, force: true });
      await t.cleanup();
    }
  });
});

describe('checkpoints on the privacy officers\' streams', () => {
  it('every active privacy officer gets an audit.checkpoint event, live and on replay; other roles do not', async () => {
    const srv = await startServer();
    try {
      const officer = await makeUser(srv, { role: 'privacy_officer' });
      const agent = await makeUser(srv, { role: 'agent' });
      const os = await connect(srv, officer.token);
      const as = await connect(srv, agent.token);
      expect(await publishCheckpointToOfficers(srv.ctx.write, CP)).toBe(1);
      await os.until((f) => f.some((x) => x.type === 'audit.checkpoint'));
      expect(os.of('audit.checkpoint')[0]).toMatchObject({ type: 'audit.checkpoint', checkpoint: CP });
      const replay = await connect(srv, officer.token, { since: 0 });
      await replay.until((f) => f.some((x) => x.type === 'audit.checkpoint'));
      await new Promise((r) => setTimeout(r, 200));
      expect(as.of('audit.checkpoint')).toEqual([]);
      for (const c of [os, as, replay]) c.close();
    } finally {
      await srv.close();
    }
  });
});
