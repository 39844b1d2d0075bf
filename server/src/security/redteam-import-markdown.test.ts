/**
 * Red team: a Slack export imported into a broad (public) channel is sealed with the plain
 * analyzer, so `192.0.2.*44*` or `jane.doe@_example.com_` (Slack's own bold/italic marks, drawn as
 * formatting by the web app) were imported raw: every reader saw the whole value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test/factories.ts';
import { writeExportFolder } from '../test/slack-export-fixture.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from '../services/import/import-setup.ts';
import { importExport } from '../services/import/slack-import.ts';
import { openExport } from '../services/import/slack-source.ts';

const TEXTS = ['reporter at 192.0.2.*44* again', 'mail jane.doe@_example.com_ please', 'card 4111 1111 1111 `1111` on file'];

describe('Slack import into a broad channel: values split by formatting marks', { timeout: 90_000 }, () => {
  let srv: TestServer;
  let dir: string;

  beforeAll(async () => {
    srv = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'enclave-rt-import-'));
    writeExportFolder(dir, {
      'users.json': [{ id: 'U1', name: 'alice', real_name: 'Alice Example', profile: { email: 'alice@example.com', display_name: 'alice' } }],
      'channels.json': [{ id: 'C1', name: 'general', created: 1700000000, members: ['U1'] }],
      'general/2024-01-01.json': TEXTS.map((text, i) => ({ type: 'message', ts: `17041032${i}0.000100`, user: 'U1', text })),
    });
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every split value is sealed as a chip, none is stored as shown', async () => {
    const createdBy = (await srv.ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
    const src = await openExport(dir);
    try {
      await importExport({ db: srv.ctx.db, privacy: srv.ctx.privacy }, src, { actor: 'cli', createdBy });
    } finally {
      await src.close();
    }
    const general = await srv.ctx.db.selectFrom('channels').select('id').where('name', '=', 'general').executeTakeFirstOrThrow();
    const msgs = await srv.ctx.db.selectFrom('messages').select(['text', 'entities']).where('channel_id', '=', general.id).orderBy('id').execute();
    expect(msgs).toHaveLength(TEXTS.length);
    const shown = msgs.map((m) => m.text.replace(/[*_~`]/g, ''));
    for (const v of ['192.0.2.44', '2.44', 'jane.doe@example.com', '@example.com', '4111 1111 1111 1111', '1111 1111']) {
      expect(shown.filter((t) => t.includes(v))).toEqual([]);
    }
    expect(msgs.map((m) => (JSON.parse(m.entities ?? '[]') as { entityType: string }[]).map((e) => e.entityType))).toEqual([['IP_ADDRESS'], ['EMAIL_ADDRESS'], ['CREDIT_CARD']]);
  });
});
