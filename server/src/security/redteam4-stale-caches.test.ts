/**
 * Red team 4: the guard's per-process cache (channel class, policy, marks, data keys) attacked
 * right at a change — a revoked mark followed at once by a thread reply or an edit, a tightened
 * policy or a channel grown past the broad threshold with posts racing the change, and a removed
 * member's open stream. Each must follow the change from the first request after it is answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

const THRESHOLD = 3;
type Sent = { status: number; body: { message?: { id: string; text: string; entities: unknown[] }; error?: { code: string } } };

describe('stale guard caches under attack', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let officer: TestUser;
  let officer2: TestUser;
  beforeAll(async () => {
    srv = await startServer({ privacy: { settings: { broadThreshold: THRESHOLD } }, limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
    officer = await makeUser(srv, { role: 'privacy_officer' });
    officer2 = await makeUser(srv, { role: 'privacy_officer' });
  });
  afterAll(async () => srv.close());
  const send = (u: TestUser, ch: string, text: string, extra: Record<string, unknown> = {}) =>
    call(srv, u.token, 'POST', `/api/v1/channels/${ch}/messages`, { text, ...extra }) as Promise<Sent>;

  it('a revoked mark no longer passes the value in a thread reply or an edit sent right after', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const text = 'mail jane.marked@example.com';
    const mark = await call<{ mark: { id: string } }>(srv, ada.token, 'POST', '/api/v1/privacy/marks', { channelId: ch.id, text, start: 5, end: text.length });
    expect(mark.status).toBeLessThan(300);
    expect((await call(srv, officer.token, 'POST', `/api/v1/privacy/marks/${mark.body.mark.id}/approve`)).status).toBe(200);
    const root = await send(ada, ch.id, text);
    expect(root.body.message?.text).toBe(text);
    const plain = await send(ada, ch.id, 'edit me');
    expect((await call(srv, officer2.token, 'DELETE', `/api/v1/privacy/marks/${mark.body.mark.id}`)).status).toBeLessThan(300);
    const [reply, edit] = await Promise.all([
      send(ada, ch.id, text, { threadRootId: root.body.message?.id }),
      call(srv, ada.token, 'PATCH', `/api/v1/messages/${plain.body.message?.id ?? ''}`, { text }) as Promise<Sent>,
    ]);
    expect(reply.body.message?.text).toBe('mail [EMAIL_ADDRESS]');
    expect(edit.body.message?.text).toBe('mail [EMAIL_ADDRESS]');
  });

  it('posts racing a tightened policy: every post sent after the change is answered follows it', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const racing = Array.from({ length: 6 }, (_, i) => send(ada, ch.id, `mail race.${i}@example.com`));
    const put = await call(srv, officer.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'EMAIL_ADDRESS', action: 'block' });
    expect(put.status).toBe(200);
    for (const r of await Promise.all(racing)) expect([201, 422]).toContain(r.status);
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => send(ada, ch.id, `mail after.${i}@example.com`)));
    expect(after.map((r) => r.status)).toEqual(Array(6).fill(422));
    // raced posts that got through were tokenized, never stored raw
    const rows = await srv.ctx.db.selectFrom('messages').select('text').where('channel_id', '=', ch.id).execute();
    for (const r of rows) expect(r.text).not.toContain('@example.com');
    expect((await call(srv, officer.token, 'PUT', '/api/v1/privacy/policies', { class: 'team', entityType: 'EMAIL_ADDRESS', action: 'tokenize' })).status).toBe(200);
  });

  it('posts racing a member add past the threshold: every post after the add is blocked', async () => {
    const carol = await makeUser(srv);
    const dave = await makeUser(srv);
    const ch = await makeChannel(srv, ada, { members: [bob, carol] });
    expect((await send(ada, ch.id, 'mail warm@example.com')).status).toBe(201);
    const racing = Array.from({ length: 6 }, (_, i) => send(ada, ch.id, `mail race.${i}@example.com`));
    expect((await call(srv, ada.token, 'POST', `/api/v1/channels/${ch.id}/members`, { userId: dave.id })).status).toBe(204);
    await Promise.all(racing);
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => send(ada, ch.id, `mail after.${i}@example.com`)));
    expect(after.map((r) => r.status)).toEqual(Array(6).fill(422));
  });

  it("a removed member's open stream gets nothing more of the channel; history, search and posting answer 404 at once", async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const s = await connect(srv, bob.token);
    try {
      expect((await send(ada, ch.id, 'before removal')).status).toBe(201);
      await s.until((f) => f.some((x) => x.type === 'message.created' && x.message?.text === 'before removal'));
      expect((await call(srv, ada.token, 'DELETE', `/api/v1/channels/${ch.id}/members/${bob.id}`)).status).toBe(204);
      const [hist, post] = await Promise.all([
        call(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`),
        send(bob, ch.id, 'still here?'),
        send(ada, ch.id, 'after removal secret plan'),
      ]);
      expect(hist.status).toBe(404);
      expect(post.status).toBe(404);
      const search = await call<{ results?: unknown[]; messages?: unknown[] }>(srv, bob.token, 'GET', '/api/v1/search?q=secret');
      expect(JSON.stringify(search.body)).not.toContain('secret plan');
      await new Promise((r) => setTimeout(r, 300));
      expect(s.frames.some((f) => f.type === 'message.created' && f.message?.text === 'after removal secret plan')).toBe(false);
    } finally {
      s.close();
    }
  });
});
