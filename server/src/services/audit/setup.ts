/**
 * Wiring of the audit checkpointer from configuration, for the server's context.
 * Environment: `ENCLAVE_AUDIT_CHECKPOINT_EVERY` (events, default 1000),
 * `ENCLAVE_AUDIT_CHECKPOINT_MINUTES` (default 10), `ENCLAVE_AUDIT_CHECKPOINT_FILE`
 * (default `<dataDir>/audit-checkpoints.log`), `ENCLAVE_AUDIT_SIGNING_KEY_FILE`
 * (default beside the master key file), `ENCLAVE_AUDIT_SINK` (off-machine copy of each checkpoint:
 * `syslog://HOST:PORT`, `syslog+tcp://HOST:PORT` or an `https://` webhook; see `sink.ts`).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config/index.ts';
import type { Database } from '../../db/schema/index.ts';
import { defaultCheckpointFile, startAuditCheckpointer, type AuditCheckpoint, type AuditCheckpointer, type CheckpointLogger } from './checkpoints.ts';
import { createCheckpointSink, parseSinkUrl, type SinkLogger } from './sink.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${name} must be a positive number`);
  return n;
}

/** The checkpoint cadence from `ENCLAVE_AUDIT_CHECKPOINT_EVERY` / `_MINUTES`. Throws `RangeError` for a malformed value. */
export function checkpointCadenceFromEnv(env: NodeJS.ProcessEnv = process.env): { everyEvents: number; everyMs: number } {
  return {
    everyEvents: Math.max(1, Math.floor(positive(env, 'ENCLAVE_AUDIT_CHECKPOINT_EVERY', 1000))),
    everyMs: positive(env, 'ENCLAVE_AUDIT_CHECKPOINT_MINUTES', 10) * 60_000,
  };
}

/**
 * Loads (or creates, mode 0600) the signing key and starts the checkpointer; call `stop()` at
 * shutdown (it signs the last events, then gives the sink up to 2 s to deliver what is queued).
 * Throws `KeyFileError` for a group/world-readable key file, `ConfigError` for a key file in a git
 * working tree or a malformed `ENCLAVE_AUDIT_SINK`, and `RangeError` for a malformed number.
 */
export function startAuditCheckpointsFromConfig(
  db: Kysely<Database>,
  config: Pick<Config, 'dataDir' | 'auditSigningKeyFile'>,
  opts: {
    logger?: CheckpointLogger & SinkLogger;
    env?: NodeJS.ProcessEnv;
    /** Also called with each checkpoint (the server sends it to the privacy officers' streams). */
    publish?: (cp: AuditCheckpoint) => void;
  } = {},
): AuditCheckpointer {
  const env = opts.env ?? process.env;
  const sink = env.ENCLAVE_AUDIT_SINK ? createCheckpointSink(parseSinkUrl(env.ENCLAVE_AUDIT_SINK), { logger: opts.logger }) : undefined;
  const checkpointer = startAuditCheckpointer(db, {
    key: loadOrCreateSigningKey(config.auditSigningKeyFile),
    file: defaultCheckpointFile(config.dataDir, env),
    ...checkpointCadenceFromEnv(env),
    logger: opts.logger,
    onError: (err) => opts.logger?.error({ err }, 'audit checkpoint failed'),
    publish: (cp) => {
      sink?.send(cp);
      opts.publish?.(cp);
    },
    onPublishError: (err) => opts.logger?.error({ err }, 'audit checkpoint not published'),
  });
  return {
    tick: () => checkpointer.tick(),
    stop: async () => {
      await checkpointer.stop();
      await sink?.close();
    },
  };
}
