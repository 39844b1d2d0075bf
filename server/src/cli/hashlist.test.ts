/**
 * `bin/enclave hashlist import --name N FILE` end to end: the real CLI against a real SQLite
 * database in a temp folder, or its own PostgreSQL schema under `npm run test:pg` (created and
 * migrated in-process first).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { createTestSchema, type TestSchema } from '../test/database.ts';

vi.setConfig({ testTimeout: 60_000 });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(join(tmpdir(), 'enclave-hashlist-cli-'));
const data = join(dir, 'data');
const PDQ = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
/** Under `npm run test:pg`: this file's own schema; else SQLite in `data`. */
let schema: TestSchema | undefined;
const openData = () => openDatabase({ dataDir: data, databaseUrl: schema?.url });

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/enclave', 'hashlist', ...args], { cwd: ROOT, env: { ...process.env, ENCLAVE_DATA_DIR: data, DATABASE_URL: schema?.url ?? '', LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function counts(): Promise<{ lists: number; entries: number }> {
  const open = openData();
  try {
    const lists = await open.db.selectFrom('hash_lists').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const entries = await open.db.selectFrom('hash_list_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { lists: Number(lists.n), entries: Number(entries.n) };
  } finally {
    await open.close();
  }
}

beforeAll(async () => {
  schema = await createTestSchema({ migrated: true });
  const open = openData();
  await migrateToLatest(open.db);
  await open.close();
});
afterAll(async () => {
  await schema?.drop();
});

describe('enclave hashlist import', () => {
  it('prints { id, name, entries } for an HMA CSV; the list is stored', async () => {
    const file = join(dir, 'bank.csv');
    writeFileSync(file, `signal_type,signal\npdq,${PDQ}\nmd5,${MD5}\npdq,${PDQ}\n`);
    const r = await cli(['import', '--name', 'Bank export', file]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['entries', 'id', 'name']);
    expect(out).toMatchObject({ name: 'Bank export', entries: 2 });
    expect(r.stderr).toContain('1 duplicate');
    expect(await counts()).toEqual({ lists: 1, entries: 2 });
  });

  it('a malformed file: exit 2, line numbers on stderr, nothing imported', async () => {
    const file = join(dir, 'broken.txt');
    writeFileSync(file, `${PDQ}\n${MD5}\n${MD5}x\n`);
    const before = await counts();
    const r = await cli(['import', '--name', 'Broken', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3: not a PDQ');
    expect(r.stdout).toBe('');
    expect(await counts()).toEqual(before);
  });

  it('usage and I/O errors exit 2', async () => {
    expect((await cli(['import', join(dir, 'bank.csv')])).code).toBe(2); // no --name
    expect((await cli(['import', '--name', 'X', '--threshold', 'abc', join(dir, 'bank.csv')])).code).toBe(2);
    const missing = await cli(['import', '--name', 'Missing', join(dir, 'missing.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
  });
});
