/**
 * Red team 5 (issue 10): the reveal rate limit (default 30 per person per 10 minutes) is counted
 * from the audit log before the grant, outside the grant's transaction. Sent all at once, 60
 * reveals all saw fewer than 30 and all were granted — on one node as on two (measured on two
 * nodes over PostgreSQL: 60 of 60 granted). The count must hold however the calls arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

let srv: TestServer;
let bob: TestUser;
let dave: TestUser;
let token: string;

beforeAll(async () => {
  srv = await startServer();
  bob = await makeUser(srv);
  dave = await makeUser(srv);
  const channel = await makeChannel(srv, bob, { members: [dave] });
  const m = (await post(srv, bob, channel.id, 'mail kim.roe@example.com please')) as unknown as { entities: Array<{ token: string }> };
  token = m.entities[0]?.token ?? '';
});
afterAll(() => srv?.close());

describe('reveal rate limit under concurrency', () => {
  it('60 reveals sent at once: at most the limit granted, the rest 429, every call audited', async () => {
    const max = srv.ctx.privacy.revealRateLimit?.max ?? 30;
    const calls = Array.from({ length: 2 * max }, (_, i) => call(srv, dave.token, 'POST', '/api/v1/reveal', { token, justification: `checking the complaint number ${i}` }));
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(max);
    expect(statuses.filter((s) => s === 429).length).toBe(max);
    const granted = await srv.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('actor', '=', dave.id).where('action', '=', 'reveal').where('outcome', '=', 'success').executeTakeFirstOrThrow();
    expect(Number(granted.n)).toBe(max);
    const limited = await srv.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('actor', '=', dave.id).where('action', '=', 'reveal.rate_limited').executeTakeFirstOrThrow();
    expect(Number(limited.n)).toBe(max);
  });
});
