import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findInTables, testPostgresUrl } from '../../test/database.ts';
import { call, makeUser, startServer, type TestServer } from '../../test/factories.ts';
import { SMALL_EXPORT_EXPECTED as X, smallExport, writeExportFolder } from '../../test/slack-export-fixture.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from './import-setup.ts';
import { importExport, type ImportOptions } from './slack-import.ts';
import { openExport } from './slack-source.ts';

let srv: TestServer;
let dir: string;
beforeEach(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'enclave-slack-imp-'));
  writeExportFolder(dir, smallExport());
});
afterEach(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runImport(extra: Partial<ImportOptions> = {}) {
  const createdBy = (await srv.ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
  const src = await openExport(dir);
  try {
    return await importExport({ db: srv.ctx.db, privacy: srv.ctx.privacy }, src, { actor: 'cli', createdBy, ...extra });
  } finally {
    await src.close();
  }
}

const channelNamed = (name: string) => srv.ctx.db.selectFrom('channels').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
const messagesOf = (channelId: string) => srv.ctx.db.selectFrom('messages').selectAll().where('channel_id', '=', channelId).orderBy('id').execute();

describe('importing a Slack export', { timeout: 90_000 }, () => {
  it('imports channels, DMs and messages with original times, threads, edits, reactions and file references', async () => {
    const s = await runImport();
    expect(s).toMatchObject({ imported: X.imported, skipped: 1, channels: 3, channelsCreated: 3, threadReplies: 1, reactions: 1, fileReferences: 1, unknownSubtypes: { fancy_new_thing: 1 } });
    expect(s.malformedDayFiles).toEqual(['general/2024-01-03.json']);
    const general = await channelNamed('general');
    expect(general.visibility).toBe('public');
    expect((await channelNamed('case-ops')).visibility).toBe('private');
    const dm = await srv.ctx.db.selectFrom('channels').selectAll().where('kind', '=', 'dm').execute();
    expect(dm).toHaveLength(1);
    const msgs = await messagesOf(general.id);
    expect(msgs.map((m) => m.created_at)).toEqual(['2024-01-01T10:00:00.000Z', '2024-01-01T10:01:00.000Z', '2024-01-01T10:02:00.000Z', '2024-01-01T10:03:00.000Z', '2024-01-02T10:00:00.000Z']);
    const [, root, reply, , edited] = msgs;
    expect(reply?.thread_root_id).toBe(root?.id);
    expect(root?.reply_count).toBe(1);
    expect(edited?.edited_at).toBe('2024-01-02T10:01:40.000Z');
    const item = await srv.ctx.db.selectFrom('import_items').selectAll().where('message_id', '=', reply?.id as string).executeTakeFirstOrThrow();
    expect(JSON.parse(item.reactions ?? '[]')).toEqual([{ name: 'eyes', userIds: [expect.any(String) as unknown] }]);
  });

  it('stores personal data only as chips: sealed in the public channel, tokenized by the guard in the private one', async () => {
    const s = await runImport();
    expect(s.tokenizedMessages).toBe(4);
    expect(s.sealedMessages).toBe(2);
    const general = await messagesOf((await channelNamed('general')).id);
    expect(general[1]?.text).toBe('Reporter wrote from [EMAIL_ADDRESS] about it');
    expect(JSON.parse(general[1]?.entities ?? '[]')).toEqual([{ entityType: 'EMAIL_ADDRESS', start: 20, end: 35, token: expect.any(String) as unknown }]);
    expect(general[0]?.text).toBe('hello @bob, can you look?');
    expect(general[2]?.text).toBe('Alice Example will take it');
    const ops = await messagesOf((await channelNamed('case-ops')).id);
    expect(ops[0]?.text).toBe('login from [IP_ADDRESS] and [EMAIL_ADDRESS]');
    expect(ops[2]?.text).toBe('see attached\n📎 notes.txt');
    const all = await srv.ctx.db.selectFrom('messages').select('text').execute();
    for (const raw of ['jane.roe@example.com', '202-555-0147', '192.0.2.44']) expect(all.some((m) => m.text.includes(raw))).toBe(false);
  });

  it('maps Slack users to existing accounts by e-mail and creates the rest deactivated', async () => {
    const alice = await makeUser(srv, { email: 'alice@example.com', name: 'Alice Example' });
    const s = await runImport();
    expect(s.usersMapped).toBe(1);
    const bob = await srv.ctx.db.selectFrom('users').selectAll().where('email', '=', 'bob@example.com').executeTakeFirstOrThrow();
    expect(bob.active).toBe(0);
    expect(await srv.ctx.db.selectFrom('users').select('active').where('email', '=', 'slack-u9@import.invalid').executeTakeFirstOrThrow()).toEqual({ active: 0 });
    const general = await channelNamed('general');
    const res = await call<{ messages: Array<{ text: string; entities: unknown[] }> }>(srv, alice.token, 'GET', `/api/v1/channels/${general.id}/messages`);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m) => m.text)).toContain('Reporter wrote from [EMAIL_ADDRESS] about it');
    const found = await call<{ messages?: Array<{ text: string }>; results?: Array<{ text: string }> }>(srv, alice.token, 'GET', '/api/v1/search?q=Reporter');
    expect(found.status).toBe(200);
    expect(JSON.stringify(found.body)).toContain('Reporter wrote from [EMAIL_ADDRESS] about it');
    const raw = await call(srv, alice.token, 'GET', '/api/v1/search?q=jane.roe');
    expect(JSON.stringify(raw.body)).not.toContain('Reporter');
  });

  it('is resumable: an interrupted run is completed by the next one, nothing twice', async () => {
    let days = 0;
    await expect(
      runImport({
        transactionMessages: 1,
        onProgress: () => {
          if (++days === 2) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const partial = await srv.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(partial.n)).toBeGreaterThan(0);
    expect(Number(partial.n)).toBeLessThan(X.imported);
    const second = await runImport();
    expect(second.alreadyImported).toBeGreaterThan(0);
    const third = await runImport();
    expect(third.imported).toBe(0);
    const total = await srv.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(X.imported);
    expect(await srv.ctx.db.selectFrom('channels').select('id').where('name', '=', 'general').execute()).toHaveLength(1);
  });

  it(testPostgresUrl() ? 'audits the import with counts and leaves no raw value in any table (PostgreSQL: every column scanned)' : 'audits the import with counts and leaves no raw value in the database file', async () => {
    await runImport();
    const ev = await srv.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'import.slack').executeTakeFirstOrThrow();
    expect(JSON.parse(ev.details ?? '{}')).toMatchObject({ imported: X.imported });
    await srv.ctx.privacy.privacyGuard.settled();
    const planted = ['jane.roe@example.com', '202-555-0147', '192.0.2.44'];
    if (srv.ctx.database.dialect === 'postgres') {
      for (const raw of planted) expect(await findInTables(srv.ctx.database, raw)).toEqual([]);
      return;
    }
    srv.ctx.database.checkpoint();
    const file = readFileSync(srv.ctx.database.file).toString('latin1');
    for (const raw of planted) expect(file.includes(raw)).toBe(false);
  });

  it('leaves the message keys to the database: posts after an import get fresh keys and are found by search', async () => {
    const alice = await makeUser(srv, { email: 'alice@example.com', name: 'Alice Example' });
    await runImport();
    const general = await channelNamed('general');
    const maxImported = await srv.ctx.db.selectFrom('messages').select((eb) => eb.fn.max('pk').as('pk')).executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i++) {
      const res = await call<{ message: { id: string } }>(srv, alice.token, 'POST', `/api/v1/channels/${general.id}/messages`, { text: `after the import zebra${i}` });
      expect(res.status).toBe(201);
    }
    const after = await srv.ctx.db.selectFrom('messages').select('pk').where('text', 'like', 'after the import%').execute();
    expect(after).toHaveLength(3);
    for (const m of after) expect(Number(m.pk)).toBeGreaterThan(Number(maxImported.pk));
    const found = await call(srv, alice.token, 'GET', '/api/v1/search?q=Reporter');
    expect(JSON.stringify(found.body)).toContain('Reporter wrote from [EMAIL_ADDRESS] about it');
  });
});
