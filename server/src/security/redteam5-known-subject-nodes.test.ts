/**
 * Red team 5 (issue 10): a data subject received by one node must be known to every node within a
 * second. Each node holds its own known-subject index; the other node learned new subjects only
 * at its next start, so there a known subject's e-mail posted in a team channel became a plain
 * EMAIL_ADDRESS token that any member — not only the case's assignees — could reveal.
 *
 * "Another node" here is an intake written into this server's database with an index that is
 * not this server's (exactly what a second process does); this server must pick it up by itself.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownSubjectIndex } from '@enclave/pii';
import { receiveReport } from '../services/cases/intake.ts';
import { eraseSubject } from '../services/cases/subject-privacy.ts';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { fakeReport, makeIntegration } from '../routes/intake/test-helpers.ts';

let srv: TestServer;
let bob: TestUser;
let dave: TestUser;
let channelId: string;

beforeAll(async () => {
  srv = await startServer();
  bob = await makeUser(srv);
  dave = await makeUser(srv);
  channelId = (await makeChannel(srv, bob, { members: [dave] })).id;
});
afterAll(() => srv?.close());

type Posted = { message: { entities: Array<{ entityType: string; token: string }> } };

describe('a subject received by another node', () => {
  it("is matched here within a second: its value is the subject's, not revealable by any member", async () => {
    const integration = await makeIntegration(srv);
    const report = fakeReport();
    const accounts = report.accounts as Array<Record<string, unknown>>;
    const email = String(accounts[1]?.email);
    // The other node: same database, its own index.
    const otherNode = new KnownSubjectIndex(randomBytes(32));
    await srv.ctx.write((uow) =>
      receiveReport(uow, { vault: srv.ctx.privacy.vault, analyze: (t) => srv.ctx.privacy.analyze(t), index: otherNode }, { integrationId: integration.id, report: report as never }),
    );
    expect(otherNode.match(`mail ${email}`)).toHaveLength(1);

    await new Promise((r) => setTimeout(r, 1200));
    const posted = await call<Posted>(srv, bob.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text: `please contact ${email} today` });
    expect(posted.status).toBe(201);
    const entity = posted.body.message.entities[0];
    expect(entity?.entityType).toBe('KNOWN_SUBJECT');
    const reveal = await call(srv, dave.token, 'POST', '/api/v1/reveal', { token: entity?.token, justification: 'checking the complaint once more' });
    expect(reveal.status).toBe(403);
  });

  it('erased by another node: its values are no longer matched here — posting one was a 500 on every later message', async () => {
    const integration = await makeIntegration(srv);
    const report = fakeReport();
    const accounts = report.accounts as Array<Record<string, unknown>>;
    const email = String(accounts[1]?.email).replace('@', `.${Date.now().toString(36)}@`);
    accounts[1] = { ...accounts[1], email };
    // received by this node (its index learns the subject) ...
    const { caseId } = await srv.ctx.write((uow) =>
      receiveReport(uow, { vault: srv.ctx.privacy.vault, analyze: (t) => srv.ctx.privacy.analyze(t), index: srv.ctx.privacy.knownSubjects }, { integrationId: integration.id, report: report as never }),
    );
    const subject = await srv.ctx.db.selectFrom('case_subjects').select('subject_id').where('case_id', '=', caseId).where('role', '=', 'reported').executeTakeFirstOrThrow();
    const before = await call<Posted>(srv, bob.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text: `mail ${email} first` });
    expect(before.body.message.entities[0]?.entityType).toBe('KNOWN_SUBJECT');
    // ... erased by another node (which rebuilds only its own index)
    await srv.ctx.write((uow) => eraseSubject(uow, srv.ctx.privacy.vault, { subjectId: subject.subject_id, actor: 'test' }));

    await new Promise((r) => setTimeout(r, 1200));
    const after = await call<Posted>(srv, bob.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text: `mail ${email} again` });
    expect(after.status).toBe(201);
    expect(after.body.message.entities.map((e) => e.entityType)).toEqual(['EMAIL_ADDRESS']);
  });
  it('erased by another node, posted before this node polled: 503 subject_erased, nothing stored (was a 500)', async () => {
    const integration = await makeIntegration(srv);
    const report = fakeReport();
    const accounts = report.accounts as Array<Record<string, unknown>>;
    const email = String(accounts[1]?.email).replace('@', `.w${Date.now().toString(36)}@`);
    accounts[1] = { ...accounts[1], email };
    const { caseId } = await srv.ctx.write((uow) =>
      receiveReport(uow, { vault: srv.ctx.privacy.vault, analyze: (t) => srv.ctx.privacy.analyze(t), index: srv.ctx.privacy.knownSubjects }, { integrationId: integration.id, report: report as never }),
    );
    const subject = await srv.ctx.db.selectFrom('case_subjects').select('subject_id').where('case_id', '=', caseId).where('role', '=', 'reported').executeTakeFirstOrThrow();
    await srv.ctx.write((uow) => eraseSubject(uow, srv.ctx.privacy.vault, { subjectId: subject.subject_id, actor: 'test' }));
    // let this node's poll act on the erasure, then put the erased subject's value back into its
    // index: the state of a node whose poll has not run yet (deterministic, unlike racing the poll)
    await new Promise((r) => setTimeout(r, 1200));
    srv.ctx.privacy.knownSubjects?.registerKnownValues(subject.subject_id, [email]);
    const countBefore = await srv.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', channelId).executeTakeFirstOrThrow();
    const res = await call<{ error: { code: string } }>(srv, bob.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text: `mail ${email} now` });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('subject_erased');
    expect(JSON.stringify(res.body)).not.toContain(email);
    const countAfter = await srv.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', channelId).executeTakeFirstOrThrow();
    expect(Number(countAfter.n)).toBe(Number(countBefore.n));
  });
});
