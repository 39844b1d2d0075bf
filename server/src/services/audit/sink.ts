/**
 * Shipping each signed audit checkpoint off the machine as it is made (`ENCLAVE_AUDIT_SINK`), so
 * that a copy exists where a database-only attacker cannot reach it:
 *
 * - `syslog://HOST:PORT` — RFC 5424 message over UDP (RFC 5426), one datagram per checkpoint;
 * - `syslog+tcp://HOST:PORT` — RFC 5424 over TCP with octet-counting framing (RFC 6587 §3.4.1);
 * - `https://…` — HTTP POST of the checkpoint JSON (`content-type: application/json`), any 2xx
 *   is success; plain `http://` only to a loopback host (127.0.0.1, ::1, localhost), for tests
 *   and a local relay.
 *
 * Syslog: facility 13 ("log audit"), severity 5 (notice), APP-NAME `enclave`, MSGID
 * `audit-checkpoint`, MSG = the checkpoint JSON `{ seq, hash, at, signature, publicKey }`.
 * Delivery never blocks the caller: checkpoints queue in memory (at most `maxQueue`, oldest
 * dropped with an error log) and are retried with exponential backoff; failures are logged with
 * the sink's scheme and host only (a webhook URL may carry a secret).
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { ConfigError } from '../../config/errors.ts';
import type { AuditCheckpoint } from './checkpoints.ts';

/** A parsed `ENCLAVE_AUDIT_SINK`. */
export type SinkTarget =
  | { kind: 'syslog-udp' | 'syslog-tcp'; host: string; port: number }
  | { kind: 'webhook'; url: URL };

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Parses `ENCLAVE_AUDIT_SINK`. Throws `ConfigError` for anything else (the message never echoes the URL). */
export function parseSinkUrl(raw: string): SinkTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('ENCLAVE_AUDIT_SINK must be syslog://HOST:PORT, syslog+tcp://HOST:PORT or an https:// URL');
  }
  if (url.protocol === 'syslog:' || url.protocol === 'syslog+tcp:') {
    const port = Number(url.port || 514);
    if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError('ENCLAVE_AUDIT_SINK: syslog target needs HOST:PORT');
    return { kind: url.protocol === 'syslog:' ? 'syslog-udp' : 'syslog-tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port };
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return { kind: 'webhook', url };
  if (url.protocol === 'http:') throw new ConfigError('ENCLAVE_AUDIT_SINK: plain http:// is only allowed to a loopback host; use https://');
  throw new ConfigError('ENCLAVE_AUDIT_SINK must be syslog://HOST:PORT, syslog+tcp://HOST:PORT or an https:// URL');
}

/** RFC 5424 message for a checkpoint (no trailing newline). `hostname` and `procId` default to this process's. */
export function syslogMessage(cp: AuditCheckpoint, opts: { hostname?: string; procId?: number } = {}): string {
  const host = (opts.hostname ?? osHostname()).replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';
  return `<${13 * 8 + 5}>1 ${cp.at} ${host} enclave ${opts.procId ?? process.pid} audit-checkpoint - ${JSON.stringify(cp)}`;
}

/** Minimal logger (pino-compatible). */
export interface SinkLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** Options of {@link createCheckpointSink}. */
export interface SinkOptions {
  logger?: SinkLogger;
  /** First retry delay in ms (default 1000), doubled per failure up to `retryMaxMs` (default 60,000). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Checkpoints kept while the sink is unreachable (default 10,000). */
  maxQueue?: number;
  /** Per-attempt timeout in ms (default 10,000). */
  timeoutMs?: number;
}

/** A running sink. */
export interface CheckpointSink {
  /** Queues `cp` for delivery; returns at once, never throws. */
  send(cp: AuditCheckpoint): void;
  /** Checkpoints not yet delivered. */
  readonly pending: number;
  /** Tries to deliver what is queued for up to `waitMs` (default 2000), then stops retrying. */
  close(waitMs?: number): Promise<void>;
}

function deliverUdp(target: { host: string; port: number }, msg: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error('timeout'));
    }, timeoutMs);
    sock.once('error', (err) => {
      clearTimeout(timer);
      sock.close();
      reject(err);
    });
    sock.send(Buffer.from(msg, 'utf8'), target.port, target.host, (err) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve();
    });
  });
}

function deliverTcp(target: { host: string; port: number }, msg: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(msg, 'utf8');
    const sock = connect({ host: target.host, port: target.port });
    sock.setTimeout(timeoutMs, () => sock.destroy(new Error('timeout')));
    sock.once('error', reject);
    sock.once('connect', () => {
      sock.end(Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]), () => resolve());
    });
  });
}

async function deliverWebhook(url: URL, cp: AuditCheckpoint, timeoutMs: number): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cp),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

/** Starts a sink for `target` (see {@link parseSinkUrl}). */
export function createCheckpointSink(target: SinkTarget, opts: SinkOptions = {}): CheckpointSink {
  const base = opts.retryBaseMs ?? 1000;
  const max = opts.retryMaxMs ?? 60_000;
  const maxQueue = opts.maxQueue ?? 10_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const where = target.kind === 'webhook' ? `${target.url.protocol}//${target.url.host}` : `${target.kind}://${target.host}:${target.port}`;
  const queue: AuditCheckpoint[] = [];
  let busy = false;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let idle: (() => void) | undefined;

  const deliver = (cp: AuditCheckpoint): Promise<void> =>
    target.kind === 'webhook'
      ? deliverWebhook(target.url, cp, timeoutMs)
      : (target.kind === 'syslog-udp' ? deliverUdp : deliverTcp)(target, syslogMessage(cp), timeoutMs);

  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    timer = undefined;
    try {
      while (queue.length > 0) {
        const cp = queue[0] as AuditCheckpoint;
        try {
          await deliver(cp);
          queue.shift();
          failures = 0;
        } catch (err) {
          failures++;
          opts.logger?.warn({ sink: where, seq: cp.seq, attempt: failures, err: err instanceof Error ? err.message : String(err) }, 'audit checkpoint not delivered to the sink; will retry');
          if (!closed) timer = setTimeout(() => void pump(), Math.min(max, base * 2 ** (failures - 1))).unref();
          return;
        }
      }
    } finally {
      busy = false;
      if (queue.length === 0) idle?.();
    }
  };

  return {
    send(cp) {
      if (queue.length >= maxQueue) {
        const dropped = queue.shift();
        opts.logger?.error({ sink: where, seq: dropped?.seq }, 'audit sink queue full: oldest undelivered checkpoint dropped');
      }
      queue.push(cp);
      if (!timer) void pump();
    },
    get pending() {
      return queue.length;
    },
    async close(waitMs = 2000) {
      if (queue.length > 0) {
        if (timer) {
          clearTimeout(timer);
          timer = undefined;
          void pump();
        }
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, waitMs).unref();
        });
      }
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
