import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { call, connect, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { sweepDeletedFiles } from '../../services/media/sweep.ts';
import { download, gpsPhoto, plainPng, settled, storedObjects, upload } from '../../test/images.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;

beforeAll(async () => {
  srv = await startServer({ media: { settings: { uploadsPerWindow: 1000 } } });
  ada = await makeUser(srv);
  bob = await makeUser(srv);
  eve = await makeUser(srv);
});
afterAll(async () => srv.close());

describe('upload and serve', () => {
  it('posts a message with the file processing, then ready via message.updated; the served copy has no metadata and is oriented', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const stream = await connect(srv, bob.token);
    const photo = await gpsPhoto(120, 60);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload(srv, ada, ch.id, photo, 'holiday.jpg', { type: 'image/jpeg', text: 'look' });
    expect(res.status).toBe(201);
    const msg = res.body.message as unknown as { id: string; text: string; files: Array<Record<string, unknown>> };
    expect(msg.text).toBe('look');
    expect(msg.files).toEqual([{ id: expect.any(String), name: 'holiday.jpg', mime: 'image/jpeg', size: photo.length, status: 'processing' }]);
    const fileId = msg.files[0]?.id as string;
    // the original is never served
    const early = await download(srv, bob, fileId);
    if (early.status !== 200) expect(early.status).toBe(409);
    await stream.until((fs) => fs.some((f) => f.type === 'message.updated' && (f.message as unknown as { files?: Array<{ status: string }> })?.files?.[0]?.status === 'ready'), 30_000);
    stream.close();
    const ready = await settled(srv, bob, msg.id);
    expect(ready).toMatchObject({ status: 'ready', mime: 'image/jpeg', width: 60, height: 120, blurred: false });
    const got = await download(srv, bob, fileId);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="holiday\.jpg"/);
    const meta = await sharp(got.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([60, 120]);
    expect(got.bytes.includes(Buffer.from('FakeCam'))).toBe(false);
    expect(got.bytes.includes(Buffer.from('Test Author'))).toBe(false);
    // the GPS original is gone from the store: only the served copy stays
    const row = await srv.ctx.db.selectFrom('media_files').select(['original_key', 'served_key', 'clear_key']).where('id', '=', fileId).executeTakeFirstOrThrow();
    expect(row.original_key).toBeNull();
    expect(row.served_key).not.toBeNull();
    expect(row.clear_key).toBeNull();
  });

  it('answers 404 to non-members and for unknown ids, and 404 after the message is deleted', async () => {
    const ch = await makeChannel(srv, ada);
    const res = await upload(srv, ada, ch.id, await plainPng(), 'p.png');
    expect(res.status).toBe(201);
    const msg = res.body.message as { id: string; files: Array<{ id: string }> };
    await settled(srv, ada, msg.id);
    const fileId = msg.files[0]?.id as string;
    expect((await download(srv, eve, fileId)).status).toBe(404);
    expect((await download(srv, ada, '01JAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await download(srv, ada, fileId)).status).toBe(200);
    const objects = storedObjects(srv);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${msg.id}`)).status).toBe(204);
    expect((await download(srv, ada, fileId)).status).toBe(404);
    // the sweep deletes the bytes of a deleted message's files
    expect(await sweepDeletedFiles(srv.ctx.media.deps)).toBe(1);
    expect(storedObjects(srv)).toBe(objects - 1);
    const row = await srv.ctx.db.selectFrom('media_files').select(['served_key', 'original_key']).where('id', '=', fileId).executeTakeFirstOrThrow();
    expect(row).toEqual({ served_key: null, original_key: null });
    expect(await sweepDeletedFiles(srv.ctx.media.deps)).toBe(0);
  });

  it('does not let a non-member upload to a private channel (404) and stores nothing', async () => {
    const ch = await makeChannel(srv, ada);
    const before = storedObjects(srv);
    const res = await upload(srv, eve, ch.id, await plainPng(), 'p.png');
    expect(res.status).toBe(404);
    expect(storedObjects(srv)).toBe(before);
  });

  it('a file name passes the guard: personal data in a private channel becomes a placeholder', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const res = await upload(srv, ada, ch.id, await plainPng(), 'jane.doe@example.com.png');
    expect(res.status).toBe(201);
    const f = (res.body.message as { files: Array<{ name: string; nameEntities?: Array<{ entityType: string }> }> }).files[0];
    expect(f?.name).not.toContain('jane.doe');
    expect(f?.name).toContain('[EMAIL_ADDRESS]');
    expect(f?.nameEntities?.[0]?.entityType).toBe('EMAIL_ADDRESS');
    const row = await srv.ctx.db.selectFrom('media_files').select('name').where('id', '=', (f as unknown as { id: string }).id).executeTakeFirstOrThrow();
    expect(row.name).not.toContain('jane.doe');
  });

  it('stores files encrypted: no stored object contains the image bytes', async () => {
    const ch = await makeChannel(srv, ada);
    const png = await plainPng(32, 32, { r: 1, g: 2, b: 3 });
    const res = await upload(srv, ada, ch.id, png, 'x.png');
    const msg = res.body.message as { id: string; files: Array<{ id: string }> };
    await settled(srv, ada, msg.id);
    const served = await download(srv, ada, msg.files[0]?.id as string);
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(srv.dir, 'data', 'media', 'objects');
    for (const f of readdirSync(dir)) {
      const b = readFileSync(join(dir, f));
      expect(b.includes(served.bytes.subarray(0, 64))).toBe(false);
      expect(b.includes(Buffer.from('IHDR'))).toBe(false);
    }
  });
});
