/**
 * Red team: a hard identifier split across consecutive messages ("card 4111 1111" then "1111 1111",
 * "mail zed" then "@example.com") went raw into a public channel, each half harmless alone.
 * The part that completes the value is refused like the whole value; unrelated follow-ups and other
 * authors' messages are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, type TestServer, type TestUser } from '../test/factories.ts';
import { startServer } from '../test/factories.ts';

type Answer = { message?: { text: string }; error?: { code: string; findings: { entityType: string; start: number; end: number }[] } };

describe('values split across messages in a broad channel', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
  });
  afterAll(async () => srv.close());

  const send = (u: TestUser, ch: string, text: string) => call<Answer>(srv, u.token, 'POST', `/api/v1/channels/${ch}/messages`, { text });

  it.each([
    [['card 4111 1111', '1111 1111'], 'CREDIT_CARD'],
    [['card 4111', '1111', '1111 1111'], 'CREDIT_CARD'],
    [['mail zed', '.split@example.com'], 'EMAIL_ADDRESS'],
    [['from 192.0.2', '.44'], 'IP_ADDRESS'],
  ] as const)('%j: the completing part is refused (%s)', async (parts, type) => {
    const pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    for (const p of parts.slice(0, -1)) expect((await send(ada, pub.id, p)).status).toBe(201);
    const last = await send(ada, pub.id, parts[parts.length - 1] as string);
    expect(last.status).toBe(422);
    expect(last.body.error?.code).toBe('personal_data_blocked');
    expect(last.body.error?.findings.map((f) => f.entityType)).toContain(type);
    expect(JSON.stringify(last.body)).not.toContain('1111 1111');
    const seen = await call<{ messages: { text: string }[] }>(srv, bob.token, 'GET', `/api/v1/channels/${pub.id}/messages`);
    expect(seen.body.messages.map((m) => m.text)).toEqual(parts.slice(0, -1));
  });

  it('an unrelated follow-up, another author, and a private channel are not refused', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    expect((await send(ada, pub.id, 'card 4111 1111')).status).toBe(201);
    expect((await send(ada, pub.id, 'is the first half, ignore it')).status).toBe(201);
    const other = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    expect((await send(ada, other.id, 'card 4111 1111')).status).toBe(201);
    expect((await send(bob, other.id, '1111 1111')).status).toBe(201);
    expect((await send(ada, other.id, 'thanks')).status).toBe(201);
    expect((await send(ada, other.id, `@${bob.email.split('@')[0] ?? ''} please look`)).status).toBe(201);
    const priv = await makeChannel(srv, ada, { members: [bob] });
    expect((await send(ada, priv.id, 'card 4111 1111')).status).toBe(201);
    expect((await send(ada, priv.id, '1111 1111')).status).toBe(201);
  });
});
