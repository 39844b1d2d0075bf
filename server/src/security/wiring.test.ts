/**
 * Issue 4 wiring: the master-key file mode check at start, the composer preview's limits, known
 * subjects in the guard path, and a private channel turning broad above the member threshold.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownSubjectIndex } from '@enclave/pii';
import { loadConfig } from '../config/index.ts';
import { buildContext } from '../context.ts';
import { createLogger } from '../logger.ts';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Msg = { id: string; text: string; entities: Array<{ entityType: string; start: number; end: number; token: string }> };

describe('master key at start', () => {
  it('a key file readable by others refuses to start, naming the file and the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-key-'));
    try {
      const keyFile = join(dir, 'master.key');
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      chmodSync(keyFile, 0o644);
      const config = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_MASTER_KEY_FILE: keyFile, LOG_LEVEL: 'silent' });
      await expect(buildContext(config, { logger: createLogger('silent') })).rejects.toThrow(/master key file .*master\.key has mode 0644.*chmod 600/);
      chmodSync(keyFile, 0o600);
      const ctx = await buildContext(config, { logger: createLogger('silent') });
      expect(ctx.privacy.keySource).toBe('file');
      await ctx.close();
      chmodSync(keyFile, 0o640);
      const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');
      const run = spawnSync(process.execPath, [bin, 'serve'], {
        // SQLite like the checks above, also under `npm run test:pg` (never the run's shared database)
        env: { ...process.env, DATABASE_URL: '', ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_MASTER_KEY_FILE: keyFile, PORT: '0', ENCLAVE_WEB_DIR: join(dir, 'no-web') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^enclave serve: master key file .* has mode 0640: refusing to start/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('preview, known subjects, broad threshold', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  const known = new KnownSubjectIndex('enclave-test-known-subject-key-0001');
  known.registerKnownValues('subj1', ['Quinn Example-Subject', 'quinn.subject@example.com']);

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 }, privacy: { knownSubjects: known, settings: { analyzeMax: 4, broadThreshold: 3 } } });
    ada = await makeUser(srv, { name: 'Ada' });
    bob = await makeUser(srv, { name: 'Bob' });
    eve = await makeUser(srv, { name: 'Eve' });
  });
  afterAll(async () => srv.close());

  it('preview: members only, 40,000 characters at most, rate-limited per user', async () => {
    const ch = await makeChannel(srv, ada);
    expect((await call(srv, eve.token, 'POST', '/api/v1/analyze', { channelId: ch.id, text: 'x' })).status).toBe(404);
    expect((await call(srv, ada.token, 'POST', '/api/v1/analyze', { channelId: ch.id, text: 'y'.repeat(40_001) })).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(srv, ada.token, 'POST', '/api/v1/analyze', { channelId: ch.id, text: 'ip 192.0.2.7' })).status);
    // eve's 404 counted for eve; ada's 400 was refused by the schema before the limiter
    expect(statuses).toEqual([200, 200, 200, 200]);
    const over = await call<{ error: { code: string; retryAfterSeconds: number } }>(srv, ada.token, 'POST', '/api/v1/analyze', { channelId: ch.id, text: 'x' });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(over.body.error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('known-subject values are tokenized under the subject scope, never revealable by members, never markable', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const text = 'reporter is Quinn Example-Subject, see queue';
    const m = (await post(srv, ada, ch.id, text)) as unknown as Msg;
    expect(m.entities.map((e) => e.entityType)).toEqual(['KNOWN_SUBJECT']);
    expect(m.text).toBe('reporter is [KNOWN_SUBJECT], see queue');
    const token = m.entities[0]?.token as string;
    const scope = (await srv.ctx.database.raw.get('SELECT scope FROM vault_values WHERE token = ?', [token])) as { scope: string };
    expect(scope.scope).toBe('subject:subj1');
    const r = await call<{ error: { code: string } }>(srv, bob.token, 'POST', '/api/v1/reveal', { token, justification: 'need the reporter name now' });
    expect(r.status).toBe(403);
    expect((await call(srv, bob.token, 'GET', `/api/v1/vault/tokens/${token}`)).body).toMatchObject({ entityType: 'KNOWN_SUBJECT', revealable: false });
    const mark = await call<{ error: { code: string } }>(srv, ada.token, 'POST', '/api/v1/privacy/marks', { channelId: ch.id, text, start: 12, end: 33 });
    expect(mark.status).toBe(422);
    expect(mark.body.error.code).toBe('mark_not_allowed');
    const denied = (await srv.ctx.database.raw.all("SELECT outcome, details FROM audit_events WHERE action = 'mark.not_personal_data'")) as Array<{ outcome: string; details: string }>;
    expect(denied).toEqual([{ outcome: 'denied', details: JSON.stringify({ entityType: 'KNOWN_SUBJECT', reason: 'known_subject' }) }]);
    // in a broad channel a known subject's value is tokenized, not blocked (PRODUCT.md)
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const b = (await post(srv, ada, pub.id, 'mail from quinn.subject@example.com again')) as unknown as Msg;
    expect(b.entities.map((e) => e.entityType)).toEqual(['KNOWN_SUBJECT']);
  });

  it('a private channel with more members than the threshold is broad: class shown, personal data blocked', async () => {
    const carl = await makeUser(srv, { name: 'Carl' });
    const ch = await makeChannel(srv, ada, { members: [bob, eve] });
    expect((await call(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}`)).body).toMatchObject({ class: 'team', memberCount: 3 });
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'from 192.0.2.9 today' })).status).toBe(201);
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: carl.id })).status).toBe(204);
    expect((await call(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}`)).body).toMatchObject({ class: 'broad', memberCount: 4 });
    const r = await call<{ error: { code: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'from 192.0.2.9 today' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('personal_data_blocked');
  });
});
