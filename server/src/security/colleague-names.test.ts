/**
 * Issue 7 item 10: colleagues are not data subjects. Names (display names, unambiguous first
 * names) and @handles of active staff pass in public channels and stay unchipped in team channels;
 * the staff-name index follows changes to the users table; a name shared by two colleagues is not
 * exempt by first name; a value that is also a known data subject's value is never exempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownSubjectIndex } from '@enclave/pii';
import { call, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';

type Msg = { id: string; text: string; entities: Array<{ entityType: string }> };

describe('colleagues are not data subjects', () => {
  let srv: TestServer;
  let ada: TestUser;
  let pub: { id: string };
  let team: { id: string };
  const known = new KnownSubjectIndex('enclave-test-known-subject-key-0007');
  known.registerKnownValues('subj7', ['Quinn Example-Subject']);

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 }, privacy: { knownSubjects: known, staffNameCheckMs: 0 } });
    ada = await makeUser(srv, { name: 'Ada Lovelace' });
    await makeUser(srv, { name: 'Alice Smith', email: 'alice.smith@example.com' });
    await makeUser(srv, { name: 'Priya Raman' });
    await makeUser(srv, { name: 'Sam Lee' });
    await makeUser(srv, { name: 'Sam Ortiz' });
    await makeUser(srv, { name: 'Quinn Example-Subject' });
    pub = await makeChannel(srv, ada, { visibility: 'public' });
    team = await makeChannel(srv, ada);
  });
  afterAll(async () => srv.close());

  const send = (channelId: string, text: string) => call<{ message: Msg; error?: { code: string } }>(srv, ada.token, 'POST', `/api/v1/channels/${channelId}/messages`, { text });

  it('greetings and thanks naming colleagues pass in a public channel and are not chipped in a team channel', async () => {
    for (const text of ['Hi Alice, can you cover my shift?', 'Welcome Priya to the team!', 'Thanks Alice Smith for the help', 'ping @alice.smith please', 'ping @Priya Raman please']) {
      const r = await send(pub.id, text);
      expect(r.status, text).toBe(201);
      expect(r.body.message.text).toBe(text);
      expect(((await post(srv, ada, team.id, text)) as unknown as Msg).entities, text).toEqual([]);
    }
    // the composer preview agrees with the guard
    const preview = await call<{ findings: unknown[] }>(srv, ada.token, 'POST', '/api/v1/analyze', { channelId: pub.id, text: 'Welcome Priya to the team!' });
    expect(preview.body.findings).toEqual([]);
  });

  it('a new colleague is exempt as soon as the account exists; names of non-staff are still protected', async () => {
    expect((await send(pub.id, 'Welcome Zanele to the team!')).status).toBe(422);
    await makeUser(srv, { name: 'Zanele Okafor' });
    expect((await send(pub.id, 'Welcome Zanele to the team!')).status).toBe(201);
    const other = await send(pub.id, 'Hi Marcus, can you cover my shift?');
    expect(other.status).toBe(422);
  });

  it('a first name shared by two colleagues is not exempt by first name alone', async () => {
    expect((await send(pub.id, 'Thanks Sam')).status).toBe(422);
    expect((await send(pub.id, 'Thanks Sam Ortiz')).status).toBe(201);
  });

  it("a colleague's name that is also a known data subject's value stays protected", async () => {
    const m = (await post(srv, ada, team.id, 'talked to Quinn Example-Subject today')) as unknown as Msg;
    expect(m.entities.map((e) => e.entityType)).toEqual(['KNOWN_SUBJECT']);
  });
});
