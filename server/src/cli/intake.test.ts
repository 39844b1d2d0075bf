import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const dir = mkdtempSync(join(tmpdir(), 'enclave-cli-intake-'));
const dataDir = join(dir, 'data');
/** Key file of this test's workspace, outside the data folder (never the real ~/.config). */
const keyFile = join(dir, 'master.key');
/** Under `npm run test:pg`: this test's own PostgreSQL schema (else SQLite in `dataDir`). */
let schema: TestSchema | undefined;
beforeAll(async () => {
  schema = await createTestSchema();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

function run(args: string[], input = '', env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: schema?.url ?? '', ENCLAVE_DATA_DIR: dataDir, ENCLAVE_MASTER_KEY_FILE: keyFile, ENCLAVE_MASTER_KEY: '', LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('bin/enclave integrations add / intake send', () => {
  it('creates an integration (secret printed once, not stored readable) and sends a signed report; a wrong secret fails', async () => {
    const ctx = await buildContext(loadConfig({ ENCLAVE_DATA_DIR: dataDir, DATABASE_URL: schema?.url ?? '', PORT: '0', ENCLAVE_MASTER_KEY_FILE: keyFile }), { logger: createLogger('silent') });
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const addr = app.server.address();
      const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const add = await run(['integrations', 'add', '--name', 'Platform']);
      expect(add.stderr).toBe(`enclave integrations add: using database ${schema ? redactUrl(schema.url) : join(dataDir, 'enclave.sqlite')}\n`);
      expect(add.status).toBe(0);
      const integ = JSON.parse(add.stdout) as { id: string; secret: string };
      expect(Object.keys(integ).sort()).toEqual(['id', 'secret']);
      const rows = await ctx.db.selectFrom('integration_secrets').select('wrapped').where('integration_id', '=', integ.id).execute();
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0]!.wrapped).includes(Buffer.from(integ.secret))).toBe(false);
      const file = join(dir, 'report.json');
      writeFileSync(
        file,
        JSON.stringify({
          reportId: 'cli-1',
          category: 'spam',
          text: 'Spam from this account.',
          submittedAt: '2026-12-01T10:00:00Z',
          accounts: [{ role: 'reported', accountId: 'acc-cli-1', email: 'spam@example.com' }],
        }),
      );
      const sent = await run(['intake', 'send', '--integration', integ.id, '--secret-stdin', file], `${integ.secret}\n`, { ENCLAVE_URL: url });
      expect(sent.status).toBe(0);
      expect(JSON.parse(sent.stdout)).toEqual({ caseId: expect.any(String), status: 'open' });
      const wrong = await run(['intake', 'send', '--integration', integ.id, '--secret-stdin', file], 'whsec_wrong\n', { ENCLAVE_URL: url });
      expect(wrong.status).toBe(1);
      expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'invalid_signature' } });
      expect((await run(['intake', 'send', '--integration', integ.id, file])).status).toBe(2);
      expect((await run(['integrations', 'add'])).status).toBe(2);
    } finally {
      await app.close();
      await ctx.close();
    }
  }, 120_000);
});
