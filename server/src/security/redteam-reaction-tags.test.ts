/**
 * Red team: a reaction's emoji allowed Unicode tag characters (U+E0020–U+E007E), the invisible
 * twins of printable ASCII. `🏴` followed by the tags of "192.0.2.44" passed as "one emoji", was
 * stored and sent to every member: a raw IP address carried past the guard in a reaction. Only the
 * three recognised subdivision flags (England, Scotland, Wales) may use tags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

const tags = (ascii: string): string => [...ascii].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
const FLAG = '\u{1F3F4}';
const CANCEL = '\u{E007F}';

describe('reaction emoji carrying text in tag characters', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000, reactions: 5_000 } });
    ada = await makeUser(srv, { name: 'Ada' });
    bob = await makeUser(srv, { name: 'Bob' });
  });
  afterAll(async () => srv.close());

  const react = (id: string, emoji: string) => call<{ error?: { code: string } }>(srv, ada.token, 'POST', `/api/v1/messages/${id}/reactions`, { emoji });

  it.each([
    ['an IP address', `${FLAG}${tags('192.0.2.44')}${CANCEL}`],
    ['an IP address without the cancel tag', `${FLAG}${tags('192.0.2.44')}`],
    ['an e-mail address', `${FLAG}${tags('j@example.com')}`],
    ['a made-up subdivision', `${FLAG}${tags('usjane')}${CANCEL}`],
    ['tags after another pictograph', `\u{1F600}${tags('55501')}`],
  ])('%s in tags is refused and never reaches a member', async (_what, emoji) => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'ship it?');
    const r = await react(m.id, emoji);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('invalid_emoji');
    const seen = await call<{ messages: { reactions?: unknown[] }[] }>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(seen.body.messages[0]?.reactions ?? []).toEqual([]);
  });

  it.each([
    ['England', `${FLAG}${tags('gbeng')}${CANCEL}`],
    ['Scotland', `${FLAG}${tags('gbsct')}${CANCEL}`],
    ['Wales', `${FLAG}${tags('gbwls')}${CANCEL}`],
    ['a plain black flag', FLAG],
  ])('the %s flag is still a reaction', async (_what, emoji) => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'ship it?');
    expect((await react(m.id, emoji)).status).toBe(204);
  });
});

/** Regional indicator letters: `ri('JANEDOE')` is seven boxed letters, not a flag. */
const ri = (letters: string): string => [...letters].map((c) => String.fromCodePoint(0x1f1e6 + c.charCodeAt(0) - 65)).join('');

describe('reaction emoji spelling words in regional indicator letters', () => {
  let srv: TestServer;
  let ada: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000, reactions: 5_000 } });
    ada = await makeUser(srv, { name: 'Ada' });
  });
  afterAll(async () => srv.close());

  const react = (id: string, emoji: string) => call<{ error?: { code: string } }>(srv, ada.token, 'POST', `/api/v1/messages/${id}/reactions`, { emoji });

  it.each([
    ['a name', ri('JANEDOE')],
    ['a name in flag-sized pairs', ri('JANE')],
    ['a letter that is no flag', ri('Q')],
    ['a pair that is no region', ri('JA')],
  ])('%s is refused', async (_what, emoji) => {
    const ch = await makeChannel(srv, ada);
    const m = await post(srv, ada, ch.id, 'ship it?');
    const r = await react(m.id, emoji);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('invalid_emoji');
  });

  it.each([
    ['France', ri('FR')],
    ['the United Kingdom', ri('GB')],
    ['the European Union', ri('EU')],
  ])('the flag of %s is still a reaction', async (_what, emoji) => {
    const ch = await makeChannel(srv, ada);
    const m = await post(srv, ada, ch.id, 'ship it?');
    expect((await react(m.id, emoji)).status).toBe(204);
  });
});
