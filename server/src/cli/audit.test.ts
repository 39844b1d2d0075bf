import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateToLatest, openSqlite } from '../db/database.ts';
import { appendAuditEvent } from '../services/audit/index.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/enclave');
let dir: string;
let dataDir: string;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ENCLAVE_DATA_DIR: dataDir, ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'), ENCLAVE_MASTER_KEY: '' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function seed(n: number): Promise<void> {
  const open = openSqlite(dataDir);
  await migrateToLatest(open.db);
  for (let i = 0; i < n; i++) await appendAuditEvent(open.db, { actor: 'u1', action: 'user.create', target: `user:${i}`, outcome: 'success' });
  await open.close();
}

function tamper(sql: string): void {
  const open = openSqlite(dataDir);
  open.sqlite.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete');
  open.sqlite.exec(sql);
  open.sqlite.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-cli-audit-'));
  dataDir = join(dir, 'data');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('enclave audit verify', { timeout: 90_000 }, () => {
  it('exits 0 with one summary line on an intact log, with a checkpoint', async () => {
    await seed(5);
    const cp = cli('audit', 'checkpoint');
    expect(cp.status).toBe(0);
    expect(readFileSync(join(dataDir, 'audit-checkpoints.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    const r = cli('audit', 'verify');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('audit log intact: 5 events, 1 checkpoints, 1 checkpoint file lines\n');
  });

  it('exits 1 naming the changed event', async () => {
    await seed(5);
    tamper("UPDATE audit_events SET target = 'user:x' WHERE seq = 3");
    const r = cli('audit', 'verify');
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/BROKEN at seq 3: hash mismatch/);
  });

  it('exits 1 naming a deleted event', async () => {
    await seed(5);
    tamper('DELETE FROM audit_events WHERE seq = 2');
    const r = cli('audit', 'verify');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at seq 2: event missing/);
  });

  it('exits 1 when the checkpoint file was altered', async () => {
    await seed(3);
    expect(cli('audit', 'checkpoint').status).toBe(0);
    const f = join(dataDir, 'audit-checkpoints.log');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/"hash":"[0-9a-f]/, '"hash":"x'));
    const r = cli('audit', 'verify');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at seq 3: checkpoint file line 1/);
  });

  it('exits 2 on usage errors and a missing database', async () => {
    expect(cli('audit').status).toBe(2);
    expect(cli('audit', 'verify', '--bogus').status).toBe(2);
    const r = cli('audit', 'verify');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no database/);
  });
});
