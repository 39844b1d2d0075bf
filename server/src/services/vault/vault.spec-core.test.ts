/**
 * Security-core tests of the vault as stored: every value has its own random nonce, and a wrapped
 * data key moved to another scope's row does not unwrap (its AES-GCM associated data names the scope).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../audit/testing.ts';
import { LocalKms, Vault } from './index.ts';

let t: TestDb;
let kms: LocalKms;
let vault: Vault;
beforeEach(async () => {
  t = await openTestDb();
  kms = LocalKms.generate();
  vault = new Vault({ kms });
});
afterEach(async () => {
  await t.cleanup();
});

type KeyRow = { scope: string; wrapped: Buffer };
const wrappedOf = async (scope: string): Promise<Buffer> => ((await t.raw.get('SELECT scope, wrapped FROM vault_data_keys WHERE scope = ?', [scope])) as KeyRow).wrapped;

describe('vault values on disk', () => {
  it('stores each value with its own 12-byte random nonce (no nonce reuse under one data key)', async () => {
    const values = ['jane.doe@example.com', 'john.roe@example.com', '192.0.2.17', '555-0142', 'x', 'y'];
    for (const value of values) await vault.tokenize(t.db, { scope: 'channel:c1', entityType: 'EMAIL_ADDRESS', value });
    const rows = (await t.raw.all("SELECT iv, ciphertext FROM vault_values WHERE scope = 'channel:c1'")) as { iv: Buffer; ciphertext: Buffer }[];
    expect(rows).toHaveLength(values.length);
    const ivs = new Set(rows.map((r) => Buffer.from(r.iv).toString('hex')));
    expect(ivs.size).toBe(values.length);
    for (const r of rows) {
      expect(r.iv.length).toBe(12);
      expect(Buffer.from(r.iv).equals(Buffer.alloc(12))).toBe(false);
    }
  });

  it('two scopes holding the same value get different data keys and different ciphertexts', async () => {
    await vault.tokenize(t.db, { scope: 'channel:c1', entityType: 'EMAIL_ADDRESS', value: 'jane.doe@example.com' });
    await vault.tokenize(t.db, { scope: 'channel:c2', entityType: 'EMAIL_ADDRESS', value: 'jane.doe@example.com' });
    expect((await wrappedOf('channel:c1')).equals(await wrappedOf('channel:c2'))).toBe(false);
    const cts = (await t.raw.all('SELECT ciphertext FROM vault_values ORDER BY scope')) as { ciphertext: Buffer }[];
    expect(Buffer.from(cts[0]!.ciphertext).equals(Buffer.from(cts[1]!.ciphertext))).toBe(false);
  });
});

describe('data keys are bound to their scope', () => {
  it('a wrapped key copied into another scope row fails to unwrap, and that scope reveals nothing', async () => {
    const a = await vault.tokenize(t.db, { scope: 'channel:c1', entityType: 'EMAIL_ADDRESS', value: 'jane.doe@example.com' });
    const b = await vault.tokenize(t.db, { scope: 'channel:c2', entityType: 'EMAIL_ADDRESS', value: 'john.roe@example.com' });
    // An attacker with write access to the database copies c1's wrapped key into c2's row.
    await t.raw.run("UPDATE vault_data_keys SET wrapped = ? WHERE scope = 'channel:c2'", [await wrappedOf('channel:c1')]);
    const fresh = new Vault({ kms }); // no cached keys
    await expect(fresh.keys.dataKey(t.db, 'channel:c2', false)).rejects.toThrow();
    await expect(fresh.reveal(t.db, b.token)).rejects.toThrow();
    expect((await fresh.reveal(t.db, a.token)).value).toBe('jane.doe@example.com');
  });

  it('a wrapped key moved to a new scope name does not unwrap there', async () => {
    await vault.tokenize(t.db, { scope: 'subject:s1', entityType: 'EMAIL_ADDRESS', value: 'jane.doe@example.com' });
    await t.raw.run("INSERT INTO vault_data_keys (scope, wrapped, kek_id, created_at, erased_at) SELECT 'subject:s2', wrapped, kek_id, created_at, NULL FROM vault_data_keys WHERE scope = 'subject:s1'");
    const fresh = new Vault({ kms });
    await expect(fresh.keys.dataKey(t.db, 'subject:s2', false)).rejects.toThrow();
    expect(await fresh.keys.dataKey(t.db, 'subject:s1', false)).toBeDefined();
  });
});
