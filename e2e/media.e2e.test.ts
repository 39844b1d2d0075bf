/**
 * End-to-end: images in a real browser (issue 11 "Done when"). An agent attaches a photo carrying
 * GPS and camera EXIF to a team channel; it shows as a thumbnail and the copy the server serves has
 * no metadata. An identity-document-like image (rendered in the test from fake data) is refused in
 * a public channel, naming the file, and shown blurred in a team channel, where a colleague reveals
 * it with a justification. A photo with a face (a synthetic one drawn in the test) shows to a
 * colleague with the face blurred, and its reveal is refused outside a case room.
 * Screenshots: /tmp/e2e-media-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { join } from 'node:path';
import { gpsPhoto, textImage } from '../server/src/test/images.ts';
import { meanDifference, syntheticFace } from '../server/src/test/synthetic-face.ts';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { apiAs, signInPage, launchChromium } from './browser-session.ts';

const AGENT = { name: 'Mona Media', email: 'mona.media@example.com', password: 'amber-kettle-sonnet-7', role: 'agent' };
const COLLEAGUE = { name: 'Nils Colleague', email: 'nils.colleague@example.com', password: 'birch-harbor-quill-8', role: 'agent' };
const TEAM = 'photo-team';
const BROAD = 'everyone-media';
const ID_CARD = ['IDENTITY CARD', 'Email: jane.doe@example.com', 'Phone: +1 202-555-0147'];

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

const api = <T,>(token: string, method: string, path: string, body?: unknown): Promise<T> => apiAs<T>(server.baseUrl, token, method, path, body);
const signedIn = (user: { email: string; password: string }): Promise<Page> => signInPage(browser, server.baseUrl, user, { contexts, pageErrors });

async function openChannel(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(name) }).first().click();
  await expect.poll(() => page.getByRole('heading', { level: 1, name: new RegExp(name) }).count()).toBe(1);
}

/** Bytes of a same-origin URL fetched by the page (its session cookie). */
async function fetchInPage(page: Page, url: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const r = await page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'same-origin' });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
  }, url);
  return { status: r.status, type: r.type, bytes: Buffer.from(r.bytes) };
}

/** Runs in the page: the standard deviation of the image's grey levels (drawn to a canvas). */
function contrastOf(el: unknown): number {
  type Ctx = { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
  const img = el as { naturalWidth: number; naturalHeight: number };
  const doc = (globalThis as unknown as { document: { createElement(t: string): { width: number; height: number; getContext(k: string): Ctx } } }).document;
  const canvas = doc.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  let sq = 0;
  const n = d.length / 4;
  for (let i = 0; i < d.length; i += 4) {
    const g = ((d[i] as number) + (d[i + 1] as number) + (d[i + 2] as number)) / 3;
    sum += g;
    sq += g * g;
  }
  const mean = sum / n;
  return Math.sqrt(sq / n - mean * mean);
}

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await startServer({ env: { ENCLAVE_MESSAGE_RATE: '1000' } });
  const agent = await addUser(server.dataDir, AGENT);
  const colleague = await addUser(server.dataDir, COLLEAGUE);
  const teamId = (await api<{ id: string }>(agent.apiToken, 'POST', '/channels', { name: TEAM, visibility: 'private' })).id;
  await api(agent.apiToken, 'POST', `/channels/${teamId}/members`, { userId: colleague.id });
  await api<{ id: string }>(agent.apiToken, 'POST', '/channels', { name: BROAD, visibility: 'public' });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('images in the browser', () => {
  let agent: Page;

  it('a photo with GPS EXIF uploads by the attach button; the served copy has no metadata', async () => {
    agent = await signedIn(AGENT);
    await openChannel(agent, TEAM);
    const photo = await gpsPhoto(640, 480);
    const before = await sharp(photo).metadata();
    expect(before.exif?.includes(Buffer.from('FakeCam'))).toBe(true);
    await agent.getByTestId('file-input').setInputFiles({ name: 'beach.jpg', mimeType: 'image/jpeg', buffer: photo });
    const thumb = agent.locator('.file-card[data-file-status="ready"] img.file-thumb').first();
    await thumb.waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await agent.screenshot({ path: '/tmp/e2e-media-photo.png' });
    const src = (await thumb.getAttribute('src')) ?? '';
    expect(src).toMatch(/^\/api\/v1\/files\//);
    const served = await fetchInPage(agent, src);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/jpeg');
    const meta = await sharp(served.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // orientation 6 applied: the 640 × 480 photo is displayed upright as 480 × 640
    expect([meta.width, meta.height]).toEqual([480, 640]);
    expect(served.bytes.includes(Buffer.from('FakeCam'))).toBe(false);
  });

  it('an identity-document-like image is refused in a public channel, naming the file', async () => {
    await openChannel(agent, BROAD);
    await agent.getByTestId('file-input').setInputFiles({ name: 'id-scan.png', mimeType: 'image/png', buffer: await textImage(ID_CARD) });
    const alert = agent.getByRole('alert').filter({ hasText: 'id-scan.png' });
    await alert.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/personal data/);
    await agent.screenshot({ path: '/tmp/e2e-media-refused.png' });
    expect(await agent.locator('.file-card').count()).toBe(0);
  });

  it('the same image is blurred in a team channel; a colleague reveals it with a justification', async () => {
    await openChannel(agent, TEAM);
    await agent.getByTestId('file-input').setInputFiles({ name: 'id-scan.png', mimeType: 'image/png', buffer: await textImage(ID_CARD) });
    const card = agent.locator('.file-card[data-blurred="true"]').first();
    await card.waitFor({ state: 'visible', timeout: 60_000 });
    await agent.screenshot({ path: '/tmp/e2e-media-blurred.png' });

    const colleague = await signedIn(COLLEAGUE);
    await openChannel(colleague, TEAM);
    const theirs = colleague.locator('.file-card[data-blurred="true"]').first();
    await theirs.waitFor({ state: 'visible' });
    await expect.poll(() => theirs.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const blurredContrast = await theirs.locator('img').evaluate(contrastOf);
    await theirs.getByRole('button', { name: 'Reveal image' }).click();
    const dialog = colleague.getByRole('dialog', { name: 'Reveal image' });
    await dialog.getByLabel('Justification').fill('Checking the identity document for case 77');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    const revealed = theirs.locator('img');
    await expect.poll(() => revealed.getAttribute('src')).toMatch(/^blob:/);
    await theirs.getByText('revealed for one minute').waitFor();
    await colleague.screenshot({ path: '/tmp/e2e-media-revealed.png' });
    await expect.poll(() => revealed.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    // the clear copy has sharp black-on-white text: far more contrast than the blurred one
    expect(await revealed.evaluate(contrastOf)).toBeGreaterThan(blurredContrast * 1.5);
    expect(pageErrors).toEqual([]);
  });

  it('a photo with a face uploaded in a team channel shows the face blurred to a colleague; no reveal outside a case room', async () => {
    const face = await syntheticFace({ width: 640, height: 480, size: 120 });
    await openChannel(agent, TEAM);
    await agent.getByTestId('file-input').setInputFiles({ name: 'profile-photo.jpg', mimeType: 'image/jpeg', buffer: face.bytes });
    await agent.locator('.file-card[data-blur-reasons="face"]').first().waitFor({ state: 'visible', timeout: 60_000 });

    const colleague = await signedIn(COLLEAGUE);
    await openChannel(colleague, TEAM);
    const card = colleague.locator('.file-card[data-blur-reasons="face"]').first();
    await card.waitFor({ state: 'visible', timeout: 60_000 });
    const img = card.locator('img.file-thumb');
    expect(await img.getAttribute('alt')).toBe('profile-photo.jpg (blurred: faces)');
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(640);
    await colleague.screenshot({ path: '/tmp/e2e-media-face-blurred.png' });
    // the bytes the colleague's browser shows: the face region changed a lot, the rest hardly
    const served = await fetchInPage(colleague, (await img.getAttribute('src')) ?? '');
    expect(served.status).toBe(200);
    expect(await meanDifference(face.bytes, served.bytes, face.face, true)).toBeGreaterThan(12);
    expect(await meanDifference(face.bytes, served.bytes, { left: 0, top: 0, width: 160, height: 110 }, true)).toBeLessThan(3);
    await card.getByRole('button', { name: 'Reveal image' }).click();
    const dialog = colleague.getByRole('dialog', { name: 'Reveal image' });
    await dialog.getByLabel('Justification').fill('Checking the reported profile photo');
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Faces are shown only in case rooms' }).waitFor();
    expect(await img.getAttribute('src')).toMatch(/^\/api\/v1\/files\//);
    expect(pageErrors).toEqual([]);
  });
});
