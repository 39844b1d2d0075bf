/**
 * Walks every role × every action of `PERMISSIONS` through the HTTP API: `yes` is allowed without
 * any relation to the case; `no` is refused even when the user is assigned to the case and in its
 * queue; `assigned`/`queue` are refused without the relation and allowed with it; `flagged` is
 * allowed and flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../../routes/intake/test-helpers.ts';
import { ensureQueue } from './queues.ts';
import { ACTIONS, PERMISSIONS, ROLES, type Action, type Grant, type Role } from './permissions.ts';

let srv: TestServer;
let integ: { id: string; secret: string };
let spare: TestUser;
let n = 0;

beforeAll(async () => {
  srv = await startServer();
  integ = await makeIntegration(srv);
  spare = await makeUser(srv, { role: 'agent' });
});
afterAll(async () => {
  await srv.close();
});

interface Fixture {
  caseId: string;
  subjectId: string;
  queueId: string;
}

async function fixture(): Promise<Fixture> {
  n += 1;
  const res = await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: `matrix-${n}`, email: `matrix${n}@example.com` }] }));
  const caseId = res.body.caseId as string;
  // each fixture in its own queue, so a relation made for one probe never leaks into another
  const queueId = await srv.ctx.write(async (uow) => {
    const q = await ensureQueue(uow.db, `matrix-queue-${n}`);
    await uow.db.updateTable('cases').set({ queue_id: q.id }).where('id', '=', caseId).execute();
    return q.id;
  });
  const link = await srv.ctx.db.selectFrom('case_subjects').select('subject_id').where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return { caseId, subjectId: link.subject_id, queueId };
}

async function relate(user: TestUser, f: Fixture, how: 'assigned' | 'queue' | 'both'): Promise<void> {
  await srv.ctx.write(async (uow) => {
    if (how !== 'assigned') await uow.db.insertInto('queue_members').values({ queue_id: f.queueId, user_id: user.id }).onConflict((oc) => oc.doNothing()).execute();
    if (how !== 'queue') await uow.db.insertInto('case_assignees').values({ case_id: f.caseId, user_id: user.id, kind: 'assignee', created_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
  });
}

const J = 'Matrix test: checking access';

/** Performs `action` as `user` (null = the integration principal); returns the status and body. */
async function probe(action: Action, user: TestUser | null, f: Fixture): Promise<{ status: number; body: Record<string, unknown> }> {
  const t = user?.token ?? null;
  switch (action) {
    case 'intake.send':
      if (!user) return postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: `intake-${++n}` }] }));
      return call(srv, t, 'POST', '/api/v1/intake/reports', fakeReport());
    case 'integration.manage':
      return call(srv, t, 'POST', '/api/v1/integrations', { name: 'probe' });
    case 'case.list': {
      // listing is filtered, not refused: "allowed" means the case is in the caller's list
      const r = await call<{ cases?: Array<{ id: string }> }>(srv, t, 'GET', '/api/v1/cases?limit=200');
      return { status: r.status === 200 && !r.body.cases?.some((c) => c.id === f.caseId) ? 404 : r.status, body: r.body };
    }
    case 'case.view':
      return call(srv, t, 'GET', `/api/v1/cases/${f.caseId}`);
    case 'case.assign':
      return call(srv, t, 'POST', `/api/v1/cases/${f.caseId}/assignees`, { userId: spare.id });
    case 'case.take':
      return call(srv, t, 'POST', `/api/v1/cases/${f.caseId}/assignees`, { userId: user?.id ?? spare.id });
    case 'case.update':
      return call(srv, t, 'PATCH', `/api/v1/cases/${f.caseId}`, { priority: 'low' });
    case 'routing.edit':
      return call(srv, t, 'PUT', '/api/v1/routing/other', { queueId: f.queueId });
    case 'subject.reveal':
      return call(srv, t, 'POST', `/api/v1/subjects/${f.subjectId}/reveal`, { field: 'email', justification: J });
    case 'subject.access_report':
      return call(srv, t, 'GET', `/api/v1/subjects/${f.subjectId}/access-report`);
    case 'subject.erase':
      return call(srv, t, 'POST', '/api/v1/privacy/erasure', { subjectId: f.subjectId });
  }
}

const allowed = (s: number) => s >= 200 && s < 300;
const refused = (s: number) => [400, 401, 403, 404].includes(s);

describe('roles × actions matrix (permissions.ts)', () => {
  it('covers every role and action; no role alone grants a raw value', () => {
    for (const a of ACTIONS) expect(Object.keys(PERMISSIONS[a]).sort()).toEqual([...ROLES].sort());
    for (const r of ROLES) expect(PERMISSIONS['subject.reveal'][r]).not.toBe('yes');
  });

  for (const role of ROLES) {
    it(`role ${role}`, async () => {
      const user = role === 'integration' ? null : await makeUser(srv, { role });
      for (const action of ACTIONS) {
        const grant: Grant = PERMISSIONS[action][role as Role];
        const label = `${role} × ${action} (${grant})`;
        if (grant === 'yes' || grant === 'flagged') {
          const r = await probe(action, user, await fixture());
          expect(allowed(r.status), `${label}: ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
          if (grant === 'flagged') expect(r.body.flagged, label).toBe(true);
          continue;
        }
        const plain = await probe(action, user, await fixture());
        expect(refused(plain.status), `${label} without relation: ${plain.status}`).toBe(true);
        if (!user) continue;
        const f = await fixture();
        await relate(user, f, grant === 'no' ? 'both' : grant);
        const related = await probe(action, user, f);
        if (grant === 'no') expect(refused(related.status), `${label} with relation: ${related.status}`).toBe(true);
        else expect(allowed(related.status), `${label} with relation: ${related.status} ${JSON.stringify(related.body)}`).toBe(true);
      }
    }, 120_000);
  }
});
