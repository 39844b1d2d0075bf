/**
 * Red team: defanged IP addresses (`192[.]0[.]2[.]44`, `192 . 0 . 2 . 44`, `192·0·2·44`, the way
 * abuse reports write them) went raw into a public channel and were stored raw in private ones.
 * They are addresses: refused in broad channels, tokenized (and revealable) elsewhere.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { scanDatabaseFiles } from './helpers.ts';

type Msg = { id: string; text: string; entities: { entityType: string; token: string }[] };
const FORMS = ['192[.]0[.]2[.]44', '192(.)0(.)2(.)44', '192[dot]0[dot]2[dot]44', '192 . 0 . 2 . 44', '192 dot 0 dot 2 dot 44', '192\u00b70\u00b72\u00b744'];

describe('defanged IP addresses are protected', () => {
  let srv: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let pub: { id: string };
  let priv: { id: string };

  beforeAll(async () => {
    srv = await startServer({ limits: { messages: 10_000 } });
    ada = await makeUser(srv, { name: 'Ada Author' });
    bob = await makeUser(srv, { name: 'Bob Reader' });
    pub = await makeChannel(srv, ada, { visibility: 'public', members: [bob] });
    priv = await makeChannel(srv, ada, { members: [bob] });
  });
  afterAll(async () => srv.close());

  it.each(FORMS)('%j is refused in a public channel', async (ip) => {
    const r = await call<{ error: { code: string; findings: { entityType: string }[] } }>(srv, ada.token, 'POST', `/api/v1/channels/${pub.id}/messages`, { text: `abuse from ${ip} again` });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('personal_data_blocked');
    expect(r.body.error.findings.map((f) => f.entityType)).toContain('IP_ADDRESS');
  });

  it.each(FORMS)('%j is tokenized in a private channel and reveals as written', async (ip) => {
    const r = await call<{ message: Msg }>(srv, ada.token, 'POST', `/api/v1/channels/${priv.id}/messages`, { text: `abuse from ${ip} again` });
    expect(r.status).toBe(201);
    expect(r.body.message.text).toBe('abuse from [IP_ADDRESS] again');
    const token = r.body.message.entities[0]?.token ?? '';
    const shown = await call<{ value: string }>(srv, bob.token, 'POST', '/api/v1/reveal', { token, justification: 'checking the abuse report' });
    expect(shown.body.value).toBe(ip);
  });

  it('no defanged form is in the database file', async () => {
    expect(scanDatabaseFiles(join(srv.dir, 'data', 'enclave.sqlite'), FORMS)).toEqual([]);
  });
});
