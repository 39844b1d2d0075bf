/**
 * Faces in uploads (issue 11, step 5), through the HTTP API with the real detector (Human,
 * BlazeFace on WASM): blurred in team and broad channels, never revealed there; shown in case
 * rooms after a justified, audited reveal; a detector that cannot load never lets a file through
 * unprocessed. Fixtures: a synthetic face drawn in the test (no real person).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HumanFaceDetector } from '../../services/media/faces.ts';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { download, settled, storedObjects, textImage, upload } from '../../test/images.ts';
import { meanDifference, syntheticFace, type Region } from '../../test/synthetic-face.ts';
import { fakeReport, makeIntegration, postReport } from '../intake/test-helpers.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let lead: TestUser;
let face: { bytes: Buffer; face: Region };

/** Far from the face (the blurred box is the detector's box padded by 20 %). */
const AWAY: Region = { left: 0, top: 0, width: 160, height: 110 };

async function reveal(user: TestUser, fileId: string, justification = 'checking the reported photo') {
  const res = await fetch(`${srv.url}/api/v1/files/${fileId}/reveal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ justification }),
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

const audits = (fileId: string) => srv.ctx.db.selectFrom('audit_events').select(['actor', 'outcome', 'justification', 'details']).where('action', '=', 'media.reveal').where('target', '=', `file:${fileId}`).orderBy('seq').execute();

beforeAll(async () => {
  // OCR off here: this file is about faces (text in images has its own tests)
  srv = await startServer({ media: { ocr: null, settings: { uploadsPerWindow: 1000 } } });
  ada = await makeUser(srv);
  bob = await makeUser(srv);
  lead = await makeUser(srv, { role: 'lead' });
  face = await syntheticFace({ width: 640, height: 480, size: 120 });
});
afterAll(async () => srv.close());

describe('faces in a team channel', () => {
  it('the served copy has the face blurred (large difference there, tiny elsewhere), marked blurred for faces; no reveal there', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const r = await upload(srv, ada, ch.id, face.bytes, 'profile.jpg');
    expect(r.status).toBe(201);
    const f = await settled(srv, bob, r.body.message?.id as string);
    expect(f).toMatchObject({ status: 'ready', blurred: true, blurReasons: ['face'], width: 640, height: 480 });
    const got = await download(srv, bob, f.id);
    expect(got.status).toBe(200);
    expect(await meanDifference(face.bytes, got.bytes, face.face, true)).toBeGreaterThan(12);
    expect(await meanDifference(face.bytes, got.bytes, AWAY, true)).toBeLessThan(3);
    // only the face-blurred copy is kept: nothing to reveal outside a case room
    const row = await srv.ctx.db.selectFrom('media_files').select(['clear_key', 'original_key', 'blur_reasons']).where('id', '=', f.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ clear_key: null, original_key: null, blur_reasons: '["face"]' });
    const denied = await reveal(bob, f.id);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.bytes.toString('utf8'))).toMatchObject({ error: { code: 'reveal_denied' } });
    expect(await audits(f.id)).toEqual([expect.objectContaining({ actor: bob.id, outcome: 'denied', justification: 'checking the reported photo' })]);
    expect(JSON.parse((await audits(f.id))[0]?.details ?? '{}')).toMatchObject({ reason: 'faces_outside_case_room' });
  }, 60_000);

  it('an image without faces (a document) is not blurred', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const doc = await textImage(['MEETING NOTES', 'Queue review at ten', 'Bring the weekly numbers']);
    const r = await upload(srv, ada, ch.id, doc, 'notes.png');
    const f = await settled(srv, bob, r.body.message?.id as string);
    expect(f).toMatchObject({ status: 'ready', blurred: false });
    expect(f).not.toHaveProperty('blurReasons');
    expect(await meanDifference(doc, (await download(srv, bob, f.id)).bytes, { left: 0, top: 0, width: 900, height: 270 }, true)).toBe(0);
  }, 60_000);

  it('in a broad (public) channel the face is blurred too, and faces never cause a 422', async () => {
    const pub = await makeChannel(srv, ada, { visibility: 'public' });
    const r = await upload(srv, ada, pub.id, face.bytes, 'crowd.jpg');
    expect(r.status).toBe(201);
    const f = r.body.message?.files?.[0] as { id: string };
    expect(f).toMatchObject({ status: 'ready', blurred: true, blurReasons: ['face'] });
    const got = await download(srv, ada, f.id);
    expect(await meanDifference(face.bytes, got.bytes, face.face, true)).toBeGreaterThan(12);
    expect((await reveal(ada, f.id)).status).toBe(403);
  }, 60_000);
});

describe('faces in a case room', () => {
  it('served blurred; an assignee reveals the original with a justification, audited', async () => {
    const created = await postReport(srv, await makeIntegration(srv, `p-${Date.now()}`), fakeReport({ reportId: `faces-${Date.now()}` }));
    const caseId = String(created.body.caseId);
    expect((await call(srv, lead.token, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: ada.id })).status).toBe(204);
    const room = (await call<{ roomChannelId: string }>(srv, ada.token, 'GET', `/api/v1/cases/${caseId}`)).body.roomChannelId;
    const r = await upload(srv, ada, room, face.bytes, 'reported-photo.jpg');
    expect(r.status).toBe(201);
    const f = await settled(srv, ada, r.body.message?.id as string);
    expect(f).toMatchObject({ status: 'ready', blurred: true, blurReasons: ['face'] });
    const served = await download(srv, ada, f.id);
    expect(await meanDifference(face.bytes, served.bytes, face.face, true)).toBeGreaterThan(12);
    expect((await reveal(ada, f.id, 'too short')).status).toBe(400);
    const clear = await reveal(ada, f.id);
    expect(clear.status).toBe(200);
    // the clear copy is the original re-encoded: the face is there
    expect(await meanDifference(face.bytes, clear.bytes, face.face, true)).toBeLessThan(3);
    const events = await audits(f.id);
    expect(events.map((e) => e.outcome)).toEqual(['denied', 'success']);
    expect(events[1]).toMatchObject({ actor: ada.id, justification: 'checking the reported photo' });
  }, 60_000);
});

describe('faces and text with personal data in one image (OCR on)', () => {
  let withOcr: TestServer;
  beforeAll(async () => {
    withOcr = await startServer({ media: { settings: { uploadsPerWindow: 1000 } } });
  });
  afterAll(async () => withOcr.close());

  it('in a team channel the whole image is blurred; the justified reveal shows the text but keeps the face blurred', async () => {
    const text = await textImage(['IDENTITY CARD', 'Email: jane.doe@example.com', 'Phone: +1 202-555-0147'], 900);
    const photo = await syntheticFace({ width: 900, height: 480, size: 120 });
    const both = await sharp({ create: { width: 900, height: 750, channels: 3, background: '#ffffff' } })
      .composite([
        { input: photo.bytes, left: 0, top: 0 },
        { input: text, left: 0, top: 480 },
      ])
      .png()
      .toBuffer();
    const textArea: Region = { left: 0, top: 500, width: 900, height: 250 };
    const u = await makeUser(withOcr);
    const v = await makeUser(withOcr);
    const ch = await makeChannel(withOcr, u, { members: [v] });
    const r = await upload(withOcr, u, ch.id, both, 'id-and-photo.png');
    expect(r.status).toBe(201);
    const f = await settled(withOcr, v, r.body.message?.id as string, 60_000);
    expect(f).toMatchObject({ status: 'ready', blurred: true, blurReasons: ['text', 'face'] });
    const served = await download(withOcr, v, f.id);
    expect(await meanDifference(both, served.bytes, textArea, true)).toBeGreaterThan(10);
    const res = await fetch(`${withOcr.url}/api/v1/files/${f.id}/reveal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${v.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ justification: 'checking the reported document' }),
    });
    expect(res.status).toBe(200);
    const clear = Buffer.from(await res.arrayBuffer());
    expect(await meanDifference(both, clear, textArea, true)).toBeLessThan(1);
    expect(await meanDifference(both, clear, photo.face, true)).toBeGreaterThan(12);
  }, 120_000);
});

describe('a face detector that cannot load', () => {
  let broken: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'enclave-no-faces-model-'));
    broken = await startServer({ media: { ocr: null, faces: new HumanFaceDetector({ modelDir: dir }), settings: { uploadsPerWindow: 1000, maxAttempts: 2, retryBaseMs: 20 }, autoStart: false } });
  });
  afterAll(async () => {
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never serves the file: it stays processing while retried, then ends blocked (processing_failed)', async () => {
    const u = await makeUser(broken);
    const ch = await makeChannel(broken, u);
    const r = await upload(broken, u, ch.id, face.bytes, 'profile.jpg');
    expect(r.status).toBe(201);
    const id = (r.body.message?.files?.[0] as { id: string }).id;
    const runner = broken.ctx.media.runner;
    runner.wake();
    await runner.idle();
    expect((await download(broken, u, id)).status).toBe(409);
    const job = await broken.ctx.db.selectFrom('media_jobs').select(['attempts', 'last_error']).where('file_id', '=', id).executeTakeFirstOrThrow();
    expect(job).toEqual({ attempts: 1, last_error: 'FaceDetectorError' });
    await new Promise((res) => setTimeout(res, 60));
    runner.wake();
    await runner.idle();
    const f = await settled(broken, u, r.body.message?.id as string, 5_000);
    expect(f.status).toBe('blocked');
    expect((await download(broken, u, id)).status).toBe(410);
  }, 60_000);

  it('in a broad channel the upload is refused with 503 and nothing is stored', async () => {
    const u = await makeUser(broken);
    const pub = await makeChannel(broken, u, { visibility: 'public' });
    const before = storedObjects(broken);
    const r = await upload(broken, u, pub.id, face.bytes, 'profile.jpg');
    expect(r.status).toBe(503);
    expect(r.body.error?.code).toBe('media_unavailable');
    expect(storedObjects(broken)).toBe(before);
  }, 60_000);
});
