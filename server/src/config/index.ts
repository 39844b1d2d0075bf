/**
 * Configuration: read from the environment once, validated into a typed object.
 * Every variable is listed in the README's configuration table.
 */
import { isIP } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import { defaultKeyDir, legacyMasterKeyFile } from './key-paths.ts';

/** Validated server configuration. */
export interface Config {
  /** TCP port (env `PORT`, default 8080). */
  port: number;
  /** Listen address (env `HOST`, default 127.0.0.1). */
  host: string;
  /** Absolute path of the data folder (env `ENCLAVE_DATA_DIR`, default `./data`). */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL (not built yet); otherwise SQLite in `dataDir` (env `DATABASE_URL`). */
  databaseUrl: string | undefined;
  /** Redis for cross-node fan-out (env `REDIS_URL`; not built yet). */
  redisUrl: string | undefined;
  /** Master key, 32 bytes base64 (env `ENCLAVE_MASTER_KEY`); when unset the key file is used. */
  masterKey: string | undefined;
  /**
   * Path of the master key file, mode 0600, created on first start (env `ENCLAVE_MASTER_KEY_FILE`;
   * default `$XDG_CONFIG_HOME/enclave/<data dir name>-<hash>/master.key`, see `key-paths.ts`).
   * Refused inside a git working tree.
   */
  masterKeyFile: string;
  /**
   * Path of the Ed25519 audit-checkpoint signing key, mode 0600 (env `ENCLAVE_AUDIT_SIGNING_KEY_FILE`;
   * default beside the master key file: `<master key file without .key>-audit-signing.pem`).
   */
  auditSigningKeyFile: string;
  /**
   * Set only when `ENCLAVE_MASTER_KEY_FILE` is unset: where older versions put the key by default
   * (`<dataDir>/../<name>-master.key`). A key found there and not at the new default makes the
   * server refuse to start with a message saying where to move it (never a silent new key).
   */
  legacyMasterKeyFile: string | undefined;
  /** pino level (env `LOG_LEVEL`, default `info`). */
  logLevel: string;
  /** Public origin used for CSRF Origin checks and links (env `ENCLAVE_PUBLIC_URL`, default `http://HOST:PORT`). */
  publicUrl: string;
  /** Session lifetime since last use, in hours (env `ENCLAVE_SESSION_TTL_HOURS`, default 168). */
  sessionTtlHours: number;
  /** Messages a user may post per 10 s (env `ENCLAVE_MESSAGE_RATE`, default 30). */
  messageRatePer10s: number;
  /** Open stream sockets per user (env `ENCLAVE_MAX_SOCKETS_PER_USER`, default 20). */
  maxSocketsPerUser: number;
  /**
   * Bearer token that `GET /metrics` requires (env `ENCLAVE_METRICS_TOKEN`); unset: `/metrics`
   * answers only connections from the loopback interface.
   */
  metricsToken: string | undefined;
  /**
   * Event-log retention: an event is pruned once it is older than `days` AND more than
   * `perUser` newer events are visible to each of its readers (env `ENCLAVE_EVENTS_KEEP_PER_USER`,
   * default 10,000; `ENCLAVE_EVENTS_KEEP_DAYS`, default 7; `ENCLAVE_EVENTS_PRUNE_MINUTES`, default 10).
   */
  eventRetention: { perUser: number; days: number; everyMinutes: number };
  /**
   * Notification e-mails (issue 12): SMTP URL (env `ENCLAVE_SMTP_URL`, `smtp://` or `smtps://`;
   * unset = no e-mail), sender (env `ENCLAVE_EMAIL_FROM`, default `enclave@localhost`), batch
   * window in seconds (env `ENCLAVE_EMAIL_BATCH_SECONDS`, default 300).
   */
  email: { smtpUrl: string | undefined; from: string; batchSeconds: number };
  /** Limits of the HTTP server against slow and greedy clients, see {@link HttpLimits}. */
  http: HttpLimits;
  /**
   * Unsent bytes a stream socket may hold before it is closed with 1013 "too slow" (env
   * `ENCLAVE_STREAM_BUFFER_BYTES`, default 4 MiB); the client reconnects with `?since=`.
   */
  streamBufferBytes: number;
  /**
   * Addresses and CIDR ranges of the reverse proxies whose `X-Forwarded-For` is believed (env
   * `ENCLAVE_TRUST_PROXY`, a comma list such as `127.0.0.1,::1` or `10.0.0.0/8`; default none).
   * Given to Fastify's `trustProxy`: `req.ip` is then the address the nearest trusted proxy saw,
   * and a peer outside the list is its own address whatever headers it sends.
   */
  trustProxy: string[];
}

/**
 * Node HTTP server limits (issue 10, slow-loris and never-reading clients); times in ms.
 * A connection that has not sent its complete request headers within `headersTimeoutMs`, or its
 * complete request within `requestTimeoutMs`, is answered 408 and closed; checked every
 * `checkIntervalMs`. Upgraded stream sockets are not subject to them (the stream has its own
 * heartbeat and buffer limit).
 */
export interface HttpLimits {
  /** env `ENCLAVE_HEADERS_TIMEOUT_MS`, default 10,000. */
  headersTimeoutMs: number;
  /**
   * env `ENCLAVE_REQUEST_TIMEOUT_MS`, default 300,000 (Node's own default; uploads included: a 25 MiB
   * upload needs ≥ 0.7 Mbit/s); at least `headersTimeoutMs`. Slow-loris headers are bounded by `headersTimeoutMs`.
   */
  requestTimeoutMs: number;
  /** Idle keep-alive connections are closed after this (env `ENCLAVE_KEEPALIVE_TIMEOUT_MS`, default 72,000). */
  keepAliveTimeoutMs: number;
  /** Open TCP connections per node, streams included; more are dropped at accept (env `ENCLAVE_MAX_CONNECTIONS`, default 10,000). */
  maxConnections: number;
  /** How often the header/request timeouts are checked: a quarter of `headersTimeoutMs`, at most 1 s. */
  checkIntervalMs: number;
}

export { ConfigError } from './errors.ts';
export { KeyLocationError, assertOutsideGitWorkTree, configHome, defaultKeyDir, gitWorkTreeOf, legacyMasterKeyFile } from './key-paths.ts';

/** Builds a {@link Config} from an environment map. Throws {@link ConfigError} on invalid values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be an integer 0..65535');
  const host = env.HOST || '127.0.0.1';
  const dataDir = resolve(env.ENCLAVE_DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl) && !/^sqlite:/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (or unset for SQLite)');
  }
  const masterKeyFile = env.ENCLAVE_MASTER_KEY_FILE ? resolve(env.ENCLAVE_MASTER_KEY_FILE) : join(defaultKeyDir(dataDir, env), 'master.key');
  const auditSigningKeyFile = env.ENCLAVE_AUDIT_SIGNING_KEY_FILE
    ? resolve(env.ENCLAVE_AUDIT_SIGNING_KEY_FILE)
    : join(dirname(masterKeyFile), `${basename(masterKeyFile).replace(/\.key$/, '')}-audit-signing.pem`);
  const publicUrl = (env.ENCLAVE_PUBLIC_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    masterKey: env.ENCLAVE_MASTER_KEY || undefined,
    masterKeyFile,
    auditSigningKeyFile,
    legacyMasterKeyFile: env.ENCLAVE_MASTER_KEY_FILE ? undefined : legacyMasterKeyFile(dataDir),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl,
    sessionTtlHours: positiveInt(env, 'ENCLAVE_SESSION_TTL_HOURS', 168),
    messageRatePer10s: positiveInt(env, 'ENCLAVE_MESSAGE_RATE', 30),
    maxSocketsPerUser: positiveInt(env, 'ENCLAVE_MAX_SOCKETS_PER_USER', 20),
    metricsToken: env.ENCLAVE_METRICS_TOKEN || undefined,
    eventRetention: {
      perUser: positiveInt(env, 'ENCLAVE_EVENTS_KEEP_PER_USER', 10_000),
      days: positiveInt(env, 'ENCLAVE_EVENTS_KEEP_DAYS', 7),
      everyMinutes: positiveInt(env, 'ENCLAVE_EVENTS_PRUNE_MINUTES', 10),
    },
    email: { smtpUrl: smtpUrlOf(env), from: env.ENCLAVE_EMAIL_FROM || 'enclave@localhost', batchSeconds: positiveInt(env, 'ENCLAVE_EMAIL_BATCH_SECONDS', 300) },
    http: httpLimitsOf(env),
    streamBufferBytes: positiveInt(env, 'ENCLAVE_STREAM_BUFFER_BYTES', 4 * 1024 * 1024),
    trustProxy: trustProxyOf(env.ENCLAVE_TRUST_PROXY),
  };
}

/**
 * Parses `ENCLAVE_TRUST_PROXY`: a comma list of IPv4/IPv6 addresses and CIDR ranges (blanks
 * around commas allowed). Empty or unset = no proxy is trusted. Throws {@link ConfigError} for
 * anything else (`true`, `*`, a `/0` range, host names, hop counts: trusting every peer would let
 * any direct client choose its address).
 */
export function trustProxyOf(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const entry = part.trim();
    const [addr = '', prefix, extra] = entry.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    // a /0 range is every peer, the `true` refused above under another name
    const okPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= max);
    if (family === 0 || !okPrefix || extra !== undefined) {
      throw new ConfigError('ENCLAVE_TRUST_PROXY must be a comma list of IP addresses or CIDR ranges (e.g. 127.0.0.1,::1 or 10.0.0.0/8)');
    }
    return entry;
  });
}

function httpLimitsOf(env: NodeJS.ProcessEnv): HttpLimits {
  const headersTimeoutMs = positiveInt(env, 'ENCLAVE_HEADERS_TIMEOUT_MS', 10_000);
  const requestTimeoutMs = positiveInt(env, 'ENCLAVE_REQUEST_TIMEOUT_MS', 300_000);
  if (requestTimeoutMs < headersTimeoutMs) throw new ConfigError('ENCLAVE_REQUEST_TIMEOUT_MS must be at least ENCLAVE_HEADERS_TIMEOUT_MS');
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: positiveInt(env, 'ENCLAVE_KEEPALIVE_TIMEOUT_MS', 72_000),
    maxConnections: positiveInt(env, 'ENCLAVE_MAX_CONNECTIONS', 10_000),
    checkIntervalMs: Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
  };
}

function smtpUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.ENCLAVE_SMTP_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^smtps?:\/\/[^\s]+$/.test(raw)) throw new ConfigError('ENCLAVE_SMTP_URL must be an smtp:// or smtps:// URL');
  return raw;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer`);
  return n;
}
