/**
 * Configuration: read from the environment once, validated into a typed object.
 * Every variable is listed in the README's configuration table.
 */
import { resolve } from 'node:path';

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
  /** Path of the master key file, mode 0600, created on first start (env `ENCLAVE_MASTER_KEY_FILE`, default `<dataDir>/../enclave-master.key`… see README). */
  masterKeyFile: string;
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
}

/** Error thrown for an invalid environment variable; the message names the variable, never a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

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
  const masterKeyFile = resolve(env.ENCLAVE_MASTER_KEY_FILE || resolve(dataDir, '..', `${baseName(dataDir)}-master.key`));
  const publicUrl = (env.ENCLAVE_PUBLIC_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    masterKey: env.ENCLAVE_MASTER_KEY || undefined,
    masterKeyFile,
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl,
    sessionTtlHours: positiveInt(env, 'ENCLAVE_SESSION_TTL_HOURS', 168),
    messageRatePer10s: positiveInt(env, 'ENCLAVE_MESSAGE_RATE', 30),
    maxSocketsPerUser: positiveInt(env, 'ENCLAVE_MAX_SOCKETS_PER_USER', 20),
  };
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? 'data';
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer`);
  return n;
}
