/**
 * `tsx bench/audit.ts [--events N] [--single N] [--batched N] [--batch B]` — audit log benchmark on
 * SQLite (WAL, synchronous=NORMAL, the server's settings, in a temp folder):
 *   1. append rate with each event its own transaction (`appendAuditEvent` on the root handle);
 *   2. append rate batched (B events per transaction);
 *   3. `verifyAuditLog` over N events (default 1,000,000; the chain is filled with raw prepared
 *      inserts of correctly hashed events to save time, plus one signed checkpoint and its file line).
 * Targets (issue 4): append ≥ 5,000 events/s; verify of 1,000,000 events < 10 s.
 * Numbers depend on machine load (the box is shared); run it on a quiet machine for the note.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openSqlite } from '../server/src/db/database.ts';
import {
  appendAuditEvent,
  canonicalJson,
  createCheckpoint,
  GENESIS_HASH,
  loadOrCreateSigningKey,
  verifyAuditLog,
  type VerifyResult,
} from '../server/src/services/audit/index.ts';
import { hashStoredRow } from '../server/src/services/audit/hash.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const TOTAL = flag('events', 1_000_000);
const SINGLE = flag('single', 20_000);
const BATCHED = flag('batched', 100_000);
const BATCH = flag('batch', 100);

const event = (i: number) => ({
  actor: `01JUSER${i % 50}`,
  action: i % 3 === 0 ? 'reveal' : 'tokenize',
  target: `token:tok_${(i % 100_000).toString(32).padStart(16, 'a')}`,
  justification: i % 3 === 0 ? 'working complaint #1234 about this account' : null,
  outcome: 'success' as const,
  details: { channelId: '01JCHANNEL0000000000000000', counts: { EMAIL_ADDRESS: 1, IP_ADDRESS: i % 4 } },
});

const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;

/** Runs `f`, returning wall and CPU (user+system) milliseconds: on a shared box CPU time tells more. */
async function timed(f: () => Promise<void> | void): Promise<{ wallMs: number; cpuMs: number; figure: (n: number) => string }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  return { wallMs, cpuMs, figure: (n) => `${(wallMs / 1000).toFixed(2)} s wall = ${rate(n, wallMs)} (CPU ${(cpuMs / 1000).toFixed(2)} s = ${rate(n, cpuMs)} per CPU-second)` };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-audit-'));
  try {
    // 1 + 2: append rates on a fresh database.
    const a = openSqlite(join(dir, 'append'));
    await migrateToLatest(a.db);
    const single = await timed(async () => {
      for (let i = 0; i < SINGLE; i++) await appendAuditEvent(a.db, event(i));
    });
    console.log(`append, one transaction per event: ${SINGLE.toLocaleString('en-US')} events in ${single.figure(SINGLE)} — target ≥ 5,000/s`);
    const batched = await timed(async () => {
      for (let done = 0; done < BATCHED; done += BATCH) {
        await a.db.transaction().execute(async (trx) => {
          for (let j = 0; j < BATCH; j++) await appendAuditEvent(trx, event(done + j));
        });
      }
    });
    console.log(`append, ${BATCH} events per transaction: ${BATCHED.toLocaleString('en-US')} events in ${batched.figure(BATCHED)}`);
    // Baseline: the floor set by SQLite itself — a raw prepared INSERT of a precomputed row per transaction.
    a.sqlite.exec('CREATE TABLE baseline (seq INTEGER PRIMARY KEY, actor TEXT, action TEXT, target TEXT, at TEXT, body TEXT)');
    a.sqlite.exec('CREATE INDEX baseline_a ON baseline (actor, at); CREATE INDEX baseline_b ON baseline (action, at); CREATE INDEX baseline_c ON baseline (target)');
    const ins = a.sqlite.prepare('INSERT INTO baseline VALUES (?, ?, ?, ?, ?, ?)');
    const one = a.sqlite.transaction((i: number) => ins.run(i, 'u', 'reveal', `token:${i}`, new Date().toISOString(), 'x'.repeat(300)));
    const base = await timed(() => {
      for (let i = 1; i <= SINGLE; i++) one(i);
    });
    console.log(`baseline, raw better-sqlite3 INSERT per transaction (same indexes): ${base.figure(SINGLE)}`);
    await a.close();

    // 3: verify over TOTAL events.
    const v = openSqlite(join(dir, 'verify'));
    await migrateToLatest(v.db);
    const t0 = performance.now();
    const insert = v.sqlite.prepare(
      'INSERT INTO audit_events (seq, at, actor, action, target, justification, outcome, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    let prev = GENESIS_HASH;
    const fill = v.sqlite.transaction((from: number, to: number) => {
      for (let seq = from; seq < to; seq++) {
        const e = event(seq);
        const row = { seq, at: new Date(1_700_000_000_000 + seq).toISOString(), ...e, details: canonicalJson(e.details), prev_hash: prev };
        const hash = hashStoredRow(row);
        insert.run(seq, row.at, e.actor, e.action, e.target, e.justification, e.outcome, row.details, prev, hash);
        prev = hash;
      }
    });
    for (let s = 1; s <= TOTAL; s += 50_000) fill(s, Math.min(TOTAL + 1, s + 50_000));
    v.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const cpFile = join(dir, 'audit-checkpoints.log');
    await createCheckpoint(v.db, { key: loadOrCreateSigningKey(join(dir, 'sign.pem')), file: cpFile });
    console.log(`filled ${TOTAL.toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s (database ${(statSync(v.file).size / 1e6).toFixed(0)} MB)`);
    let res: VerifyResult | undefined;
    const ver = await timed(async () => {
      res = await verifyAuditLog(v.db, { checkpointFile: cpFile, sqlite: v.sqlite });
    });
    if (!res) throw new Error('unreachable');
    console.log(`verifyAuditLog: ${res.events.toLocaleString('en-US')} events, ${res.checkpoints} checkpoint, ok=${res.ok}: ${ver.figure(res.events)} — target < 10 s for 1,000,000`);
    if (!res.ok) process.exitCode = 1;
    await v.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
