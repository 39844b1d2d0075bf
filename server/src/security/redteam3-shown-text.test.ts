/**
 * Red team 3: profile fields (display name, title, team, status) and channel names, topics and
 * descriptions were checked with the plain analyzer on the typed text. Zero-width characters,
 * Markdown marks and percent-escapes were already caught, but a backslash-escaped value
 * (`192\\.0\\.2\\.44`, which Markdown shows as `192.0.2.44` and anyone reads as the address) passed
 * and was published to the whole workspace. The guards now analyze as shown (`analyzeAsShown`),
 * like the message guard. The other obfuscations stay here as regression cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

const HIDDEN: Array<[string, string]> = [
  ['a zero-width space inside an IP address', 'ping 192.0.2.\u200B44 later'],
  ['a zero-width joiner inside an e-mail address', 'mail jane.doe\u200D@example.com'],
  ['Markdown marks inside an e-mail address', 'mail **jane.doe**@example.com'],
  ['a percent-escaped @ of an e-mail address', 'mail jane.doe%40example.com'],
  ['a backslash-escaped IP address', 'ping 192\\.0\\.2\\.44 later'],
];

describe('personal data hidden from the guard of profile and channel text', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    srv = await startServer();
    ada = await makeUser(srv, { name: 'Ada Shown' });
    bob = await makeUser(srv, { name: 'Bob Shown' });
  });
  afterAll(async () => srv.close());

  it.each(HIDDEN)('status text with %s is refused and never shown to a colleague', async (_what, text) => {
    const r = await call<{ error?: { code: string } }>(srv, ada.token, 'PATCH', '/api/v1/me/profile', { statusText: text });
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
    const seen = await call<{ statusText: string }>(srv, bob.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    expect(seen.body.statusText).toBe('');
  });

  it.each(HIDDEN)('a title with %s is refused', async (_what, text) => {
    const r = await call<{ error?: { code: string } }>(srv, ada.token, 'PATCH', '/api/v1/me/profile', { title: text });
    expect(r.status).toBe(422);
  });

  it.each(HIDDEN)('a channel topic with %s is refused', async (_what, text) => {
    const ch = await makeChannel(srv, ada, { visibility: 'public' });
    const r = await call<{ error?: { code: string } }>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: text });
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
  });

  it.each(HIDDEN)('a channel description with %s is refused', async (_what, text) => {
    const ch = await makeChannel(srv, ada, { visibility: 'public' });
    const r = await call<{ error?: { code: string } }>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { description: text });
    expect(r.status).toBe(422);
  });

  it('plain text with Markdown and a percent sign still passes', async () => {
    const r = await call(srv, ada.token, 'PATCH', '/api/v1/me/profile', { statusText: 'on **call** for 100% of the week' });
    expect(r.status).toBe(200);
    const ch = await makeChannel(srv, ada, { visibility: 'public' });
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: 'the *weekly* queue', description: 'see `runbook` 50%' })).status).toBe(200);
  });
});
