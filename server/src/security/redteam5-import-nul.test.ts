/**
 * Red team 5 (issue 10): a Slack export whose JSON holds a NUL (`\u0000`) in a message, a channel
 * name, a topic or a user's name. PostgreSQL refuses NUL in `text`, so on PostgreSQL the import
 * failed with a database error; as at the HTTP edge, NUL (and a lone surrogate) becomes U+FFFD
 * when the export's JSON is read. Runs on both dialects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test/factories.ts';
import { writeExportFolder } from '../test/slack-export-fixture.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from '../services/import/import-setup.ts';
import { importExport } from '../services/import/slack-import.ts';
import { openExport } from '../services/import/slack-source.ts';

let srv: TestServer;
let dir: string;
beforeEach(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'enclave-rt5-import-'));
});
afterEach(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a Slack export with NUL characters', { timeout: 90_000 }, () => {
  it('imports, with U+FFFD where the NULs were', async () => {
    writeExportFolder(dir, {
      'users.json': [{ id: 'U1', name: 'al\u0000ice', real_name: 'Alice\u0000 Example', profile: { email: 'alice@example.com', display_name: 'al\u0000ice' } }],
      'groups.json': [{ id: 'G1', name: 'case-ops', created: 1700000000, members: ['U1'], topic: { value: 'to\u0000pic' } }],
      'case-ops/2024-01-01.json': [{ type: 'message', ts: '1704103500.000100', user: 'U1', text: 'hello\u0000 there \ud800 team' }],
    });
    const createdBy = (await srv.ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
    const src = await openExport(dir);
    try {
      const s = await importExport({ db: srv.ctx.db, privacy: srv.ctx.privacy }, src, { actor: 'cli', createdBy });
      expect(s.imported).toBe(1);
    } finally {
      await src.close();
    }
    const rows = await srv.ctx.db.selectFrom('messages').innerJoin('channels', 'channels.id', 'messages.channel_id').select(['messages.text']).where('channels.name', '=', 'case-ops').execute();
    expect(rows.map((r) => r.text)).toEqual(['hello\uFFFD there \uFFFD team']);
  });
});
