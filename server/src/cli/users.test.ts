import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { buildContext } from '../context.ts';
import { createLogger } from '../logger.ts';
import { redactUrl } from '../db/postgres.ts';
import { createTestSchema, type TestSchema } from '../test/database.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');
const dir = mkdtempSync(join(tmpdir(), 'enclave-cli-'));
const dataDir = join(dir, 'data');
const freshDir = join(dir, 'wrong-folder');
const sharedDir = join(dir, 'concurrent');
const poDir = join(dir, 'po-data');
/** Under `npm run test:pg`: each data folder's own PostgreSQL schema (its `DATABASE_URL`); else SQLite files. */
const schemas = new Map<string, TestSchema>();
beforeAll(async () => {
  for (const folder of [dataDir, freshDir, sharedDir, poDir]) {
    const schema = await createTestSchema();
    if (schema) schemas.set(folder, schema);
  }
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas.values()) await schema.drop();
});
/** The environment of a CLI run on data folder `data`. */
const envFor = (data: string) => ({ ...process.env, ENCLAVE_DATA_DIR: data, DATABASE_URL: schemas.get(data)?.url ?? '', LOG_LEVEL: 'silent' });
/** Where the CLI says the database of `data` is: the SQLite file, or the URL without password. */
const whereOf = (data: string) => {
  const schema = schemas.get(data);
  return schema ? redactUrl(schema.url) : join(data, 'enclave.sqlite');
};

function run(args: string[], input?: string, data = dataDir) {
  return spawnSync(process.execPath, [BIN, ...args], { env: envFor(data), input, encoding: 'utf8', timeout: 60_000 });
}

/** Runs the CLI without waiting (for concurrent runs). */
function runAsync(args: string[], data: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: envFor(data), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('bin/enclave users add on a folder without a database', () => {
  it('refuses it (exit 2, nothing created) unless --init; then an agent-only database gets an admin with --role admin', () => {
    const fresh = freshDir;
    const refused = run(['users', 'add', '--email', 'a.gent@example.com', '--name', 'A Gent', '--role', 'agent'], undefined, fresh);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(schemas.has(fresh) ? `no database at ${whereOf(fresh)}` : `no database in ${fresh}`);
    expect(refused.stderr).toContain('--init');
    expect(existsSync(join(fresh, 'enclave.sqlite'))).toBe(false);

    const init = run(['users', 'add', '--init', '--email', 'a.gent@example.com', '--name', 'A Gent', '--role', 'agent'], undefined, fresh);
    expect(init.status).toBe(0);
    expect(init.stderr).toBe(`enclave users add: created database ${whereOf(fresh)}\n`);
    expect(JSON.parse(init.stdout)).toMatchObject({ email: 'a.gent@example.com', role: 'agent' });

    const admin = run(['users', 'add', '--email', 'ad.min@example.com', '--name', 'Ad Min', '--role', 'admin'], undefined, fresh);
    expect(admin.status).toBe(0);
    expect(admin.stderr).toBe(`enclave users add: using database ${whereOf(fresh)}\n`);
    expect(JSON.parse(admin.stdout)).toMatchObject({ email: 'ad.min@example.com', role: 'admin' });
  }, 120_000);
});

describe('bin/enclave users add, concurrent processes', () => {
  it('four runs at the same moment all succeed (no "database is locked")', async () => {
    const shared = sharedDir;
    expect(run(['users', 'add', '--init', '--email', 'first@example.com', '--name', 'First', '--role', 'agent'], undefined, shared).status).toBe(0);
    const runs = await Promise.all(
      [1, 2, 3, 4].map((i) => runAsync(['users', 'add', '--email', `same.time${i}@example.com`, '--name', `Same Time ${i}`, '--role', 'agent'], shared)),
    );
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/locked/);
      expect(r.status).toBe(0);
    }
    expect(new Set(runs.map((r) => (JSON.parse(r.stdout) as { id: string }).id)).size).toBe(4);
  }, 120_000);
});

describe('bin/enclave users add', () => {
  it('creates an account while the server runs; prints one JSON object; the token works; duplicates exit 2', async () => {
    const ctx = await buildContext(loadConfig({ ENCLAVE_DATA_DIR: dataDir, DATABASE_URL: schemas.get(dataDir)?.url ?? '', ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'), PORT: '0' }), { logger: createLogger('silent') });
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const addr = app.server.address();
      const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const r = run(['users', 'add', '--email', 'Cli.User@example.com', '--name', 'Cli User', '--role', 'admin', '--password-stdin'], 'a long password here\n');
      expect(r.stderr).toBe(`enclave users add: using database ${whereOf(dataDir)}\n`);
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const out = JSON.parse(lines[0] as string) as Record<string, string>;
      expect(Object.keys(out).sort()).toEqual(['apiToken', 'email', 'id', 'role']);
      expect(out).toMatchObject({ email: 'cli.user@example.com', role: 'admin' });
      const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${out.apiToken}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: out.id, email: 'cli.user@example.com', name: 'Cli User', role: 'admin' });
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'cli.user@example.com', password: 'a long password here' }) });
      expect(login.status).toBe(200);
      const dup = run(['users', 'add', '--email', 'cli.user@example.com', '--name', 'Again', '--role', 'agent']);
      expect(dup.status).toBe(2);
      expect(dup.stdout).toBe('');
      expect(dup.stderr).toMatch(/already exists/);
      expect(run(['users', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'emperor']).status).toBe(2);
      expect(run(['users', 'add', '--email', 'x@example.com']).status).toBe(2);
      expect(run(['users', 'add', '--email', 'y@example.com', '--name', 'Y', '--role', 'agent', '--password-stdin'], 'short\n').status).toBe(2);
      // NIST SP 800-63B: a common or repetitive password, or one built from the user's own e-mail, is refused like over HTTP
      const weak = run(['users', 'add', '--email', 'y@example.com', '--name', 'Y', '--role', 'agent', '--password-stdin'], 'aaaaaaaaaaaa\n');
      expect(weak.status).toBe(2);
      expect(weak.stderr).toMatch(/password refused \(repetitive\)/);
      expect(run(['users', 'add', '--email', 'yvonne.example@example.com', '--name', 'Y', '--role', 'agent', '--password-stdin'], 'yvonne.example\n').status).toBe(2);
    } finally {
      await app.close();
      await ctx.close();
    }
  }, 120_000);

  it('the first privacy officer is created directly; a later one gets a pending request, not the role', () => {
    const runIn = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: envFor(poDir), encoding: 'utf8', timeout: 60_000 });
    const first = runIn(['users', 'add', '--email', 'po1@example.com', '--name', 'First Officer', '--role', 'privacy_officer', '--init']);
    expect(first.status).toBe(0);
    const one = JSON.parse(first.stdout) as Record<string, string>;
    expect(Object.keys(one).sort()).toEqual(['apiToken', 'email', 'id', 'role']);
    expect(one.role).toBe('privacy_officer');
    const second = runIn(['users', 'add', '--email', 'po2@example.com', '--name', 'Second Officer', '--role', 'privacy_officer']);
    expect(second.status).toBe(0);
    const two = JSON.parse(second.stdout) as Record<string, string>;
    expect(two).toMatchObject({ email: 'po2@example.com', role: 'agent', pendingRole: 'privacy_officer' });
    expect(two.roleRequestId).toMatch(/^[0-9A-Z]{26}$/);
  }, 120_000);
});
