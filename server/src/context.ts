/**
 * The application context, built once: config, database, logger, guard, limiters, realtime hub
 * and the write path (`write`). Tests pass `overrides` instead of patching modules.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/index.ts';
import { pdqHash } from '@enclave/pdq';
import { HashListMatcher } from './services/hashlists/matcher.ts';
import { migrateToLatest, openDatabase, type OpenDatabase } from './db/database.ts';
import type { Database } from './db/schema/index.ts';
import { createLogger } from './logger.ts';
import type { MessageGuard } from './services/chat/guard.ts';
import { Redis } from 'ioredis';
import { Metrics } from './ops/metrics.ts';
import { onAuditAppend } from './services/audit/index.ts';
import { memoryCounters, redisCounters, type SharedCounters, type SharedLimiter } from './ops/shared-counters.ts';
import { localFanout, RedisFanout, type Fanout } from './realtime/fanout.ts';
import { localSocketLeases, redisSocketLeases, type SocketLeases } from './ops/socket-leases.ts';
import { randomSecret } from './services/auth/secrets.ts';
import { Hub } from './realtime/hub.ts';
import { loadKnownSubjectIndex } from './services/cases/known-values.ts';
import { KnownSubjectSync } from './services/cases/known-subject-sync.ts';
import { checkpointWal, runDataMigrations } from './services/privacy/data-migrations.ts';
import { buildPrivacyRuntime, type PrivacyOverrides, type PrivacyRuntime } from './services/privacy/runtime.ts';
import { Writer, type UnitOfWork } from './unit-of-work.ts';
import { buildMediaRuntime, type MediaOverrides, type MediaRuntime } from './services/media/runtime.ts';
import { PresenceBook } from './realtime/presence-book.ts';
import { NotificationMailer } from './services/notifications/mailer.ts';

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
  /** Delivery of committed events: this node's hub, or every node's through Redis (`REDIS_URL`). */
  fanout: Fanout;
  /** Prometheus metrics of this node (`GET /metrics`). */
  metrics: Metrics;
  /** Rate-limit counters: in process, or in Redis shared by every node. */
  counters: SharedCounters;
  /** Stream socket slots across nodes (the hub counts this node's own). */
  socketLeases: SocketLeases;
  /** Uploads, processing jobs, OCR, quarantine (issue 11). */
  media: MediaRuntime;
  /** Who is active, away or offline on this node (issue 12). */
  presence: PresenceBook;
  /** Notification e-mails; null when `ENCLAVE_SMTP_URL` is unset (issue 12). */
  mailer: NotificationMailer | null;
  limits: Limits;
  loginLimiter: SharedLimiter;
  messageLimiter: SharedLimiter;
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
  media?: MediaOverrides;
  /** Notification e-mail settings (tests: an in-process SMTP server, short windows). */
  notifications?: { smtpUrl?: string; batchMs?: number; retryBaseMs?: number; maxAttempts?: number; pollMs?: number };
}

/**
 * Builds the context: opens the database (`DATABASE_URL`'s PostgreSQL, or SQLite in
 * `config.dataDir`), applies migrations, builds
 * the privacy runtime (vault from `ENCLAVE_MASTER_KEY` or the key file: throws `MasterKeyError`
 * when it is unusable) and runs pending data migrations (`services/privacy/data-migrations.ts`).
 */
export async function buildContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const database = overrides.database ?? openDatabase(config);
  const stopCountingAppends = onAuditAppend(database.db, () => metrics.auditAppends.inc());
  await migrateToLatest(database.db);
  let privacy: PrivacyRuntime;
  try {
    // The vault needs the master key (outside the database): a bad key or a key file readable by
    // others refuses to start here, before anything listens.
    privacy = buildPrivacyRuntime(config, database.db, {
      overrides: overrides.privacy,
      onAuditError: (err) => logger.error({ err }, 'deferred audit event failed'),
      metrics,
    });
    await runDataMigrations(database, { vault: privacy.vault, analyze: (t) => privacy.analyze(t) });
    privacy.knownSubjects ??= await loadKnownSubjectIndex(database.db, privacy.vault);
  } catch (err) {
    stopCountingAppends();
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
    socketBufferBytes: config.streamBufferBytes,
    replayMax: 10_000,
    reactions: 30,
    reactionWindowMs: 10_000,
    ...overrides.limits,
  };
  const hub = new Hub({ socketBufferBytes: limits.socketBufferBytes, logger, onDelivered: () => metrics.deliveries.inc() });
  const reader = database.openReader();
  // Subjects that another node's intake registered (or erased) reach this node's index within a second.
  const knownSubjectSync = new KnownSubjectSync(
    reader.db,
    privacy.vault,
    () => privacy.knownSubjects,
    async () => {
      privacy.knownSubjects = await loadKnownSubjectIndex(reader.db, privacy.vault);
    },
  );
  knownSubjectSync.start((err) => logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'known-subject sync failed'));
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
  const fanout: Fanout = redis ? redis.fanout(hub, reader.db) : localFanout(hub);
  if (fanout instanceof RedisFanout) await fanout.start();
  // a name learned from a message on one node is recalled on every node (conversation-memory-shared.ts)
  const sharedMemory = redis
    ? await privacy.shareConversationMemory({
        pub: redis.pub,
        sub: redis.sub,
        onFault: (err) => logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'redis unreachable: conversation memory kept per node until it returns'),
      })
    : undefined;
  const counters = redis ? redis.counters : memoryCounters;
  const socketLeases = redis ? redis.socketLeases : localSocketLeases;
  privacy.analyzeLimiter = counters.limiter('analyze', privacy.analyzeLimiter.max, privacy.analyzeLimiter.windowMs);
  const writer = new Writer(database.db, (events) => {
    for (const e of events) if (e.kind === 'stream') metrics.events.inc({ type: eventTypeOf(e.frame) });
    fanout.dispatch(events);
  });
  // Keeps superseded page images (e.g. of deleted messages) from lingering in the -wal file.
  const walTimer = setInterval(() => void writer.exclusive(async () => checkpointWal(database)).catch((err: unknown) => logger.warn({ err }, 'WAL checkpoint failed')), privacy.settings.walCheckpointMs).unref();
  const guard = overrides.guard ?? privacy.guard;
  // Hash lists imported by any process (CLI or admin page) are seen by the next upload's match.
  const hashLists = new HashListMatcher(reader.db);
  const media = buildMediaRuntime({
    dataDir: config.dataDir,
    db: database.db,
    write: (fn) => writer.write(fn),
    guard,
    channelClassOf: privacy.channelClassOf,
    keys: privacy.vault.keys,
    logger,
    overrides: {
      matcher: { match: (h) => hashLists.matchMedia({ sha256: h.sha256, md5: h.md5, ...(h.pdq ? { pdq: h.pdq } : {}) }) },
      hasher: async (image) => {
        const { hash, quality } = await pdqHash(image);
        return { hash, quality };
      },
      ...overrides.media,
    },
  });
  const presence = new PresenceBook((id) => hub.count(id));
  const n = overrides.notifications ?? {};
  const smtpUrl = n.smtpUrl ?? config.email.smtpUrl;
  const mailer = smtpUrl
    ? new NotificationMailer({
        db: database.db,
        write: (fn) => writer.write(fn),
        logger,
        isActive: (id) => presence.of(id) === 'active',
        publicUrl: config.publicUrl,
        smtpUrl,
        from: config.email.from,
        batchMs: n.batchMs ?? config.email.batchSeconds * 1000,
        retryBaseMs: n.retryBaseMs ?? 30_000,
        maxAttempts: n.maxAttempts ?? 6,
        pollMs: n.pollMs ?? 5_000,
      })
    : null;
  mailer?.start();
  const anyUser = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const ctx: AppContext = {
    config,
    db: database.db,
    readDb: reader.db,
    database,
    logger,
    guard,
    privacy,
    hub,
    fanout,
    metrics,
    counters,
    socketLeases,
    media,
    presence,
    mailer,
    limits,
    loginLimiter: counters.limiter('login', limits.loginAttempts, limits.loginWindowMs),
    messageLimiter: counters.limiter('messages', limits.messages, limits.messageWindowMs),
    setup: { token: anyUser ? null : randomSecret() },
    write: (fn) => writer.write(fn),
    exclusive: (fn) => writer.exclusive(fn),
    close: async () => {
      hub.stop();
      clearInterval(walTimer);
      await media.close();
      await mailer?.stop();
      await writer.drained();
      socketLeases.stop();
      sharedMemory?.close();
      knownSubjectSync.stop();
      await fanout.close();
      await privacy.privacyGuard.settled();
      await reader.close();
      try {
        checkpointWal(database);
      } catch (err) {
        logger.warn({ err }, 'WAL checkpoint at close failed');
      }
      await database.close();
      stopCountingAppends();
    },
  };
  metrics.attach({
    sockets: () => hub.count(),
    writeQueue: () => writer.queued,
    fanoutBacklog: () => fanout.backlog(),
  });
  return ctx;
}

/** The event type at the start of a stream frame (`{"seq":N,"type":"…",…`), for metrics. */
function eventTypeOf(frame: Buffer): string {
  const m = /"type":"([a-z_.]{1,40})"/.exec(frame.subarray(0, 120).toString('latin1'));
  return m?.[1] ?? 'other';
}

/**
 * Opens the two Redis connections of a node (commands, subscriber). The command connection has
 * no offline queue: while Redis is away commands fail at once (limits fall back to the node,
 * publishes are caught up from the database) instead of hanging.
 */
async function connectRedis(
  url: string,
  logger: Logger,
): Promise<{ pub: Redis; sub: Redis; counters: SharedCounters; socketLeases: SocketLeases; fanout: (hub: Hub, readDb: Kysely<Database>) => RedisFanout }> {
  const retryStrategy = (times: number): number => Math.min(times * 200, 2000);
  const pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, lazyConnect: true });
  const sub = new Redis(url, { retryStrategy, lazyConnect: true });
  const quiet = (which: string) => (err: Error) => logger.debug({ err: { message: err.message } }, `redis ${which} connection error`);
  pub.on('error', quiet('command'));
  sub.on('error', quiet('subscriber'));
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    pub,
    sub,
    counters: redisCounters(pub, (err) => logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'redis unreachable: rate limits counted per node until it returns')),
    socketLeases: redisSocketLeases(pub),
    fanout: (hub, readDb) => new RedisFanout({ hub, pub, sub, readDb, logger }),
  };
}
