import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../../routes/intake/test-helpers.ts';
import { retentionPass } from './retention-job.ts';

let srv: TestServer;
let officer: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  officer = await makeUser(srv, { role: 'privacy_officer' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

const J = 'Retention test: checking the value';
const DAY = 86_400_000;

async function closedCase(accountId: string, closedDaysAgo: number, category = 'harassment'): Promise<{ caseId: string; subjectId: string }> {
  const res = await postReport(srv, integ, fakeReport({ category, text: 'Mail me at 192.0.2.9', accounts: [{ role: 'reported', accountId, email: `${accountId}@example.com` }] }));
  const caseId = res.body.caseId as string;
  const closedAt = new Date(Date.now() - closedDaysAgo * DAY).toISOString();
  await srv.ctx.write((uow) => uow.db.updateTable('cases').set({ status: 'closed', closed_at: closedAt }).where('id', '=', caseId).execute());
  const link = await srv.ctx.db.selectFrom('case_subjects').select('subject_id').where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return { caseId, subjectId: link.subject_id };
}

const reveal = (subjectId: string) => call(srv, officer.token, 'POST', `/api/v1/subjects/${subjectId}/reveal`, { field: 'email', justification: J });

describe('retention', () => {
  it('destroys subjects of closed cases past retention, except under legal hold or when another live case needs them', async () => {
    const old = await closedCase('ret-old', 91);
    const recent = await closedCase('ret-recent', 10);
    const held = await closedCase('ret-held', 200);
    const shared = await closedCase('ret-shared', 200);
    const live = await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: 'ret-shared' }] }));
    expect(live.status).toBe(201);
    expect((await call(srv, officer.token, 'PUT', `/api/v1/legal-holds/case/${held.caseId}`)).status).toBe(204);

    const out = await retentionPass(srv.ctx);
    expect(out.cases.sort()).toEqual([old.caseId, shared.caseId].sort());
    expect(out.subjects).toEqual([old.subjectId]);
    expect((await reveal(old.subjectId)).status).toBe(410);
    expect((await reveal(recent.subjectId)).status).toBe(200);
    expect((await reveal(held.subjectId)).status).toBe(200);
    expect((await reveal(shared.subjectId)).status).toBe(200);
    const audit = await srv.ctx.db.selectFrom('audit_events').select('target').where('action', '=', 'retention.purge').execute();
    expect(audit.map((a) => a.target).sort()).toEqual([`case:${old.caseId}`, `case:${shared.caseId}`].sort());
    // a second pass finds nothing new
    expect(await retentionPass(srv.ctx)).toEqual({ cases: [], subjects: [] });
  });

  it('follows the category retention set in the routing rule', async () => {
    const q = await srv.ctx.db.selectFrom('queues').select('id').executeTakeFirstOrThrow();
    const lead = await makeUser(srv, { role: 'lead' });
    expect((await call(srv, lead.token, 'PUT', '/api/v1/routing/spam', { queueId: q.id, retentionDays: 7 })).status).toBe(204);
    const spam = await closedCase('ret-spam', 8, 'spam');
    const other = await closedCase('ret-other', 8, 'other');
    const out = await retentionPass(srv.ctx);
    expect(out.cases).toEqual([spam.caseId]);
    expect((await reveal(other.subjectId)).status).toBe(200);
  });
});
