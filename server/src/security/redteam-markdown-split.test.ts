/**
 * Red team: Markdown marks and backslash escapes vanish on screen, so `192.0.2.**44**`,
 * `jane.doe@**example.com**` or `192\.0\.2\.44` showed the whole value to every reader while the
 * analyzer, reading the typed text, found nothing. They are refused in a broad channel and
 * tokenized in a team channel like the plain value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Answer = { message?: { text: string; entities: { entityType: string }[] }; error?: { code: string; findings: { entityType: string }[] } };

const VARIANTS = [
  ['from 192.0.2.**44** today', 'IP_ADDRESS'],
  ['from 192.0.`2.44` today', 'IP_ADDRESS'],
  ['from 192\\.0\\.2\\.44 today', 'IP_ADDRESS'],
  ['from 192.0.2*.44* today', 'IP_ADDRESS'],
  ['mail jane.doe@**example.com** today', 'EMAIL_ADDRESS'],
  ['mail jane.doe@_example.com_ today', 'EMAIL_ADDRESS'],
  ['mail jane.doe@exa*mple.com* today', 'EMAIL_ADDRESS'],
  ['card 4111 1111 1111 `1111`', 'CREDIT_CARD'],
  ['card 4111 **1111** 1111 1111', 'CREDIT_CARD'],
  // link targets open decoded: a mail client shows jane.doe@example.com
  ['write [here](mailto:jane.doe%40example.com)', 'EMAIL_ADDRESS'],
  ['see [this](https://example.com/?ip=192%2E0%2E2%2E44)', 'IP_ADDRESS'],
  // invisible tag characters (U+E0000–E007F) inside the value
  ['from 192.0\u{E0041}.2.44 today', 'IP_ADDRESS'],
  ['mail jane\u{E0078}.doe@example.com today', 'EMAIL_ADDRESS'],
] as const;

/** What a reader sees: the text without Markdown marks, escapes and invisible characters, link targets percent-decoded. */
const shown = (t: string): string =>
  t
    .replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/[*_~`]|\p{Default_Ignorable_Code_Point}/gu, '');

describe('values hidden from the analyzer by Markdown marks', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
  });
  afterAll(async () => srv.close());

  const send = (ch: string, text: string) => call<Answer>(srv, ada.token, 'POST', `/api/v1/channels/${ch}/messages`, { text });

  it.each(VARIANTS)('%j is refused in a broad channel (%s)', async (text, type) => {
    const pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    const r = await send(pub.id, text);
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
    expect(r.body.error?.findings.map((f) => f.entityType)).toContain(type);
    const seen = await call<{ messages: unknown[] }>(srv, bob.token, 'GET', `/api/v1/channels/${pub.id}/messages`);
    expect(seen.body.messages).toEqual([]);
  });

  it.each(VARIANTS)('%j is tokenized in a team channel (%s)', async (text, type) => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const r = await send(team.id, text);
    expect(r.status).toBe(201);
    expect(r.body.message?.entities.map((e) => e.entityType)).toContain(type);
    const stored = shown(r.body.message?.text ?? '');
    for (const v of ['192.0.2.44', 'jane.doe@example.com', '4111 1111 1111 1111', '2.44', '@example.com', '1111 1111']) expect(stored).not.toContain(v);
  });

  it('ordinary formatting without personal data is stored as typed', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const text = 'the **queue** is _long_ today, see `runbook` step 2';
    const r = await send(team.id, text);
    expect(r.status).toBe(201);
    expect(r.body.message?.text).toBe(text);
  });
});
