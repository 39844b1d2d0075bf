/**
 * Typing indicators (issue 12): members' live sockets get `{type, channelId, userId}` — never
 * text, never stored or replayed; throttled per person and channel; non-members 404; rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { TYPING_CALLS_PER_MINUTE } from './typing.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;

const typing = (u: TestUser, channelId: string, body?: unknown) => call<{ error?: { code: string } }>(srv, u.token, 'POST', `/api/v1/channels/${channelId}/typing`, body);
const settle = () => new Promise((r) => setTimeout(r, 300));

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  eve = await makeUser(srv, { name: 'Eve' });
});
afterAll(async () => srv.close());

describe('typing', () => {
  it('reaches the other members only, as type/channel/user and nothing else, throttled, never replayed', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const bobLive = await connect(srv, bob.token);
    const adaLive = await connect(srv, ada.token);
    const eveLive = await connect(srv, eve.token);
    expect((await typing(ada, ch.id)).status).toBe(204);
    expect((await typing(ada, ch.id)).status).toBe(204); // within 3 s: no second frame
    await bobLive.until((f) => f.some((x) => x.type === 'typing'));
    await settle();
    expect(bobLive.of('typing')).toEqual([{ type: 'typing', channelId: ch.id, userId: ada.id }]);
    expect(adaLive.of('typing')).toEqual([]);
    expect(eveLive.of('typing')).toEqual([]);
    const hello = bobLive.frames.find((f) => f.type === 'hello');
    bobLive.close();
    adaLive.close();
    eveLive.close();
    // A reconnect that replays from before the notice brings no typing frame back.
    const again = await connect(srv, bob.token, { since: Number(hello?.seq ?? 0) });
    await settle();
    expect(again.of('typing')).toEqual([]);
    again.close();
  });

  it('non-members get 404 and nobody is told; text in the body is refused', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const bobLive = await connect(srv, bob.token);
    expect((await typing(eve, ch.id)).status).toBe(404);
    expect((await typing(eve, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    const withText = await typing(ada, ch.id, { text: 'pat@example.com' });
    expect(withText.status).toBe(400);
    await settle();
    expect(bobLive.of('typing')).toEqual([]);
    bobLive.close();
  });

  it('over the rate limit answers 429', async () => {
    const u = await makeUser(srv);
    const ch = await makeChannel(srv, u);
    const statuses: number[] = [];
    for (let i = 0; i < TYPING_CALLS_PER_MINUTE + 2; i++) statuses.push((await typing(u, ch.id)).status);
    expect(statuses.slice(0, TYPING_CALLS_PER_MINUTE).every((s) => s === 204)).toBe(true);
    expect(statuses.slice(TYPING_CALLS_PER_MINUTE)).toEqual([429, 429]);
  });
});
