import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

type Blocked = { error: { code: string; message: string; hint: string; field: string; findings: { entityType: string; start: number; end: number }[] } };

let srv: TestServer;
let ada: TestUser;

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada' });
});
afterAll(async () => srv.close());

describe('channel names and topics carry no personal data', () => {
  it('refuses a name with an IP address and a topic with an e-mail on create, naming the field and positions only', async () => {
    const r = await call<Blocked>(srv, ada.token, 'POST', '/api/v1/channels', { name: 'case-192.0.2.44', visibility: 'public' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('personal_data_blocked');
    expect(r.body.error.field).toBe('name');
    expect(r.body.error.findings).toEqual([{ entityType: 'IP_ADDRESS', start: 5, end: 15 }]);
    expect(JSON.stringify(r.body)).not.toContain('192.0.2.44');
    const t = await call<Blocked>(srv, ada.token, 'POST', '/api/v1/channels', { name: 'triage', visibility: 'private', topic: 'ask jane.doe@example.com' });
    expect(t.status).toBe(422);
    expect(t.body.error.field).toBe('topic');
    expect(JSON.stringify(t.body)).not.toContain('jane.doe@example.com');
    const list = await call<{ channels: { name: string }[] }>(srv, ada.token, 'GET', '/api/v1/channels');
    expect(list.body.channels.map((c) => c.name)).not.toContain('triage');
  });

  it('refuses personal data in a rename or topic change and keeps the old values', async () => {
    const ch = await makeChannel(srv, ada, { visibility: 'public' });
    const bad = await call<Blocked>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: 'device IMEI 490154203237518' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.findings[0]?.entityType).toBe('DEVICE_ID');
    // a name that follows the naming rules (lower-case, no spaces) but carries an IP address
    const rename = await call<Blocked>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { name: 'case-192.0.2.44' });
    expect(rename.status).toBe(422);
    const now = await call<{ name: string; topic: string }>(srv, ada.token, 'GET', `/api/v1/channels/${ch.id}`);
    expect(now.body.name).toBe(ch.name);
    expect(now.body.topic).not.toContain('490154203237518');
    const ok = await call<{ topic: string }>(srv, ada.token, 'PATCH', `/api/v1/channels/${ch.id}`, { topic: 'weekly queue review' });
    expect(ok.status).toBe(200);
    expect(ok.body.topic).toBe('weekly queue review');
  });
});
