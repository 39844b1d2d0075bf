/**
 * Compression (issue 12): JSON answers and web assets go out gzip/brotli when the client accepts
 * it; reveal answers (a raw value) never do; compressed request bodies are refused.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayCompress } from '../app.ts';
import { makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;

/** A raw HTTP exchange (no automatic decompression), so the wire encoding can be read. */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; encoding: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${srv.url}${path}`, { method, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], bytes }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 } });
  ada = await makeUser(srv, { name: 'Ada' });
  bob = await makeUser(srv, { name: 'Bob' });
});
afterAll(async () => srv.close());

describe('compression', () => {
  it('compresses a large JSON answer with gzip or brotli, and not without Accept-Encoding', async () => {
    const ch = await makeChannel(srv, ada);
    for (let i = 0; i < 30; i++) await post(srv, ada, ch.id, `status update number ${i}: the queue is moving along nicely today`);
    const auth = { authorization: `Bearer ${ada.token}` };
    const gz = await raw('GET', `/api/v1/channels/${ch.id}/messages`, { ...auth, 'accept-encoding': 'gzip' });
    const br = await raw('GET', `/api/v1/channels/${ch.id}/messages`, { ...auth, 'accept-encoding': 'br' });
    const plain = await raw('GET', `/api/v1/channels/${ch.id}/messages`, auth);
    expect([gz.status, gz.encoding]).toEqual([200, 'gzip']);
    expect([br.status, br.encoding]).toEqual([200, 'br']);
    expect([plain.status, plain.encoding]).toEqual([200, undefined]);
    expect(gz.bytes).toBeLessThan(plain.bytes / 3);
  });

  it('reveal routes are left out of compression (token and subject-field reveal)', () => {
    expect(mayCompress('/api/v1/reveal')).toBe(false);
    expect(mayCompress('/api/v1/subjects/:id/reveal')).toBe(false);
    expect(mayCompress('/api/v1/channels/:id/messages')).toBe(true);
  });

  it('never compresses a reveal answer', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const m = (await post(srv, ada, team.id, 'write to pat.example@example.com about it')) as unknown as { entities: Array<{ token: string }> };
    const token = m.entities[0]?.token;
    expect(token).toBeTruthy();
    const body = Buffer.from(JSON.stringify({ token, justification: 'checking the complaint sender for case work' }));
    const r = await raw('POST', '/api/v1/reveal', { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip, br' }, body);
    expect(r.status).toBe(200);
    expect(r.encoding).toBeUndefined();
  });

  it('refuses a gzip-encoded request body without storing anything', async () => {
    const ch = await makeChannel(srv, ada);
    const body = gzipSync(Buffer.from(JSON.stringify({ text: 'zipped' })));
    const r = await raw('POST', `/api/v1/channels/${ch.id}/messages`, { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const list = await raw('GET', `/api/v1/channels/${ch.id}/messages`, { authorization: `Bearer ${ada.token}` });
    expect(list.status).toBe(200);
  });
});
