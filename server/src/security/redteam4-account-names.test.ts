/**
 * Red team 4 (leftovers of round 3): a local phone number in a person's name ("Ada 555-0142") has
 * no cue for the analyzer, so a display name or account name with one passed the profile check and
 * was shown to the whole workspace; and `bin/enclave users add --name` did not check the name at
 * all. Names with seven or more digits are refused as PHONE_NUMBER; the CLI runs the same check as
 * `POST /users` (exit 2, nothing created, the value not echoed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Answer = { error?: { code: string; findings?: { entityType: string }[] } };

describe('a phone number inside a name', () => {
  let srv: TestServer;
  let admin: TestUser;
  let ada: TestUser;
  beforeAll(async () => {
    srv = await startServer();
    admin = await makeUser(srv, { role: 'admin' });
    ada = await makeUser(srv, { name: 'Ada Named' });
  });
  afterAll(async () => srv.close());

  it.each(['Ada 555-0142', 'Ada 555 0142', 'Ada ５５５０１４２'])('display name %j is refused and not stored', async (displayName) => {
    const r = await call<Answer>(srv, ada.token, 'PATCH', '/api/v1/me/profile', { displayName });
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
    expect(r.body.error?.findings?.map((f) => f.entityType)).toEqual(['PHONE_NUMBER']);
    const p = await call<{ displayName: string }>(srv, ada.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    expect(p.body.displayName).toBe('');
  });

  it('an account name with a phone number is refused; names with a few digits stay allowed', async () => {
    const r = await call<Answer>(srv, admin.token, 'POST', '/api/v1/users', { email: 'phone.name@example.com', name: 'Ada 555-0142', role: 'agent' });
    expect(r.status).toBe(422);
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/users/${ada.id}`, { name: 'Ada Lovelace II' })).status).toBe(200);
    expect((await call(srv, ada.token, 'PATCH', '/api/v1/me/profile', { displayName: 'Ada (team 42)' })).status).toBe(200);
  });

  it('names that are or look like places stay allowed; a place tied to a person is refused', async () => {
    for (const name of ['Eval PO', 'Georgia Smith', 'Paris Example']) {
      expect((await call(srv, admin.token, 'PATCH', `/api/v1/users/${ada.id}`, { name })).status, name).toBe(200);
      expect((await call(srv, ada.token, 'PATCH', '/api/v1/me/profile', { displayName: name })).status, name).toBe(200);
    }
    const r = await call<Answer>(srv, ada.token, 'PATCH', '/api/v1/me/profile', { displayName: 'Ada, lives in Springfield' });
    expect(r.status).toBe(422);
    expect(r.body.error?.findings?.map((f) => f.entityType)).toContain('LOCATION');
  });
});

describe('bin/enclave users add --name', () => {
  const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');
  const dir = mkdtempSync(join(tmpdir(), 'enclave-rt4-'));
  const env = { ...process.env, ENCLAVE_DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' };
  const add = (email: string, name: string) =>
    spawnSync(process.execPath, [BIN, 'users', 'add', '--email', email, '--name', name, '--role', 'agent', '--init'], { env, encoding: 'utf8', timeout: 60_000 });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a name with an e-mail address or a phone number (exit 2, value not echoed, nothing created)', () => {
    for (const name of ['Agent jane.doe@example.com', 'Ada 555-0142']) {
      const r = add('named.agent@example.com', name);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('personal data');
      expect(r.stderr).not.toContain('jane.doe');
      expect(r.stderr).not.toContain('555');
    }
    // nothing was created: the same e-mail with a clean name is accepted (an existing one would exit 2)
    const ok = add('named.agent@example.com', 'Ada Agent');
    expect(ok.status).toBe(0);
    // a name that looks like a place (a two-letter region code) is a name
    expect(add('eval-po@example.com', 'Eval PO').status).toBe(0);
  });
});
