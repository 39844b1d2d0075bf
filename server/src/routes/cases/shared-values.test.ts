import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let lead: TestUser;
let agentA: TestUser;
let agentB: TestUser;
let bystander: TestUser;
let officer: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  lead = await makeUser(srv, { role: 'lead' });
  agentA = await makeUser(srv, { role: 'agent' });
  agentB = await makeUser(srv, { role: 'agent' });
  bystander = await makeUser(srv, { role: 'agent' });
  officer = await makeUser(srv, { role: 'privacy_officer' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

const J = 'Case check: shared contact value';

async function caseOf(accountId: string): Promise<{ caseId: string; subjectId: string }> {
  const res = await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId, email: 'shared.household@example.com', phone: accountId === 'share-a' ? '+1 201-555-0131' : '+1 201-555-0132' }] }));
  expect(res.status).toBe(201);
  const caseId = res.body.caseId as string;
  const c = await call<{ subjects: Array<{ id: string }> }>(srv, lead.token, 'GET', `/api/v1/cases/${caseId}`);
  return { caseId, subjectId: c.body.subjects[0]?.id as string };
}

describe('a value two subjects share', () => {
  it('names both subjects: assignees of either case may reveal; erasing one erases the shared copy, not the other card', async () => {
    const a = await caseOf('share-a');
    const b = await caseOf('share-b');
    expect(a.subjectId).not.toBe(b.subjectId);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${a.caseId}/assignees`, { userId: agentA.id })).status).toBe(204);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${b.caseId}/assignees`, { userId: agentB.id })).status).toBe(204);

    const team = await makeChannel(srv, bystander, { members: [agentA, agentB] });
    const m = (await post(srv, bystander, team.id, 'anyone know SHARED.household@example.com ?')) as { id: string; text: string; entities: Array<{ entityType: string; token: string }> };
    const tok = m.entities.find((e) => e.entityType === 'KNOWN_SUBJECT')?.token as string;
    expect(tok).toBeDefined();

    // the assignee of the SECOND subject's case has need-to-know too (before: 403 known_subject)
    const byB = await call<{ value: string }>(srv, agentB.token, 'POST', '/api/v1/reveal', { token: tok, justification: J });
    expect(byB.status).toBe(200);
    expect(byB.body.value).toBe('SHARED.household@example.com');
    expect((await call(srv, agentA.token, 'POST', '/api/v1/reveal', { token: tok, justification: J })).status).toBe(200);
    expect((await call(srv, bystander.token, 'POST', '/api/v1/reveal', { token: tok, justification: J })).status).toBe(403);

    // the reveal shows in both subjects' access reports
    for (const s of [a.subjectId, b.subjectId]) {
      const rep = await call<{ events: Array<{ actorId: string; outcome: string }> }>(srv, officer.token, 'GET', `/api/v1/subjects/${s}/access-report`);
      expect(rep.body.events.some((e) => e.actorId === agentB.id && e.outcome === 'success')).toBe(true);
    }

    // erasing subject B reaches the shared copy in the message (even though it is kept in A's scope) ...
    expect((await call(srv, officer.token, 'POST', '/api/v1/privacy/erasure', { subjectId: b.subjectId })).status).toBe(200);
    expect((await call(srv, agentA.token, 'POST', '/api/v1/reveal', { token: tok, justification: J })).status).toBe(410);
    // ... while A's card keeps its own copy
    const card = await call<{ value: string }>(srv, agentA.token, 'POST', `/api/v1/subjects/${a.subjectId}/reveal`, { field: 'email', justification: J });
    expect(card.status).toBe(200);
    expect(card.body.value).toBe('shared.household@example.com');
    expect((await call(srv, agentA.token, 'POST', `/api/v1/subjects/${a.subjectId}/reveal`, { field: 'phone', justification: J })).body).toEqual({ value: '+1 201-555-0131', entityType: 'PHONE_NUMBER', flagged: false });
  });
});
