/**
 * End-to-end: hash-list quarantine in a real browser (issue 11 "Done when"), through the real
 * server (`bin/enclave serve`: PDQ engine and hash-list matcher as wired in `context.ts`). An admin
 * imports a list holding the PDQ hash of a colourful image drawn in the test; an agent attaches a
 * re-encoded copy in the web app; it never reaches the channel (a colleague's browser shows
 * "Removed for review" and never requests the file); a specialist opens the quarantine page, sees
 * the image greyscale and blurred (the served review image and the CSS filter), unblurs it with a
 * justification and a countdown runs. Screenshots: /tmp/e2e-quarantine-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pdqHash } from '@enclave/pdq';
import sharp from 'sharp';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { apiAs, signInPage, launchChromium } from './browser-session.ts';

const AGENT = { name: 'Quinn Uploader', email: 'quinn.uploader@example.com', password: 'cobalt-lantern-meadow-3', role: 'agent' };
const COLLEAGUE = { name: 'Rita Colleague', email: 'rita.colleague@example.com', password: 'walnut-ribbon-glacier-5', role: 'agent' };
const SPECIALIST = { name: 'Sam Specialist', email: 'sam.specialist@example.com', password: 'copper-thistle-harbor-9', role: 'specialist' };
const ADMIN = { name: 'Ada Admin', email: 'ada.admin@example.com', password: 'maple-socket-violet-4', role: 'admin' };
const TEAM = 'review-team';

let server: RunningServer;
let browser: Browser;
let agentToken: string;
let teamId: string;
let listed: Buffer;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

const api = <T,>(token: string, method: string, path: string, body?: unknown): Promise<T> => apiAs<T>(server.baseUrl, token, method, path, body);
const signedIn = (user: { email: string; password: string }): Promise<Page> => signInPage(browser, server.baseUrl, user, { contexts, pageErrors });

async function openChannel(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(name) }).first().click();
  await expect.poll(() => page.getByRole('heading', { level: 1, name: new RegExp(name) }).count()).toBe(1);
}

/** A 480 × 360 JPEG in strong colours: a checkerboard, a diagonal band and a circle. */
async function drawn(): Promise<Buffer> {
  const w = 480;
  const h = 360;
  const cells: string[] = [];
  for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) if ((x * 5 + y * 6) % 3 === 0) cells.push(`<rect x="${x * 60}" y="${y * 60}" width="60" height="60" fill="#108020"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f8e070"/>${cells.join('')}<polygon points="0,${h} 160,${h} ${w},0 320,0" fill="#d02020"/><circle cx="340" cy="240" r="70" fill="#2040d0"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
}

/**
 * Runs in the page: sharpness (mean squared grey-level step between horizontal neighbours; a blur
 * spreads each edge over many small steps) and colourfulness (mean |r−g|+|g−b|) of an image drawn to a canvas.
 */
function pixelsOf(el: unknown): { sharpness: number; colour: number } {
  type Ctx = { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
  const img = el as { naturalWidth: number; naturalHeight: number };
  const doc = (globalThis as unknown as { document: { createElement(t: string): { width: number; height: number; getContext(k: string): Ctx } } }).document;
  const canvas = doc.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const grey = (i: number) => ((d[i] as number) + (d[i + 1] as number) + (d[i + 2] as number)) / 3;
  let steps = 0;
  let colour = 0;
  for (let i = 0; i < d.length; i += 4) {
    colour += Math.abs((d[i] as number) - (d[i + 1] as number)) + Math.abs((d[i + 1] as number) - (d[i + 2] as number));
    if ((i / 4) % canvas.width !== canvas.width - 1) steps += (grey(i + 4) - grey(i)) ** 2;
  }
  const n = d.length / 4;
  return { sharpness: steps / n, colour: colour / n };
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
  await addUser(server.dataDir, SPECIALIST);
  const admin = await addUser(server.dataDir, ADMIN);
  agentToken = agent.apiToken;
  teamId = (await api<{ id: string }>(agent.apiToken, 'POST', '/channels', { name: TEAM, visibility: 'private' })).id;
  await api(agent.apiToken, 'POST', `/channels/${teamId}/members`, { userId: colleague.id });
  listed = await drawn();
  const { hash } = await pdqHash(listed);
  await api(admin.apiToken, 'POST', '/hashlists', { name: 'Hotline bank', content: `signal_type,signal\npdq,${hash}\n` });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('hash-list quarantine in the browser', () => {
  let fileId = '';

  it('an image on an imported list never reaches the channel: members see "removed for review", never the image', async () => {
    const colleague = await signedIn(COLLEAGUE);
    const fileRequests: string[] = [];
    colleague.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/v1/files/')) fileRequests.push(r.url());
    });
    await openChannel(colleague, TEAM);

    const agent = await signedIn(AGENT);
    await openChannel(agent, TEAM);
    const copy = await sharp(listed).jpeg({ quality: 60 }).toBuffer(); // re-encoded: other bytes, same picture
    await agent.getByTestId('file-input').setInputFiles({ name: 'forwarded.jpg', mimeType: 'image/jpeg', buffer: copy });
    await agent.locator('.file-card[data-file-status="quarantined"]').first().waitFor({ state: 'visible', timeout: 60_000 });

    const removed = colleague.locator('.file-card[data-file-status="quarantined"]').first();
    await removed.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await removed.textContent()).toMatch(/Removed for review/);
    await colleague.screenshot({ path: '/tmp/e2e-quarantine-channel.png' });
    expect(await colleague.locator('img.file-thumb').count()).toBe(0);
    expect(await colleague.locator('.file-card[data-file-status="ready"]').count()).toBe(0);
    expect(fileRequests).toEqual([]);

    const page = await api<{ messages: Array<{ files?: Array<{ id: string; status: string }> }> }>(agentToken, 'GET', `/channels/${teamId}/messages`);
    const file = page.messages.flatMap((m) => m.files ?? []).at(-1);
    expect(file?.status).toBe('quarantined');
    fileId = file?.id as string;
    // the colleague's own session gets 451 for it
    const status = await colleague.evaluate(async (id) => (await fetch(`/api/v1/files/${id}`, { credentials: 'same-origin' })).status, fileId);
    expect(status).toBe(451);
  });

  it('a specialist sees it in the queue greyscale and blurred, unblurs it with a justification, and a countdown runs', async () => {
    const specialist = await signedIn(SPECIALIST);
    await specialist.getByRole('link', { name: 'Quarantined media' }).click();
    await specialist.getByRole('heading', { level: 1, name: 'Quarantined media' }).waitFor();
    const card = specialist.locator(`.quarantine-card[data-file-id="${fileId}"]`);
    await card.waitFor({ state: 'visible' });
    expect(await card.textContent()).toMatch(/PDQ on list Hotline bank \(distance \d+\)/);
    expect(await card.getAttribute('data-clear')).toBe('false');

    const img = card.locator('img.file-thumb');
    await expect.poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const filter = await img.evaluate((i) => (globalThis as unknown as { getComputedStyle(e: unknown): { filter: string } }).getComputedStyle(i).filter);
    expect(filter).toMatch(/grayscale\(1\)/);
    expect(filter).toMatch(/blur\(/);
    const blurred = await img.evaluate(pixelsOf);
    expect(blurred.colour).toBeLessThan(2); // the served review image itself is greyscale
    await specialist.screenshot({ path: '/tmp/e2e-quarantine-blurred.png' });

    await card.getByRole('button', { name: 'Unblur…' }).click();
    const unblurButton = card.getByRole('button', { name: 'Unblur for one minute' });
    await card.getByLabel('Justification').fill('short');
    expect(await unblurButton.isDisabled()).toBe(true);
    await card.getByLabel('Justification').fill('Confirming the hash-list match for the hotline report');
    await unblurButton.click();

    const countdown = card.getByText(/Unblurred for \d+ s\./);
    await countdown.waitFor();
    const secondsLeft = async () => Number(/(\d+) s/.exec((await countdown.textContent()) ?? '')?.[1]);
    const first = await secondsLeft();
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    await expect.poll(secondsLeft).toBeLessThan(first);
    expect(await card.getAttribute('data-clear')).toBe('true');
    expect(await img.evaluate((i) => (globalThis as unknown as { getComputedStyle(e: unknown): { filter: string } }).getComputedStyle(i).filter)).toBe('none');
    await expect.poll(async () => (await img.evaluate(pixelsOf)).colour).toBeGreaterThan(20);
    const clear = await img.evaluate(pixelsOf);
    expect(clear.sharpness).toBeGreaterThan(blurred.sharpness * 4);
    await specialist.screenshot({ path: '/tmp/e2e-quarantine-unblurred.png' });

    expect(pageErrors).toEqual([]);
  });
});
