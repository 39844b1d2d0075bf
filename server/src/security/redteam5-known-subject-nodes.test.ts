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
});
