import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeUser, startServer, type TestServer } from '../../test/factories.ts';
import { fakeReport, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

describe('PATCH /api/v1/integrations/:id { enabled }', () => {
  it('disables and re-enables an integration (admin), audited; intake follows at once', async () => {
    const admin = await makeUser(srv, { role: 'admin' });
    const created = await call<{ id: string; secret: string }>(srv, admin.token, 'POST', '/api/v1/integrations', { name: 'Web page test' });
    expect(created.status).toBe(201);
    const integ = created.body;

    expect((await call(srv, admin.token, 'PATCH', `/api/v1/integrations/${integ.id}`, { enabled: false })).status).toBe(204);
    const listed = await call<{ integrations: Array<{ id: string; enabled: boolean }> }>(srv, admin.token, 'GET', '/api/v1/integrations');
    expect(listed.body.integrations.find((i) => i.id === integ.id)?.enabled).toBe(false);
    expect((await postReport(srv, integ, fakeReport())).status).toBe(401);

    expect((await call(srv, admin.token, 'PATCH', `/api/v1/integrations/${integ.id}`, { enabled: true })).status).toBe(204);
    expect((await postReport(srv, integ, fakeReport())).status).toBe(201);

    const audits = await srv.ctx.db.selectFrom('audit_events').select(['action', 'actor']).where('target', '=', `integration:${integ.id}`).orderBy('seq').execute();
    expect(audits.filter((a) => a.action.startsWith('integration.'))).toEqual(
      expect.arrayContaining([
        { action: 'integration.disable', actor: admin.id },
        { action: 'integration.enable', actor: admin.id },
      ]),
    );
  });

  it('refuses non-admins (403), unknown ids (404) and a malformed body (400)', async () => {
    const admin = await makeUser(srv, { role: 'admin' });
    const lead = await makeUser(srv, { role: 'lead' });
    const created = await call<{ id: string }>(srv, admin.token, 'POST', '/api/v1/integrations', { name: 'Another' });
    const forbidden = await call<{ error: { code: string } }>(srv, lead.token, 'PATCH', `/api/v1/integrations/${created.body.id}`, { enabled: false });
    expect(forbidden.status).toBe(403);
    const unknown = await call<{ error: { code: string } }>(srv, admin.token, 'PATCH', '/api/v1/integrations/no-such-integration', { enabled: false });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const bad = await call<{ error: { code: string } }>(srv, admin.token, 'PATCH', `/api/v1/integrations/${created.body.id}`, { enabled: 'no' });
    expect(bad.status).toBe(400);
  });
});
