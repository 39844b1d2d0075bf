import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { dropAppendOnlyTriggers } from '../services/audit/testing.ts';
import { createTestSchema, type TestSchema } from '../test/database.ts';
import { appendAuditEvent, createCheckpoint, loadOrCreateSigningKey, pinFilePath, publicKeyFingerprint } from '../services/audit/index.ts';
import { storedHashForTest } from '../services/audit/verify.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/enclave');
let dir: string;
let dataDir: string;
/** The signing key's path for master key file `<dir>/master.key`. */
let signingKeyFile: string;
/** The pinned fingerprint of the real signing key (kept "off the machine" by the test). */
let fingerprint: string;
/** Under `npm run test:pg`: this test's own PostgreSQL schema (else SQLite in `dataDir`). */
let schema: TestSchema | undefined;
const openDb = () => openDatabase({ dataDir, databaseUrl: schema?.url });
/** Starts over with no database (no data folder; on PostgreSQL a fresh, empty schema). */
async function resetDatabase(): Promise<void> {
  rmSync(dataDir, { recursive: true });
  if (schema) {
    await schema.drop();
    schema = await createTestSchema();
  }
}

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ENCLAVE_DATA_DIR: dataDir, ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'), ENCLAVE_MASTER_KEY: '', ENCLAVE_AUDIT_PUBLIC_KEY: '', DATABASE_URL: schema?.url ?? '', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const verify = (...extra: string[]) => cli(['audit', 'verify', '--fingerprint', fingerprint, ...extra]);

/** Appends `n` events; `agoMs` > 0 dates them (and nothing else) that far in the past. */
async function seed(n: number, agoMs = 0, from = 0): Promise<void> {
  if (agoMs) vi.useFakeTimers({ now: Date.now() - agoMs, toFake: ['Date'] });
  const open = openDb();
  try {
    await migrateToLatest(open.db);
    for (let i = 0; i < n; i++) await appendAuditEvent(open.db, { actor: 'u1', action: 'user.create', target: `user:${from + i}`, outcome: 'success' });
  } finally {
    await open.close();
    vi.useRealTimers();
  }
}
/** Signs the head with the real key, as the server does; `agoMs` dates the checkpoint. */
async function checkpoint(agoMs = 0): Promise<void> {
  if (agoMs) vi.useFakeTimers({ now: Date.now() - agoMs, toFake: ['Date'] });
  const open = openDb();
  try {
    await createCheckpoint(open.db, { key: loadOrCreateSigningKey(signingKeyFile), file: join(dataDir, 'audit-checkpoints.log') });
  } finally {
    await open.close();
    vi.useRealTimers();
  }
}
/** A database-only attacker: drops the triggers, runs `sql`, recomputes the whole chain. */
async function rewrite(sql: string): Promise<void> {
  const open = openDb();
  try {
    await dropAppendOnlyTriggers(open);
    await open.raw.exec(sql);
    const rows = await open.raw.all<Parameters<typeof storedHashForTest>[0]>('SELECT * FROM audit_events ORDER BY seq');
    let prev = '0'.repeat(64);
    for (const [i, r] of rows.entries()) {
      const row = { ...r, seq: i + 1, prev_hash: prev };
      const hash = storedHashForTest(row);
      await open.raw.run('UPDATE audit_events SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?', [i + 1, prev, hash, r.seq]);
      prev = hash;
    }
  } finally {
    await open.close();
  }
}

beforeEach(async () => {
  schema = await createTestSchema();
  dir = mkdtempSync(join(tmpdir(), 'enclave-cli-audit-'));
  dataDir = join(dir, 'data');
  signingKeyFile = join(dir, 'master-audit-signing.pem');
  fingerprint = publicKeyFingerprint(loadOrCreateSigningKey(signingKeyFile).publicKeyBase64);
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

describe('enclave audit verify', { timeout: 120_000 }, () => {
  it('exits 0 with one summary line on an intact log; the pin may come from ENCLAVE_AUDIT_PUBLIC_KEY alone', async () => {
    await seed(5);
    const cp = cli(['audit', 'checkpoint']);
    expect(cp.status).toBe(0);
    expect(readFileSync(join(dataDir, 'audit-checkpoints.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    await seed(2, 0, 5);
    const r = verify();
    expect(r.stdout).toBe('audit log intact: 7 events, 1 checkpoints, 1 checkpoint file lines, 2 events not yet covered by a checkpoint\n');
    expect(r.status).toBe(0);
    const pk = cli(['audit', 'public-key']);
    expect(pk.status).toBe(0);
    expect(pk.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\nSHA256:[0-9a-f]{64}\n$/);
    expect(pk.stdout).toContain(`SHA256:${fingerprint}\n`);
    const pem = join(dir, 'pinned.pem');
    writeFileSync(pem, pk.stdout.slice(0, pk.stdout.indexOf('SHA256:')));
    expect(cli(['audit', 'verify'], { ENCLAVE_AUDIT_PUBLIC_KEY: pem }).status).toBe(0);
    expect(cli(['audit', 'verify'], { ENCLAVE_AUDIT_PUBLIC_KEY: fingerprint }).status).toBe(0);
    expect(cli(['audit', 'verify', '--public-key', pem]).status).toBe(0);
  });

  it('plain `audit verify` uses the pin written beside the signing key when it was made; a replaced key does not move it', async () => {
    await seed(3);
    await checkpoint();
    expect(readFileSync(pinFilePath(signingKeyFile), 'utf8')).toBe(`SHA256:${fingerprint}\n`);
    expect(cli(['audit', 'verify']).status).toBe(0);
    rmSync(signingKeyFile);
    await rewrite("UPDATE audit_events SET actor = 'u2' WHERE seq = 2; DELETE FROM audit_checkpoints");
    rmSync(join(dataDir, 'audit-checkpoints.log'));
    await checkpoint(); // an attacker's NEW key at signingKeyFile re-signs the rewritten log
    const r = cli(['audit', 'verify']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/not the pinned one/);
  });

  it('without a pinned key exits 2 and says how to pin', async () => {
    await seed(2);
    rmSync(pinFilePath(signingKeyFile), { force: true });
    const r = cli(['audit', 'verify']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no pinned audit public key.*--public-key PATH or --fingerprint SHA256HEX.*ENCLAVE_AUDIT_PUBLIC_KEY/);
  });

  it('exits 1 naming the changed event', async () => {
    await seed(5);
    const open = openDb();
    await dropAppendOnlyTriggers(open, ['audit_events']);
    await open.raw.exec("UPDATE audit_events SET target = 'user:x' WHERE seq = 3");
    await open.close();
    const r = verify();
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/BROKEN at seq 3: hash mismatch/);
  });

  it('exits 1 when the checkpoint file was altered', async () => {
    await seed(3);
    await checkpoint();
    const f = join(dataDir, 'audit-checkpoints.log');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"hash":"[0-9a-f]/, '"hash":"x'));
    const r = verify();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at seq 3: checkpoint file line 1/);
  });

  it('attack: triggers dropped, an event rewritten, chain recomputed, checkpoints deleted (table and file) → fails', async () => {
    const hour = 3_600_000;
    await seed(5, 2 * hour);
    await checkpoint(2 * hour - 1000);
    const offsite = join(dir, 'offsite', 'checkpoints.log');
    mkdirSync(join(dir, 'offsite'));
    copyFileSync(join(dataDir, 'audit-checkpoints.log'), offsite);
    await rewrite("UPDATE audit_events SET target = 'user:someone-else' WHERE seq = 3; DELETE FROM audit_checkpoints");
    rmSync(join(dataDir, 'audit-checkpoints.log'));
    // With the copy kept elsewhere: the signed head no longer matches (cadence set long here, to see this check alone).
    const withCopy = cli(['audit', 'verify', '--fingerprint', fingerprint, '--checkpoint-file', offsite], { ENCLAVE_AUDIT_CHECKPOINT_MINUTES: '1000' });
    expect(withCopy.status).toBe(1);
    expect(withCopy.stdout).toMatch(/^audit log BROKEN at seq 5: checkpoint file line 1 is missing from the database/);
    // Without it: two hours of events and no checkpoint is more than one interval (10 min).
    const alone = verify();
    expect(alone.status).toBe(1);
    expect(alone.stdout).toMatch(/^audit log BROKEN at seq 1: no checkpoint yet, more than one checkpoint interval after this event .*5 events not yet covered by a checkpoint\)\n$/);
  });

  it('attack: re-signed with the real key beside the database → the off-machine copy disagrees', async () => {
    await seed(4);
    await checkpoint();
    const offsite = join(dir, 'offsite.log');
    copyFileSync(join(dataDir, 'audit-checkpoints.log'), offsite);
    await rewrite("DELETE FROM audit_events WHERE seq = 2; DELETE FROM audit_checkpoints");
    rmSync(join(dataDir, 'audit-checkpoints.log'));
    await seed(1, 0, 100); // back to 4 events
    await checkpoint(); // a valid signature by the real key over the rewritten head
    expect(verify().status).toBe(0); // the data folder alone cannot tell (see the README's threat model)
    const r = verify('--checkpoint-file', offsite);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at seq 4: checkpoint file line 1 disagrees with the database/);
  });

  it('attack: newest events deleted after the last checkpoint → reported as uncovered, and as a broken cadence once older than an interval', async () => {
    await seed(3);
    await checkpoint();
    await seed(3, 0, 3);
    await rewrite('DELETE FROM audit_events WHERE seq > 4');
    const recent = verify();
    expect(recent.status).toBe(0);
    expect(recent.stdout).toMatch(/, 1 events not yet covered by a checkpoint\n$/);
    // Same attack on events older than one interval (the checkpointer would have signed them).
    await resetDatabase();
    await seed(3, 3_600_000);
    await checkpoint(3_600_000 - 1000);
    await seed(3, 3_000_000, 3);
    await rewrite('DELETE FROM audit_events WHERE seq > 4');
    const old = verify();
    expect(old.status).toBe(1);
    expect(old.stdout).toMatch(/^audit log BROKEN at seq 4: no checkpoint yet, more than one checkpoint interval/);
    // Too many events without a checkpoint fails too (ENCLAVE_AUDIT_CHECKPOINT_EVERY=2 → at most 4).
    await resetDatabase();
    await seed(5);
    const many = cli(['audit', 'verify', '--fingerprint', fingerprint], { ENCLAVE_AUDIT_CHECKPOINT_EVERY: '2' });
    expect(many.status).toBe(1);
    expect(many.stdout).toMatch(/BROKEN at seq 1: 5 events from here on without a checkpoint/);
  });

  it('a deleted or replaced signing key file changes nothing: checkpoints are checked against the pin', async () => {
    await seed(3);
    await checkpoint();
    rmSync(signingKeyFile);
    expect(verify().status).toBe(0);
    // An attacker's own key, re-signing a rewritten log: not the pinned one.
    await rewrite("UPDATE audit_events SET actor = 'u2' WHERE seq = 2; DELETE FROM audit_checkpoints");
    rmSync(join(dataDir, 'audit-checkpoints.log'));
    await checkpoint(); // creates a NEW key at signingKeyFile
    const r = verify();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at seq 3: checkpoint signed by a key that is not the pinned one/);
  });

  it('exits 2 on usage errors, a missing or unreadable --checkpoint-file, a missing database', async () => {
    expect(cli(['audit']).status).toBe(2);
    expect(cli(['audit', 'verify', '--bogus']).status).toBe(2);
    expect(cli(['audit', 'verify', '--fingerprint', 'abc']).status).toBe(2);
    const none = verify();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no database/);
    await seed(2);
    const missing = verify('--checkpoint-file', join(dir, 'MISSING'));
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/cannot read --checkpoint-file .*MISSING: ENOENT/);
    const unreadable = verify('--checkpoint-file', dir);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toMatch(/cannot read --checkpoint-file .*EISDIR/);
  });
});
