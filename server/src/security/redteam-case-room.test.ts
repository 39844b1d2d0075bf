/**
 * Red team: an assignee could add any colleague to a case room with `POST /channels/:id/members`;
 * the newcomer, never assigned to the case, then read the room's messages. Case-room membership
 * follows the case's assignees only: the add is refused (403) and the colleague still gets 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from '../routes/intake/test-helpers.ts';

describe('case rooms admit assignees only', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let lead: TestUser;

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
    lead = await makeUser(srv, { name: 'Lea Lead', role: 'lead' });
  });
  afterAll(async () => srv.close());

  it('an assignee cannot add an unassigned colleague to the case room', async () => {
    const created = await postReport(srv, await makeIntegration(srv), fakeReport());
    const caseId = String(created.body.caseId);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: ada.id })).status).toBe(204);
    const c = await call<{ roomChannelId: string }>(srv, ada.token, 'GET', `/api/v1/cases/${caseId}`);
    const room = c.body.roomChannelId;
    await post(srv, ada, room, 'the reported account wrote again');
    const add = await call<{ error: { code: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${room}/members`, { userId: bob.id });
    expect(add.status).toBe(403);
    expect(add.body.error.code).toBe('case_room_members_follow_assignment');
    expect((await call(srv, bob.token, 'GET', `/api/v1/channels/${room}/messages`)).status).toBe(404);
  });
});
