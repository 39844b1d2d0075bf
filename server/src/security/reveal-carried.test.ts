/**
 * Issue 7, items 3 and 9: a token is revealable only while a live, current message in a channel
 * the caller belongs to carries it; deleted and edited-away values answer exactly like an unknown
 * token; replays after an edit carry the current version; non-members cannot tell a real token
 * from an unknown one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { PLANTED } from './helpers.ts';

type Entity = { entityType: string; start: number; end: number; token: string };
type Msg = { id: string; text: string; entities: Entity[] };
type Body = { value?: string; flagged?: boolean; error?: { code: string; message: string } };

const JUST = 'verifying the reporter for case 1234';
const UNKNOWN = { status: 404, body: { error: { code: 'not_found', message: 'Unknown token' } } };
let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;
let team: { id: string };

const reveal = async (u: TestUser, token: string) => {
  const r = await call<Body>(srv, u.token, 'POST', '/api/v1/reveal', { token, justification: JUST });
  return { status: r.status, body: r.body };
};
const postMsg = async (u: TestUser, text: string) => (await post(srv, u, team.id, text)) as unknown as Msg;

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 } });
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
  eve = await makeUser(srv, { name: 'Eve' });
  team = await makeChannel(srv, ada, { members: [bob] });
});
afterAll(async () => srv.close());

describe('deleted and edited-away values', () => {
  it('after a delete the token answers like an unknown one, to every member', async () => {
    const m = await postMsg(ada, `reporter wrote from ${PLANTED.email}`);
    const token = m.entities[0]?.token as string;
    expect((await reveal(bob, token)).status).toBe(200);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(204);
    expect(await reveal(bob, token)).toEqual(UNKNOWN);
    expect(await reveal(ada, token)).toEqual(UNKNOWN);
    expect((await call(srv, bob.token, 'GET', `/api/v1/vault/tokens/${token}`)).status).toBe(404);
  });

  it('after an edit that drops the value the token answers like an unknown one', async () => {
    const m = await postMsg(ada, `login from ${PLANTED.ip} yesterday`);
    const token = m.entities[0]?.token as string;
    expect((await reveal(bob, token)).status).toBe(200);
    const edit = await call(srv, ada.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'login from somewhere yesterday' });
    expect(edit.status).toBe(200);
    expect(await reveal(bob, token)).toEqual(UNKNOWN);
  });

  it('a value still carried by another live message stays revealable after one carrier is deleted', async () => {
    const a = await postMsg(ada, `card ${PLANTED.card} charged twice`);
    const b = await postMsg(bob, `same card ${PLANTED.card} again`);
    const token = a.entities[0]?.token as string;
    expect(b.entities[0]?.token).toBe(token);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${a.id}`)).status).toBe(204);
    expect(await reveal(ada, token)).toMatchObject({ status: 200, body: { value: PLANTED.card } });
  });

  it('a stream replay after an edit carries the current version, not the original', async () => {
    const start = await connect(srv, bob.token);
    const since = Number(start.of('hello')[0]?.seq);
    start.close();
    const m = await postMsg(ada, `device owner ${PLANTED.email} writes`);
    const token = m.entities[0]?.token as string;
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/messages/${m.id}`, { text: 'device owner writes' })).status).toBe(200);
    const replay = await connect(srv, bob.token, { since });
    await replay.until((f) => f.filter((x) => x.message?.id === m.id).length >= 2);
    const about = replay.frames.filter((x) => x.message?.id === m.id);
    replay.close();
    expect(about.map((f) => f.type)).toEqual(['message.created', 'message.updated']);
    for (const f of about) {
      expect(f.message?.text).toBe('device owner writes');
      expect(JSON.stringify(f)).not.toContain(token);
    }
  });
});

describe('no existence oracle for non-members', () => {
  it('a real token of a channel the caller is not in answers exactly like an unknown one, also when erased', async () => {
    const m = await postMsg(ada, `write to ${PLANTED.email} please`);
    const token = m.entities[0]?.token as string;
    expect(await reveal(eve, token)).toEqual(await reveal(eve, 'tok_aaaaaaaaaaaaaaaa'));
    expect(await reveal(eve, token)).toEqual(UNKNOWN);
    const po = await makeUser(srv, { role: 'privacy_officer' });
    expect((await call(srv, po.token, 'POST', '/api/v1/privacy/erasure', { scope: `channel:${team.id}` })).status).toBe(200);
    expect(await reveal(eve, token)).toEqual(UNKNOWN);
    expect((await reveal(bob, token)).status).toBe(410);
  });
});
