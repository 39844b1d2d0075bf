/**
 * Wiring of the audit checkpointer from configuration, for the server's context.
 * Environment: `ENCLAVE_AUDIT_CHECKPOINT_EVERY` (events, default 1000),
 * `ENCLAVE_AUDIT_CHECKPOINT_MINUTES` (default 10), `ENCLAVE_AUDIT_CHECKPOINT_FILE`
 * (default `<dataDir>/audit-checkpoints.log`), `ENCLAVE_AUDIT_SIGNING_KEY_FILE`
 * (default beside the master key file).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config/index.ts';
import type { Database } from '../../db/schema/index.ts';
import { defaultCheckpointFile, startAuditCheckpointer, type AuditCheckpointer, type CheckpointLogger } from './checkpoints.ts';
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
 * shutdown (it signs the last events). Throws `KeyFileError` for a group/world-readable key file
 * and `RangeError` for a malformed environment value.
 */
export function startAuditCheckpointsFromConfig(
  db: Kysely<Database>,
  config: Pick<Config, 'dataDir' | 'auditSigningKeyFile'>,
  opts: { logger?: CheckpointLogger & { error(obj: Record<string, unknown>, msg: string): void }; env?: NodeJS.ProcessEnv } = {},
): AuditCheckpointer {
  const env = opts.env ?? process.env;
  return startAuditCheckpointer(db, {
    key: loadOrCreateSigningKey(config.auditSigningKeyFile),
    file: defaultCheckpointFile(config.dataDir, env),
    ...checkpointCadenceFromEnv(env),
    logger: opts.logger,
    onError: (err) => opts.logger?.error({ err }, 'audit checkpoint failed'),
  });
}
