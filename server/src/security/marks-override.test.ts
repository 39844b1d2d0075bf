/**
 * Issue 7 item 1: no self-service override into public channels. Hard identifiers cannot be marked
 * for broad channels; elsewhere a mark needs a different privacy officer's approval before it
 * applies; revoking re-protects what it let through (text, history, search, stream); a privacy
 * officer redacts any message. Every step audited, refusals as their own events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Entity = { entityType: string; start: number; end: number; token: string };
type Msg = { id: string; text: string; entities: Entity[]; deletedAt?: string | null };
type Mark = { id: string; status: string; entityType: string };

const IP = '192.0.2.61';
const EMAIL = 'qa.robot@example.com';

describe('"not personal data" marks need approval and never open broad channels to hard identifiers', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let po: TestUser;
  let po2: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 }, privacy: { settings: { broadThreshold: 3 } } });
    ada = await makeUser(srv, { name: 'Ada Sender' });
    bob = await makeUser(srv, { name: 'Bob Member' });
    po = await makeUser(srv, { name: 'Pat Officer', role: 'privacy_officer' });
    po2 = await makeUser(srv, { name: 'Quin Officer', role: 'privacy_officer' });
  });
  afterAll(async () => srv.close());

  const audit = async (action: string) =>
    (await srv.ctx.database.raw.all('SELECT actor, outcome, details FROM audit_events WHERE action = ? ORDER BY seq', [action])) as Array<{ actor: string; outcome: string; details: string }>;
  const requestMark = (u: TestUser, channelId: string, text: string, value: string) =>
    call<{ mark: Mark; error?: { code: string } }>(srv, u.token, 'POST', '/api/v1/privacy/marks', { channelId, text, start: text.indexOf(value), end: text.indexOf(value) + value.length });
  const msg = async (id: string, u: TestUser = ada) => (await call<{ message: Msg }>(srv, u.token, 'GET', `/api/v1/messages/${id}`)).body.message;

  it('a hard identifier cannot be marked for a public channel: 422, audited as denied, and still blocked', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    for (const [text, value] of [[`card 4111 1111 1111 1111 ok`, '4111 1111 1111 1111'], [`mail ${EMAIL} ok`, EMAIL], [`ip ${IP} ok`, IP]] as const) {
      const r = await requestMark(ada, pub.id, text, value);
      expect(r.status).toBe(422);
      expect(r.body.error?.code).toBe('mark_not_allowed');
      expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text })).status).toBe(422);
    }
    const denied = (await audit('mark.not_personal_data')).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => JSON.parse(e.details) as { reason: string; entityType: string })).toEqual([
      { entityType: 'CREDIT_CARD', reason: 'hard_identifier_broad_channel' },
      { entityType: 'EMAIL_ADDRESS', reason: 'hard_identifier_broad_channel' },
      { entityType: 'IP_ADDRESS', reason: 'hard_identifier_broad_channel' },
    ]);
    expect((await srv.ctx.database.raw.get('SELECT count(*) AS n FROM privacy_marks'))).toEqual({ n: 0 });
  });

  it('in a team channel a mark is pending (value still tokenized) until a different privacy officer approves it', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const text = `the build box is ${IP} again`;
    const r = await requestMark(ada, team.id, text, IP);
    expect(r.status).toBe(201);
    expect(r.body.mark).toMatchObject({ entityType: 'IP_ADDRESS', status: 'pending' });
    expect(((await post(srv, ada, team.id, text)) as unknown as Msg).entities).toHaveLength(1);
    const pending = await call<{ marks: Mark[] }>(srv, po.token, 'GET', '/api/v1/privacy/marks?status=pending');
    expect(pending.body.marks.map((m) => m.id)).toContain(r.body.mark.id);
    expect((await call(srv, ada.token, 'POST', `/api/v1/privacy/marks/${r.body.mark.id}/approve`)).status).toBe(403); // not an officer
    const ok = await call<{ mark: Mark }>(srv, po.token, 'POST', `/api/v1/privacy/marks/${r.body.mark.id}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body.mark.status).toBe('active');
    expect(((await post(srv, ada, team.id, text)) as unknown as Msg).text).toBe(text);
    expect((await audit('mark.approve')).map((e) => [e.actor, e.outcome])).toEqual([[po.id, 'success']]);
  });

  it('an officer cannot approve their own request; the refusal is audited; deny keeps the value protected', async () => {
    const team = await makeChannel(srv, po, { members: [ada] });
    const text = `reach ${EMAIL} now`;
    const r = await requestMark(po, team.id, text, EMAIL);
    const self = await call<{ error: { code: string } }>(srv, po.token, 'POST', `/api/v1/privacy/marks/${r.body.mark.id}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('same_person');
    expect((await audit('mark.approve')).filter((e) => e.outcome === 'denied').map((e) => e.actor)).toEqual([po.id]);
    expect((await call<{ mark: Mark }>(srv, po2.token, 'POST', `/api/v1/privacy/marks/${r.body.mark.id}/deny`)).body.mark.status).toBe('denied');
    expect(((await post(srv, po, team.id, text)) as unknown as Msg).entities.map((e) => e.entityType)).toEqual(['EMAIL_ADDRESS']);
  });

  it('an approved mark of a hard identifier stops applying when the channel turns broad', async () => {
    const carl = await makeUser(srv);
    const team = await makeChannel(srv, ada, { members: [bob] });
    const text = `gateway ${IP} is down`;
    const r = await requestMark(ada, team.id, text, IP);
    await call(srv, po.token, 'POST', `/api/v1/privacy/marks/${r.body.mark.id}/approve`);
    expect(((await post(srv, ada, team.id, text)) as unknown as Msg).text).toBe(text);
    await call(srv, ada.token, 'POST', `/api/v1/channels/${team.id}/members`, { userId: po.id });
    await call(srv, ada.token, 'POST', `/api/v1/channels/${team.id}/members`, { userId: carl.id });
    const blocked = await call<{ error: { code: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${team.id}/messages`, { text });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe('personal_data_blocked');
  });

  it('revoking re-protects every message it let through: text, edit history, search index, stream', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const text = `the build box is ${IP} again`;
    const r = await requestMark(ada, team.id, text, IP);
    await call(srv, po.token, 'POST', `/api/v1/privacy/marks/${r.body.mark.id}/approve`);
    const raw = (await post(srv, ada, team.id, text)) as unknown as Msg;
    const root = (await post(srv, ada, team.id, 'thread root')) as unknown as Msg;
    const reply = (await post(srv, ada, team.id, `reply: ${IP}`, { threadRootId: root.id })) as unknown as Msg;
    const edited = (await post(srv, ada, team.id, `first ${IP}`)) as unknown as Msg;
    expect((await call(srv, ada.token, 'PATCH', `/api/v1/messages/${edited.id}`, { text: 'first draft gone' })).status).toBe(200);
    expect([raw.text, reply.text]).toEqual([text, `reply: ${IP}`]);
    const bobStream = await connect(srv, bob.token);
    const del = await call(srv, po.token, 'DELETE', `/api/v1/privacy/marks/${r.body.mark.id}`);
    expect(del.status).toBe(204);

    const after = await msg(raw.id, bob);
    expect(after.text).toBe('the build box is [IP_ADDRESS] again');
    expect(after.entities).toHaveLength(1);
    expect((await msg(reply.id)).text).toBe('reply: [IP_ADDRESS]');
    const history = await call<{ versions: Array<{ text: string }> }>(srv, ada.token, 'GET', `/api/v1/messages/${edited.id}/history`);
    expect(JSON.stringify(history.body)).not.toContain(IP);
    expect(history.body.versions.map((v) => v.text)).toContain('first [IP_ADDRESS]');
    const search = await call<Record<string, unknown>>(srv, ada.token, 'GET', `/api/v1/search?q=${encodeURIComponent('192.0.2.61')}&channelId=${team.id}`);
    expect(JSON.stringify(search.body)).not.toContain(IP);
    await bobStream.until((f) => f.some((x) => x.type === 'message.updated' && x.message?.id === raw.id));
    expect(bobStream.of('message.updated').find((x) => x.message?.id === raw.id)?.message?.text).toBe(after.text);
    bobStream.close();
    const replay = await connect(srv, bob.token, { since: 0 });
    await replay.until((f) => f.some((x) => x.type === 'message.updated' && x.message?.id === raw.id));
    const replayed = replay.frames.filter((f) => f.channelId === team.id);
    expect(replayed.length).toBeGreaterThan(0);
    expect(JSON.stringify(replayed)).not.toContain(IP);
    replay.close();
    const shown = await call<{ value: string }>(srv, bob.token, 'POST', '/api/v1/reveal', { token: after.entities[0]?.token, justification: 'checking the revoked mark' });
    expect(shown.body.value).toBe(IP);
    expect((await audit('mark.reprotect')).map((e) => JSON.parse(e.details) as { messages: number })[0]?.messages).toBe(3);
    expect(((await post(srv, ada, team.id, text)) as unknown as Msg).entities).toHaveLength(1);
  });

  it('a privacy officer redacts any message: tokenize or remove, audited, with stream events', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    expect((await call(srv, po.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'EMAIL_ADDRESS', action: 'allow' })).status).toBe(200);
    const raw = (await post(srv, ada, team.id, `write to ${EMAIL} please`)) as unknown as Msg;
    expect(raw.text).toContain(EMAIL);
    await call(srv, po.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'EMAIL_ADDRESS', action: 'tokenize' });
    const bobStream = await connect(srv, bob.token);
    const reason = 'raw e-mail posted while policy was wrong';
    expect((await call(srv, bob.token, 'POST', `/api/v1/privacy/messages/${raw.id}/redact`, { mode: 'tokenize', reason })).status).toBe(403);
    expect((await audit('message.redact')).map((e) => [e.actor, e.outcome])).toEqual([[bob.id, 'denied']]);
    const t = await call<{ tokenized: number }>(srv, po.token, 'POST', `/api/v1/privacy/messages/${raw.id}/redact`, { mode: 'tokenize', reason });
    expect(t.status).toBe(200);
    expect(t.body.tokenized).toBe(1);
    expect((await msg(raw.id)).text).toBe('write to [EMAIL_ADDRESS] please');
    await bobStream.until((f) => f.some((x) => x.type === 'message.updated' && x.message?.id === raw.id));
    const gone = (await post(srv, ada, team.id, 'another note')) as unknown as Msg;
    expect((await call(srv, po.token, 'POST', `/api/v1/privacy/messages/${gone.id}/redact`, { mode: 'remove', reason })).status).toBe(200);
    expect((await msg(gone.id)).deletedAt).not.toBeNull();
    await bobStream.until((f) => f.some((x) => x.type === 'message.deleted' && x.message?.id === gone.id));
    bobStream.close();
    expect((await audit('message.redact')).filter((e) => e.outcome === 'success').map((e) => (JSON.parse(e.details) as { mode: string }).mode)).toEqual(['tokenize', 'remove']);
    expect((await call(srv, po.token, 'POST', '/api/v1/privacy/messages/01NOSUCHMESSAGE000000000000/redact', { mode: 'remove', reason })).status).toBe(404);
  });
});
