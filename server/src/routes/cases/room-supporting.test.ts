import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let lead: TestUser;
let agent: TestUser;
let integ: { id: string; secret: string };

beforeAll(async () => {
  srv = await startServer();
  lead = await makeUser(srv, { role: 'lead' });
  agent = await makeUser(srv, { role: 'agent' });
  integ = await makeIntegration(srv);
});
afterAll(async () => {
  await srv.close();
});

interface Posted {
  id: string;
  text: string;
  entities: Array<{ entityType: string; token: string }>;
}

const known = (m: Posted): number => m.entities.filter((e) => e.entityType === 'KNOWN_SUBJECT').length;

describe("supporting values inside the subject's case room", () => {
  it('match alone in the room of a case that has the subject, not in a team channel without a primary match nearby', async () => {
    const res = await postReport(
      srv,
      integ,
      fakeReport({
        accounts: [{ role: 'reported', accountId: 'supp-1', email: 'quill.supp@example.com', country: 'Liechtenstein', city: 'Vaduz', dateOfBirth: '1990-04-12' }],
      }),
    );
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: agent.id })).status).toBe(204);
    const c = await call<{ roomChannelId: string }>(srv, agent.token, 'GET', `/api/v1/cases/${caseId}`);
    const room = c.body.roomChannelId;
    const text = 'They said Vaduz, born 1990-04-12, nothing else';

    const inRoom = (await post(srv, agent, room, text)) as Posted;
    expect(known(inRoom)).toBe(2);
    expect(inRoom.text).not.toContain('Vaduz');
    expect(inRoom.text).not.toContain('1990-04-12');

    const team = await makeChannel(srv, agent, { members: [lead] });
    const inTeam = (await post(srv, agent, team.id, text)) as Posted;
    expect(known(inTeam)).toBe(0);

    // near a primary value of the same subject they match in the team channel too
    const near = (await post(srv, agent, team.id, `quill.supp@example.com is from Vaduz`)) as Posted;
    expect(known(near)).toBe(2);
    expect(near.text).not.toContain('Vaduz');
  });

  it("do not match alone in another case's room", async () => {
    await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: 'supp-2', email: 'wren.supp@example.com', city: 'Schaan' }] }));
    const other = await postReport(srv, integ, fakeReport({ accounts: [{ role: 'reported', accountId: 'supp-3', email: 'ash.supp@example.com' }] }));
    const caseId = other.body.caseId as string;
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: agent.id })).status).toBe(204);
    const c = await call<{ roomChannelId: string }>(srv, agent.token, 'GET', `/api/v1/cases/${caseId}`);
    const m = (await post(srv, agent, c.body.roomChannelId, 'They said Schaan, nothing else')) as Posted;
    expect(known(m)).toBe(0);
  });
});
