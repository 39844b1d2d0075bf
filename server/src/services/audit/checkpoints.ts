/**
 * Signed checkpoints of the audit chain.
 *
 * A checkpoint is `{ seq, hash, at }` of the chain head, signed with Ed25519 (RFC 8032) over its
 * RFC 8785 canonical JSON, stored in `audit_checkpoints` and ALSO appended as one JSON line
 * `{ seq, hash, at, signature, publicKey }` to an append-only file
 * (`<dataDir>/audit-checkpoints.log` or `ENCLAVE_AUDIT_CHECKPOINT_FILE`) and to the log, and handed
 * to `publish` (privacy officers' streams and `ENCLAVE_AUDIT_SINK`, see `setup.ts`), so that
 * copies exist off the machine. `verifyAuditLog` checks them against each other.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey, sign, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { canonicalJson } from './hash.ts';
import { lockAuditChain } from './append.ts';
import type { AuditSigningKey } from './signing-key.ts';

/** A signed checkpoint as stored and written to the file. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  /** ISO 8601 UTC. */
  at: string;
  /** Base64 Ed25519 signature over `canonicalJson({ seq, hash, at })`. */
  signature: string;
  /** Base64 DER SPKI public key. */
  publicKey: string;
}

/** Minimal logger (pino-compatible). */
export interface CheckpointLogger {
  info(obj: Record<string, unknown>, msg: string): void;
}

/** Default checkpoint file path: `ENCLAVE_AUDIT_CHECKPOINT_FILE` or `<dataDir>/audit-checkpoints.log`. */
export function defaultCheckpointFile(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.ENCLAVE_AUDIT_CHECKPOINT_FILE || join(dataDir, 'audit-checkpoints.log');
}

function signedBytes(cp: { seq: number; hash: string; at: string }): Buffer {
  return Buffer.from(canonicalJson({ seq: cp.seq, hash: cp.hash, at: cp.at }), 'utf8');
}

/** True when `cp.signature` is a valid Ed25519 signature by `cp.publicKey`. Never throws. */
export function checkpointSignatureValid(cp: AuditCheckpoint): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(cp.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, signedBytes(cp), key, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Options of {@link createCheckpoint}. */
export interface CheckpointOptions {
  key: AuditSigningKey;
  /** Append-only file that receives one JSON line per checkpoint. */
  file: string;
  /**
   * Longest span of events one checkpoint may close: a longer backlog is signed in steps of this
   * many events (see {@link createCheckpoint}). Unset: the head only.
   */
  everyEvents?: number;
  logger?: CheckpointLogger;
  /**
   * Called with each new checkpoint after it is committed and written to the file: ships it off
   * the machine (officers' streams, `ENCLAVE_AUDIT_SINK`). Must not block; what it throws is
   * logged (`logger.info` is not used for that: pass `onPublishError`) and never undoes the checkpoint.
   */
  publish?: (cp: AuditCheckpoint) => void;
  /** Receives errors thrown by `publish`. */
  onPublishError?: (err: unknown) => void;
}

/**
 * Signs the current chain head unless it is already checkpointed. Returns the new checkpoint, or
 * `undefined` when the log is empty or the head already has one. The rows are inserted in their own
 * transaction; the file lines are appended (O_APPEND) only after the commit, so the file never holds
 * a checkpoint the database rolled back. Throws on I/O errors writing the file (the rows stay).
 *
 * With `opts.everyEvents`, a backlog longer than that (a burst of more events than the interval
 * between two polls of the checkpointer, or events written while no node ran — a seeding script,
 * an offline import) is signed in steps: one checkpoint at every `everyEvents`-th event after the
 * last checkpoint, then the head. Without the steps `audit verify`'s cadence check (at most
 * 2 × `everyEvents` events between checkpoints, `verify.ts`) reported such a legitimate burst as
 * deleted checkpoints. Each step signs the stored hash of the event at its seq, which the chain
 * check recomputes, so a step proves no less than a head checkpoint.
 */
export async function createCheckpoint(db: Kysely<Database>, opts: CheckpointOptions): Promise<AuditCheckpoint | undefined> {
  const made = await db.transaction().execute(async (trx) => {
    await lockAuditChain(trx);
    const head = await trx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!head) return [];
    const existing = await trx.selectFrom('audit_checkpoints').select('seq').where('seq', '=', head.seq).executeTakeFirst();
    if (existing) return [];
    const targets: Array<{ seq: number; hash: string }> = [];
    const step = opts.everyEvents !== undefined && opts.everyEvents >= 1 ? Math.floor(opts.everyEvents) : 0;
    if (step > 0) {
      const last = await trx.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const seqs: number[] = [];
      for (let s = (last?.seq ?? 0) + step; s < head.seq; s += step) seqs.push(s);
      for (let i = 0; i < seqs.length; i += CHECKPOINT_BATCH) {
        const rows = await trx.selectFrom('audit_events').select(['seq', 'hash']).where('seq', 'in', seqs.slice(i, i + CHECKPOINT_BATCH)).orderBy('seq').execute();
        targets.push(...rows.map((r) => ({ seq: Number(r.seq), hash: r.hash })));
      }
    }
    targets.push({ seq: Number(head.seq), hash: head.hash });
    const at = new Date().toISOString();
    const cps: AuditCheckpoint[] = targets.map((t) => {
      const body = { seq: t.seq, hash: t.hash, at };
      return { ...body, signature: sign(null, signedBytes(body), opts.key.privateKey).toString('base64'), publicKey: opts.key.publicKeyBase64 };
    });
    for (let i = 0; i < cps.length; i += CHECKPOINT_BATCH) {
      await trx
        .insertInto('audit_checkpoints')
        .values(cps.slice(i, i + CHECKPOINT_BATCH).map((c) => ({ seq: c.seq, hash: c.hash, at: c.at, signature: c.signature, public_key: c.publicKey })))
        .execute();
    }
    return cps;
  });
  if (made.length === 0) return undefined;
  appendFileSync(opts.file, made.map((cp) => `${JSON.stringify(cp)}\n`).join(''), { mode: 0o600 });
  for (const cp of made) {
    opts.logger?.info({ auditCheckpoint: cp }, 'audit checkpoint');
    try {
      opts.publish?.(cp);
    } catch (err) {
      opts.onPublishError?.(err);
    }
  }
  return made[made.length - 1];
}

/** Rows per statement when a backlog is signed in steps (well under SQLite's parameter limit). */
const CHECKPOINT_BATCH = 100;

/** Options of {@link startAuditCheckpointer}. */
export interface CheckpointerOptions extends CheckpointOptions {
  /** Checkpoint once this many events have been appended since the last one (default 1000). */
  everyEvents?: number;
  /** …or once this many ms have passed since the last one and there are new events (default 10 min). */
  everyMs?: number;
  /** How often the head is polled, in ms (default 1000). */
  pollMs?: number;
  /** Called with errors of a background checkpoint (they never crash the process). */
  onError?: (err: unknown) => void;
}

/** A running checkpointer. */
export interface AuditCheckpointer {
  /** Runs one check now (what the timer does); resolves to the checkpoint made, if any. */
  tick(): Promise<AuditCheckpoint | undefined>;
  /** Stops the timer and makes a final checkpoint of any new events. */
  stop(): Promise<void>;
}

/**
 * Starts a timer that checkpoints every `everyEvents` events or `everyMs` ms (whichever first).
 * The event count is checked every `pollMs`, so a checkpoint may cover a few more events than
 * `everyEvents` under heavy load.
 */
export function startAuditCheckpointer(db: Kysely<Database>, opts: CheckpointerOptions): AuditCheckpointer {
  const everyEvents = opts.everyEvents ?? 1000;
  const everyMs = opts.everyMs ?? 10 * 60_000;
  let lastAt = Date.now();
  let running: Promise<AuditCheckpoint | undefined> | undefined;
  const check = async (force: boolean): Promise<AuditCheckpoint | undefined> => {
    const head = await db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const last = await db.selectFrom('audit_checkpoints').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const pending = (head?.seq ?? 0) - (last?.seq ?? 0);
    if (pending <= 0) return undefined;
    if (!force && pending < everyEvents && Date.now() - lastAt < everyMs) return undefined;
    lastAt = Date.now();
    return createCheckpoint(db, { ...opts, everyEvents });
  };
  const tick = (force = false): Promise<AuditCheckpoint | undefined> => {
    if (!running) running = check(force).finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => {
    tick().catch((err: unknown) => opts.onError?.(err));
  }, opts.pollMs ?? 1000);
  timer.unref();
  return {
    tick: () => tick(),
    stop: async () => {
      clearInterval(timer);
      if (running) await running.catch(() => undefined);
      await tick(true);
    },
  };
}
