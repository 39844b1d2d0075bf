/**
 * Test images made in the test with sharp, and an upload helper (multipart via fetch). Fake data only.
 */
import { deflateSync } from 'node:zlib';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { TestServer, TestUser } from './factories.ts';

/** A JPEG with camera and GPS EXIF, an ICC profile, XMP and EXIF orientation 6 (displayed rotated 90°). */
export async function gpsPhoto(width = 120, height = 60): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .composite([{ input: { create: { width: Math.floor(width / 2), height, channels: 3, background: { r: 10, g: 10, b: 220 } } }, left: 0, top: 0 }])
    .jpeg()
    .withExif({
      IFD0: { Make: 'FakeCam', Model: 'FakeModel X1', Artist: 'Test Author' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' },
    })
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Test Author</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    .toBuffer();
}

/** A white PNG with lines of black text (rendered from SVG). */
export async function textImage(lines: string[], width = 900): Promise<Buffer> {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = lines.map((l, i) => `<text x="30" y="${70 + i * 60}" font-size="36" font-family="DejaVu Sans, sans-serif" fill="black">${esc(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${90 + lines.length * 60}"><rect width="100%" height="100%" fill="white"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A plain PNG of one colour. */
export async function plainPng(width = 64, height = 64, background = { r: 255, g: 255, b: 255 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A decompression bomb: a PNG header declaring width × height (1-bit grey) with a few rows of zeros; a few hundred bytes. */
export function bombPng(width = 50_000, height = 50_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A GIF of `frames` 4×4 frames. */
export async function manyFrameGif(frames: number): Promise<Buffer> {
  const raw = Buffer.alloc(4 * 4 * frames * 3);
  for (let i = 0; i < raw.length; i += 7) raw[i] = 200;
  return sharp(raw, { raw: { width: 4, height: 4 * frames, channels: 3, pageHeight: 4 } }).gif().toBuffer();
}

/** Uploads `bytes` as `name` (declared type `type`) with optional fields; returns status and JSON. */
export async function upload(
  srv: TestServer,
  user: TestUser,
  channelId: string,
  bytes: Buffer,
  name: string,
  opts: { type?: string; text?: string; threadRootId?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> & { message?: { id: string; files?: FileJsonT[] }; error?: { code: string; message: string; [k: string]: unknown } } }> {
  const form = new FormData();
  if (opts.text !== undefined) form.append('text', opts.text);
  if (opts.threadRootId !== undefined) form.append('threadRootId', opts.threadRootId);
  form.append('file', new Blob([bytes], { type: opts.type ?? 'application/octet-stream' }), name);
  const res = await fetch(`${srv.url}/api/v1/channels/${channelId}/files`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
  return { status: res.status, body: (await res.json()) as never };
}

/** A file as the API shows it. */
export interface FileJsonT {
  id: string;
  name: string;
  mime: string;
  size: number;
  status: string;
  width?: number;
  height?: number;
  blurred?: boolean;
}

/** GET /files/:id as bytes. */
export async function download(srv: TestServer, user: TestUser, fileId: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${srv.url}/api/v1/files/${fileId}`, { headers: { authorization: `Bearer ${user.token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Number of stored media objects (and stray temp files) in the server's data folder. */
export function storedObjects(srv: TestServer): number {
  const dir = join(srv.dir, 'data', 'media', 'objects');
  return existsSync(dir) ? readdirSync(dir).length : 0;
}

/** Polls the file's status through `GET /messages/:id` until it is not `processing` (default 30 s). */
export async function settled(srv: TestServer, user: TestUser, messageId: string, timeoutMs = 30_000): Promise<FileJsonT> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${srv.url}/api/v1/messages/${messageId}`, { headers: { authorization: `Bearer ${user.token}` } });
    const body = (await res.json()) as { message: { files?: FileJsonT[] } };
    const f = body.message.files?.[0];
    if (f && f.status !== 'processing') return f;
    if (Date.now() > deadline) throw new Error('file still processing');
    await new Promise((r) => setTimeout(r, 100));
  }
}
