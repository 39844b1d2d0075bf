import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let officer: TestUser;
let lead: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  officer = await makeUser(srv, { role: 'privacy_officer' });
  lead = await makeUser(srv, { role: 'lead' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

interface Card {
  id: string;
  role?: string;
  legalHold: { subjectSince: string | null; cases: Array<{ caseId: string; number: number; since: string }> } | null;
}

describe('subject cards show an active legal hold', () => {
  it('null without a hold; the subject hold and the held cases while placed; null again once lifted', async () => {
    const res = await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: 'hold-1', email: 'held.person@example.com' }] }));
    const caseId = res.body.caseId as string;
    const read = async (): Promise<{ inCase: Card; found: Card; number: number }> => {
      const c = await call<{ number: number; subjects: Card[] }>(srv, lead.token, 'GET', `/api/v1/cases/${caseId}`);
      const inCase = c.body.subjects[0] as Card;
      const s = await call<{ subjects: Card[] }>(srv, officer.token, 'POST', '/api/v1/subjects/search', { kind: 'email', value: 'held.person@example.com' });
      return { inCase, found: s.body.subjects[0] as Card, number: c.body.number };
    };
    const before = await read();
    expect(before.inCase.legalHold).toBeNull();
    expect(before.found.legalHold).toBeNull();
    const subjectId = before.inCase.id;

    expect((await call(srv, officer.token, 'PUT', `/api/v1/legal-holds/case/${caseId}`)).status).toBe(204);
    const caseHeld = await read();
    expect(caseHeld.inCase.legalHold).toEqual({ subjectSince: null, cases: [{ caseId, number: before.number, since: expect.any(String) as string }] });
    expect(caseHeld.found.legalHold).toEqual(caseHeld.inCase.legalHold);

    expect((await call(srv, officer.token, 'PUT', `/api/v1/legal-holds/subject/${subjectId}`)).status).toBe(204);
    const both = await read();
    expect(both.inCase.legalHold?.subjectSince).toEqual(expect.any(String));
    expect(both.inCase.legalHold?.cases).toHaveLength(1);

    expect((await call(srv, officer.token, 'DELETE', `/api/v1/legal-holds/case/${caseId}`)).status).toBe(204);
    expect((await read()).inCase.legalHold).toEqual({ subjectSince: both.inCase.legalHold?.subjectSince, cases: [] });
    expect((await call(srv, officer.token, 'DELETE', `/api/v1/legal-holds/subject/${subjectId}`)).status).toBe(204);
    expect((await read()).found.legalHold).toBeNull();
  });
});
