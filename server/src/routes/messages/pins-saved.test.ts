import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

type Err = { error: { code: string } };
type Pin = { message: { id: string; text: string }; pinnedBy: string; pinnedAt: string };
type Saved = { items: Array<{ message: { id: string; text: string }; channelId: string; channelName: string; savedAt: string }>; hasMore: boolean };

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  eve = await makeUser(srv, { name: 'Eve' });
});
afterAll(async () => srv.close());

const pins = (u: TestUser, channelId: string) => call<{ pins: Pin[] }>(srv, u.token, 'GET', `/api/v1/channels/${channelId}/pins`);
const saved = (u: TestUser, q = '') => call<Saved>(srv, u.token, 'GET', `/api/v1/saved${q}`);

describe('pins', () => {
  it('members pin and unpin; listed newest first; announced as pin.added / pin.removed with ids only', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m1 = await post(srv, ada, ch.id, 'first agenda');
    const m2 = await post(srv, ada, ch.id, 'second agenda');
    const s = await connect(srv, ada.token);
    expect((await call(srv, bob.token, 'POST', `/api/v1/messages/${m1.id}/pin`)).status).toBe(204);
    expect((await call(srv, bob.token, 'POST', `/api/v1/messages/${m1.id}/pin`)).status).toBe(204); // idempotent
    expect((await call(srv, ada.token, 'POST', `/api/v1/messages/${m2.id}/pin`)).status).toBe(204);
    const list = await pins(bob, ch.id);
    expect(list.status).toBe(200);
    expect(list.body.pins.map((p) => p.message.id)).toEqual([m2.id, m1.id]);
    expect(list.body.pins[1]).toMatchObject({ pinnedBy: bob.id, message: { text: 'first agenda' } });
    await s.until((f) => f.filter((x) => x.type === 'pin.added').length === 2);
    const added = s.of('pin.added')[0] as Record<string, unknown>;
    expect(Object.keys(added).sort()).toEqual(['channelId', 'messageId', 'seq', 'type', 'userId']);
    expect(added).toMatchObject({ channelId: ch.id, messageId: m1.id, userId: bob.id });
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m1.id}/pin`)).status).toBe(204);
    await s.until((f) => f.some((x) => x.type === 'pin.removed'));
    expect((await pins(bob, ch.id)).body.pins.map((p) => p.message.id)).toEqual([m2.id]);
    s.close();
  });

  it('a non-member can neither pin nor see pins (404, the same as an unknown id)', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'team only');
    expect((await call<Err>(srv, eve.token, 'POST', `/api/v1/messages/${m.id}/pin`)).status).toBe(404);
    expect((await call<Err>(srv, eve.token, 'DELETE', `/api/v1/messages/${m.id}/pin`)).status).toBe(404);
    expect((await pins(eve, ch.id)).status).toBe(404);
    expect((await call(srv, eve.token, 'POST', '/api/v1/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV/pin')).status).toBe(404);
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const err = await pins(eve, pub.id);
    expect(err.status).toBe(404);
    expect((err.body as unknown as Err).error.code).toBe('not_a_member');
  });

  it('a deleted message drops out of the pins, with a pin.removed event; it cannot be pinned again', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const m = await post(srv, ada, ch.id, 'to be deleted');
    await call(srv, ada.token, 'POST', `/api/v1/messages/${m.id}/pin`);
    const s = await connect(srv, bob.token);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(204);
    await s.until((f) => f.some((x) => x.type === 'pin.removed'));
    s.close();
    expect((await pins(bob, ch.id)).body.pins).toEqual([]);
    expect((await call<Err>(srv, ada.token, 'POST', `/api/v1/messages/${m.id}/pin`)).body.error.code).toBe('message_deleted');
  });
});

describe('saved items', () => {
  it('saves any readable message; the Saved list pages newest first; unsave removes', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const ms = [];
    for (const t of ['one', 'two', 'three']) {
      const m = await post(srv, ada, ch.id, `saved ${t}`);
      ms.push(m);
      expect((await call(srv, bob.token, 'POST', `/api/v1/messages/${m.id}/save`)).status).toBe(204);
      await new Promise((r) => setTimeout(r, 3));
    }
    expect((await call(srv, bob.token, 'POST', `/api/v1/messages/${ms[0]?.id}/save`)).status).toBe(204); // idempotent
    const page1 = await saved(bob, '?limit=2');
    expect(page1.body.items.map((i) => i.message.text)).toEqual(['saved three', 'saved two']);
    expect(page1.body.hasMore).toBe(true);
    expect(page1.body.items[0]).toMatchObject({ channelId: ch.id, channelName: ch.name });
    const page2 = await saved(bob, `?limit=2&before=${page1.body.items[1]?.message.id}`);
    expect(page2.body.items.map((i) => i.message.text)).toEqual(['saved one']);
    expect(page2.body.hasMore).toBe(false);
    expect((await saved(ada)).body.items).toEqual([]); // per person
    expect((await call(srv, bob.token, 'DELETE', `/api/v1/messages/${ms[1]?.id}/save`)).status).toBe(204);
    expect((await saved(bob)).body.items.map((i) => i.message.text)).toEqual(['saved three', 'saved one']);
    expect((await call(srv, bob.token, 'GET', '/api/v1/saved?limit=x')).status).toBe(400);
    expect((await call(srv, bob.token, 'GET', '/api/v1/saved?sort=asc')).status).toBe(400);
  });

  it('a non-member cannot save (404); after leaving, or once deleted, the item is not shown and its text never returned', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const kept = await post(srv, ada, ch.id, 'secret plan alpha');
    const gone = await post(srv, ada, ch.id, 'secret plan beta');
    expect((await call(srv, eve.token, 'POST', `/api/v1/messages/${kept.id}/save`)).status).toBe(404);
    await call(srv, bob.token, 'POST', `/api/v1/messages/${kept.id}/save`);
    await call(srv, bob.token, 'POST', `/api/v1/messages/${gone.id}/save`);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${gone.id}`)).status).toBe(204);
    const afterDelete = await saved(bob);
    expect(JSON.stringify(afterDelete.body)).not.toContain('secret plan beta');
    expect(afterDelete.body.items.map((i) => i.message.id)).toContain(kept.id);
    expect((await call(srv, bob.token, 'POST', `/api/v1/channels/${ch.id}/leave`)).status).toBe(204);
    const afterLeave = await saved(bob);
    expect(JSON.stringify(afterLeave.body)).not.toContain('secret plan');
    expect(afterLeave.body.items.map((i) => i.message.id)).not.toContain(kept.id);
  });
});

describe('channel files', () => {
  it('members list files of messages; non-members get 404', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    await post(srv, ada, ch.id, 'no files here');
    const r = await call<{ files: unknown[] }>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/files`);
    expect(r.status).toBe(200);
    expect(r.body.files).toEqual([]);
    expect((await call(srv, eve.token, 'GET', `/api/v1/channels/${ch.id}/files`)).status).toBe(404);
  });
});
