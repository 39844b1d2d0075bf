/**
 * Hash-list quarantine through the real wiring of `context.ts` (issue 11): no injected matcher or
 * hasher — the server's own `HashListMatcher` over its read handle and `pdqHash`. An admin imports
 * the PDQ hash of an image drawn in the test, once through `POST /api/v1/hashlists` and once
 * through the real `bin/enclave hashlist import` into the running server's data folder; an agent
 * uploads an altered copy; it is quarantined and reaches the specialist queue with its match.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdqHash, hamming } from '@enclave/pdq';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN } from '../../test/processes.ts';
import { call, connect, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { download, settled, upload } from '../../test/images.ts';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

/** A 320 × 240 JPEG: a checkerboard of `cells` squares with a diagonal band and a circle — strong, distinctive structure. */
async function drawn(seed: number, cells = 8): Promise<Buffer> {
  const w = 320;
  const h = 240;
  const squares: string[] = [];
  for (let y = 0; y < cells; y++) for (let x = 0; x < cells; x++) if ((x * seed + y * (seed + 1)) % 3 === 0) squares.push(`<rect x="${(x * w) / cells}" y="${(y * h) / cells}" width="${w / cells}" height="${h / cells}" fill="#111"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f4f0e8"/>${squares.join('')}<polygon points="0,${h} ${w / 3},${h} ${w},0 ${(2 * w) / 3},0" fill="#c03020" opacity="0.7"/><circle cx="${w * 0.7}" cy="${h * 0.65}" r="${h / 5}" fill="#2040c0"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
}

function cli(srv: TestServer, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ENCLAVE_DATA_DIR: srv.ctx.config.dataDir, LOG_LEVEL: 'silent' };
    if (srv.databaseUrl) env.DATABASE_URL = srv.databaseUrl;
    const child = spawn(process.execPath, [BIN, 'hashlist', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

interface QueueItem {
  fileId: string;
  channelId: string;
  uploaderId: string;
  messageId: string | null;
  hashes: { pdq: string | null };
  matches: Array<{ listId: string; listName?: string; signalType: string; distance: number }>;
}

let srv: TestServer;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;
let eve: TestUser;
let spec: TestUser;

beforeAll(async () => {
  // OCR off: this file proves the hash-list wiring; the text step has its own tests.
  srv = await startServer({ media: { ocr: null, settings: { uploadsPerWindow: 1000 } } });
  admin = await makeUser(srv, { role: 'admin' });
  ada = await makeUser(srv);
  bob = await makeUser(srv);
  eve = await makeUser(srv);
  spec = await makeUser(srv, { role: 'specialist' });
});
afterAll(async () => srv.close());

/** Uploads `bytes` to a new team channel of ada and bob; returns the settled file and the channel. */
async function uploadToTeam(bytes: Buffer, name: string) {
  const ch = await makeChannel(srv, ada, { members: [bob] });
  const r = await upload(srv, ada, ch.id, bytes, name);
  expect(r.status).toBe(201);
  const messageId = r.body.message?.id as string;
  return { ch, messageId, file: await settled(srv, bob, messageId) };
}

describe('hash-list quarantine through the real wiring (PDQ engine + HashListMatcher)', () => {
  it('a list imported over HTTP quarantines a re-encoded copy; members see "removed for review", outsiders 404, specialists the match', async () => {
    const listedImage = await drawn(5);
    const listedHash = (await pdqHash(listedImage)).hash;
    const created = await call<{ id: string; entries: number }>(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'HTTP bank', content: `signal_type,signal\npdq,${listedHash}\n` });
    expect(created.status).toBe(201);
    expect(created.body.entries).toBe(1);

    // altered: re-encoded at another quality (no byte digest can match, only PDQ)
    const copy = await sharp(listedImage).jpeg({ quality: 55 }).toBuffer();
    expect(copy.equals(listedImage)).toBe(false);
    const bobStream = await connect(srv, bob.token);
    const { ch, messageId, file } = await uploadToTeam(copy, 'altered.jpg');
    expect(file.status).toBe('quarantined');

    // other members: the message shows the file as quarantined (removed for review), never its bytes
    await bobStream.until((fs) => fs.some((f) => f.type === 'message.updated' && (f.message as { id: string; files?: Array<{ status: string }> } | undefined)?.files?.[0]?.status === 'quarantined' && f.message?.id === messageId));
    bobStream.close();
    const hist = await call<{ messages: Array<{ id: string; files?: Array<{ id: string; status: string }> }> }>(srv, bob.token, 'GET', `/api/v1/channels/${ch.id}/messages`);
    expect(hist.body.messages.find((m) => m.id === messageId)?.files).toEqual([expect.objectContaining({ id: file.id, status: 'quarantined' })]);
    const asBob = await download(srv, bob, file.id);
    expect(asBob.status).toBe(451);
    expect(JSON.parse(asBob.bytes.toString('utf8'))).toMatchObject({ error: { code: 'file_quarantined' } });
    expect((await download(srv, ada, file.id)).status).toBe(451);
    expect((await download(srv, eve, file.id)).status).toBe(404);

    const q = await call<{ items: QueueItem[] }>(srv, spec.token, 'GET', '/api/v1/quarantine?pending=true');
    expect(q.status).toBe(200);
    const item = q.body.items.find((i) => i.fileId === file.id);
    expect(item).toMatchObject({ channelId: ch.id, uploaderId: ada.id, messageId });
    expect(item?.matches).toHaveLength(1);
    const match = item?.matches[0];
    expect(match).toMatchObject({ listId: created.body.id, listName: 'HTTP bank', signalType: 'pdq' });
    // the distance is the real PDQ distance between the served copy's hash and the listed one
    expect(item?.hashes.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(match?.distance).toBe(hamming(item?.hashes.pdq as string, listedHash));
    expect(match?.distance).toBeLessThanOrEqual(31);

    const audit = await srv.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('target', '=', `file:${file.id}`).where('action', '=', 'media.quarantine').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ channelId: ch.id, uploaderId: ada.id, matches: [{ listId: created.body.id, signalType: 'pdq' }] });
  });

  it('in a public channel the same match quarantines the file before the message is answered', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const copy = await sharp(await drawn(5)).resize(300).jpeg({ quality: 70 }).toBuffer();
    const r = await upload(srv, ada, pub.id, copy, 'public-copy.jpg');
    expect(r.status).toBe(201);
    const f = r.body.message?.files?.[0];
    expect(f?.status).toBe('quarantined');
    expect((await download(srv, ada, f?.id as string)).status).toBe(451);
    const q = await call<{ items: QueueItem[] }>(srv, spec.token, 'GET', '/api/v1/quarantine');
    expect(q.body.items.find((i) => i.fileId === f?.id)?.matches).toEqual([expect.objectContaining({ listName: 'HTTP bank', signalType: 'pdq' })]);
  });

  it('a list imported by the CLI into the running server\'s data folder quarantines a resized copy at the next upload', async () => {
    const listedImage = await drawn(11, 6);
    const resized = await sharp(listedImage).resize(200).jpeg({ quality: 80 }).toBuffer();
    // before the import the image is delivered
    expect((await uploadToTeam(resized, 'before.jpg')).file.status).toBe('ready');

    const file = join(srv.dir, 'cli-bank.txt');
    writeFileSync(file, `# exported list\n${(await pdqHash(listedImage)).hash}\n`);
    const out = await cli(srv, ['import', '--name', 'CLI bank', file]);
    expect(out.stderr).not.toMatch(/error/i);
    expect(out.code).toBe(0);
    const imported = JSON.parse(out.stdout) as { id: string; name: string; entries: number };
    expect(imported).toMatchObject({ name: 'CLI bank', entries: 1 });

    const { file: after } = await uploadToTeam(resized, 'after.jpg');
    expect(after.status).toBe('quarantined');
    expect((await download(srv, bob, after.id)).status).toBe(451);
    const q = await call<{ items: QueueItem[] }>(srv, spec.token, 'GET', '/api/v1/quarantine');
    expect(q.body.items.find((i) => i.fileId === after.id)?.matches).toEqual([expect.objectContaining({ listId: imported.id, listName: 'CLI bank', signalType: 'pdq' })]);
  });

  it('a different image is not quarantined (its PDQ hash is far from every listed one)', async () => {
    const other = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 250, g: 250, b: 250 } } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><circle cx="80" cy="60" r="50" fill="#0a0"/><rect x="180" y="120" width="120" height="100" fill="#a0a"/></svg>'), left: 0, top: 0 }])
      .jpeg({ quality: 90 })
      .toBuffer();
    const { file } = await uploadToTeam(other, 'other.jpg');
    expect(file.status).toBe('ready');
    expect((await download(srv, bob, file.id)).status).toBe(200);
    const q = await call<{ items: QueueItem[] }>(srv, spec.token, 'GET', '/api/v1/quarantine');
    expect(q.body.items.some((i) => i.fileId === file.id)).toBe(false);
  });
});
