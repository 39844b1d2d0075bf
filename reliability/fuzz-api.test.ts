/**
 * Every API route, fuzzed through the real app (Fastify `inject`, real SQLite in a temp folder):
 * bodies derived from the route's own JSON Schema (from the generated OpenAPI document) and
 * broken on purpose, random bytes and truncated JSON. Each answer must be below 500, an error
 * answer must have the `{ error: { code, message } }` shape, and no error body may echo a planted
 * personal value. `FUZZ_RUNS` cases per route with a body (default 500), a fifth of that for
 * routes without one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../server/src/services/auth/api-tokens.ts';
import { makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../server/src/test/factories.ts';
import { bodyFor, PLANTED, type Schema } from './arbitraries.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

type Op = { requestBody?: { content?: Record<string, { schema?: Schema }> } };
let srv: TestServer;
let admin: TestUser;
const pools: Record<string, string[]> = {};
let routes: Array<{ method: string; path: string; schema: Schema | undefined }> = [];

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 1_000_000, loginAttempts: 1_000_000 } });
  admin = await makeUser(srv, { role: 'admin', name: 'Fuzz Admin' });
  const agent = await makeUser(srv, { name: 'Fuzz Agent' });
  const ch = await makeChannel(srv, admin, { members: [agent] });
  const m = await post(srv, admin, ch.id, 'a message to point at');
  const ids = [ch.id, m.id, admin.id, agent.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'nope', '%00', '..'];
  pools.id = ids;
  pools.userId = [admin.id, agent.id, 'nope'];
  pools.token = ['tok_nope', 'x'];
  pools.category = ['harassment', 'x'.repeat(300), 'nope'];
  pools.target = ['case', 'subject', 'nope'];
  const doc = (await srv.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, Op>> }>();
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, schema: op.requestBody?.content?.['application/json']?.schema })),
  );
}, 120_000);

afterAll(async () => {
  await srv?.close();
});

/** Fresh bearer token per route (a fuzzed sign-out or password change must not end the run). */
async function freshToken(): Promise<string> {
  return srv.ctx.write(async (uow) => (await createApiToken(uow.db, { userId: admin.id, name: 'fuzz', expiresInDays: 1, actor: 'test' })).token);
}

const paramArb = (name: string) => fc.oneof(fc.constantFrom(...(pools[name] ?? pools.id ?? ['x'])), fc.string({ minLength: 1, maxLength: 30 }));

describe('fuzzing every API route', () => {
  it('found the routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.schema).length).toBeGreaterThan(30);
  });

  it(`answers every fuzzed request below 500, with the error shape and without echoing planted values (${RUNS} cases per route with a body)`, async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      if (route.path === '/api/docs/json') continue;
      const token = await freshToken();
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const params = fc.tuple(...names.map(paramArb));
      const runs = route.schema ? RUNS : Math.max(20, Math.floor(RUNS / 5));
      const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1');
      await fc.assert(
        fc.asyncProperty(params, bodyFor(route.schema), contentType, fc.boolean(), async (values, payload, type, authed) => {
          cases += 1;
          let url = route.path;
          names.forEach((n, i) => (url = url.replace(`{${n}}`, encodeURIComponent(values[i] as string))));
          const res = await srv.app.inject({
            method: route.method as 'GET',
            url,
            payload: route.method === 'GET' ? undefined : payload,
            headers: { 'content-type': type, ...(authed ? { authorization: `Bearer ${token}` } : {}) },
          });
          const where = `${route.method} ${route.path} → ${res.statusCode}`;
          if (res.statusCode >= 500) {
            failures.push(`${where}: ${res.body.slice(0, 200)} for ${JSON.stringify(payload).slice(0, 200)}`);
            return false;
          }
          if (res.statusCode >= 400) {
            let body: unknown;
            try {
              body = res.json();
            } catch {
              failures.push(`${where}: error body is not JSON`);
              return false;
            }
            const err = (body as { error?: { code?: unknown; message?: unknown } }).error;
            if (typeof err?.code !== 'string' || typeof err.message !== 'string') {
              failures.push(`${where}: error shape ${res.body.slice(0, 200)}`);
              return false;
            }
            for (const p of PLANTED) {
              if (payload.includes(p) && res.body.includes(p)) {
                failures.push(`${where}: error body echoes a planted value`);
                return false;
              }
            }
          }
          return true;
        }),
        { numRuns: runs, endOnFailure: true },
      ).catch(() => undefined);
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(routes.length * 20);
    // the server still serves after all of it
    expect((await srv.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, Math.max(600_000, RUNS * 2_400)); // about 80 routes × RUNS requests: 500 per route on PostgreSQL under load can pass 10 min; --full takes hours
});
