/**
 * Verification of the audit log: the hash chain, the signed checkpoints in the database, and the
 * checkpoint file kept for shipping off the machine.
 *
 * What it can prove depends on what it trusts: the database and the data folder can be rewritten
 * wholesale by whoever can write them (drop the triggers, recompute the chain, re-sign with a key
 * found beside the database). So signatures are checked against PINNED keys (`trustedPublicKeys`
 * / `trustedFingerprints`, never the key file in the data folder), a checkpoint file copied off
 * the machine is compared line by line, and the checkpointing cadence is enforced: no event may
 * wait longer than one checkpoint interval for a checkpoint (`interval`), so deleting the
 * checkpoints or the newest events leaves a visible gap.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from '../../db/schema/index.ts';
import { GENESIS_HASH, hashStoredRow } from './hash.ts';
import { checkpointSignatureValid, type AuditCheckpoint } from './checkpoints.ts';

/** Options of {@link verifyAuditLog}. */
export interface VerifyOptions {
  /** Checkpoint file to compare against the database; a missing file is treated as empty unless `checkpointFileRequired`. */
  checkpointFile?: string;
  /** Throw (ENOENT) when `checkpointFile` does not exist, instead of treating it as empty. */
  checkpointFileRequired?: boolean;
  /**
   * Base64 DER SPKI public keys allowed to sign checkpoints. With neither this nor
   * `trustedFingerprints`, any key is accepted (signatures are still checked) — callers that face
   * an attacker (the CLI) always pin.
   */
  trustedPublicKeys?: readonly string[];
  /** SHA-256 fingerprints (64 hex digits, of the DER SPKI) of keys allowed to sign checkpoints. */
  trustedFingerprints?: readonly string[];
  /**
   * The checkpoint cadence to enforce: an event must be covered by a (valid, trusted) checkpoint
   * made at most `ms` after it (`graceMs` added, default 60 s, for polling and shutdown), and no
   * two consecutive checkpoints may be more than `events` × 2 events apart. The newest,
   * uncovered events are measured against `now` (default `Date.now()`). Without it, no cadence check.
   */
  interval?: { events: number; ms: number; graceMs?: number; now?: number };
  /** Rows read per query (default 10,000). */
  batchSize?: number;
  /**
   * The raw better-sqlite3 handle of the same database, if SQLite: rows are then read as arrays
   * (about twice as fast as row objects). Without it, rows come through Kysely (any dialect).
   */
  sqlite?: SqliteDatabase.Database;
}

type Row = Database['audit_events'];

/** Returns a function reading the next batch of rows with `seq > after`, in seq order. */
function batchReader(db: Kysely<Database>, opts: VerifyOptions): (after: number, limit: number) => Promise<Row[]> {
  if (opts.sqlite) {
    const stmt = opts.sqlite
      .prepare('SELECT seq, at, actor, action, target, justification, outcome, details, prev_hash, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?')
      .raw(true);
    return async (after, limit) =>
      (stmt.all(after, limit) as Row[keyof Row][][]).map((a) => ({
        seq: a[0] as number,
        at: a[1] as string,
        actor: a[2] as string,
        action: a[3] as string,
        target: a[4] as string,
        justification: a[5] as string | null,
        outcome: a[6] as string,
        details: a[7] as string | null,
        prev_hash: a[8] as string,
        hash: a[9] as string,
      }));
  }
  return (after, limit) => db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
}

/** Result of {@link verifyAuditLog}. */
export interface VerifyResult {
  ok: boolean;
  /** Number of events read. */
  events: number;
  /** Number of checkpoints in the database. */
  checkpoints: number;
  /** Number of lines read from the checkpoint file (0 when none given or missing). */
  checkpointFileLines: number;
  /** Events after the newest valid checkpoint (database or file): not yet covered by any signature. */
  uncovered: number;
  /** The lowest-seq problem found (seq 0 for an unreadable checkpoint file line). */
  firstBroken?: { seq: number; reason: string };
}

/** SHA-256 fingerprint (64 lower-case hex digits) of a base64 DER SPKI public key. */
export function publicKeyFingerprint(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** Test hook: the fast hash used by the verifier. */
export const storedHashForTest = hashStoredRow;

function readCheckpointFile(file: string, required: boolean): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function isCheckpoint(v: unknown): v is AuditCheckpoint {
  const o = v as Record<string, unknown> | null;
  return (
    typeof o === 'object' && o !== null && Number.isInteger(o.seq) && typeof o.hash === 'string' &&
    typeof o.at === 'string' && typeof o.signature === 'string' && typeof o.publicKey === 'string'
  );
}

/**
 * Streams through every event in seq order (keyset-paginated batches) and checks: seqs 1..n without
 * gaps, each `prevHash` equals the previous event's hash, each hash recomputes; every checkpoint's
 * Ed25519 signature (and key, when `trustedPublicKeys` is given) is valid, its hash equals the
 * event's at that seq and that event exists; every checkpoint file line parses, matches the
 * database checkpoint of the same seq and the event hash. Reports the problem with the lowest seq.
 * Throws only on database or file I/O errors.
 */
export async function verifyAuditLog(db: Kysely<Database>, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const problems: { seq: number; reason: string }[] = [];
  const pinned = opts.trustedPublicKeys !== undefined || opts.trustedFingerprints !== undefined;
  const trustedKeys = new Set(opts.trustedPublicKeys ?? []);
  const trustedPrints = new Set((opts.trustedFingerprints ?? []).map((f) => f.toLowerCase()));
  const isTrusted = (key: string): boolean => !pinned || trustedKeys.has(key) || trustedPrints.has(publicKeyFingerprint(key));
  /** seq → time of the earliest valid, trusted checkpoint (database or file) of that seq. */
  const covered = new Map<number, number>();
  const cover = (cp: AuditCheckpoint): void => {
    const t = Date.parse(cp.at);
    const prev = covered.get(cp.seq);
    covered.set(cp.seq, prev === undefined || t < prev ? t : prev);
  };
  const cpRows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').execute();
  const expectedHash = new Map<number, { hash: string; what: string }[]>();
  const expect = (seq: number, hash: string, what: string): void => {
    const list = expectedHash.get(seq) ?? [];
    list.push({ hash, what });
    expectedHash.set(seq, list);
  };
  const dbCps = new Map<number, AuditCheckpoint>();
  for (const r of cpRows) {
    const cp: AuditCheckpoint = { seq: r.seq, hash: r.hash, at: r.at, signature: r.signature, publicKey: r.public_key };
    dbCps.set(cp.seq, cp);
    if (!checkpointSignatureValid(cp)) problems.push({ seq: cp.seq, reason: 'checkpoint signature invalid' });
    else if (!isTrusted(cp.publicKey)) problems.push({ seq: cp.seq, reason: 'checkpoint signed by a key that is not the pinned one' });
    else cover(cp);
    expect(cp.seq, cp.hash, 'checkpoint');
  }
  const lines = opts.checkpointFile ? readCheckpointFile(opts.checkpointFile, opts.checkpointFileRequired === true) : [];
  lines.forEach((line, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (!isCheckpoint(parsed)) {
      problems.push({ seq: 0, reason: `checkpoint file line ${i + 1} is not a checkpoint` });
      return;
    }
    const inDb = dbCps.get(parsed.seq);
    if (!checkpointSignatureValid(parsed)) problems.push({ seq: parsed.seq, reason: `checkpoint file line ${i + 1} has an invalid signature` });
    else if (!isTrusted(parsed.publicKey)) problems.push({ seq: parsed.seq, reason: `checkpoint file line ${i + 1} is signed by a key that is not the pinned one` });
    else if (!inDb) problems.push({ seq: parsed.seq, reason: `checkpoint file line ${i + 1} is missing from the database` });
    else if (inDb.hash !== parsed.hash || inDb.at !== parsed.at || inDb.signature !== parsed.signature || inDb.publicKey !== parsed.publicKey) {
      problems.push({ seq: parsed.seq, reason: `checkpoint file line ${i + 1} disagrees with the database` });
    }
    expect(parsed.seq, parsed.hash, `checkpoint file line ${i + 1}`);
  });

  const batch = opts.batchSize ?? 10_000;
  const read = batchReader(db, opts);
  let events = 0;
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let chainBroken = false;
  let lastCovered = 0;
  let lastSeq = 0;
  const cadence = opts.interval;
  const maxWaitMs = cadence ? cadence.ms + (cadence.graceMs ?? 60_000) : 0;
  const maxSpan = cadence ? cadence.events * 2 : 0;
  /** First event of the current span not yet covered by a checkpoint (seq and time). */
  let spanStart: { seq: number; at: number } | undefined;
  let cadenceBroken = false;
  const checkSpan = (coveredAt: number, endSeq: number, what: string): void => {
    if (!cadence || !spanStart || cadenceBroken) return;
    if (coveredAt - spanStart.at > maxWaitMs) {
      problems.push({ seq: spanStart.seq, reason: `${what} more than one checkpoint interval after this event (checkpoints deleted, or events written with checkpointing off)` });
      cadenceBroken = true;
    } else if (endSeq - spanStart.seq + 1 > maxSpan) {
      problems.push({ seq: spanStart.seq, reason: `${endSeq - spanStart.seq + 1} events from here on without a checkpoint (more than one checkpoint interval of ${cadence.events} events)` });
      cadenceBroken = true;
    }
  };
  for (;;) {
    const rows = await read(lastSeq, batch);
    if (rows.length === 0) break;
    for (const r of rows) {
      events++;
      lastSeq = r.seq;
      if (chainBroken) continue;
      if (r.seq !== expectedSeq) {
        problems.push({ seq: expectedSeq, reason: 'event missing (seq gap)' });
        chainBroken = true;
      } else if (r.prev_hash !== prev) {
        problems.push({ seq: r.seq, reason: 'prevHash does not match the previous event (event removed, inserted or reordered)' });
        chainBroken = true;
      } else if (hashStoredRow(r) !== r.hash) {
        problems.push({ seq: r.seq, reason: 'hash mismatch (event changed)' });
        chainBroken = true;
      } else {
        const exp = expectedHash.get(r.seq);
        const bad = exp?.find((e) => e.hash !== r.hash);
        if (bad) problems.push({ seq: r.seq, reason: `${bad.what} hash differs from the event's` });
      }
      prev = r.hash;
      expectedSeq = r.seq + 1;
      if (!spanStart) spanStart = { seq: r.seq, at: Date.parse(r.at) };
      const coveredAt = covered.get(r.seq);
      if (coveredAt !== undefined) {
        checkSpan(coveredAt, r.seq, 'first checkpoint made');
        spanStart = undefined;
        lastCovered = r.seq;
      }
    }
    if (rows.length < batch) break;
  }
  checkSpan(cadence?.now ?? Date.now(), lastSeq, 'no checkpoint yet,');
  for (const [seq, list] of expectedHash) {
    if (seq > lastSeq) problems.push({ seq, reason: `${list[0]?.what ?? 'checkpoint'} covers an event that is missing (log truncated)` });
  }
  problems.sort((a, b) => a.seq - b.seq);
  const firstBroken = problems[0];
  return {
    ok: !firstBroken,
    events,
    checkpoints: cpRows.length,
    checkpointFileLines: lines.length,
    uncovered: Math.max(0, lastSeq - lastCovered),
    ...(firstBroken ? { firstBroken } : {}),
  };
}
