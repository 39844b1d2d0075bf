/**
 * Issue 7 override path: a value split across two messages into a public channel. Each half alone
 * passes the analyzer; the second message is refused because, joined to the end of the author's
 * previous message, it completes a blocked value. Other authors' messages and team channels are
 * not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

describe('values split across messages', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Splitter' });
    bob = await makeUser(srv, { name: 'Bob Other' });
  });
  afterAll(async () => srv.close());

  const send = (u: TestUser, channelId: string, text: string) => call<{ error?: { code: string; findings: Array<{ entityType: string }> } }>(srv, u.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text });

  it('the second half of a card number is refused in a public channel', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    expect((await send(ada, pub.id, 'card 4111 1111')).status).toBe(201);
    const second = await send(ada, pub.id, ' 1111 1111 thanks');
    expect(second.status).toBe(422);
    expect(second.body.error?.code).toBe('personal_data_blocked');
    expect(second.body.error?.findings.map((f) => f.entityType)).toEqual(['CREDIT_CARD']);
    // another author's message does not join with Ada's
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${pub.id}/members`, { userId: bob.id })).status).toBeLessThan(500);
    expect((await send(bob, pub.id, ' 1111 1111 thanks')).status).toBe(201);
  });

  it('an edit completing the value is refused too; a team channel tokenizes as usual', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    await post(srv, ada, pub.id, 'card 4111 1111');
    const m = await post(srv, ada, pub.id, 'one moment');
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: ' 1111 1111' })).status).toBe(422);
    const team = await makeChannel(srv, ada);
    await post(srv, ada, team.id, 'card 4111 1111');
    expect((await send(ada, team.id, ' 1111 1111 thanks')).status).toBe(201);
  });
});
