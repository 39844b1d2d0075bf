import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';

let srv: TestServer;
let u: TestUser;
let chId: string;

beforeAll(async () => {
  srv = await startServer();
  u = await makeUser(srv);
  chId = (await makeChannel(srv, u)).id;
});
afterAll(async () => srv.close());

const count = async () => (await srv.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

describe('bad input never crashes nor writes', () => {
  it('malformed JSON → 400 invalid_json', async () => {
    const r = await call<{ error: { code: string; message: string } }>(srv, u.token, 'POST', `/api/v1/channels/${chId}/messages`, '{"text": "x",');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_json');
  });

  it('wrong types and unknown fields → 400 invalid_request', async () => {
    for (const body of [{ text: 123 }, { text: ['a'] }, { text: 'ok', extra: true }, { text: 'ok', threadRootId: 5 }, [], 'plain', null]) {
      const r = await call<{ error: { code: string } }>(srv, u.token, 'POST', `/api/v1/channels/${chId}/messages`, JSON.stringify(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toMatch(/^invalid_/);
    }
    const c = await call<{ error: { code: string } }>(srv, u.token, 'POST', '/api/v1/channels', { name: 'a', visibility: 'public', owner: 'me' });
    expect(c.status).toBe(400);
    expect(await count()).toBe(0);
  });

  it('a 10 MB body → 413 and the server keeps serving', async () => {
    const text = 'a'.repeat(10 * 1024 * 1024);
    const r = await call<{ error: { code: string } }>(srv, u.token, 'POST', `/api/v1/channels/${chId}/messages`, { text });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect((await call(srv, null, 'GET', '/healthz')).status).toBe(200);
    expect(await count()).toBe(0);
  });

  it('unsupported content type → 415; unknown route → 404 JSON; no stack traces', async () => {
    const r = await call<{ error: { code: string } }>(srv, u.token, 'POST', `/api/v1/channels/${chId}/messages`, 'text=hi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    const plain = await call<{ error: { code: string } }>(srv, u.token, 'POST', `/api/v1/channels/${chId}/messages`, 'hello', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.body.error.code).toBe('unsupported_media_type');
    const nf = await call<{ error: { code: string; message: string } }>(srv, u.token, 'GET', '/api/v1/nope');
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('not_found');
    const nf2 = await call(srv, null, 'GET', '/api/v1/nope');
    expect(nf2.status).toBe(404);
    expect(JSON.stringify(r.body) + JSON.stringify(nf.body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('no credentials → 401; malformed bearer → 401', async () => {
    expect((await call(srv, null, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await call(srv, null, 'GET', '/api/v1/me', undefined, { authorization: 'Basic abc' })).status).toBe(401);
  });
});

describe('health, docs and headers', () => {
  it('GET /healthz → 200 {status:ok}', async () => {
    const r = await call(srv, null, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const r = await call<{ openapi: string; paths: Record<string, unknown> }>(srv, null, 'GET', '/api/docs/json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/v1/channels/{id}/messages', '/api/v1/auth/login', '/api/v1/dms', '/api/v1/search']));
    const ui = await fetch(`${srv.url}/api/docs`, { redirect: 'manual' });
    expect([200, 302]).toContain(ui.status);
  });
});
