/**
 * Security-core tests of `verifyAuditLog`, from its TSDoc: every check it documents (seq gaps,
 * prevHash links, recomputed hashes, checkpoint signatures and keys, checkpoint hashes, every
 * checkpoint file line) is tampered with once, through both row readers (Kysely and raw SQLite) and
 * with batch boundaries, and the lowest-seq problem must be the one reported.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvent, canonicalJson, createCheckpoint, loadOrCreateSigningKey, verifyAuditLog, type AuditCheckpoint, type AuditSigningKey, type VerifyOptions, type VerifyResult } from './index.ts';
import { storedHashForTest } from './verify.ts';
import { dropAppendOnlyTriggers, fastReader, openTestDb, type TestDb } from './testing.ts';

let t: TestDb;
let key: AuditSigningKey;
let file: string;
beforeEach(async () => {
  t = await openTestDb();
  key = loadOrCreateSigningKey(join(t.dir, 'sign.pem'));
  file = join(t.dir, 'cp.log');
});
afterEach(async () => {
  await t.cleanup();
});

async function append(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await appendAuditEvent(t.db, {
      actor: `user-${i % 3}`,
      action: i % 2 ? 'reveal' : 'user.create',
      target: `token:tok_${i}`,
      justification: i % 2 ? 'checking the reported account' : null,
      outcome: i % 4 === 0 ? 'denied' : 'success',
      details: i % 3 ? { n: i, nested: { b: 1, a: [1, 'x'] } } : undefined,
    });
  }
}

/** A checkpoint signed with `k`, as an attacker holding that key could make one. */
function signed(k: AuditSigningKey, body: { seq: number; hash: string; at: string }): AuditCheckpoint {
  const signature = sign(null, Buffer.from(canonicalJson({ seq: body.seq, hash: body.hash, at: body.at }), 'utf8'), k.privateKey).toString('base64');
  return { ...body, signature, publicKey: k.publicKeyBase64 };
}

const headHash = async (seq: number): Promise<string> => ((await t.raw.get('SELECT hash FROM audit_events WHERE seq = ?', [seq])) as { hash: string }).hash;

/** Runs the verifier through both row readers and several batch sizes; all must agree. */
async function verifyAll(opts: VerifyOptions = {}): Promise<VerifyResult> {
  const ref = await verifyAuditLog(t.db, opts);
  for (const batchSize of [1, 2, 3, 10_000]) {
    expect(await verifyAuditLog(t.db, { ...opts, batchSize })).toEqual(ref);
    expect(await verifyAuditLog(t.db, { ...opts, batchSize, ...fastReader(t) })).toEqual(ref);
  }
  expect(await verifyAuditLog(t.db, { ...opts, ...fastReader(t) })).toEqual(ref);
  return ref;
}

describe('an intact log', () => {
  it('verifies through both readers whatever the batch size, counting every event (batch boundaries included)', async () => {
    await append(6);
    const r = await verifyAll({ trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: true, events: 6, checkpoints: 0, checkpointFileLines: 0 });
    expect(r.firstBroken).toBeUndefined();
  });

  it('verifies with checkpoints at the head and in the middle, in the database and in the file', async () => {
    await append(3);
    await createCheckpoint(t.db, { key, file });
    await append(3);
    await createCheckpoint(t.db, { key, file });
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: true, events: 6, checkpoints: 2, checkpointFileLines: 2 });
    expect(r.firstBroken).toBeUndefined();
  });

  it('counts only non-blank checkpoint file lines', async () => {
    await append(2);
    const cp = await createCheckpoint(t.db, { key, file });
    writeFileSync(file, `\n   \n${JSON.stringify(cp)}\n\n\t\n`);
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: true, checkpointFileLines: 1 });
  });

  it('an empty log verifies', async () => {
    expect(await verifyAll()).toMatchObject({ ok: true, events: 0, checkpoints: 0 });
  });
});

describe('the chain', () => {
  it('a missing first event is a gap at seq 1', async () => {
    await append(4);
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_events WHERE seq = 1');
    const r = await verifyAll();
    expect(r.ok).toBe(false);
    expect(r.events).toBe(3);
    expect(r.firstBroken?.seq).toBe(1);
    expect(r.firstBroken?.reason).toMatch(/missing|gap/);
  });

  it('a changed event is reported at its seq, with every later event still counted', async () => {
    await append(7);
    await dropAppendOnlyTriggers(t);
    await t.raw.run("UPDATE audit_events SET justification = 'edited afterwards' WHERE seq = 3");
    const r = await verifyAll();
    expect(r).toMatchObject({ ok: false, events: 7 });
    expect(r.firstBroken?.seq).toBe(3);
    expect(r.firstBroken?.reason).toMatch(/hash/);
  });

  it('a changed details text is reported', async () => {
    await append(4);
    await dropAppendOnlyTriggers(t);
    await t.raw.run('UPDATE audit_events SET details = \'{"n":99}\' WHERE seq = 2');
    expect((await verifyAll()).firstBroken?.seq).toBe(2);
  });

  it('a rewritten event with a recomputed own hash breaks the next link', async () => {
    await append(5);
    await dropAppendOnlyTriggers(t);
    await t.raw.run("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2");
    const row = (await t.raw.get('SELECT * FROM audit_events WHERE seq = 2')) as Parameters<typeof storedHashForTest>[0];
    await t.raw.run('UPDATE audit_events SET hash = ? WHERE seq = 2', [storedHashForTest(row)]);
    const r = await verifyAll();
    expect(r.firstBroken?.seq).toBe(3);
    expect(r.firstBroken?.reason).toMatch(/prevHash/);
  });
});

describe('checkpoints in the database', () => {
  it('reports an invalid signature', async () => {
    await append(3);
    await createCheckpoint(t.db, { key, file });
    await dropAppendOnlyTriggers(t);
    await t.raw.run("UPDATE audit_checkpoints SET at = '2000-01-01T00:00:00.000Z'");
    const r = await verifyAll({ trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.firstBroken).toMatchObject({ seq: 3 });
    expect(r.firstBroken?.reason).toMatch(/signature/);
  });

  it('reports a key outside the trusted keys, and accepts it once trusted', async () => {
    const other = loadOrCreateSigningKey(join(t.dir, 'other.pem'));
    await append(2);
    await createCheckpoint(t.db, { key: other, file });
    const r = await verifyAll({ trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(2);
    expect(r.firstBroken?.reason).toMatch(/key/);
    expect((await verifyAll({ trustedPublicKeys: [key.publicKeyBase64, other.publicKeyBase64] })).ok).toBe(true);
  });

  it('reports a validly signed checkpoint whose hash is not the event hash', async () => {
    await append(4);
    await dropAppendOnlyTriggers(t);
    const forged = signed(key, { seq: 2, hash: 'e'.repeat(64), at: new Date().toISOString() });
    await t.raw.run('INSERT INTO audit_checkpoints (seq, hash, at, signature, public_key) VALUES (?, ?, ?, ?, ?)', [forged.seq, forged.hash, forged.at, forged.signature, forged.publicKey]);
    const r = await verifyAll({ trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: false, checkpoints: 1 });
    expect(r.firstBroken?.seq).toBe(2);
    expect(r.firstBroken?.reason).toMatch(/checkpoint.*hash|hash.*checkpoint/);
  });

  it('reports a checkpoint beyond the last event (truncated log)', async () => {
    await append(4);
    await createCheckpoint(t.db, { key, file });
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_events WHERE seq >= 3');
    const r = await verifyAll({ trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: false, events: 2 });
    expect(r.firstBroken?.seq).toBe(4);
    expect(r.firstBroken?.reason).toMatch(/checkpoint/);
    expect(r.firstBroken?.reason).toMatch(/missing|truncated/);
  });
});

describe('the checkpoint file', () => {
  it('reports lines that are not checkpoints (seq 0, line number named)', async () => {
    await append(2);
    const good = signed(key, { seq: 2, hash: await headHash(2), at: new Date().toISOString() });
    const bad: unknown[] = [
      'not json',
      null,
      [],
      { ...good, seq: 1.5 },
      { ...good, seq: '2' },
      { ...good, hash: 2 },
      { ...good, at: undefined },
      { ...good, signature: undefined },
      { ...good, publicKey: undefined },
    ];
    for (const line of bad) {
      writeFileSync(file, `${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
      const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
      expect(r.ok, JSON.stringify(line)).toBe(false);
      expect(r.checkpointFileLines).toBe(1);
      expect(r.firstBroken?.seq, JSON.stringify(line)).toBe(0);
      expect(r.firstBroken?.reason).toMatch(/line 1/);
    }
  });

  it('reports a line with an invalid signature', async () => {
    await append(3);
    const cp = await createCheckpoint(t.db, { key, file });
    writeFileSync(file, `${JSON.stringify({ ...cp, at: '2000-01-01T00:00:00.000Z' })}\n`);
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.firstBroken?.seq).toBe(3);
    expect(r.firstBroken?.reason).toMatch(/line 1/);
    expect(r.firstBroken?.reason).toMatch(/signature/);
  });

  it('reports a line the database does not have (checkpoint rows deleted)', async () => {
    await append(3);
    await createCheckpoint(t.db, { key, file });
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_checkpoints');
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: false, checkpoints: 0, checkpointFileLines: 1 });
    expect(r.firstBroken?.seq).toBe(3);
    expect(r.firstBroken?.reason).toMatch(/line 1/);
  });

  it('reports a line that disagrees with the database checkpoint of the same seq (time or key)', async () => {
    const other = loadOrCreateSigningKey(join(t.dir, 'other.pem'));
    await append(3);
    const cp = await createCheckpoint(t.db, { key, file: join(t.dir, 'ignored.log') });
    if (!cp) throw new Error('no checkpoint');
    for (const line of [signed(key, { seq: 3, hash: cp.hash, at: '2000-01-01T00:00:00.000Z' }), signed(other, { seq: 3, hash: cp.hash, at: cp.at })]) {
      writeFileSync(file, `${JSON.stringify(cp)}\n${JSON.stringify(line)}\n`);
      const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64, other.publicKeyBase64] });
      expect(r.ok).toBe(false);
      expect(r.checkpointFileLines).toBe(2);
      expect(r.firstBroken?.seq).toBe(3);
      expect(r.firstBroken?.reason).toMatch(/line 2/);
    }
  });

  it('reports a file line whose hash is not the event hash even when the database checkpoint is gone', async () => {
    await append(4);
    await dropAppendOnlyTriggers(t);
    const line = signed(key, { seq: 2, hash: 'e'.repeat(64), at: new Date().toISOString() });
    const real = await createCheckpoint(t.db, { key, file: join(t.dir, 'ignored.log') });
    await t.raw.exec('DELETE FROM audit_checkpoints');
    writeFileSync(file, `${JSON.stringify(line)}\n${JSON.stringify(real)}\n`);
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(2);
  });

  it('reports a file line covering events the log no longer has', async () => {
    await append(5);
    await createCheckpoint(t.db, { key, file });
    await dropAppendOnlyTriggers(t);
    await t.raw.exec('DELETE FROM audit_checkpoints; DELETE FROM audit_events WHERE seq > 2');
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r).toMatchObject({ ok: false, events: 2 });
    expect(r.firstBroken?.seq).toBe(5);
  });

  it('throws on a checkpoint file that cannot be read (not "intact")', async () => {
    await append(1);
    const dir = join(t.dir, 'a-directory');
    mkdirSync(dir);
    await expect(verifyAuditLog(t.db, { checkpointFile: dir })).rejects.toThrow();
  });
});

describe('several problems', () => {
  it('reports the one with the lowest seq, whichever check found it first', async () => {
    await append(6);
    await createCheckpoint(t.db, { key, file });
    await dropAppendOnlyTriggers(t);
    // A checkpoint problem at seq 6 (found first, before the chain is read) and a chain break at seq 2.
    await t.raw.run("UPDATE audit_checkpoints SET at = '2000-01-01T00:00:00.000Z'");
    await t.raw.run("UPDATE audit_events SET target = 'token:tok_other' WHERE seq = 2");
    const r = await verifyAll({ checkpointFile: file, trustedPublicKeys: [key.publicKeyBase64] });
    expect(r.firstBroken?.seq).toBe(2);
    expect(r.firstBroken?.reason).toMatch(/hash/);
  });

  it('a bad file line (seq 0) comes before everything else', async () => {
    await append(3);
    await dropAppendOnlyTriggers(t);
    await t.raw.run("UPDATE audit_events SET target = 'token:tok_other' WHERE seq = 1");
    writeFileSync(file, 'garbage\n');
    const r = await verifyAll({ checkpointFile: file });
    expect(r.firstBroken?.seq).toBe(0);
  });
});
