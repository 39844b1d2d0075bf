import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { justificationCategory, weekOf, type Posture } from '../../services/posture/posture.ts';

let srv: TestServer;
let officer: TestUser;
let agent: TestUser;
let other: TestUser;
beforeEach(async () => {
  srv = await startServer();
  officer = await makeUser(srv, { role: 'privacy_officer' });
  agent = await makeUser(srv, { role: 'agent' });
  other = await makeUser(srv, { role: 'agent' });
});
afterEach(async () => srv.close());

async function activity(): Promise<{ channelId: string }> {
  const team = (await makeChannel(srv, agent, { visibility: 'private', members: [other] })) as { id: string };
  const posted = await call<{ message: { entities: Array<{ token: string }> } }>(srv, agent.token, 'POST', `/api/v1/channels/${team.id}/messages`, { text: 'reporter mail jane.roe@example.com' });
  expect(posted.status).toBe(201);
  const token = posted.body.message.entities[0]?.token as string;
  const broad = (await makeChannel(srv, agent, { visibility: 'public' })) as { id: string };
  expect((await call(srv, agent.token, 'POST', `/api/v1/channels/${broad.id}/messages`, { text: 'call +1 202-555-0147' })).status).toBe(422);
  await srv.ctx.privacy.privacyGuard.settled();
  expect((await call(srv, other.token, 'POST', '/api/v1/reveal', { token, justification: 'working the complaint case 1234' })).status).toBe(200);
  expect((await call(srv, other.token, 'POST', '/api/v1/reveal', { token, justification: 'curious' })).status).toBe(403);
  return { channelId: team.id };
}

describe('GET /api/v1/privacy/posture', { timeout: 90_000 }, () => {
  it('counts shared and blocked personal data by week, class and type, reveals per person and justification category, top channels', async () => {
    const { channelId } = await activity();
    const res = await call<Posture>(srv, officer.token, 'GET', '/api/v1/privacy/posture');
    expect(res.status).toBe(200);
    const week = weekOf(new Date().toISOString());
    expect(res.body.shared).toEqual([{ week, channelClass: 'team', entityType: 'EMAIL_ADDRESS', count: 1 }]);
    expect(res.body.blocked).toEqual([{ week, channelClass: 'broad', entityType: 'PHONE_NUMBER', count: 1 }]);
    expect(res.body.reveals.byPerson).toEqual([{ actorId: other.id, granted: 1, denied: 1, flagged: 0 }]);
    expect(res.body.reveals.byJustification).toEqual(expect.arrayContaining([{ category: 'case_work', count: 1 }, { category: 'other', count: 1 }]));
    expect(res.body.topChannels[0]).toMatchObject({ channelId, channelClass: 'team', members: 2, findings: 1, exposure: 2 });
    const text = JSON.stringify(res.body);
    for (const raw of ['jane.roe', '202-555-0147', 'complaint case 1234', 'curious']) expect(text).not.toContain(raw);
  });

  it('downloads the same numbers as CSV, and refuses other roles', async () => {
    await activity();
    const csv = await fetch(`${srv.url}/api/v1/privacy/posture?format=csv`, { headers: { authorization: `Bearer ${officer.token}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/u);
    const body = await csv.text();
    expect(body.split('\r\n')[0]).toBe('section,week,channel_class,entity_type,key,count');
    expect(body).toContain(`shared,${weekOf(new Date().toISOString())},team,EMAIL_ADDRESS,,1`);
    expect((await call(srv, agent.token, 'GET', '/api/v1/privacy/posture')).status).toBe(403);
    expect((await call(srv, officer.token, 'GET', '/api/v1/privacy/posture?from=2026-13-99')).status).toBe(400);
  });

  it('sorts justifications into categories and weeks onto Mondays', () => {
    expect(justificationCategory('Subpoena from court, ref 12')).toBe('legal');
    expect(justificationCategory('QA review of agent work')).toBe('quality_review');
    expect(justificationCategory('verify the account owner')).toBe('verification');
    expect(justificationCategory('just looking around')).toBe('other');
    expect(weekOf('2026-12-06T23:00:00.000Z')).toBe('2026-11-30');
    expect(weekOf('2026-11-30T00:00:00.000Z')).toBe('2026-11-30');
  });
});
