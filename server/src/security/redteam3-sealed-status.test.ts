/**
 * Red team 3: a sealed imported value (history imported where its channel would block it) answers
 * every reveal with 403 `sealed_import`, but `GET /vault/tokens/:token` — what the chip asks before
 * offering a reveal — ignored the seal and told the member `revealable: true`, so the client offered a
 * reveal the server then refused (and audited as a denied attempt against the member). The status now
 * counts only unsealed carriers as revealable, in step with `revealToken`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { smallExport, writeExportFolder } from '../test/slack-export-fixture.ts';
import { setPolicy } from '../services/privacy/index.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from '../services/import/import-setup.ts';
import { importExport } from '../services/import/slack-import.ts';
import { openExport } from '../services/import/slack-source.ts';

let srv: TestServer;
let dir: string;
let alice: TestUser;
beforeEach(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'enclave-rt3-sealed-'));
  alice = await makeUser(srv, { email: 'alice@example.com', name: 'Alice Example' });
});
afterEach(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importedIpToken(): Promise<string> {
  writeExportFolder(dir, smallExport());
  const createdBy = (await srv.ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
  const src = await openExport(dir);
  try {
    await importExport({ db: srv.ctx.db, privacy: srv.ctx.privacy }, src, { actor: 'cli', createdBy });
  } finally {
    await src.close();
  }
  const ch = await srv.ctx.db.selectFrom('channels').select('id').where('name', '=', 'case-ops').executeTakeFirstOrThrow();
  const res = await call<{ messages: Array<{ text: string; entities: Array<{ entityType: string; token: string }> }> }>(srv, alice.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
  const ip = res.body.messages.find((m) => m.text.startsWith('login from'))?.entities.find((e) => e.entityType === 'IP_ADDRESS');
  expect(ip).toBeDefined();
  return ip?.token as string;
}

const status = (token: string) => call<{ revealable?: boolean; status?: string }>(srv, alice.token, 'GET', `/api/v1/vault/tokens/${token}`);

describe('token status of a sealed imported value', { timeout: 90_000 }, () => {
  it('is not revealable (the reveal itself is refused as sealed_import)', async () => {
    await setPolicy(srv.ctx.db, 'test', 'team', 'IP_ADDRESS', 'block');
    const token = await importedIpToken();
    const s = await status(token);
    expect(s.status).toBe(200);
    expect(s.body.revealable).toBe(false);
    const r = await call(srv, alice.token, 'POST', '/api/v1/reveal', { token, justification: 'checking the reporter login for the case' });
    expect(r.status).toBe(403);
  });

  it('an unsealed import of the same value stays revealable', async () => {
    const token = await importedIpToken();
    expect((await status(token)).body.revealable).toBe(true);
  });
});
