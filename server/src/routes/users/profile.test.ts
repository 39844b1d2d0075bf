import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

let srv: TestServer;
let ada: TestUser;
let bo: TestUser;

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv, { name: 'Ada Profile' });
  bo = await makeUser(srv, { name: 'Bo Profile' });
});
afterAll(async () => srv.close());

type Profile = { id: string; name: string; displayName: string; title: string; team: string; timeZone: string; statusText: string; statusEmoji: string; avatarUrl: string | null };
type Err = { error: { code: string; message: string; findings?: { entityType: string }[] } };

async function auditActions(actor: string): Promise<string[]> {
  const rows = await srv.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('actor', '=', actor).execute();
  return rows.map((r) => r.action);
}

describe('profiles', () => {
  it('a new person has an empty profile, readable by any colleague', async () => {
    const r = await call<Profile>(srv, bo.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ada.id, name: 'Ada Profile', displayName: '', title: '', team: '', timeZone: '', statusText: '', statusEmoji: '', avatarUrl: null });
  });

  it('PATCH /me/profile sets the caller’s fields; another person sees them; the change is audited by field name', async () => {
    const r = await call<Profile>(srv, ada.token, 'PATCH', '/api/v1/me/profile', {
      displayName: 'Ada L.',
      title: 'Senior investigator',
      team: 'Trust & Safety EMEA',
      timeZone: 'Europe/Berlin',
      statusText: 'Reviewing the payments queue',
      statusEmoji: '🔎',
    });
    expect(r.status).toBe(200);
    const seen = await call<Profile>(srv, bo.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    expect(seen.body).toMatchObject({ displayName: 'Ada L.', title: 'Senior investigator', team: 'Trust & Safety EMEA', timeZone: 'Europe/Berlin', statusText: 'Reviewing the payments queue', statusEmoji: '🔎' });
    const ev = await srv.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.profile_update').where('actor', '=', ada.id).execute();
    expect(ev).toHaveLength(1);
    expect((JSON.parse(String(ev[0]?.details)) as { fields: string[] }).fields.sort()).toEqual(['displayName', 'statusEmoji', 'statusText', 'team', 'timeZone', 'title']);
    expect(String(ev[0]?.details)).not.toContain('payments');
  });

  it('a partial PATCH changes only the given fields; an empty string clears one', async () => {
    await call(srv, ada.token, 'PATCH', '/api/v1/me/profile', { statusText: '' });
    const seen = await call<Profile>(srv, bo.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    expect(seen.body.statusText).toBe('');
    expect(seen.body.title).toBe('Senior investigator');
  });

  it.each([
    ['statusText', 'back soon, mail me at ada.private@example.com', 'EMAIL_ADDRESS'],
    ['statusText', 'call 555-0142 if urgent', 'PHONE_NUMBER'],
    ['title', 'Owner of 192.0.2.44', 'IP_ADDRESS'],
    ['team', 'card 4111 1111 1111 1111', 'CREDIT_CARD'],
    ['displayName', 'Ada ada.private@example.com', 'EMAIL_ADDRESS'],
  ])('personal data in %s → 422 personal_data_blocked, nothing stored, no value echoed', async (field, value, type) => {
    const before = await call<Profile>(srv, bo.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    const r = await call<Err>(srv, ada.token, 'PATCH', '/api/v1/me/profile', { [field]: value });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('personal_data_blocked');
    expect(r.body.error.findings?.map((f) => f.entityType)).toContain(type);
    expect(JSON.stringify(r.body)).not.toContain(value.split(' ').at(-1) as string);
    const after = await call<Profile>(srv, bo.token, 'GET', `/api/v1/users/${ada.id}/profile`);
    expect(after.body).toEqual(before.body);
  });

  it('a display name may be a person’s name (PERSON is not refused there)', async () => {
    const r = await call<Profile>(srv, bo.token, 'PATCH', '/api/v1/me/profile', { displayName: 'Grace Hopper' });
    expect(r.status).toBe(200);
    expect(r.body.displayName).toBe('Grace Hopper');
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 400, 'invalid_time_zone'],
    [{ statusEmoji: 'abc' }, 400, 'invalid_emoji'],
    [{ statusText: 'x'.repeat(141) }, 400, 'invalid_request'],
    [{ email: 'x@example.com' }, 400, undefined],
    [{ title: 42 }, 400, undefined],
  ])('bad input %j → %i', async (body, status, code) => {
    const before = await auditActions(bo.id);
    const r = await call<Err>(srv, bo.token, 'PATCH', '/api/v1/me/profile', body);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBeTruthy();
    if (code) expect(r.body.error.code).toBe(code);
    expect(await auditActions(bo.id)).toEqual(before);
  });

  it('unknown user → 404; no credentials → 401', async () => {
    expect((await call(srv, ada.token, 'GET', '/api/v1/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/profile')).status).toBe(404);
    expect((await call(srv, null, 'GET', `/api/v1/users/${ada.id}/profile`)).status).toBe(401);
    expect((await call(srv, null, 'PATCH', '/api/v1/me/profile', { title: 'x' })).status).toBe(401);
  });
});

describe('people directory', () => {
  it('searches name, display name, title and team, case-insensitively', async () => {
    const q = async (s: string) => (await call<{ people: Profile[] }>(srv, bo.token, 'GET', `/api/v1/people?q=${encodeURIComponent(s)}`)).body.people.map((p) => p.id);
    expect(await q('trust & safety')).toEqual([ada.id]);
    expect(await q('INVESTIGATOR')).toEqual([ada.id]);
    expect(await q('ada l.')).toEqual([ada.id]);
    expect(await q('bo profile')).toEqual([bo.id]);
    expect(await q('grace')).toEqual([bo.id]);
    expect(await q('100%_')).toEqual([]);
    const all = await q('');
    expect(all).toEqual(expect.arrayContaining([ada.id, bo.id]));
  });
});

describe('names for ids', () => {
  it('resolves people for anyone; channels only when the caller may know them, any for privacy officers', async () => {
    const secret = await makeChannel(srv, ada, { name: 'secret-room', visibility: 'private' });
    const open = await makeChannel(srv, ada, { name: 'open-room', visibility: 'public' });
    const po = await makeUser(srv, { role: 'privacy_officer' });
    const body = { userIds: [ada.id, bo.id, 'nope'], channelIds: [secret.id, open.id, 'nope'] };
    const asBo = await call<{ users: Record<string, { name: string; displayName: string }>; channels: Record<string, { name: string }> }>(srv, bo.token, 'POST', '/api/v1/names', body);
    expect(asBo.status).toBe(200);
    expect(asBo.body.users[ada.id]).toEqual({ name: 'Ada Profile', displayName: 'Ada L.' });
    expect(Object.keys(asBo.body.users)).toHaveLength(2);
    expect(Object.keys(asBo.body.channels)).toEqual([open.id]);
    const asAda = await call<{ channels: Record<string, { name: string }> }>(srv, ada.token, 'POST', '/api/v1/names', body);
    expect(Object.keys(asAda.body.channels).sort()).toEqual([secret.id, open.id].sort());
    const asPo = await call<{ channels: Record<string, { name: string; kind: string }> }>(srv, po.token, 'POST', '/api/v1/names', body);
    expect(asPo.body.channels[secret.id]).toMatchObject({ name: 'secret-room', kind: 'channel' });
  });

  it('bad input: too many ids, wrong types, unknown fields → 400; no credentials → 401', async () => {
    expect((await call(srv, bo.token, 'POST', '/api/v1/names', { userIds: Array.from({ length: 201 }, (_, i) => `u${i}`) })).status).toBe(400);
    expect((await call(srv, bo.token, 'POST', '/api/v1/names', { userIds: 'x' })).status).toBe(400);
    expect((await call(srv, bo.token, 'POST', '/api/v1/names', { emails: [] })).status).toBe(400);
    expect((await call(srv, null, 'POST', '/api/v1/names', {})).status).toBe(401);
  });
});
