import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { loadPrivacySettings } from '../../services/privacy/settings.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

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

async function search(kind: string, value: string): Promise<string[]> {
  const r = await call<{ subjects: Array<{ id: string }> }>(srv, officer.token, 'POST', '/api/v1/subjects/search', { kind, value });
  expect(r.status).toBe(200);
  return r.body.subjects.map((s) => s.id);
}

describe('subject search by phone', () => {
  it('finds a subject registered in E.164 by a number typed without a country code (default region US), and one registered without', async () => {
    const res = await postReport(
      srv,
      integ,
      fakeReport({
        accounts: [
          { role: 'reported', accountId: 'ph-1', phone: '+1 201-555-0163' },
          { role: 'reporter', accountId: 'ph-2', phone: '201 555 0164' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    const c = await call<{ subjects: Array<{ id: string; role: string }> }>(srv, officer.token, 'GET', `/api/v1/cases/${res.body.caseId as string}`);
    const e164 = c.body.subjects.find((s) => s.role === 'reported')?.id;
    const national = c.body.subjects.find((s) => s.role === 'reporter')?.id;
    for (const typed of ['(201) 555-0163', '201-555-0163', '2015550163', '+1 201 555 0163']) expect(await search('phone', typed)).toEqual([e164]);
    expect(await search('phone', '(201) 555-0164')).toEqual([national]);
    expect(await search('phone', '(201) 555-0199')).toEqual([]);
  });

  it('reads the region from ENCLAVE_DEFAULT_PHONE_REGION (default US) and refuses a malformed one', () => {
    expect(loadPrivacySettings({}).defaultPhoneRegion).toBe('US');
    expect(loadPrivacySettings({ ENCLAVE_DEFAULT_PHONE_REGION: 'gb' }).defaultPhoneRegion).toBe('GB');
    expect(() => loadPrivacySettings({ ENCLAVE_DEFAULT_PHONE_REGION: 'Britain' })).toThrow(/ENCLAVE_DEFAULT_PHONE_REGION/);
  });
});
