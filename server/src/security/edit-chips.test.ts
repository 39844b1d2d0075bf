/**
 * Issue 7 item 2: editing a message with chips keeps each issued token (by placeholder text and
 * order, or as listed by the client), reveal still works afterwards, and a typed look-alike
 * placeholder never gains a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Entity = { entityType: string; start: number; end: number; token: string };
type Msg = { id: string; text: string; entities: Entity[] };

const EMAIL = 'jane.doe@example.com';
const IP = '192.0.2.44';
const CARD = '4111 1111 1111 1111';

describe('editing a message with chips', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let ch: { id: string };

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
    ch = await makeChannel(srv, ada, { members: [bob] });
  });
  afterAll(async () => srv.close());

  const edit = (id: string, body: Record<string, unknown>) => call<{ message: Msg; error?: { code: string } }>(srv, ada.token, 'PATCH', `/api/v1/messages/${id}`, body);
  const reveal = (token: string) => call<{ value: string }>(srv, bob.token, 'POST', '/api/v1/reveal', { token, justification: 'checking the edited report' });

  it('an edit of the placeholder text keeps every token; reveal still works afterwards', async () => {
    const m = (await post(srv, ada, ch.id, `mail ${EMAIL} from ${IP} card ${CARD}`)) as unknown as Msg;
    expect(m.entities.map((e) => e.entityType)).toEqual(['EMAIL_ADDRESS', 'IP_ADDRESS', 'CREDIT_CARD']);
    const text = `Update: mail ${m.text.slice(5)} (checked)`;
    const r = await edit(m.id, { text });
    expect(r.status).toBe(200);
    expect(r.body.message.text).toBe(text);
    expect(r.body.message.entities.map((e) => e.token)).toEqual(m.entities.map((e) => e.token));
    for (const e of r.body.message.entities) expect(text.slice(e.start, e.end)).toBe(`[${e.entityType}]`);
    const ip = r.body.message.entities[1] as Entity;
    const shown = await reveal(ip.token);
    expect(shown.status).toBe(200);
    expect(shown.body.value).toBe(IP);
  });

  it('deleting a chip drops its token; the others stay; new personal data is protected as usual', async () => {
    const m = (await post(srv, ada, ch.id, `mail ${EMAIL} from ${IP}`)) as unknown as Msg;
    const r = await edit(m.id, { text: 'from [IP_ADDRESS] and also 192.0.2.45' });
    expect(r.status).toBe(200);
    expect(r.body.message.text).toBe('from [IP_ADDRESS] and also [IP_ADDRESS]');
    const [kept, fresh] = r.body.message.entities as [Entity, Entity];
    expect(kept.token).toBe(m.entities[1]?.token);
    expect(fresh.token).not.toBe(kept.token);
    expect((await reveal(fresh.token)).body.value).toBe('192.0.2.45');
  });

  it('a typed look-alike placeholder stays plain text and gains no token', async () => {
    const m = (await post(srv, ada, ch.id, `from ${IP}`)) as unknown as Msg;
    const r = await edit(m.id, { text: 'from [IP_ADDRESS] and [EMAIL_ADDRESS] and [IP_ADDRESS]' });
    expect(r.status).toBe(200);
    expect(r.body.message.entities).toEqual([{ entityType: 'IP_ADDRESS', start: 5, end: 17, token: m.entities[0]?.token }]);
    // a message that never had chips: a typed placeholder is text
    const plain = (await post(srv, ada, ch.id, 'nothing here')) as unknown as Msg;
    const f = await edit(plain.id, { text: 'now [EMAIL_ADDRESS] here' });
    expect(f.body.message.entities).toEqual([]);
  });

  it('chips listed by the client: kept where said; another message\'s token or a wrong span is refused', async () => {
    const m = (await post(srv, ada, ch.id, `a ${EMAIL} b ${EMAIL.replace('jane', 'john')}`)) as unknown as Msg;
    const [first, second] = m.entities as [Entity, Entity];
    // delete the first chip, keep the second: by order the server could not tell them apart
    const r = await edit(m.id, { text: 'b [EMAIL_ADDRESS]', entities: [{ token: second.token, start: 2, end: 17 }] });
    expect(r.status).toBe(200);
    expect(r.body.message.entities.map((e) => e.token)).toEqual([second.token]);
    const other = (await post(srv, ada, ch.id, `x ${IP}`)) as unknown as Msg;
    const forged = await edit(m.id, { text: 'b [IP_ADDRESS]', entities: [{ token: other.entities[0]?.token, start: 2, end: 14 }] });
    expect(forged.status).toBe(400);
    expect(forged.body.error?.code).toBe('invalid_entities');
    const wrongSpan = await edit(m.id, { text: 'b [EMAIL_ADDRESS]', entities: [{ token: second.token, start: 0, end: 15 }] });
    expect(wrongSpan.status).toBe(400);
    expect(first.token).not.toBe(second.token);
  });
});
