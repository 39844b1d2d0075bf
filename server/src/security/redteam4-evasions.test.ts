/**
 * Red team 4, over real HTTP: values written so that the analyzer missed them reached colleagues
 * raw — in a team channel (stored and delivered as typed) or even a public one (not blocked): a
 * card number over several lines, a value typed reversed after a right-to-left override, an
 * e-mail address split at its @ by a line break or with an accented domain, a phone number in
 * Arabic-Indic digits, a name repeated in lower case in the same message. And a post of ~13,000
 * percent-encoded spaces made the analyzer overflow its stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Answer = { message?: { text: string; entities: { entityType: string }[] }; error?: { code: string } };

describe('detector evasions against the guard', () => {
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

  it.each([
    ['a card number over lines', 'card 4111\n1111\n1111\n1111', 'CREDIT_CARD'],
    ['an IP address typed reversed after U+202E', 'from \u202e44.2.0.291\u202c today', 'IP_ADDRESS'],
    ['an e-mail address broken after its @', 'mail jane.doe@\nexample.com', 'EMAIL_ADDRESS'],
    ['an e-mail address with an accented domain', 'mail jane.doe@exa\u0301mple.com', 'EMAIL_ADDRESS'],
    ['a phone number in Arabic-Indic digits', 'phone +1 ٢٠٢ ٥٥٥ ٠١٤٢', 'PHONE_NUMBER'],
    ['a phone number over a line break', 'phone +1 202\n555 0142', 'PHONE_NUMBER'],
    ['a phone number with O for 0', 'phone +1 202 555 O142', 'PHONE_NUMBER'],
    ['an IBAN over lines', 'iban GB82\nWEST 1234\n5698 7654 32', 'IBAN_CODE'],
    ['an e-mail address with a real @ and a spelled dot', 'mail jane@example dot com', 'EMAIL_ADDRESS'],
  ])('%s is blocked in a public channel and tokenized in a team channel', async (_what, text, type) => {
    const pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    const team = await makeChannel(srv, ada, { members: [bob] });
    const blocked = await send(pub.id, text);
    expect(blocked.status).toBe(422);
    expect(blocked.body.error?.code).toBe('personal_data_blocked');
    const kept = await send(team.id, text);
    expect(kept.status).toBe(201);
    expect(kept.body.message?.entities.map((e) => e.entityType)).toContain(type);
    const seen = await call<{ messages: { text: string }[] }>(srv, bob.token, 'GET', `/api/v1/channels/${team.id}/messages`);
    expect(seen.body.messages.map((m) => m.text)).toEqual([kept.body.message?.text]);
    // nothing of the value is left for colleagues to read
    expect(seen.body.messages[0]?.text).not.toMatch(/[\d٠-٩]|example|WEST|O142/u);
  });

  it('a name repeated in lower case in the same message is tokenized too', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const r = await send(team.id, 'Jane Doe reported it. later jane doe said so');
    expect(r.status).toBe(201);
    expect(r.body.message?.text).not.toMatch(/jane|doe/i);
  });

  it('a 40,000-character post of percent-encoded spaces is answered, not a server error', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const r = await send(team.id, `${'%20'.repeat(13_000)}5`);
    expect(r.status).toBe(201);
  });
});
