/**
 * Security-core tests of the audit hash, from its documented formula (hash.ts module comment,
 * PRODUCT.md): `hash = hex(SHA-256(prevHash ‖ RFC 8785 JSON of the event without hash))`, with the
 * first event's prevHash the literal 64 zeros — written out here, not taken from the code.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvent, canonicalJson, GENESIS_HASH, hashAuditEvent, verifyAuditLog, type HashableAuditEvent } from './index.ts';
import { storedHashForTest } from './verify.ts';
import { dropAppendOnlyTriggers, openTestDb, type TestDb } from './testing.ts';

const SIXTY_FOUR_ZEROS = '0000000000000000000000000000000000000000000000000000000000000000';
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

const EVENT: HashableAuditEvent = {
  seq: 7,
  at: '2026-01-02T03:04:05.678Z',
  actor: 'u1',
  action: 'reveal',
  target: 'token:tok_abcdefghijklmnop',
  justification: 'checking the reported account',
  outcome: 'success',
  details: { b: 2, a: [1, 'x'] },
  prevHash: 'ab'.repeat(32),
};
const EVENT_JCS =
  '{"action":"reveal","actor":"u1","at":"2026-01-02T03:04:05.678Z","details":{"a":[1,"x"],"b":2},' +
  '"justification":"checking the reported account","outcome":"success","prevHash":"' + 'ab'.repeat(32) + '","seq":7,' +
  '"target":"token:tok_abcdefghijklmnop"}';

describe('genesis', () => {
  it('the documented genesis hash is 64 zeros', () => {
    expect(SIXTY_FOUR_ZEROS).toHaveLength(64);
    expect(GENESIS_HASH).toBe(SIXTY_FOUR_ZEROS);
  });

  describe('with a log', () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await openTestDb();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('the first event chains from 64 zeros and its hash is SHA-256("000…0" ‖ JCS)', async () => {
      const first = await appendAuditEvent(t.db, { actor: 'cli', action: 'user.create', target: 'user:1', outcome: 'success' });
      expect(first.prevHash).toBe(SIXTY_FOUR_ZEROS);
      const body = `{"action":"user.create","actor":"cli","at":"${first.at}","details":null,"justification":null,"outcome":"success","prevHash":"${SIXTY_FOUR_ZEROS}","seq":1,"target":"user:1"}`;
      expect(first.hash).toBe(sha256(SIXTY_FOUR_ZEROS + body));
    });

    it('verify refuses a log whose first event does not chain from 64 zeros, even with every hash recomputed', async () => {
      await appendAuditEvent(t.db, { actor: 'cli', action: 'user.create', target: 'user:1', outcome: 'success' });
      await appendAuditEvent(t.db, { actor: 'cli', action: 'user.create', target: 'user:2', outcome: 'success' });
      await dropAppendOnlyTriggers(t, ['audit_events']);
      // Rebuild the chain from another genesis value, as a modified program would write it.
      const rows = (await t.raw.all('SELECT * FROM audit_events ORDER BY seq')) as Parameters<typeof storedHashForTest>[0][];
      let prev = 'f'.repeat(64);
      for (const r of rows) {
        const hash = storedHashForTest({ ...r, prev_hash: prev });
        await t.raw.run('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?', [prev, hash, r.seq]);
        prev = hash;
      }
      const res = await verifyAuditLog(t.db);
      expect(res.ok).toBe(false);
      expect(res.firstBroken?.seq).toBe(1);
    });
  });
});

describe('hashAuditEvent', () => {
  it('is SHA-256 over prevHash then the RFC 8785 JSON of exactly the nine documented keys', () => {
    expect(hashAuditEvent(EVENT)).toBe(sha256(EVENT.prevHash + EVENT_JCS));
  });

  it('changes when any field changes', () => {
    const base = hashAuditEvent(EVENT);
    const changes: Partial<HashableAuditEvent>[] = [
      { seq: 8 }, { at: '2026-01-02T03:04:05.679Z' }, { actor: 'u2' }, { action: 'reveal.rate_limited' }, { target: 'token:tok_bbbbbbbbbbbbbbbb' },
      { justification: null }, { justification: 'checking the reported account.' }, { outcome: 'denied' }, { details: null }, { details: { b: 2, a: [1, 'y'] } },
      { prevHash: 'ac'.repeat(32) },
    ];
    for (const c of changes) expect(hashAuditEvent({ ...EVENT, ...c }), JSON.stringify(c)).not.toBe(base);
  });

  it('ignores key order inside details (canonical JSON)', () => {
    expect(hashAuditEvent({ ...EVENT, details: { a: [1, 'x'], b: 2 } })).toBe(hashAuditEvent(EVENT));
  });
});

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys, drops whitespace, writes numbers the ECMAScript way', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 1e21, 0.5], c: 'é' } })).toBe('{"a":{"c":"é","d":[true,null,1e+21,0.5]},"b":1}');
  });

  it('throws TypeError for values JSON cannot represent', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe('stored-row hash', () => {
  const row = (over: Partial<Parameters<typeof storedHashForTest>[0]> = {}): Parameters<typeof storedHashForTest>[0] => ({
    seq: 7, at: EVENT.at, actor: EVENT.actor, action: EVENT.action, target: EVENT.target, justification: EVENT.justification,
    outcome: EVENT.outcome, details: '{"a":[1,"x"],"b":2}', prev_hash: EVENT.prevHash, ...over,
  });

  it('equals the reference hash for a stored row', () => {
    expect(storedHashForTest(row())).toBe(sha256(EVENT.prevHash + EVENT_JCS));
  });

  it('writes null justification and details as JSON null', () => {
    const ev = { ...EVENT, justification: null, details: null };
    expect(storedHashForTest(row({ justification: null, details: null }))).toBe(hashAuditEvent(ev));
    expect(storedHashForTest(row({ justification: null, details: null }))).toBe(
      sha256(EVENT.prevHash + EVENT_JCS.replace('{"a":[1,"x"],"b":2}', 'null').replace('"checking the reported account"', 'null')),
    );
  });

  it('escapes every string field exactly as JSON.stringify (quotes, backslashes, control characters, lone surrogates)', () => {
    const nasty = ['say "hi"', 'back\\slash', 'nul\u0000', 'unit\u001f', 'tab\tnl\n', 'lone \ud800 high', 'lone \udfff low', 'pair 𝄞', 'space\u0020ok', '\u007f del'];
    for (const s of nasty) {
      for (const field of ['actor', 'action', 'target', 'justification', 'outcome', 'at'] as const) {
        const ev = { ...EVENT, [field]: s };
        expect(storedHashForTest(row({ [field]: s })), `${field}: ${JSON.stringify(s)}`).toBe(hashAuditEvent(ev));
      }
    }
  });

  it('covers seq, prev_hash and details', () => {
    const base = storedHashForTest(row());
    expect(storedHashForTest(row({ seq: 8 }))).not.toBe(base);
    expect(storedHashForTest(row({ prev_hash: 'ac'.repeat(32) }))).not.toBe(base);
    expect(storedHashForTest(row({ details: '{"a":[1,"y"],"b":2}' }))).not.toBe(base);
  });
});
