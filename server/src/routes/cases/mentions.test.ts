import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { caseMentionNumbers } from '../../services/cases/case-mentions.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let lead: TestUser;
let agent: TestUser;
let outsider: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  lead = await makeUser(srv, { role: 'lead' });
  agent = await makeUser(srv, { role: 'agent' });
  outsider = await makeUser(srv, { role: 'agent' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

interface Mention {
  number: number;
  category: string;
  status: string;
  caseId?: string;
}

describe('case mentions in team channels', () => {
  it('finds `case #N` mentions (any case, optional space, distinct, in order)', () => {
    expect(caseMentionNumbers('see Case #12 and case#3, again case #12; not #7 nor showcase #9 nor case #0')).toEqual([12, 3]);
  });

  it('shows members of a team channel only number, category and state; the case id only to those who may open it', async () => {
    const res = await postReport(srv, integ, fakeReport({ category: 'impersonation' }));
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    const full = await call<{ number: number }>(srv, lead.token, 'GET', `/api/v1/cases/${caseId}`);
    const number = full.body.number;
    const team = await makeChannel(srv, lead, { members: [agent] });
    const m = await post(srv, lead, team.id, `Heads-up: case #${number} and case #99999 need a second look`);

    // the agent is in no queue and not assigned: number, category and state only
    const seen = await call<{ cases: Mention[] }>(srv, agent.token, 'GET', `/api/v1/messages/${m.id}/case-mentions`);
    expect(seen.status).toBe(200);
    expect(seen.body.cases).toEqual([{ number, category: 'impersonation', status: 'open' }]);
    const raw = JSON.stringify(seen.body);
    for (const leak of ['mallory', 'Mallory', 'jane', 'example.com', '555', '192.0.2', 'acc-', 'subject', 'threats']) expect(raw).not.toContain(leak);

    // the lead may open the case: the pill links to it
    const byLead = await call<{ cases: Mention[] }>(srv, lead.token, 'GET', `/api/v1/messages/${m.id}/case-mentions`);
    expect(byLead.body.cases).toEqual([{ number, category: 'impersonation', status: 'open', caseId }]);

    // the state follows the case
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: agent.id })).status).toBe(204);
    const after = await call<{ cases: Mention[] }>(srv, agent.token, 'GET', `/api/v1/messages/${m.id}/case-mentions`);
    expect(after.body.cases).toEqual([{ number, category: 'impersonation', status: 'assigned', caseId }]);

    // someone who cannot read the message learns nothing (same 404 as the message)
    const denied = await call(srv, outsider.token, 'GET', `/api/v1/messages/${m.id}/case-mentions`);
    expect(denied.status).toBe(404);
  });
});
