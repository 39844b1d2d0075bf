import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { redactUrl } from '../db/postgres.ts';
import { createTestSchema, type TestSchema } from '../test/database.ts';
import { LocalKms, Vault, createVaultFromConfig, writeKeyFile } from '../services/vault/index.ts';
import { verifyAuditLog } from '../services/audit/index.ts';
import { createIntegration, signatureHeader, verifyIntakeSignature } from '../services/cases/integrations.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/enclave');
let dir: string;
let dataDir: string;
let keyFile: string;
/** Under `npm run test:pg`: this test's own PostgreSQL schema (else SQLite in `dataDir`). */
let schema: TestSchema | undefined;
const openDb = () => openDatabase({ dataDir, databaseUrl: schema?.url });

function cli(env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: schema?.url ?? '', ENCLAVE_DATA_DIR: dataDir, ENCLAVE_MASTER_KEY_FILE: keyFile, ENCLAVE_MASTER_KEY: '', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function seed(vault: Vault, n: number): Promise<string[]> {
  const open = openDb();
  await migrateToLatest(open.db);
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) tokens.push((await vault.tokenize(open.db, { scope: `channel:c${i}`, entityType: 'EMAIL_ADDRESS', value: `u${i}@example.com` })).token);
  await open.close();
  return tokens;
}

async function revealAll(vault: Vault, tokens: string[]): Promise<string[]> {
  const open = openDb();
  try {
    const out: string[] = [];
    for (const tk of tokens) out.push((await vault.reveal(open.db, tk)).value);
    return out;
  } finally {
    await open.close();
  }
}

beforeEach(async () => {
  schema = await createTestSchema();
  dir = mkdtempSync(join(tmpdir(), 'enclave-cli-keys-'));
  dataDir = join(dir, 'data');
  keyFile = join(dir, 'data-master.key');
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

describe('enclave keys rotate', { timeout: 90_000 }, () => {
  it('rotates the key file: new key 0600, .old removed, everything reveals with the new key only', async () => {
    const { vault: before } = createVaultFromConfig({ masterKey: undefined, masterKeyFile: keyFile });
    const tokens = await seed(before, 5);
    const oldKey = readFileSync(keyFile, 'utf8');
    const r = cli({}, 'keys', 'rotate');
    expect(r.stderr).toBe(`enclave keys rotate: using database ${schema ? redactUrl(schema.url) : join(dataDir, 'enclave.sqlite')}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^master key rotated: 5 data keys re-wrapped in 1 batches/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(oldKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile}.old`)).toBe(false);
    const after = new Vault({ kms: LocalKms.fromBase64(readFileSync(keyFile, 'utf8')) });
    expect(await revealAll(after, tokens)).toEqual(['u0@example.com', 'u1@example.com', 'u2@example.com', 'u3@example.com', 'u4@example.com']);
    // The old process's vault reloads the rotated key file and keeps working.
    expect(await revealAll(before, tokens.slice(0, 1))).toEqual(['u0@example.com']);
    const open = openDb();
    const audit = (await open.raw.all("SELECT actor, target FROM audit_events WHERE action = 'keys.rotate'"));
    expect(audit).toEqual([{ actor: 'cli', target: 'master_key' }]);
    expect((await verifyAuditLog(open.db)).ok).toBe(true);
    await open.close();
  });

  it('re-wraps intake integration secrets: intake still verifies signatures with only the new key', async () => {
    const { vault: before } = createVaultFromConfig({ masterKey: undefined, masterKeyFile: keyFile });
    await seed(before, 1);
    const open = openDb();
    await migrateToLatest(open.db);
    const integ = await open.db.transaction().execute((trx) => createIntegration(trx, before.keys, { name: 'platform', actor: 'test' }));
    await open.close();
    const r = cli({}, 'keys', 'rotate');
    expect(r.status).toBe(0);
    const after = new Vault({ kms: LocalKms.fromBase64(readFileSync(keyFile, 'utf8')) });
    const check = openDb();
    try {
      const raw = Buffer.from(JSON.stringify({ reportId: 'r-1' }));
      const t = Math.floor(Date.now() / 1000);
      await expect(verifyIntakeSignature(check.db, after.keys, { integrationId: integ.id, signature: signatureHeader(integ.secret, t, raw), raw })).resolves.toEqual({ integrationId: integ.id });
      await expect(verifyIntakeSignature(check.db, after.keys, { integrationId: integ.id, signature: signatureHeader('whsec_wrong', t, raw), raw })).rejects.toThrow(/signature/i);
      const audit = await check.db.selectFrom('audit_events').select('details').where('action', '=', 'keys.rotate').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details ?? "null")).toMatchObject({ integrationSecrets: 1 });
    } finally {
      await check.close();
    }
  });

  it('with ENCLAVE_MASTER_KEY prints the new key once and re-wraps under it', async () => {
    const old = LocalKms.generate();
    const tokens = await seed(new Vault({ kms: old }), 3);
    const r = cli({ ENCLAVE_MASTER_KEY: old.exportBase64() }, 'keys', 'rotate');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const m = /^ENCLAVE_MASTER_KEY=(\S+)$/.exec(lines[0] ?? '');
    expect(m).not.toBeNull();
    expect(existsSync(keyFile)).toBe(false);
    const fresh = new Vault({ kms: LocalKms.fromBase64(m?.[1] ?? '') });
    expect(await revealAll(fresh, tokens)).toEqual(['u0@example.com', 'u1@example.com', 'u2@example.com']);
    await expect(revealAll(new Vault({ kms: old }), tokens)).rejects.toThrow(/not loaded/);
  });

  it('resumes an interrupted rotation (key file already new, old key in .old)', async () => {
    const old = LocalKms.generate();
    const tokens = await seed(new Vault({ kms: old }), 2);
    const next = LocalKms.generate();
    writeKeyFile(`${keyFile}.old`, old);
    writeKeyFile(keyFile, next);
    const r = cli({}, 'keys', 'rotate');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2 data keys re-wrapped/);
    expect(existsSync(`${keyFile}.old`)).toBe(false);
    expect(await revealAll(new Vault({ kms: next }), tokens)).toEqual(['u0@example.com', 'u1@example.com']);
  });

  it('refuses a data folder without a database: exit 2, no database and no key created', () => {
    const r = cli({}, 'keys', 'rotate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(schema ? `no database at ${redactUrl(schema.url)}` : `no database in ${dataDir}`);
    expect(existsSync(join(dataDir, 'enclave.sqlite'))).toBe(false);
    expect(existsSync(keyFile)).toBe(false);
  });
  it('exits 2 on usage errors', () => {
    expect(cli({}, 'keys').status).toBe(2);
    expect(cli({}, 'keys', 'rotate', 'now').status).toBe(2);
  });
});
