/**
 * Red team: `clientMsgId` is stored and shown to every member of the channel (history, stream), but
 * it was never scanned — an e-mail, IP address or spaced phone number put there stayed raw. It is an
 * opaque idempotency key: letters, digits, `-` and `_` only; anything else is refused with 400 and
 * nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { scanDatabaseFiles } from './helpers.ts';
import { join } from 'node:path';

type Msg = { id: string; clientMsgId: string | null };

describe('clientMsgId carries no personal data', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let ch: { id: string };

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
    ch = await makeChannel(srv, ada, { members: [bob] });
  });
  afterAll(async () => srv.close());

  it.each(['jane.doe@example.com', '192.0.2.44', '555 0142', 'jane doe'])('refuses %j with 400 and stores nothing', async (id) => {
    const r = await call<{ error: { code: string; message: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'hello team', clientMsgId: id });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(JSON.stringify(r.body)).not.toContain(id);
    const seen = await call<{ messages: Msg[] }>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(seen.body.messages.map((m) => m.clientMsgId)).not.toContain(id);
  });

  it('the database file holds none of the refused values', async () => {
    expect(scanDatabaseFiles(join(srv.dir, 'data', 'enclave.sqlite'), ['jane.doe@example.com', '192.0.2.44'])).toEqual([]);
  });

  it('accepts opaque keys (UUIDs, slugs)', async () => {
    for (const id of ['0f8c2f1e-5b7a-4c1d-9e2f-3a4b5c6d7e8f', 'scenario_12-a']) {
      const r = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: 'hello team', clientMsgId: id });
      expect(r.status).toBe(201);
      expect(r.body.message.clientMsgId).toBe(id);
    }
  });
});
