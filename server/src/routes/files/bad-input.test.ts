import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { bombPng, download, gpsPhoto, manyFrameGif, plainPng, settled, storedObjects, upload } from '../../test/images.ts';

let srv: TestServer;
let ada: TestUser;
let team: { id: string };
let pub: { id: string };

beforeAll(async () => {
  srv = await startServer({ media: { settings: { uploadsPerWindow: 1000, maxBytes: 2 * 1024 * 1024 } } });
  ada = await makeUser(srv);
  team = await makeChannel(srv, ada);
  pub = await makeChannel(srv, ada, { visibility: 'public' });
});
afterAll(async () => srv.close());

async function messageCount(channelId: string): Promise<number> {
  const r = await call<{ messages: unknown[] }>(srv, ada.token, 'GET', `/api/v1/channels/${channelId}/messages`);
  return r.body.messages.length;
}

/** Runs `fn`, then checks nothing was stored: no object, no message, no file row. */
async function leavesNothing(channelId: string, fn: () => Promise<void>): Promise<void> {
  const objects = storedObjects(srv);
  const messages = await messageCount(channelId);
  const files = (await srv.ctx.db.selectFrom('media_files').select('id').execute()).length;
  await fn();
  expect(storedObjects(srv)).toBe(objects);
  expect(await messageCount(channelId)).toBe(messages);
  expect((await srv.ctx.db.selectFrom('media_files').select('id').execute()).length).toBe(files);
}

describe('bad input', () => {
  it('zero-byte file → 400 empty_file', async () => {
    await leavesNothing(team.id, async () => {
      const r = await upload(srv, ada, team.id, Buffer.alloc(0), 'empty.png', { type: 'image/png' });
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('empty_file');
    });
  });

  it('SVG with script → 415, in both channel classes', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    for (const ch of [team, pub]) {
      await leavesNothing(ch.id, async () => {
        const r = await upload(srv, ada, ch.id, svg, 'logo.svg', { type: 'image/svg+xml' });
        expect(r.status).toBe(415);
        expect(r.body.error?.code).toBe('unsupported_file_type');
      });
    }
  });

  it('HTML named .png with a lying Content-Type → 415; a PNG named .jpg sent as text/html → accepted as PNG', async () => {
    await leavesNothing(team.id, async () => {
      const r = await upload(srv, ada, team.id, Buffer.from('<!doctype html><script>alert(1)</script>'), 'cat.png', { type: 'image/png' });
      expect(r.status).toBe(415);
    });
    const r = await upload(srv, ada, team.id, await plainPng(), 'cat.jpg', { type: 'text/html' });
    expect(r.status).toBe(201);
    const msg = r.body.message as { id: string; files: Array<{ id: string; mime: string }> };
    expect(msg.files[0]?.mime).toBe('image/png');
    await settled(srv, ada, msg.id);
    const got = await download(srv, ada, msg.files[0]?.id as string);
    expect(got.headers.get('content-type')).toBe('image/png');
  });

  it('decompression bomb (50,000 × 50,000 PNG of a few hundred bytes) → 422 image_too_large', async () => {
    const bomb = bombPng();
    expect(bomb.length).toBeLessThan(10_000);
    for (const ch of [team, pub]) {
      await leavesNothing(ch.id, async () => {
        const r = await upload(srv, ada, ch.id, bomb, 'bomb.png', { type: 'image/png' });
        expect(r.status).toBe(422);
        expect(r.body.error?.code).toBe('image_too_large');
      });
    }
  });

  it('corrupt image (JPEG magic, garbage after) → 422 invalid_image', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    await leavesNothing(team.id, async () => {
      const r = await upload(srv, ada, team.id, junk, 'junk.png');
      expect(r.status).toBe(422);
      expect(r.body.error?.code).toBe('invalid_image');
    });
  });

  it('truncated JPEG: refused in a broad channel (422, nothing stored); blocked in a team channel, never served, bytes deleted', async () => {
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 9, g: 90, b: 200 } } }).jpeg().toBuffer();
    const cut = photo.subarray(0, Math.floor(photo.length / 2));
    await leavesNothing(pub.id, async () => {
      const r = await upload(srv, ada, pub.id, cut, 'cut.jpg');
      expect(r.status).toBe(422);
      expect(r.body.error?.code).toBe('invalid_image');
    });
    const objects = storedObjects(srv);
    const r = await upload(srv, ada, team.id, cut, 'cut.jpg');
    expect(r.status).toBe(201);
    const msg = r.body.message as { id: string; files: Array<{ id: string }> };
    const f = await settled(srv, ada, msg.id);
    expect(f.status).toBe('blocked');
    const got = await download(srv, ada, f.id);
    expect(got.status).toBe(410);
    expect(storedObjects(srv)).toBe(objects);
  });

  it('polyglot JPEG+ZIP and JPEG+HTML: served re-encoded, without the appended payload', async () => {
    const jpeg = await sharp({ create: { width: 50, height: 50, channels: 3, background: { r: 0, g: 128, b: 0 } } }).jpeg().toBuffer();
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), Buffer.alloc(26), Buffer.from('evil.html<html><script>alert(1)</script></html>')]);
    for (const tail of [zip, Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')]) {
      const r = await upload(srv, ada, team.id, Buffer.concat([jpeg, tail]), 'poly.jpg');
      expect(r.status).toBe(201);
      const msg = r.body.message as { id: string; files: Array<{ id: string }> };
      const f = await settled(srv, ada, msg.id);
      expect(f.status).toBe('ready');
      const got = await download(srv, ada, f.id);
      expect(got.headers.get('content-type')).toBe('image/jpeg');
      expect(got.bytes.includes(Buffer.from('<script'))).toBe(false);
      expect(got.bytes.includes(Buffer.from('PK\x03\x04', 'binary'))).toBe(false);
    }
  });

  it('a 10,000-frame GIF is served as one frame (PNG) without decoding every frame', async () => {
    const gif = await manyFrameGif(10_000);
    expect((await sharp(gif).metadata()).pages).toBe(10_000);
    const r = await upload(srv, ada, team.id, gif, 'anim.gif');
    expect(r.status).toBe(201);
    const msg = r.body.message as { id: string };
    const f = await settled(srv, ada, msg.id);
    expect(f).toMatchObject({ status: 'ready', mime: 'image/png', width: 4, height: 4 });
    const got = await download(srv, ada, f.id);
    expect((await sharp(got.bytes).metadata()).pages ?? 1).toBe(1);
  });

  it('EXIF-rotated photo in a broad channel: oriented, metadata gone, ready at once', async () => {
    const r = await upload(srv, ada, pub.id, await gpsPhoto(80, 40), 'rot.jpg');
    expect(r.status).toBe(201);
    const f = (r.body.message as { files: Array<{ id: string; status: string; width: number; height: number }> }).files[0];
    expect(f).toMatchObject({ status: 'ready', width: 40, height: 80 });
    const got = await download(srv, ada, f?.id as string);
    const meta = await sharp(got.bytes).metadata();
    expect([meta.width, meta.height, meta.exif, meta.orientation]).toEqual([40, 80, undefined, undefined]);
  });

  it('OCR of an empty image: ready, not blurred', async () => {
    const r = await upload(srv, ada, team.id, await plainPng(300, 200), 'blank.png');
    const f = await settled(srv, ada, (r.body.message as { id: string }).id);
    expect(f).toMatchObject({ status: 'ready', blurred: false });
  });

  it('over the size limit → 413 file_too_large; no file part → 400; unknown field → 400; JSON body → 415', async () => {
    await leavesNothing(team.id, async () => {
      const big = Buffer.concat([await plainPng(), Buffer.alloc(3 * 1024 * 1024)]);
      const r = await upload(srv, ada, team.id, big, 'big.png');
      expect(r.status).toBe(413);
      expect(r.body.error?.code).toBe('file_too_large');
      const form = new FormData();
      form.append('text', 'no file');
      const r2 = await fetch(`${srv.url}/api/v1/channels/${team.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}` }, body: form });
      expect(r2.status).toBe(400);
      expect(((await r2.json()) as { error: { code: string } }).error.code).toBe('missing_file');
      const form3 = new FormData();
      form3.append('evil', 'x');
      form3.append('file', new Blob([await plainPng()]), 'a.png');
      const r3 = await fetch(`${srv.url}/api/v1/channels/${team.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}` }, body: form3 });
      expect(r3.status).toBe(400);
      const r4 = await call(srv, ada.token, 'POST', `/api/v1/channels/${team.id}/files`, { file: 'x' });
      expect(r4.status).toBe(415);
    });
  });

  it('an upload cut off mid-body stores nothing and the server keeps serving', async () => {
    await leavesNothing(team.id, async () => {
      const png = await plainPng(200, 200);
      const boundary = 'xxBOUNDARYxx';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.png"\r\nContent-Type: image/png\r\n\r\n`);
      const url = new URL(srv.url);
      await new Promise<void>((resolve) => {
        const req = request({
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/api/v1/channels/${team.id}/files`,
          headers: { authorization: `Bearer ${ada.token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + png.length + 100) },
        });
        req.on('error', () => resolve());
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.write(head);
        req.write(png.subarray(0, 100), () => setTimeout(() => {
          req.destroy();
          resolve();
        }, 200));
      });
      await new Promise((r) => setTimeout(r, 300));
    });
    expect((await call(srv, ada.token, 'GET', '/api/v1/me')).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('20 uploads at once from one user: the first 10 are accepted, the rest 429, nothing of those stored', async () => {
    const s2 = await startServer({ media: { ocr: null } });
    try {
      const u = await makeUser(s2);
      const ch = await makeChannel(s2, u);
      const png = await plainPng();
      const all = await Promise.all(Array.from({ length: 20 }, (_, i) => upload(s2, u, ch.id, png, `p${i}.png`)));
      const codes = all.map((r) => r.status).sort();
      expect(codes.filter((c) => c === 201)).toHaveLength(10);
      expect(codes.filter((c) => c === 429)).toHaveLength(10);
      expect(all.find((r) => r.status === 429)?.body.error?.code).toBe('rate_limited');
      await s2.ctx.media.runner.idle();
      const rows = await s2.ctx.db.selectFrom('media_files').select('id').execute();
      expect(rows).toHaveLength(10);
    } finally {
      await s2.close();
    }
  });
});
