import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openSqlite } from '../server/src/db/database.ts';
import { canonicalJson, GENESIS_HASH, verifyAuditLog } from '../server/src/services/audit/index.ts';
import { hashStoredRow } from '../server/src/services/audit/hash.ts';
async function main() {
  const v = openSqlite(mkdtempSync(join(tmpdir(), 'pv-')));
  await migrateToLatest(v.db);
  const insert = v.sqlite.prepare('INSERT INTO audit_events (seq, at, actor, action, target, justification, outcome, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)');
  let prev = GENESIS_HASH;
  v.sqlite.transaction(() => {
    for (let seq = 1; seq <= 100000; seq++) {
      const row = { seq, at: new Date(1_700_000_000_000 + seq).toISOString(), actor: '01JUSER1', action: 'reveal', target: 'token:tok_abcdefghijklmnop', justification: 'working complaint #1234', outcome: 'success', details: canonicalJson({ channelId: '01JCHANNEL', counts: { E: 1 } }), prev_hash: prev };
      const h = hashStoredRow(row);
      insert.run(seq, row.at, row.actor, row.action, row.target, row.justification, row.outcome, row.details, prev, h);
      prev = h;
    }
  })();
  const c0 = process.cpuUsage();
  const r = await verifyAuditLog(v.db, { sqlite: v.sqlite });
  const c = process.cpuUsage(c0);
  console.log(r.ok, (c.user + c.system) / 100000, 'µs/event CPU');
}
await main();
