/**
 * Red team 3: an account's name is shown with every message its holder writes, in @mentions, the
 * people directory, notifications and notification e-mails — yet an admin could create or rename an
 * account with an e-mail address or an IP address in its name, unchecked (only display names, titles
 * and statuses were guarded). `POST /users` and `PATCH /users/:id` now refuse personal data in the
 * name like a display name (a person's name stays allowed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

describe('personal data in an account name', () => {
  let srv: TestServer;
  let admin: TestUser;
  let ada: TestUser;

  beforeAll(async () => {
    srv = await startServer();
    admin = await makeUser(srv, { role: 'admin' });
    ada = await makeUser(srv, { name: 'Ada Named' });
  });
  afterAll(async () => srv.close());

  it.each([
    ['an e-mail address', 'Agent jane.doe@example.com'],
    ['an IP address', 'Agent 192.0.2.44'],
    ['a backslash-escaped IP address', 'Agent 192\\.0\\.2\\.44'],
  ])('creating an account named with %s is refused and nothing is created', async (_what, name) => {
    const r = await call<{ error?: { code: string; message: string } }>(srv, admin.token, 'POST', '/api/v1/users', { email: 'new.agent@example.com', name, role: 'agent' });
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
    expect(await srv.ctx.db.selectFrom('users').select('id').where('email', '=', 'new.agent@example.com').execute()).toEqual([]);
  });

  it('renaming an account to a name with an e-mail address is refused; the name stays', async () => {
    const r = await call<{ error?: { code: string } }>(srv, admin.token, 'PATCH', `/api/v1/users/${ada.id}`, { name: 'Ada jane.doe@example.com' });
    expect(r.status).toBe(422);
    const row = await srv.ctx.db.selectFrom('users').select('name').where('id', '=', ada.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Ada Named');
  });

  it("a person's name is still a valid account name", async () => {
    const r = await call(srv, admin.token, 'POST', '/api/v1/users', { email: 'grace.hopper@example.com', name: 'Grace Hopper', role: 'agent' });
    expect(r.status).toBe(201);
    expect((await call(srv, admin.token, 'PATCH', `/api/v1/users/${ada.id}`, { name: 'Ada Lovelace' })).status).toBe(200);
  });
});
