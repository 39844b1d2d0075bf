import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMatcher } from '../../services/media/matcher.ts';
import { makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { plainPng, storedObjects, textImage } from '../../test/images.ts';

let srv: TestServer;
let ada: TestUser;
let listed: Buffer;

beforeAll(async () => {
  listed = await plainPng(70, 70, { r: 1, g: 2, b: 3 });
  const matcher = listMatcher('test-list', [{ signalType: 'md5', signal: createHash('md5').update(listed).digest('hex') }]);
  srv = await startServer({ media: { matcher, settings: { uploadsPerWindow: 1000 } } });
  ada = await makeUser(srv);
});
afterAll(async () => srv.close());

async function uploadAvatar(bytes: Buffer): Promise<{ status: number; text: string; body: { error?: { code: string; field?: string; findings?: { entityType: string }[] } } }> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/png' }), 'me.png');
  const res = await fetch(`${srv.url}/api/v1/me/avatar`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}` }, body: form });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { error?: { code: string } } };
}

const avatarKey = async () => (await srv.ctx.db.selectFrom('user_profiles').select('avatar_key').where('user_id', '=', ada.id).executeTakeFirst())?.avatar_key ?? null;

describe('avatar screening', () => {
  it('an image on a hash list → 422 image_refused, nothing stored, a denied audit event naming the list', async () => {
    const objects = storedObjects(srv);
    const r = await uploadAvatar(listed);
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('image_refused');
    expect(storedObjects(srv)).toBe(objects);
    expect(await avatarKey()).toBeNull();
    const ev = await srv.ctx.db.selectFrom('audit_events').selectAll().where('actor', '=', ada.id).where('action', '=', 'user.avatar_update').execute();
    expect(ev.map((e) => e.outcome)).toEqual(['denied']);
    expect(JSON.parse(String(ev[0]?.details))).toEqual({ reason: 'hash_list_match', lists: ['test-list'] });
  });

  it('a picture showing a user’s e-mail address (OCR) → 422 personal_data_blocked, no value echoed, nothing stored', async () => {
    const objects = storedObjects(srv);
    const r = await uploadAvatar(await textImage(['Reporter contact:', 'pat.reporter@example.com']));
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('personal_data_blocked');
    expect(r.body.error?.field).toBe('avatar');
    expect(r.body.error?.findings?.map((f) => f.entityType)).toContain('EMAIL_ADDRESS');
    expect(r.text).not.toContain('pat.reporter');
    expect(storedObjects(srv)).toBe(objects);
    expect(await avatarKey()).toBeNull();
  });

  it('a plain picture passes the same screening', async () => {
    const r = await uploadAvatar(await plainPng(90, 90, { r: 200, g: 120, b: 40 }));
    expect(r.status).toBe(200);
    expect(await avatarKey()).not.toBeNull();
  });
});
