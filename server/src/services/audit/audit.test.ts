import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvent, createCheckpoint, GENESIS_HASH, hashAuditEvent, loadOrCreateSigningKey, publicKeyFingerprint, rowToAuditEvent, verifyAuditLog } from './index.ts';
import { storedHashForTest } from './verify.ts';
import { dropAppendOnlyTriggers, fastReader, openTestDb, type TestDb } from './testing.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(async () => {
  await t.cleanup();
});

async function appendMany(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await appendAuditEvent(t.db, {
      actor: `user-${i % 3}`,
      action: i % 2 ? 'reveal' : 'user.create',
      target: `token:tok_${i}`,
      justification: i % 2 ? 'checking the reported account' : null,
      outcome: 'success',
      details: { n: i, note: 'naïve ünïcode ✓', nested: { b: 1, a: [1, 'x'] } },
    });
  }
}

describe('audit chain', () => {
  it('chains events from the genesis hash, with the documented hash formula', async () => {
    const first = await appendAuditEvent(t.db, { actor: 'cli', action: 'user.create', target: 'user:1', outcome: 'success' });
    const second = await appendAuditEvent(t.db, { actor: 'u1', action: 'reveal', target: 'token:tok_a', outcome: 'denied', justification: 'x', details: { b: 2, a: 1 } });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    // Independent computation of the RFC 8785 form (keys sorted, no whitespace).
    const body = `{"action":"reveal","actor":"u1","at":"${second.at}","details":{"a":1,"b":2},"justification":"x","outcome":"denied","prevHash":"${first.hash}","seq":2,"target":"token:tok_a"}`;
    expect(second.hash).toBe(createHash('sha256').update(first.hash + body).digest('hex'));
  });

  it('the fast row hash equals the reference (canonicalize package) hash, unicode and escapes included', async () => {
    await appendMany(20);
    await appendAuditEvent(t.db, { actor: 'a"\\b\u0001', action: 'x\u2028y', target: '𝄞 é', outcome: 'failed', details: { z: [1.5, -0, 1e21, 'q"'], 'é': null, a: { c: true } } });
    const rows = await t.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(rows).toHaveLength(21);
    for (const r of rows) {
      const ev = rowToAuditEvent(r);
      expect(hashAuditEvent(ev)).toBe(r.hash);
      expect(storedHashForTest(r)).toBe(r.hash);
    }
  });

  it('rolled-back appends leave no trace and the chain continues', async () => {
    await appendMany(3);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, { actor: 'a', action: 'x', target: 't', outcome: 'success' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const ev = await appendAuditEvent(t.db, { actor: 'a', action: 'x', target: 't', outcome: 'success' });
    expect(ev.seq).toBe(4);
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it('triggers reject UPDATE and DELETE', async () => {
    await appendMany(2);
    await expect(t.raw.run("UPDATE audit_events SET actor = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(t.raw.run('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(/append-only/);
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it('verify passes on an intact log', async () => {
    await appendMany(25);
    expect(await verifyAuditLog(t.db, { batchSize: 7 })).toEqual({ ok: true, events: 25, checkpoints: 0, checkpointFileLines: 0, uncovered: 25 });
    expect(await verifyAuditLog(t.db, { batchSize: 7, ...fastReader(t) })).toEqual({ ok: true, events: 25, checkpoints: 0, checkpointFileLines: 0, uncovered: 25 });
  });

  it('detects a changed field and names the seq', async () => {
    await appendMany(10);
    await dropAppendOnlyTriggers(t);
    await t.raw.run("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 6");
    const r = await verifyAuditLog(t.db, { batchSize: 4 });
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toEqual({ seq: 6, reason: 'hash mismatch (event changed)' });
    expect(await verifyAuditLog(t.db, { ...fastReader(t), batchSize: 3 })).toEqual(await verifyAuditLog(t.db));
  });

  it('detects a changed field even when the attacker recomputes that row hash', async () => {
    await appendMany(10);
    await dropAppendOnlyTriggers(t);
    await t.raw.run("UPDATE audit_events SET outcome = 'denied' WHERE seq = 4");
    const row = await t.db.selectFrom('audit_events').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
    await t.raw.run('UPDATE audit_events SET hash = ? WHERE seq = 4', [storedHashForTest(row)]);
    const r = await verifyAuditLog(t.db);
    expect(r.firstBroken?.seq).toBe(5);
  });

  it('detects a deleted row (seq gap)', async () => {
    await appendMany(10);
    await dropAppendOnlyTriggers(t);
    await t.raw.run('DELETE FROM audit_events WHERE seq = 3');
    const r = await verifyAuditLog(t.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(3);
    expect(r.events).toBe(9);
    expect(await verifyAuditLog(t.db, { ...fastReader(t), batchSize: 3 })).toEqual(await verifyAuditLog(t.db));
  });

  it('detects a deleted row whose successors were renumbered', async () => {
    await appendMany(6);
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_events WHERE seq = 3; UPDATE audit_events SET seq = seq - 1 WHERE seq > 3');
    const r = await verifyAuditLog(t.db);
    expect(r.firstBroken?.seq).toBe(3);
    expect(await verifyAuditLog(t.db, { ...fastReader(t), batchSize: 3 })).toEqual(await verifyAuditLog(t.db));
  });

  it('detects two reordered rows', async () => {
    await appendMany(8);
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('UPDATE audit_events SET seq = -1 WHERE seq = 5; UPDATE audit_events SET seq = 5 WHERE seq = 4; UPDATE audit_events SET seq = 4 WHERE seq = -1');
    const r = await verifyAuditLog(t.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(4);
    expect(await verifyAuditLog(t.db, { ...fastReader(t), batchSize: 3 })).toEqual(await verifyAuditLog(t.db));
  });

  it('detects a truncated tail through a checkpoint', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    await appendMany(5);
    await createCheckpoint(t.db, { key, file: join(t.dataDir, 'audit-checkpoints.log') });
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_events WHERE seq >= 4');
    const r = await verifyAuditLog(t.db);
    expect(r.firstBroken?.seq).toBe(5);
    expect(r.firstBroken?.reason).toMatch(/truncated/);
  });
});

describe('checkpoints', () => {
  it('signs the head, writes the file line, and verifies', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const file = join(t.dataDir, 'audit-checkpoints.log');
    await appendMany(3);
    const cp = await createCheckpoint(t.db, { key, file });
    expect(cp?.seq).toBe(3);
    expect(await createCheckpoint(t.db, { key, file })).toBeUndefined();
    await appendMany(2);
    await createCheckpoint(t.db, { key, file });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([3, 5]);
    const r = await verifyAuditLog(t.db, { checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toEqual({ ok: true, events: 5, checkpoints: 2, checkpointFileLines: 2, uncovered: 0 });
  });

  it('detects a forged checkpoint signature', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    await appendMany(4);
    await createCheckpoint(t.db, { key, file: join(t.dir, 'cp.log') });
    await dropAppendOnlyTriggers(t);
    const sig = Buffer.from((await t.db.selectFrom('audit_checkpoints').select('signature').executeTakeFirstOrThrow()).signature, 'base64');
    sig[0] = (sig[0] ?? 0) ^ 1;
    await t.raw.run('UPDATE audit_checkpoints SET signature = ?', [sig.toString('base64')]);
    const r = await verifyAuditLog(t.db);
    expect(r.firstBroken).toEqual({ seq: 4, reason: 'checkpoint signature invalid' });
  });

  it('detects a checkpoint signed by another key when the trusted key is given', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const other = loadOrCreateSigningKey(join(t.dir, 'other.pem'));
    await appendMany(2);
    await createCheckpoint(t.db, { key: other, file: join(t.dir, 'cp.log') });
    const r = await verifyAuditLog(t.db, { trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.firstBroken).toEqual({ seq: 2, reason: 'checkpoint signed by a key that is not the pinned one' });
  });

  it('pins by SHA-256 fingerprint of the DER public key (upper or lower case)', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    await appendMany(2);
    await createCheckpoint(t.db, { key, file: join(t.dir, 'cp.log') });
    const fp = createHash('sha256').update(Buffer.from(key.publicKeyBase64, 'base64')).digest('hex');
    expect(publicKeyFingerprint(key.publicKeyBase64)).toBe(fp);
    expect((await verifyAuditLog(t.db, { trustedFingerprints: [fp.toUpperCase()] })).ok).toBe(true);
    expect((await verifyAuditLog(t.db, { trustedFingerprints: ['0'.repeat(64)] })).firstBroken?.reason).toBe('checkpoint signed by a key that is not the pinned one');
    // An empty pin list trusts nothing (unlike no pin at all).
    expect((await verifyAuditLog(t.db, { trustedFingerprints: [] })).ok).toBe(false);
  });

  it('cadence: a checkpoint made more than one interval after an event it covers fails; within it passes', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const file = join(t.dir, 'cp.log');
    const t0 = Date.parse('2026-01-01T00:00:00.000Z');
    try {
      vi.useFakeTimers({ now: t0, toFake: ['Date'] });
      await appendMany(2);
      vi.setSystemTime(t0 + 5 * 60_000);
      await createCheckpoint(t.db, { key, file }); // covers 1..2 after 5 min
      await appendMany(2); // 3..4 at +5 min
      vi.setSystemTime(t0 + 5 * 60_000 + 10.5 * 60_000);
      await createCheckpoint(t.db, { key, file }); // covers 3..4 after 10.5 min
    } finally {
      vi.useRealTimers();
    }
    const interval = { events: 1000, ms: 10 * 60_000, graceMs: 60_000, now: t0 + 20 * 60_000 };
    const bad = await verifyAuditLog(t.db, { checkpointFile: file, interval: { ...interval, graceMs: 0 } });
    expect(bad.firstBroken).toEqual({ seq: 3, reason: 'first checkpoint made more than one checkpoint interval after this event (checkpoints deleted, or events written with checkpointing off)' });
    const ok = await verifyAuditLog(t.db, { checkpointFile: file, interval });
    expect(ok).toMatchObject({ ok: true, uncovered: 0 });
    // The span limit counts events: at most 2 × `events` between checkpoints (here 2 each: fine for 1, not for 0.5).
    expect((await verifyAuditLog(t.db, { checkpointFile: file, interval: { ...interval, events: 1 } })).ok).toBe(true);
    const many = await verifyAuditLog(t.db, { checkpointFile: file, interval: { ...interval, events: 0.5 } });
    expect(many.firstBroken).toEqual({ seq: 1, reason: '2 events from here on without a checkpoint (more than one checkpoint interval of 0.5 events)' });
  });

  it('a backlog longer than the interval is signed in steps, so a legitimate burst passes the cadence check', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const interval = { events: 10, ms: 10 * 60_000 };
    await appendMany(25); // e.g. a burst between two polls, or a seeding script with no node running
    const headOnly = join(t.dir, 'head-only.log');
    await createCheckpoint(t.db, { key, file: headOnly });
    expect((await verifyAuditLog(t.db, { checkpointFile: headOnly, interval })).firstBroken?.reason).toBe('25 events from here on without a checkpoint (more than one checkpoint interval of 10 events)');

    await appendMany(25); // 26..50: signed in steps at 35 and 45, then the head
    const stepped = join(t.dir, 'stepped.log');
    writeFileSync(stepped, readFileSync(headOnly));
    const last = await createCheckpoint(t.db, { key, file: stepped, everyEvents: 10 });
    expect(last?.seq).toBe(50);
    const seqs = readFileSync(stepped, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual([25, 35, 45, 50]);
    const dbSeqs = (await t.db.selectFrom('audit_checkpoints').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(dbSeqs).toEqual([25, 35, 45, 50]);
    // the stepped span (26..50) is fine; the first span (1..25, head only) is still reported
    const r = await verifyAuditLog(t.db, { checkpointFile: stepped, interval, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.firstBroken?.seq).toBe(1);
    expect(r.checkpoints).toBe(4);
  });

  it('stepped checkpoints from the first event verify with the cadence enforced', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const file = join(t.dir, 'cp.log');
    await appendMany(33);
    await createCheckpoint(t.db, { key, file, everyEvents: 10 });
    const r = await verifyAuditLog(t.db, { checkpointFile: file, interval: { events: 10, ms: 10 * 60_000 }, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toEqual({ ok: true, events: 33, checkpoints: 4, checkpointFileLines: 4, uncovered: 0 });
  });

  it('detects an altered checkpoint file line', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const file = join(t.dir, 'cp.log');
    await appendMany(3);
    await createCheckpoint(t.db, { key, file });
    const line = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...line, hash: 'f'.repeat(64) })}\n`);
    const r = await verifyAuditLog(t.db, { checkpointFile: file });
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(3);
    expect(r.firstBroken?.reason).toMatch(/checkpoint file line 1/);
  });

  it('detects a rewritten chain that still matches the DB checkpoints but not the file', async () => {
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const file = join(t.dir, 'cp.log');
    await appendMany(3);
    await createCheckpoint(t.db, { key, file });
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_checkpoints; DELETE FROM audit_events');
    await appendMany(3); // a different chain (new timestamps)
    await createCheckpoint(t.db, { key, file: join(t.dir, 'attacker.log') });
    const r = await verifyAuditLog(t.db, { checkpointFile: file });
    expect(r.firstBroken?.seq).toBe(3);
  });

  it('refuses a group-readable signing key file and creates it 0600', async () => {
    const { statSync, chmodSync } = await import('node:fs');
    const f = join(t.dir, 'k.pem');
    loadOrCreateSigningKey(f);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    chmodSync(f, 0o644);
    expect(() => loadOrCreateSigningKey(f)).toThrow(/chmod 600/);
  });
});

describe('checkpointer', () => {
  it('checkpoints after every N events, and on stop', async () => {
    const { startAuditCheckpointer } = await import('./index.ts');
    const key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
    const file = join(t.dir, 'cp.log');
    const cp = startAuditCheckpointer(t.db, { key, file, everyEvents: 5, everyMs: 3_600_000, pollMs: 3_600_000 });
    await appendMany(4);
    expect(await cp.tick()).toBeUndefined();
    await appendMany(1);
    expect((await cp.tick())?.seq).toBe(5);
    await appendMany(2);
    expect(await cp.tick()).toBeUndefined();
    await cp.stop();
    const seqs = readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual([5, 7]);
    expect((await verifyAuditLog(t.db, { checkpointFile: file })).ok).toBe(true);
  });
});

describe('concurrency', () => {
  it('keeps the chain intact under concurrent appends (each its own transaction)', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => appendAuditEvent(t.db, { actor: `u${i}`, action: 'x', target: 't', outcome: 'success' })));
    const r = await verifyAuditLog(t.db);
    expect(r).toMatchObject({ ok: true, events: 60 });
  });
});
