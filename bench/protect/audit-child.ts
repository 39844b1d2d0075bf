/**
 * Audit child of the protection benchmark (forked by `run.ts`): on SQLite with the server's
 * settings (WAL, `synchronous=NORMAL`, via `openSqlite`),
 *  1. append rate: `single` events, each `appendAuditEvent` on the root handle (its own transaction);
 *  2. seeds `seed` events into `seedDir` with `appendAuditEvent`, `batch` events per transaction,
 *     for `bin/enclave audit verify` to check afterwards (run by `run.ts`).
 * Answers one {@link AuditResult} over IPC and exits. Events carry no personal data.
 */
import { migrateToLatest, openSqlite } from '../../server/src/db/database.ts';
import { appendAuditEvent, type AuditEventInput } from '../../server/src/services/audit/index.ts';
import type { AuditRequest, AuditResult } from './protocol.ts';

const event = (i: number): AuditEventInput => ({
  actor: `01JBENCHUSER${String(i % 1000).padStart(14, '0')}`,
  action: i % 3 === 0 ? 'reveal' : 'tokenize',
  target: i % 3 === 0 ? `token:tok_${(i % 100_000).toString(32).padStart(16, 'a')}` : `channel:01JBENCHCHANNEL${String(i % 100).padStart(12, '0')}`,
  justification: i % 3 === 0 ? 'working complaint #1234 about this account' : null,
  outcome: 'success',
  details: i % 3 === 0 ? { channelClass: 'team' } : { channelClass: 'team', counts: { EMAIL_ADDRESS: 1, IP_ADDRESS: i % 4 } },
});

async function timed(f: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

async function run(req: AuditRequest): Promise<AuditResult> {
  const a = openSqlite(req.appendDir);
  await migrateToLatest(a.db);
  const single = await timed(async () => {
    for (let i = 0; i < req.single; i++) await appendAuditEvent(a.db, event(i));
  });
  await a.close();
  const s = openSqlite(req.seedDir);
  await migrateToLatest(s.db);
  const seeded = await timed(async () => {
    for (let done = 0; done < req.seed; done += req.batch) {
      const n = Math.min(req.batch, req.seed - done);
      await s.db.transaction().execute(async (trx) => {
        for (let j = 0; j < n; j++) await appendAuditEvent(trx, event(done + j));
      });
      if (done % 100_000 === 0 && done > 0) process.stderr.write(`[bench:protect] audit seed ${done.toLocaleString('en-US')}/${req.seed.toLocaleString('en-US')}\n`);
    }
  });
  s.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await s.close();
  return { single: { events: req.single, ...single }, seeded: { events: req.seed, ...seeded } };
}

process.once('message', (msg: AuditRequest) => {
  run(msg).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(1));
