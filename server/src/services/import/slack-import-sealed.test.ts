/**
 * Import gaps of issue 13: values a channel's class would block are imported sealed (no reveal,
 * denied and audited), and Slack reactions land in the chat's reactions table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { smallExport, writeExportFolder, type ExportFiles } from '../../test/slack-export-fixture.ts';
import { setPolicy } from '../privacy/index.ts';
import { SEALED_MESSAGE } from '../privacy/reveal.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from './import-setup.ts';
import { importExport } from './slack-import.ts';
import { openExport } from './slack-source.ts';

let srv: TestServer;
let dir: string;
let alice: TestUser;
beforeEach(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'enclave-slack-sealed-'));
  alice = await makeUser(srv, { email: 'alice@example.com', name: 'Alice Example' });
});
afterEach(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runImport(files: ExportFiles) {
  writeExportFolder(dir, files);
  const createdBy = (await srv.ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
  const src = await openExport(dir);
  try {
    return await importExport({ db: srv.ctx.db, privacy: srv.ctx.privacy }, src, { actor: 'cli', createdBy });
  } finally {
    await src.close();
  }
}

const channelNamed = (name: string) => srv.ctx.db.selectFrom('channels').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
type Msg = { id: string; text: string; entities: Array<{ entityType: string; token: string }>; reactions?: Array<{ emoji: string; count: number; userIds: string[] }> };
const history = async (channelId: string) => (await call<{ messages: Msg[] }>(srv, alice.token, 'GET', `/api/v1/channels/${channelId}/messages`)).body.messages;
const reveal = (token: string) => call<{ value?: string; error?: { code: string; message: string } }>(srv, alice.token, 'POST', '/api/v1/reveal', { token, justification: 'checking the reporter login for the case' });

describe('sealed import: what the new channel would block has no reveal', { timeout: 90_000 }, () => {
  it('a team channel that blocks IP addresses: imported as a chip, reveal 403 reveal_denied, audited as denied', async () => {
    await setPolicy(srv.ctx.db, 'test', 'team', 'IP_ADDRESS', 'block');
    const s = await runImport(smallExport());
    expect(s.sealedMessages).toBeGreaterThanOrEqual(2);
    const ops = await history((await channelNamed('case-ops')).id);
    const login = ops.find((m) => m.text === 'login from [IP_ADDRESS] and [EMAIL_ADDRESS]');
    const ip = login?.entities.find((e) => e.entityType === 'IP_ADDRESS');
    expect(ip).toBeDefined();
    const res = await reveal(ip?.token as string);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'reveal_denied', message: SEALED_MESSAGE });
    const ev = await srv.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'reveal').where('actor', '=', alice.id).executeTakeFirstOrThrow();
    expect(ev.outcome).toBe('denied');
    expect(JSON.parse(ev.details ?? '{}')).toEqual({ reason: 'sealed_import' });
    expect(JSON.stringify(ev)).not.toContain('192.0.2.44');
  });

  it('without the block, the same imported value is revealable by a member (team class: tokenize)', async () => {
    await runImport(smallExport());
    const ops = await history((await channelNamed('case-ops')).id);
    const ip = ops.find((m) => m.text.startsWith('login from'))?.entities.find((e) => e.entityType === 'IP_ADDRESS');
    const res = await reveal(ip?.token as string);
    expect(res.status).toBe(200);
    expect(res.body.value).toBe('192.0.2.44');
  });
});

describe('imported reactions', { timeout: 90_000 }, () => {
  it('go into the reactions table mapped to accounts, and history answers carry them', async () => {
    const files = smallExport();
    const day = files['case-ops/2024-01-01.json'] as Array<Record<string, unknown>>;
    day[2] = {
      ...day[2],
      reactions: [
        { name: '+1', users: ['U1', 'U2'], count: 2 },
        { name: 'thumbsup', users: ['U2'], count: 1 },
        { name: 'tada::skin-tone-3', users: ['U9'], count: 1 },
        { name: 'thumbsup::skin-tone-2', users: ['U1'], count: 1 },
        { name: 'partyparrot', users: ['U1'], count: 1 },
      ],
    };
    const s = await runImport(files);
    expect(s.reactionsNotMapped).toBe(1);
    const bob = await srv.ctx.db.selectFrom('users').select('id').where('email', '=', 'bob@example.com').executeTakeFirstOrThrow();
    const u9 = await srv.ctx.db.selectFrom('users').select('id').where('email', '=', 'slack-u9@import.invalid').executeTakeFirstOrThrow();
    const ops = await history((await channelNamed('case-ops')).id);
    const attached = ops.find((m) => m.text.startsWith('see attached'));
    const byEmoji = Object.fromEntries((attached?.reactions ?? []).map((r) => [r.emoji, { count: r.count, userIds: [...r.userIds].sort() }]));
    expect(byEmoji).toEqual({
      '👍': { count: 2, userIds: [alice.id, bob.id].sort() },
      '🎉': { count: 1, userIds: [u9.id] },
      '👍🏻': { count: 1, userIds: [alice.id] },
    });
    // the general channel's reply keeps its one 👀 too
    const general = await history((await channelNamed('general')).id);
    expect(general.find((m) => m.text === 'Alice Example will take it')?.reactions).toEqual([{ emoji: '👀', count: 1, userIds: [bob.id] }]);
  });
});
