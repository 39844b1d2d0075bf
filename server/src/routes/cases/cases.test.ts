import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let lead: TestUser;
let agent: TestUser;
let other: TestUser;
let officer: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  lead = await makeUser(srv, { role: 'lead' });
  agent = await makeUser(srv, { role: 'agent' });
  other = await makeUser(srv, { role: 'agent' });
  officer = await makeUser(srv, { role: 'privacy_officer' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

interface CaseBody {
  id: string;
  number: number;
  status: string;
  queue: string;
  assignees: string[];
  roomChannelId: string | null;
  subjects: Array<{ id: string; role: string; erased: boolean; fields: Record<string, string> }>;
}

const J = 'Case #1: checking the reported account';

async function newCase(accounts: unknown[]): Promise<CaseBody> {
  const res = await postReport(srv, integ, fakeReport({ accounts }));
  expect(res.status).toBe(201);
  const c = await call<CaseBody>(srv, lead.token, 'GET', `/api/v1/cases/${res.body.caseId as string}`);
  expect(c.status).toBe(200);
  return c.body;
}

describe('cases: queue, assignment, case room, need-to-know reveal, access report, erasure', () => {
  it('walks the whole flow', async () => {
    const c = await newCase([
      { role: 'reporter', accountId: 'flow-rep', displayName: 'Jane Roe', email: 'jane.roe@example.com' },
      { role: 'reported', accountId: 'flow-bad', email: 'kim.bad@example.com', phone: '+1 201-555-0147', ipAddresses: ['192.0.2.44'] },
    ]);
    expect(c).toMatchObject({ status: 'open', queue: 'triage', assignees: [], roomChannelId: null });
    const reported = c.subjects.find((s) => s.role === 'reported');
    expect(reported?.fields).toEqual({ accountId: 'f▪▪▪ad', email: 'k▪▪▪@example.com', phone: '+1 ▪▪▪-▪▪▪-0147', ipAddresses: '▪▪▪.▪▪▪.▪▪▪.44' });
    const subjectId = reported?.id as string;

    const list = await call<{ cases: CaseBody[]; hasMore: boolean }>(srv, lead.token, 'GET', '/api/v1/cases?status=open&queue=triage');
    expect(list.status).toBe(200);
    expect(list.body.cases.map((x) => x.id)).toContain(c.id);
    expect(JSON.stringify(list.body)).not.toContain('kim.bad');

    // an agent outside the queue does not see it; the lead assigns
    expect((await call(srv, agent.token, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await call(srv, agent.token, 'POST', `/api/v1/cases/${c.id}/assignees`, { userId: agent.id })).status).toBe(404);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${c.id}/assignees`, { userId: agent.id })).status).toBe(204);
    const assigned = (await call<CaseBody>(srv, agent.token, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(assigned).toMatchObject({ status: 'assigned', assignees: [agent.id] });
    const room = await call<{ class: string; visibility: string }>(srv, agent.token, 'GET', `/api/v1/channels/${assigned.roomChannelId as string}`);
    expect(room.status).toBe(200);
    expect(room.body).toMatchObject({ class: 'case_room', visibility: 'private' });
    expect((await call(srv, other.token, 'GET', `/api/v1/channels/${assigned.roomChannelId as string}`)).status).toBe(404);
    const byAssignee = await call<{ cases: CaseBody[] }>(srv, lead.token, 'GET', `/api/v1/cases?assignee=${agent.id}`);
    expect(byAssignee.body.cases.map((x) => x.id)).toEqual([c.id]);

    // need-to-know: the assignee reveals with a justification; others cannot; the officer is flagged
    const ip = await call<{ value: string }>(srv, agent.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'ipAddresses', justification: J });
    expect(ip).toMatchObject({ status: 200, body: { value: '192.0.2.44' } });
    expect((await call(srv, agent.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'ipAddresses', justification: 'short' })).status).toBe(403);
    expect((await call(srv, other.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'ipAddresses', justification: J })).status).toBe(403);
    expect((await call(srv, lead.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'phone', justification: J })).status).toBe(403);
    const po = await call<{ value: string; flagged: boolean }>(srv, officer.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'phone', justification: 'Subject access request #7' });
    expect(po.body).toMatchObject({ value: '+1 201-555-0147', flagged: true });

    // a colleague pastes the phone, typed differently, into a team channel: a chip they cannot reveal
    const team = await makeChannel(srv, other, { members: [agent] });
    const msg = await call<{ message: { text: string; entities: Array<{ entityType: string; token: string }> } }>(srv, other.token, 'POST', `/api/v1/channels/${team.id}/messages`, {
      text: 'their number is (201) 555 0147 fyi',
    });
    expect(msg.status).toBe(201);
    expect(msg.body.message.text).not.toContain('555');
    const chip = msg.body.message.entities.find((e) => e.entityType === 'KNOWN_SUBJECT');
    expect(chip).toBeDefined();
    const token = chip?.token as string;
    expect((await call(srv, other.token, 'POST', '/api/v1/reveal', { token, justification: J })).status).toBe(403);
    expect((await call(srv, other.token, 'GET', `/api/v1/vault/tokens/${token}`)).body).toMatchObject({ entityType: 'KNOWN_SUBJECT', revealable: false });
    expect((await call(srv, agent.token, 'GET', `/api/v1/vault/tokens/${token}`)).body).toMatchObject({ revealable: true });
    expect((await call<{ value: string }>(srv, agent.token, 'POST', '/api/v1/reveal', { token, justification: J })).body.value).toBe('(201) 555 0147');

    // unassigning removes from the room at once and ends need-to-know
    expect((await call(srv, lead.token, 'DELETE', `/api/v1/cases/${c.id}/assignees/${agent.id}`)).status).toBe(204);
    expect((await call(srv, agent.token, 'GET', `/api/v1/channels/${assigned.roomChannelId as string}`)).status).toBe(404);
    expect((await call(srv, agent.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'ipAddresses', justification: J })).status).toBe(403);

    // access report (JSON and CSV) lists the reveals with case, field and outcome
    expect((await call(srv, lead.token, 'GET', `/api/v1/subjects/${subjectId}/access-report`)).status).toBe(403);
    const report = await call<{ subjectId: string; events: Array<Record<string, unknown>> }>(srv, officer.token, 'GET', `/api/v1/subjects/${subjectId}/access-report`);
    expect(report.body.subjectId).toBe(subjectId);
    expect(report.body.events[0]).toEqual({ at: expect.any(String), actorId: agent.id, caseId: c.id, channelId: null, field: 'ipAddresses', entityType: 'IP_ADDRESS', justification: J, outcome: 'success' });
    expect(report.body.events.filter((e) => e.outcome === 'denied').length).toBeGreaterThanOrEqual(3);
    expect(report.body.events.some((e) => e.actorId === agent.id && e.entityType === 'KNOWN_SUBJECT' && e.outcome === 'success')).toBe(true);
    const csv = await fetch(`${srv.url}/api/v1/subjects/${subjectId}/access-report?format=csv`, { headers: { authorization: `Bearer ${officer.token}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('at,actorId,caseId,channelId,field,entityType,justification,outcome');
    expect(lines).toHaveLength(report.body.events.length + 1);

    // legal hold refuses erasure; lifted, erasure reaches every copy
    expect((await call(srv, officer.token, 'PUT', `/api/v1/legal-holds/subject/${subjectId}`)).status).toBe(204);
    expect((await call(srv, officer.token, 'POST', '/api/v1/privacy/erasure', { subjectId })).status).toBe(409);
    expect((await call(srv, officer.token, 'DELETE', `/api/v1/legal-holds/subject/${subjectId}`)).status).toBe(204);
    expect((await call(srv, lead.token, 'POST', '/api/v1/privacy/erasure', { subjectId })).status).toBe(403);
    expect((await call(srv, officer.token, 'POST', '/api/v1/privacy/erasure', { subjectId })).status).toBe(200);
    expect((await call(srv, officer.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'ipAddresses', justification: J })).status).toBe(410);
    expect((await call(srv, officer.token, 'POST', '/api/v1/reveal', { token, justification: J })).status).toBe(410);
    const after = (await call<CaseBody>(srv, lead.token, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(after.subjects.find((s) => s.id === subjectId)).toMatchObject({ erased: true, fields: {} });
    expect(srv.ctx.privacy.analyze('call 201 555 0147').filter((f) => f.subjectId === subjectId)).toEqual([]);
  });

  it('assigning a deactivated user → 400 user_inactive, nothing changed', async () => {
    const c = await newCase([{ role: 'reported', accountId: 'inactive-case', email: 'someone@example.com' }]);
    const gone = await makeUser(srv, { role: 'agent' });
    await srv.ctx.write((uow) => uow.db.updateTable('users').set({ active: 0 }).where('id', '=', gone.id).execute());
    const res = await call<{ error: { code: string } }>(srv, lead.token, 'POST', `/api/v1/cases/${c.id}/assignees`, { userId: gone.id });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('user_inactive');
    const again = (await call<CaseBody>(srv, lead.token, 'GET', `/api/v1/cases/${c.id}`)).body;
    expect(again).toMatchObject({ status: 'open', assignees: [], roomChannelId: null });
  });

  it('an agent takes a case from a queue they belong to, not from another', async () => {
    const q = await call<{ id: string }>(srv, lead.token, 'POST', '/api/v1/queues', { name: 'spam-desk', slaMinutes: 60 });
    expect(q.status).toBe(201);
    expect((await call(srv, lead.token, 'PUT', '/api/v1/routing/spam', { queueId: q.body.id })).status).toBe(204);
    expect((await call(srv, lead.token, 'POST', `/api/v1/queues/${q.body.id}/members`, { userId: other.id })).status).toBe(204);
    const res = await postReport(srv, integ, fakeReport({ category: 'spam', accounts: [{ role: 'reported', accountId: 'spammer-1' }] }));
    const caseId = res.body.caseId as string;
    const listed = await call<{ cases: CaseBody[] }>(srv, other.token, 'GET', '/api/v1/cases?queue=spam-desk');
    expect(listed.body.cases.map((x) => x.id)).toEqual([caseId]);
    expect((await call(srv, agent.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: agent.id })).status).toBe(404);
    expect((await call(srv, other.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: agent.id })).status).toBe(403);
    expect((await call(srv, other.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: other.id })).status).toBe(204);
  });
});
