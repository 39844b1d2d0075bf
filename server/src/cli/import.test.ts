import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { createTestSchema, type TestSchema } from '../test/database.ts';
import { SMALL_EXPORT_EXPECTED as X, smallExport, writeExportFolder, writeZip, zipEntriesOf } from '../test/slack-export-fixture.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');
const dir = mkdtempSync(join(tmpdir(), 'enclave-cli-import-'));
const dataDir = join(dir, 'data');
/** Under `npm run test:pg`: this file's own schema (its `DATABASE_URL`); else SQLite in `dataDir`. */
let schema: TestSchema | undefined;
beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ENCLAVE_DATA_DIR: dataDir, DATABASE_URL: schema?.url ?? '', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 });

describe('bin/enclave import slack', { timeout: 180_000 }, () => {
  it('--report-only writes exposure.json and exposure.html from a zip, no database needed', () => {
    const zip = join(dir, 'export.zip');
    writeZip(zip, zipEntriesOf(smallExport()));
    const out = join(dir, 'report');
    const r = run(['import', 'slack', zip, '--report-only', '--out', out]);
    expect(r.stderr).toContain('skipped malformed day file "general/2024-01-03.json"');
    expect(r.status).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'exposure.json'), 'utf8')) as { messages: number; findings: number; exposure: number };
    expect([json.messages, json.findings, json.exposure]).toEqual([X.messages, X.findings, X.exposure]);
    expect(readFileSync(join(out, 'exposure.html'), 'utf8')).toContain('<svg');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('exits 2 with a clear message on a truncated zip, a missing path or bad usage', () => {
    const zip = join(dir, 'cut.zip');
    writeZip(zip, zipEntriesOf(smallExport()), { truncateTo: 200 });
    const cut = run(['import', 'slack', zip, '--report-only', '--out', join(dir, 'r2')]);
    expect(cut.status).toBe(2);
    expect(cut.stderr).toMatch(/not a readable zip .*truncated/u);
    expect(existsSync(join(dir, 'r2'))).toBe(false);
    expect(run(['import', 'slack', join(dir, 'nope'), '--report-only']).status).toBe(2);
    expect(run(['import', 'teams', dir]).status).toBe(2);
  });

  it('imports into an existing database and prints a summary of counts; refuses a folder without one', () => {
    const folder = join(dir, 'folder-export');
    writeExportFolder(folder, smallExport());
    const refused = run(['import', 'slack', folder]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('no database');
    expect(run(['users', 'add', '--email', 'ad.min@example.com', '--name', 'Ad Min', '--role', 'admin', '--init']).status).toBe(0);
    const r = run(['import', 'slack', folder, '--as', 'ad.min@example.com']);
    expect(r.stderr).not.toContain('jane.roe');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { imported: number; channelsCreated: number };
    expect(summary).toMatchObject({ imported: X.imported, channelsCreated: 3 });
    expect(r.stdout).not.toContain('example.com');
  });

  it('webhooks add prints the hook URL once for an imported channel; an unknown channel exits 2', async () => {
    const open = openDatabase({ dataDir, databaseUrl: schema?.url });
    const row = await open.db.selectFrom('channels').select('id').where('name', '=', 'case-ops').executeTakeFirstOrThrow().finally(() => open.close());
    const r = run(['webhooks', 'add', '--channel', row.id, '--name', 'Ticket bot']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ channelId: row.id, name: 'Ticket bot', url: expect.stringMatching(/^\/hooks\/[A-Za-z0-9_-]{43}$/u) as unknown });
    const bad = run(['webhooks', 'add', '--channel', 'nope', '--name', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('No such channel');
  });
});
