/**
 * The application context, built once: config, database, logger, guard, limiters, realtime hub
 * and the write path (`write`). Tests pass `overrides` instead of patching modules.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/index.ts';
import { migrateToLatest, openSqlite, openSqliteReader, type OpenDatabase } from './db/database.ts';
import type { Database } from './db/schema/index.ts';
import { createLogger } from './logger.ts';
import type { MessageGuard } from './services/chat/guard.ts';
import { RateLimiter } from './services/auth/rate-limiter.ts';
import { randomSecret } from './services/auth/secrets.ts';
import { Hub } from './realtime/hub.ts';
import { loadKnownSubjectIndex } from './services/cases/known-values.ts';
import { checkpointWal, runDataMigrations } from './services/privacy/data-migrations.ts';
import { buildPrivacyRuntime, type PrivacyOverrides, type PrivacyRuntime } from './services/privacy/runtime.ts';
import { Writer, type UnitOfWork } from './unit-of-work.ts';

/** Tunable limits; times in ms, sizes in bytes. */
export interface Limits {
  sessionTtlMs: number;
  /** Sign-in attempts per IP+email per window. */
  loginAttempts: number;
  loginWindowMs: number;
  /** Consecutive wrong passwords that lock an account, and for how long. */
  lockoutThreshold: number;
  lockoutMs: number;
  /** Messages (create + edit) per user per window. */
  messages: number;
  messageWindowMs: number;
  maxSocketsPerUser: number;
  /** A socket whose unsent bytes exceed this is closed with 1013. */
  socketBufferBytes: number;
  /** More events than this to replay → `{ type: "reset" }`. */
  replayMax: number;
  /** Reaction adds + removes per user per window (issue 12). */
  reactions: number;
  reactionWindowMs: number;
}

export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  /**
   * A separate query-only connection for pure reads (history, search, channel lists, credential
   * lookups): they do not queue behind an open write transaction on `db`. It sees every committed
   * write (WAL); never use it inside a unit of work (it would not see the transaction's own rows).
   */
  readDb: Kysely<Database>;
  /** The raw SQLite handle when running on SQLite. */
  database: OpenDatabase;
  logger: Logger;
  guard: MessageGuard;
  /** Vault, analyzer, channel classes, reveal/preview limits (issue 4). */
  privacy: PrivacyRuntime;
  hub: Hub;
  limits: Limits;
  loginLimiter: RateLimiter;
  messageLimiter: RateLimiter;
  /** One-time setup token while no account exists (printed by `serve`), else null. */
  setup: { token: string | null };
  /**
   * Runs `fn` in a serialised write transaction (group-committed with other queued units, each
   * isolated by a savepoint: see `unit-of-work.ts`); its domain events are dispatched after commit.
   */
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /** Runs `fn` between writes (no write commits or dispatches meanwhile). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ContextOverrides {
  database?: OpenDatabase;
  logger?: Logger;
  guard?: MessageGuard;
  limits?: Partial<Limits>;
  privacy?: PrivacyOverrides;
}

/**
 * Builds the context: opens the database (SQLite in `config.dataDir`), applies migrations, builds
 * the privacy runtime (vault from `ENCLAVE_MASTER_KEY` or the key file: throws `MasterKeyError`
 * when it is unusable) and runs pending data migrations (`services/privacy/data-migrations.ts`).
 */
export async function buildContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database = overrides.database ?? openSqlite(config.dataDir);
  await migrateToLatest(database.db);
  let privacy: PrivacyRuntime;
  try {
    // The vault needs the master key (outside the database): a bad key or a key file readable by
    // others refuses to start here, before anything listens.
    privacy = buildPrivacyRuntime(config, database.db, {
      overrides: overrides.privacy,
      onAuditError: (err) => logger.error({ err }, 'deferred audit event failed'),
    });
    await runDataMigrations(database, { vault: privacy.vault, analyze: (t) => privacy.analyze(t) });
    privacy.knownSubjects ??= await loadKnownSubjectIndex(database.db, privacy.vault);
  } catch (err) {
    await database.close();
    throw err;
  }
  const limits: Limits = {
    sessionTtlMs: config.sessionTtlHours * 3_600_000,
    loginAttempts: 10,
    loginWindowMs: 15 * 60_000,
    lockoutThreshold: 5,
    lockoutMs: 15 * 60_000,
    messages: config.messageRatePer10s,
    messageWindowMs: 10_000,
    maxSocketsPerUser: config.maxSocketsPerUser,
    socketBufferBytes: 4 * 1024 * 1024,
    replayMax: 10_000,
    reactions: 30,
    reactionWindowMs: 10_000,
    ...overrides.limits,
  };
  const hub = new Hub({ socketBufferBytes: limits.socketBufferBytes, logger });
  const writer = new Writer(database.db, (events) => hub.dispatch(events));
  // Keeps superseded page images (e.g. of deleted messages) from lingering in the -wal file.
  const walTimer = setInterval(() => void writer.exclusive(async () => checkpointWal(database)).catch((err: unknown) => logger.warn({ err }, 'WAL checkpoint failed')), privacy.settings.walCheckpointMs).unref();
  const reader = openSqliteReader(database.file);
  const anyUser = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const ctx: AppContext = {
    config,
    db: database.db,
    readDb: reader.db,
    database,
    logger,
    guard: overrides.guard ?? privacy.guard,
    privacy,
    hub,
    limits,
    loginLimiter: new RateLimiter(limits.loginAttempts, limits.loginWindowMs),
    messageLimiter: new RateLimiter(limits.messages, limits.messageWindowMs),
    setup: { token: anyUser ? null : randomSecret() },
    write: (fn) => writer.write(fn),
    exclusive: (fn) => writer.exclusive(fn),
    close: async () => {
      hub.stop();
      clearInterval(walTimer);
      await writer.drained();
      await privacy.privacyGuard.settled();
      await reader.close();
      try {
        checkpointWal(database);
      } catch (err) {
        logger.warn({ err }, 'WAL checkpoint at close failed');
      }
      await database.close();
    },
  };
  return ctx;
}
