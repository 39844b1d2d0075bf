import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

let srv: TestServer;
let admin: TestUser;
let agent: TestUser;
beforeEach(async () => {
  srv = await startServer();
  admin = await makeUser(srv, { role: 'admin' });
  agent = await makeUser(srv, { role: 'agent' });
});
afterEach(async () => srv.close());

async function hookFor(channelId: string): Promise<{ id: string; url: string }> {
  const res = await call<{ id: string; url: string }>(srv, admin.token, 'POST', '/api/v1/webhooks', { channelId, name: 'Ticket bot' });
  expect(res.status).toBe(201);
  return res.body;
}

const postHook = (url: string, body: unknown) => fetch(srv.url + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('incoming webhooks', { timeout: 90_000 }, () => {
  it('posts Slack-style { text } through the guard: personal data becomes a chip', async () => {
    const ch = (await makeChannel(srv, agent, { visibility: 'private' })) as { id: string };
    const hook = await hookFor(ch.id);
    expect(hook.url).toMatch(/^\/hooks\/[A-Za-z0-9_-]{43}$/u);
    const res = await postHook(hook.url, { text: 'New ticket from jane.roe@example.com', username: 'ignored', icon_emoji: ':robot:' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    const list = await call<{ messages: Array<{ text: string; entities: Array<{ entityType: string }>; authorId: string }> }>(srv, agent.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    const m = list.body.messages.at(-1);
    expect(m?.text).toBe('New ticket from [EMAIL_ADDRESS]');
    expect(m?.entities.map((e) => e.entityType)).toEqual(['EMAIL_ADDRESS']);
    const stored = await srv.ctx.db.selectFrom('incoming_webhooks').select('secret_hash').executeTakeFirstOrThrow();
    expect(hook.url).not.toContain(stored.secret_hash);
  });

  it('refuses personal data a public channel would block, storing nothing', async () => {
    const ch = (await makeChannel(srv, agent, { visibility: 'public' })) as { id: string };
    const hook = await hookFor(ch.id);
    const res = await postHook(hook.url, { text: 'call +1 202-555-0147' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('personal_data_blocked');
    const n = await srv.ctx.db.selectFrom('messages').select('id').where('channel_id', '=', ch.id).execute();
    expect(n).toHaveLength(0);
  });

  it('answers 404 for an unknown or disabled hook and 400 without text; only admins manage hooks', async () => {
    const ch = (await makeChannel(srv, agent, { visibility: 'private' })) as { id: string };
    const hook = await hookFor(ch.id);
    expect((await postHook(hook.url, { attachments: [] })).status).toBe(400);
    expect((await postHook(hook.url, ['text'])).status).toBe(400);
    expect((await postHook(`/hooks/${'x'.repeat(43)}`, { text: 'hi' })).status).toBe(404);
    expect((await call(srv, agent.token, 'POST', '/api/v1/webhooks', { channelId: ch.id, name: 'x' })).status).toBe(403);
    expect((await call(srv, admin.token, 'DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    expect((await postHook(hook.url, { text: 'hi' })).status).toBe(404);
    const listed = await call<{ webhooks: Array<{ id: string; enabled: boolean }> }>(srv, admin.token, 'GET', '/api/v1/webhooks');
    expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: hook.id, enabled: false })]);
    expect(JSON.stringify(listed.body)).not.toContain(hook.url.slice(7));
  });
});

const postForm = (url: string, body: string) => fetch(srv.url + url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('form-encoded incoming webhooks (payload=<json>)', { timeout: 90_000 }, () => {
  it('posts the payload through the same guard: a chip in a team channel, 422 and nothing stored in a broad one', async () => {
    const ch = (await makeChannel(srv, agent, { visibility: 'private' })) as { id: string };
    const hook = await hookFor(ch.id);
    const res = await postForm(hook.url, new URLSearchParams({ payload: JSON.stringify({ text: 'Ticket from jane.roe@example.com' }) }).toString());
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    const list = await call<{ messages: Array<{ text: string; entities: Array<{ entityType: string }> }> }>(srv, agent.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(list.body.messages.at(-1)?.text).toBe('Ticket from [EMAIL_ADDRESS]');
    const pub = (await makeChannel(srv, agent, { visibility: 'public' })) as { id: string };
    const pubHook = await hookFor(pub.id);
    const blocked = await postForm(pubHook.url, `payload=${encodeURIComponent(JSON.stringify({ text: 'call +1 202-555-0147' }))}`);
    expect(blocked.status).toBe(422);
    expect((await errorOf(blocked)).code).toBe('personal_data_blocked');
    expect(await srv.ctx.db.selectFrom('messages').select('id').where('channel_id', '=', pub.id).execute()).toHaveLength(0);
  });

  it('answers 400 invalid_payload for a malformed payload, a missing payload field and a payload without text; 413 when oversized', async () => {
    const ch = (await makeChannel(srv, agent, { visibility: 'private' })) as { id: string };
    const hook = await hookFor(ch.id);
    const malformed = await postForm(hook.url, `payload=${encodeURIComponent('{"text": "jane.roe@example.com')}`);
    expect(malformed.status).toBe(400);
    const err = await errorOf(malformed);
    expect(err.code).toBe('invalid_payload');
    expect(err.message).not.toContain('jane.roe');
    expect((await errorOf(await postForm(hook.url, 'text=hello'))).code).toBe('invalid_payload');
    const noText = await postForm(hook.url, `payload=${encodeURIComponent(JSON.stringify({ attachments: [] }))}`);
    expect(noText.status).toBe(400);
    expect((await errorOf(noText)).code).toBe('invalid_payload');
    const big = await postForm(hook.url, `payload=${encodeURIComponent(JSON.stringify({ text: 'x'.repeat(300 * 1024) }))}`);
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('payload_too_large');
    expect(await srv.ctx.db.selectFrom('messages').select('id').where('channel_id', '=', ch.id).execute()).toHaveLength(0);
  });

  it('accepts form bodies on the hook only: the API still refuses them', async () => {
    const res = await fetch(`${srv.url}/api/v1/channels`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${agent.token}` }, body: 'name=x&visibility=public' });
    expect(res.status).toBe(415);
  });
});
