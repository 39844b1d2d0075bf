/**
 * Issue 4: messages stored before protection (simulated: a server with the pass-through guard and
 * no record of the data migration) are tokenized at the next start — text, edit history, stream
 * payloads, the full-text index — and no planted value is left in the database files afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { buildContext, type ContextOverrides } from '../context.ts';
import { createLogger } from '../logger.ts';
import { passThroughGuard } from '../services/chat/guard.ts';
import { TOKENIZE_EXISTING } from '../services/privacy/data-migrations.ts';
import { call, makeChannel, makeUser, post, type TestServer } from '../test/factories.ts';
import { PLANTED, PLANTED_VALUES, scanDatabaseFiles } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'enclave-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(overrides: ContextOverrides = {}): Promise<TestServer> {
  const config = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const ctx = await buildContext(config, { logger: createLogger('silent'), limits: { messages: 10_000 }, ...overrides });
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { ctx, app, url: `http://127.0.0.1:${port}`, dir, close: async () => { await app.close(); await ctx.close(); } };
}

type Msg = { id: string; text: string; entities: Array<{ entityType: string; start: number; end: number; token: string }> };

describe('data migration tokenize-existing-messages (SQLite only: scans the SQLite file and WAL for the planted values)', () => {
  it('tokenizes stored messages, history, events and the search index; idempotent', async () => {
    const old = await start({ guard: passThroughGuard });
    const ada = await makeUser(old, { name: 'Ada' });
    const bob = await makeUser(old, { name: 'Bob' });
    const ch = await makeChannel(old, ada, { members: [bob] });
    const m1 = await post(old, ada, ch.id, `user ${PLANTED.email} from ${PLANTED.ip}`);
    const m2 = await post(old, ada, ch.id, `IMEI ${PLANTED.imei} seen`);
    expect((await call(old, ada.token, 'PATCH', `/api/v1/messages/${m2.id}`, { text: `card ${PLANTED.card} instead` })).status).toBe(200);
    await post(old, ada, ch.id, 'nothing personal here');
    old.ctx.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // the scan finds the raw values while they are there
    expect(scanDatabaseFiles(old.ctx.database.file).length).toBeGreaterThanOrEqual(PLANTED_VALUES.length);
    old.ctx.database.sqlite.prepare('DELETE FROM data_migrations WHERE name = ?').run(TOKENIZE_EXISTING);
    await old.close();

    const srv = await start();
    try {
      const sqlite = srv.ctx.database.sqlite;
      expect(sqlite.prepare('SELECT count(*) AS n FROM data_migrations WHERE name = ?').get(TOKENIZE_EXISTING)).toEqual({ n: 1 });
      const list = await call<{ messages: Msg[] }>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
      expect(list.body.messages.map((m) => m.text)).toEqual(['user [EMAIL_ADDRESS] from [IP_ADDRESS]', 'card [CREDIT_CARD] instead', 'nothing personal here']);
      const first = list.body.messages[0] as Msg;
      expect(first.entities.map((e) => [e.entityType, first.text.slice(e.start, e.end)])).toEqual([
        ['EMAIL_ADDRESS', '[EMAIL_ADDRESS]'],
        ['IP_ADDRESS', '[IP_ADDRESS]'],
      ]);
      const hist = await call<{ versions: Array<{ text: string; entities: unknown[] }> }>(srv, bob.token, 'GET', `/api/v1/messages/${m2.id}/history`);
      expect(hist.body.versions.map((v) => v.text)).toEqual(['IMEI [DEVICE_ID] seen', 'card [CREDIT_CARD] instead']);
      expect(hist.body.versions[0]?.entities).toHaveLength(1);
      const payloads = (sqlite.prepare('SELECT payload FROM events WHERE message_id = ?').all(m1.id) as Array<{ payload: string }>).map((r) => r.payload);
      expect(payloads.length).toBeGreaterThan(0);
      for (const p of payloads) expect(p).toContain('[EMAIL_ADDRESS]');
      const rev = await call<{ value: string }>(srv, bob.token, 'POST', '/api/v1/reveal', { token: first.entities[0]?.token, justification: 'checking the migrated value' });
      expect(rev.body.value).toBe(PLANTED.email);
      sqlite.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, 'messages_fts', 'row')");
      const terms = new Set((sqlite.prepare('SELECT term FROM temp.v').all() as Array<{ term: string }>).map((r) => r.term));
      expect(terms.has('personal')).toBe(true);
      for (const t of ['jane', 'doe', '4111', '490154203237518', '44']) expect(terms.has(t), t).toBe(false);
      expect((await call<{ results: unknown[] }>(srv, bob.token, 'GET', '/api/v1/search?q=jane')).body.results).toEqual([]);
      expect(scanDatabaseFiles(srv.ctx.database.file)).toEqual([]);
      const ev = sqlite.prepare("SELECT details FROM audit_events WHERE action = 'migration.tokenize_existing'").all() as Array<{ details: string }>;
      expect(ev).toHaveLength(1);
      expect(JSON.parse(ev[0]?.details ?? '{}')).toEqual({ messages: 2, versions: 1, entities: 4 });
    } finally {
      await srv.close();
    }

    const again = await start();
    try {
      const list = await call<{ messages: Msg[] }>(again, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
      expect(list.body.messages.map((m) => m.text)).toEqual(['user [EMAIL_ADDRESS] from [IP_ADDRESS]', 'card [CREDIT_CARD] instead', 'nothing personal here']);
      expect(again.ctx.database.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'migration.tokenize_existing'").get()).toEqual({ n: 1 });
    } finally {
      await again.close();
    }
  });
});

describe('data migration started by several nodes at once (SQLite only: reads the record through the better-sqlite3 handle)', () => {
  it('is recorded once, with no error, when a second start ran it after checking before the first recorded it', async () => {
    const { migrateToLatest, openSqlite } = await import('../db/database.ts');
    const { tokenizeExistingMessages } = await import('../services/privacy/data-migrations.ts');
    const { createVaultFromConfig } = await import('../services/vault/index.ts');
    const { analyze } = await import('@enclave/pii');
    const data = join(dir, 'concurrent');
    const open = openSqlite(data);
    try {
      await migrateToLatest(open.db);
      const config = loadConfig({ ENCLAVE_DATA_DIR: data, ENCLAVE_MASTER_KEY_FILE: join(dir, 'concurrent.key') });
      const deps = { vault: createVaultFromConfig(config).vault, analyze: (t: string) => analyze(t) };
      // two nodes starting together both find it "not yet applied" (runDataMigrations' check), then
      // both run it: the second finishes after the first recorded it
      await tokenizeExistingMessages(open, deps);
      await expect(tokenizeExistingMessages(open, deps)).resolves.toBeDefined();
      expect(open.sqlite.prepare('SELECT count(*) AS n FROM data_migrations WHERE name = ?').get(TOKENIZE_EXISTING)).toEqual({ n: 1 });
    } finally {
      await open.close();
    }
  });
});
