import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { call, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { bombPng, gpsPhoto, plainPng, storedObjects } from '../../test/images.ts';

let srv: TestServer;
let ada: TestUser;
let bo: TestUser;

beforeAll(async () => {
  srv = await startServer({ media: { settings: { uploadsPerWindow: 1000 } } });
  ada = await makeUser(srv);
  bo = await makeUser(srv);
});
afterAll(async () => srv.close());

type Answer = { status: number; body: { avatarUrl?: string | null; error?: { code: string; message: string } } };

async function uploadAvatar(user: TestUser, bytes: Buffer, name: string, type: string): Promise<Answer> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const res = await fetch(`${srv.url}/api/v1/me/avatar`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function avatarRow(userId: string) {
  return srv.ctx.db.selectFrom('user_profiles').select(['avatar_key', 'avatar_updated_at']).where('user_id', '=', userId).executeTakeFirst();
}

describe('avatars', () => {
  it('a photo is re-encoded to a 256 px square WebP without metadata, served with nosniff to a colleague', async () => {
    const r = await uploadAvatar(ada, await gpsPhoto(300, 120), 'me.jpg', 'image/jpeg');
    expect(r.status).toBe(200);
    expect(r.body.avatarUrl).toMatch(new RegExp(`^/api/v1/users/${ada.id}/avatar\\?v=`));
    const res = await fetch(`${srv.url}${r.body.avatarUrl}`, { headers: { authorization: `Bearer ${bo.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(bytes.includes(Buffer.from('FakeCam'))).toBe(false);
  });

  it('the stored object is encrypted (no WebP header on disk); a new avatar replaces the old object', async () => {
    const first = await avatarRow(ada.id);
    const objects = storedObjects(srv);
    const r = await uploadAvatar(ada, await plainPng(80, 80, { r: 10, g: 200, b: 10 }), 'green.png', 'image/png');
    expect(r.status).toBe(200);
    const second = await avatarRow(ada.id);
    expect(second?.avatar_key).not.toBe(first?.avatar_key);
    expect(storedObjects(srv)).toBe(objects);
    const raw = await srv.ctx.media.deps.store.get(second?.avatar_key as string);
    expect(raw.includes(Buffer.from('WEBP'))).toBe(false);
  });

  it('without an avatar: 404 (clients draw initials); without credentials: 401', async () => {
    expect((await fetch(`${srv.url}/api/v1/users/${bo.id}/avatar`, { headers: { authorization: `Bearer ${ada.token}` } })).status).toBe(404);
    expect((await fetch(`${srv.url}/api/v1/users/${ada.id}/avatar`)).status).toBe(401);
  });

  it('DELETE /me/avatar goes back to initials and removes the object', async () => {
    const u = await makeUser(srv);
    await uploadAvatar(u, await plainPng(), 'a.png', 'image/png');
    const objects = storedObjects(srv);
    const del = await call(srv, u.token, 'DELETE', '/api/v1/me/avatar');
    expect(del.status).toBe(204);
    expect(storedObjects(srv)).toBe(objects - 1);
    const p = await call<{ avatarUrl: string | null }>(srv, ada.token, 'GET', `/api/v1/users/${u.id}/profile`);
    expect(p.body.avatarUrl).toBeNull();
    const actions = (await srv.ctx.db.selectFrom('audit_events').select('action').where('actor', '=', u.id).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.avatar_update', 'user.avatar_remove']));
  });

  describe('bad input leaves nothing stored and the old avatar in place', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    it.each([
      ['a 50,000 × 50,000 PNG (decompression bomb)', () => bombPng(), 'bomb.png', 'image/png', 422, 'image_too_large'],
      ['an SVG with script', () => svg, 'logo.svg', 'image/svg+xml', 415, 'unsupported_file_type'],
      ['an SVG declared as image/png (lying Content-Type)', () => svg, 'logo.png', 'image/png', 415, 'unsupported_file_type'],
      ['HTML declared as image/jpeg', () => Buffer.from('<!doctype html><script>alert(1)</script>'), 'x.jpg', 'image/jpeg', 415, 'unsupported_file_type'],
      ['zero bytes', () => Buffer.alloc(0), 'empty.png', 'image/png', 400, 'empty_file'],
      ['a truncated PNG', async () => (await gpsPhoto(400, 400)).subarray(0, 900), 'cut.jpg', 'image/jpeg', 422, 'invalid_image'],
    ])('%s', async (_label, bytes, name, type, status, code) => {
      const before = await avatarRow(ada.id);
      const objects = storedObjects(srv);
      const r = await uploadAvatar(ada, await bytes(), name, type);
      expect(r.status).toBe(status);
      expect(r.body.error?.code).toBe(code);
      expect(await avatarRow(ada.id)).toEqual(before);
      expect(storedObjects(srv)).toBe(objects);
    });

    it('more than 5 MB → 413; not multipart → 415; an extra field → 400', async () => {
      expect((await uploadAvatar(ada, Buffer.alloc(5 * 1024 * 1024 + 10, 1), 'big.png', 'image/png')).status).toBe(413);
      expect((await call(srv, ada.token, 'POST', '/api/v1/me/avatar', { file: 'x' })).status).toBe(415);
      const form = new FormData();
      form.append('text', 'hello');
      form.append('file', new Blob([await plainPng()], { type: 'image/png' }), 'a.png');
      const res = await fetch(`${srv.url}/api/v1/me/avatar`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}` }, body: form });
      expect(res.status).toBe(400);
    });
  });
});
