/**
 * Red team 5 (issue 10): a NUL character (U+0000) in a JSON body, an upload's text field, a signed
 * intake report, a path parameter or a query string. PostgreSQL refuses NUL in `text`/`jsonb`
 * ("invalid byte sequence for encoding UTF8: 0x00"), so on PostgreSQL every such request answered
 * `500 internal_error` — sign-in, reveal, posting, editing, topics, members, DMs, message and
 * channel lookups, user search. Each must answer as it would without the NUL: never a 5xx.
 * Runs on both dialects (`scripts/with-postgres.sh npx vitest run FILE` for PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { plainPng } from '../test/images.ts';
import { fakeReport, makeIntegration, postReport } from '../routes/intake/test-helpers.ts';

let srv: TestServer;
let bob: TestUser;
let carol: TestUser;
let channelId: string;
let messageId: string;

beforeAll(async () => {
  srv = await startServer();
  bob = await makeUser(srv);
  carol = await makeUser(srv);
  channelId = (await makeChannel(srv, bob, { members: [carol] })).id;
  messageId = (await post(srv, bob, channelId, 'a plain first message')).id;
});
afterAll(() => srv?.close());

const api = (token: string | null, method: string, path: string, body?: unknown) => call(srv, token, method, `/api/v1${path}`, body);

describe('NUL characters in JSON bodies', () => {
  it('a message with a NUL is stored with U+FFFD in its place (same length), not a 500', async () => {
    const r = await api(bob.token, 'POST', `/channels/${channelId}/messages`, { text: 'hello\u0000world' });
    expect(r.status).toBe(201);
    expect((r.body as { message: { text: string } }).message.text).toBe('hello\uFFFDworld');
  });

  it('an edit, a topic and an analyzer preview with a NUL are accepted', async () => {
    expect((await api(bob.token, 'PATCH', `/messages/${messageId}`, { text: 'edited\u0000text' })).status).toBe(200);
    expect((await api(bob.token, 'PATCH', `/channels/${channelId}`, { topic: 'top\u0000ic' })).status).toBe(200);
    expect((await api(bob.token, 'POST', '/analyze', { text: 'a\u0000b', channelId })).status).toBe(200);
  });

  it('ids, e-mails and tokens with a NUL answer 4xx like any other unknown value', async () => {
    const cases: Array<[string, string, unknown, number]> = [
      ['POST', '/reveal', { token: 'tok\u0000en', justification: 'checking the \u0000 report' }, 404],
      ['POST', '/dms', { userIds: ['x\u0000'] }, 404],
      ['POST', `/channels/${channelId}/members`, { userId: 'x\u0000' }, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const r = await api(bob.token, method, path, body);
      expect({ path, status: r.status }).toEqual({ path, status });
    }
    const login = await api(null, 'POST', '/auth/login', { email: `${bob.email}\u0000`, password: `${bob.password}\u0000` });
    expect(login.status).toBe(401);
  });
});

describe('NUL characters in URLs', () => {
  it('a %00 in a path parameter or a query string answers 400 invalid_url', async () => {
    for (const path of [`/messages/%00`, `/channels/a%00b`, `/users?q=%25%00`, `/channels/${channelId}/messages?before=%00`]) {
      const r = await api(bob.token, 'GET', path);
      expect({ path, status: r.status, code: (r.body as { error?: { code?: string } }).error?.code }).toEqual({ path, status: 400, code: 'invalid_url' });
    }
  });
});

describe('NUL characters in uploads and intake reports', () => {
  it("an upload's text field with a NUL is accepted; a threadRootId with one is refused (4xx)", async () => {
    const form = new FormData();
    form.append('text', 'see the \u0000 attachment');
    form.append('threadRootId', `${messageId}\u0000`);
    form.append('file', new Blob([await plainPng()], { type: 'image/png' }), 'shot.png');
    const res = await fetch(`${srv.url}/api/v1/channels/${channelId}/files`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` }, body: form });
    expect([400, 404]).toContain(res.status);
    form.delete('threadRootId');
    const ok = await fetch(`${srv.url}/api/v1/channels/${channelId}/files`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` }, body: form });
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { message: { text: string } };
    expect(body.message.text).toBe('see the \uFFFD attachment');
  });

  it('a signed report with a NUL in its text creates the case', async () => {
    const integration = await makeIntegration(srv);
    const report = fakeReport({ text: 'threats \u0000 again' });
    const r = await postReport(srv, integration, report);
    expect(r.status).toBe(201);
  });
});
