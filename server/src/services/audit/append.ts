/**
 * Appending to the hash-chained audit log.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database } from '../../db/schema/index.ts';
import { GENESIS_HASH, canonicalJson, hashStoredRow } from './hash.ts';

/** Outcome of the attempt an audit event records. */
export type AuditOutcome = 'success' | 'denied' | 'failed';

/** What a caller supplies; `seq`, `at`, `prevHash` and `hash` are assigned by the log. */
export interface AuditEventInput {
  /** User id of who acted, or `"system"` / `"cli"`. */
  actor: string;
  /** Dotted action name, e.g. `"user.create"`, `"user.role_change"`, `"reveal"`. */
  action: string;
  /** What was acted on, e.g. `"user:01J…"`, `"token:tok_…"`, `"channel:01J…"`. */
  target: string;
  justification?: string | null;
  outcome: AuditOutcome;
  /** State before/after and other facts; JSON values only; never raw personal data. */
  details?: Record<string, unknown>;
}

/** A stored audit event. */
export interface AuditEvent {
  seq: number;
  /** ISO 8601 UTC, milliseconds. */
  at: string;
  actor: string;
  action: string;
  target: string;
  justification: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown> | null;
  /** 64 hex digits. */
  prevHash: string;
  /** 64 hex digits: SHA-256(prevHash ‖ RFC 8785 JSON of the other fields), see `hash.ts`. */
  hash: string;
}

/**
 * Appends one event and returns it as stored.
 *
 * Call it with the transaction handle of the action it records (a success commits with its
 * event or not at all), or with the plain database handle for a denied/failed attempt (its own
 * transaction). It reads the chain head and inserts `seq + 1` in the same transaction; this is
 * race-free because SQLite serializes write transactions (better-sqlite3 is one connection), and
 * on PostgreSQL the transaction first takes the transaction-level advisory lock
 * {@link AUDIT_CHAIN_LOCK} (held until commit or rollback), so appends from any number of
 * connections or nodes queue and the chain never forks.
 * When called outside a transaction it opens one itself. The head is read each time (an
 * indexed lookup on the primary key), so rolled-back transactions cannot poison a cache.
 *
 * Throws `TypeError` if `details` holds something JSON cannot represent.
 */
export async function appendAuditEvent(db: Kysely<Database>, event: AuditEventInput): Promise<AuditEvent> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAuditEvent(trx, event));
  const q = compiledFor(db);
  await lockAuditChain(db);
  const head = (await db.executeQuery<{ seq: number; hash: string }>(q.head)).rows[0];
  const details = event.details ? canonicalJson(event.details) : null;
  const row: Database['audit_events'] = {
    seq: (head?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target,
    justification: event.justification ?? null,
    outcome: event.outcome,
    details,
    prev_hash: head?.hash ?? GENESIS_HASH,
    hash: '',
  };
  row.hash = hashStoredRow(row);
  await db.executeQuery({ ...q.insert, parameters: q.insertKeys.map((k) => row[k]) });
  for (const listener of appendListeners.get(db.getExecutor().adapter) ?? []) listener();
  return rowToAuditEvent(row);
}

/** Listeners of {@link onAuditAppend}, per database (keyed by its Kysely adapter, shared by its transactions). */
const appendListeners = new WeakMap<object, Set<() => void>>();

/**
 * Calls `listener` after each audit event inserted through `db` or any transaction of it (for the
 * `enclave_audit_appends_total` counter). An append whose surrounding transaction rolls back has
 * still been counted. Returns a function that removes the listener.
 */
export function onAuditAppend(db: Kysely<Database>, listener: () => void): () => void {
  const adapter = db.getExecutor().adapter;
  let set = appendListeners.get(adapter);
  if (!set) appendListeners.set(adapter, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Transactions known to hold the append lock now (PostgreSQL). Keyed by the `Transaction` object,
 * which a unit of work and every service it calls share. A `ROLLBACK TO SAVEPOINT` releases a lock
 * taken after that savepoint, so whoever rolls back to one must call {@link forgetAppendLock}
 * unless the lock was already held when the savepoint was set (the writer in `unit-of-work.ts`
 * does; nothing else in the server uses savepoints).
 */
const lockHolders = new WeakSet<object>();

/**
 * Inside transaction `trx`: on PostgreSQL waits for and takes the transaction-level advisory lock
 * {@link AUDIT_CHAIN_LOCK} (released at commit or rollback, never earlier), so no audit append,
 * checkpoint or stream-event insert of another transaction runs beside it; nothing on SQLite
 * (whose write transactions are serialized anyway). Taken once per transaction: a second call
 * in the same transaction sends no statement.
 */
export async function lockAuditChain(trx: Kysely<Database>): Promise<void> {
  const { lock } = compiledFor(trx);
  if (!lock || lockHolders.has(trx)) return;
  await trx.executeQuery(lock);
  if (trx.isTransaction) lockHolders.add(trx);
}

/** Whether {@link lockAuditChain} took the lock in `trx` (always false on SQLite). */
export function holdsAppendLock(trx: Kysely<Database>): boolean {
  return lockHolders.has(trx);
}

/** After `ROLLBACK TO SAVEPOINT` (or a failed attempt) in `trx`: the lock may be gone, take it again next time. */
export function forgetAppendLock(trx: Kysely<Database>): void {
  lockHolders.delete(trx);
}

type Row = Database['audit_events'];
const COLUMNS: (keyof Row)[] = ['seq', 'at', 'actor', 'action', 'target', 'justification', 'outcome', 'details', 'prev_hash', 'hash'];

/** Key of the PostgreSQL advisory lock serialising audit appends (any fixed 64-bit number; "ENCLAVE\0" in ASCII). */
export const AUDIT_CHAIN_LOCK = 0x454e434c41564500n;

/** The queries of an append, compiled once per dialect (Kysely compilation costs ~100 µs a query). */
interface AppendQueries {
  /** PostgreSQL only: `pg_advisory_xact_lock` on {@link AUDIT_CHAIN_LOCK}. */
  lock?: CompiledQuery;
  head: CompiledQuery;
  insert: CompiledQuery;
  /** Which column each parameter of `insert` carries, in order. */
  insertKeys: (keyof Row)[];
}
const compiled = new WeakMap<object, AppendQueries>();

function compiledFor(db: Kysely<Database>): AppendQueries {
  const adapter = db.getExecutor().adapter;
  let q = compiled.get(adapter);
  if (!q) {
    const sentinel = Object.fromEntries(COLUMNS.map((c) => [c, `\u0000${c}`])) as unknown as Row;
    const insert = db.insertInto('audit_events').values(sentinel).compile();
    const insertKeys = insert.parameters.map((p) => {
      const key = COLUMNS.find((c) => p === `\u0000${c}`);
      if (!key) throw new Error('unexpected parameter in compiled audit insert');
      return key;
    });
    const lock = dialectOf(db) === 'postgres' ? CompiledQuery.raw(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`) : undefined;
    q = { ...(lock ? { lock } : {}), head: db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).compile(), insert, insertKeys };
    compiled.set(adapter, q);
  }
  return q;
}

/** Converts a stored row to an {@link AuditEvent}. */
export function rowToAuditEvent(row: Database['audit_events']): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    justification: row.justification,
    outcome: row.outcome as AuditOutcome,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
