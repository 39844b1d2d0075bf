/**
 * Verification of the audit log: the hash chain, the signed checkpoints in the database, and the
 * checkpoint file kept for shipping off the machine.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from '../../db/schema/index.ts';
import { GENESIS_HASH, hashStoredRow } from './hash.ts';
import { checkpointSignatureValid, type AuditCheckpoint } from './checkpoints.ts';

/** Options of {@link verifyAuditLog}. */
export interface VerifyOptions {
  /** Checkpoint file to compare against the database; a missing file is treated as empty. */
  checkpointFile?: string;
  /** Base64 DER SPKI public keys allowed to sign checkpoints (default: any key, signatures still checked). */
  trustedPublicKeys?: readonly string[];
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
  /** The lowest-seq problem found (seq 0 for an unreadable checkpoint file line). */
  firstBroken?: { seq: number; reason: string };
}

/** Test hook: the fast hash used by the verifier. */
export const storedHashForTest = hashStoredRow;

function readCheckpointFile(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
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
  const trusted = opts.trustedPublicKeys ? new Set(opts.trustedPublicKeys) : undefined;
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
    else if (trusted && !trusted.has(cp.publicKey)) problems.push({ seq: cp.seq, reason: 'checkpoint signed by an unknown key' });
    expect(cp.seq, cp.hash, 'checkpoint');
  }
  const lines = opts.checkpointFile ? readCheckpointFile(opts.checkpointFile) : [];
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
  let lastSeq = 0;
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
    }
    if (rows.length < batch) break;
  }
  for (const [seq, list] of expectedHash) {
    if (seq > lastSeq) problems.push({ seq, reason: `${list[0]?.what ?? 'checkpoint'} covers an event that is missing (log truncated)` });
  }
  problems.sort((a, b) => a.seq - b.seq);
  const firstBroken = problems[0];
  return { ok: !firstBroken, events, checkpoints: cpRows.length, checkpointFileLines: lines.length, ...(firstBroken ? { firstBroken } : {}) };
}
