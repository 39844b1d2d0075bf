/**
 * Red team 6 (issue 10): "a repeated `clientMsgId` returns the original" (PRODUCT.md). Since the
 * post detects a repeat by its insert, which comes after the text checks and the guard, a repeat
 * the checks would refuse answered that refusal instead of the original: a client retrying a post
 * whose answer it lost (same clientMsgId) was told 422 `personal_data_blocked` or 400 although
 * its message was stored — e.g. once its thread's root was deleted meanwhile. The original
 * answered first (commit 1b6ef16); it must again, changing and revealing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Msg = { id: string; text: string; entities: unknown[]; threadRootId: string | null; clientMsgId: string | null };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 } });
  ada = await makeUser(srv);
  bob = await makeUser(srv);
});
afterAll(() => srv?.close());

async function postAs(user: TestUser, channelId: string, body: Record<string, unknown>) {
  return call<{ message: Msg; error?: { code: string } }>(srv, user.token, 'POST', `/api/v1/channels/${channelId}/messages`, body);
}

async function channelTexts(channelId: string): Promise<string[]> {
  const list = await call<{ messages: Msg[] }>(srv, bob.token, 'GET', `/api/v1/channels/${channelId}/messages`);
  return list.body.messages.map((m) => m.text);
}

describe('a repeated clientMsgId that the checks would refuse', () => {
  it('with text the channel blocks answers the original (201), not 422, and stores nothing', async () => {
    const ch = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    const first = await postAs(ada, ch.id, { text: 'see you at the standup', clientMsgId: 'rt6-blocked' });
    expect(first.status).toBe(201);
    const again = await postAs(ada, ch.id, { text: 'mail jane.doe@example.com instead', clientMsgId: 'rt6-blocked' });
    expect(again.status).toBe(201);
    expect(again.body.message).toEqual(first.body.message);
    expect(await channelTexts(ch.id)).toEqual(['see you at the standup']);
  });

  it('with blank text answers the original (201), not 400 empty_message', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const first = await postAs(ada, ch.id, { text: 'first words', clientMsgId: 'rt6-blank' });
    expect(first.status).toBe(201);
    const again = await postAs(ada, ch.id, { text: '   ', clientMsgId: 'rt6-blank' });
    expect(again.status).toBe(201);
    expect(again.body.message).toEqual(first.body.message);
  });

  it('as a reply whose root was deleted since answers the original reply (201), not 400 invalid_thread_root', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const root = await post(srv, bob, ch.id, 'a thread to answer');
    const first = await postAs(ada, ch.id, { text: 'my answer', threadRootId: root.id, clientMsgId: 'rt6-reply' });
    expect(first.status).toBe(201);
    const del = await call(srv, bob.token, 'DELETE', `/api/v1/messages/${root.id}`);
    expect(del.status).toBeLessThan(300);
    const again = await postAs(ada, ch.id, { text: 'my answer', threadRootId: root.id, clientMsgId: 'rt6-reply' });
    expect(again.status).toBe(201);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(again.body.message.threadRootId).toBe(root.id);
  });

  it('a first post refused by the guard is no original: the same clientMsgId then posts anew', async () => {
    const ch = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    const refused = await postAs(ada, ch.id, { text: 'mail jane.doe@example.com', clientMsgId: 'rt6-refused' });
    expect(refused.status).toBe(422);
    const next = await postAs(ada, ch.id, { text: 'never mind, see the case room', clientMsgId: 'rt6-refused' });
    expect(next.status).toBe(201);
    expect(next.body.message.text).toBe('never mind, see the case room');
  });
});
