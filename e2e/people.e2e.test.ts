/**
 * People (issue 12) in the browser: Ada sets her profile and avatar from her own card; Bob clicks
 * her name on a message and sees the card (picture, title, team, status); the People directory
 * searches by team and title; a privacy officer reads names instead of ids in the audit table (a
 * private channel they are not in, resolved through `POST /names`), times stated in UTC, and opens
 * "who saw" from a chip. axe-core: no serious or critical violations on the directory and the
 * profile card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import sharp from 'sharp';
import { build } from 'vite';
import { join } from 'node:path';
import { apiAs, signInPage, type SessionTrack, launchChromium } from './browser-session.ts';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';

const ADA = { name: 'Ada People', email: 'ada.people@example.com', password: 'correct-horse-battery-5', role: 'agent' };
const BOB = { name: 'Bob People', email: 'bob.people@example.com', password: 'staple-lantern-orbit-6', role: 'agent' };
const PIA = { name: 'Pia Officer', email: 'pia.officer@example.com', password: 'quiet-meadow-harbor-7', role: 'privacy_officer' };

let server: RunningServer;
let browser: Browser;
const track: SessionTrack = { contexts: [], pageErrors: [] };
const tokens: Record<'ada' | 'bob' | 'pia', string> = { ada: '', bob: '', pia: '' };
let roomId = '';
let secretId = '';

interface BrowserGlobals {
  document: unknown;
  axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> };
}

/** Serious and critical axe-core violations on the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const res = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    return w.axe.run(w.document, { resultTypes: ['violations'] });
  });
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await startServer();
  const ada = await addUser(server.dataDir, ADA);
  const bob = await addUser(server.dataDir, BOB);
  const pia = await addUser(server.dataDir, PIA);
  tokens.ada = ada.apiToken;
  tokens.bob = bob.apiToken;
  tokens.pia = pia.apiToken;
  roomId = (await apiAs<{ id: string }>(server.baseUrl, tokens.ada, 'POST', '/channels', { name: 'people-room', visibility: 'private' })).id;
  for (const u of [bob, pia]) await apiAs(server.baseUrl, tokens.ada, 'POST', `/channels/${roomId}/members`, { userId: u.id });
  await apiAs(server.baseUrl, tokens.ada, 'POST', `/channels/${roomId}/messages`, { text: 'Morning all, the queue is long today.' });
  const msg = await apiAs<{ message: { entities: Array<{ token: string }> } }>(server.baseUrl, tokens.ada, 'POST', `/channels/${roomId}/messages`, {
    text: 'The reporter wrote from pat.reporter@example.com yesterday.',
  });
  const token = msg.message.entities[0]?.token ?? '';
  await apiAs(server.baseUrl, tokens.bob, 'POST', '/reveal', { token, justification: 'checking the reporter account for case work' });
  // A private channel the privacy officer is not in: its audit event must still read as a name.
  secretId = (await apiAs<{ id: string }>(server.baseUrl, tokens.ada, 'POST', '/channels', { name: 'secret-room', visibility: 'private' })).id;
  await apiAs(server.baseUrl, tokens.ada, 'PATCH', `/channels/${secretId}`, { topic: 'Escalations only' });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of track.contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('people', () => {
  let ada: Page;
  let bob: Page;

  it('Ada opens her own card from her name on a message, sets her profile and uploads a picture', async () => {
    ada = await signInPage(browser, server.baseUrl, ADA, track);
    await ada.goto(`${server.baseUrl}/c/${roomId}`);
    const mine = ada.locator('.message-list .msg', { hasText: 'Morning all' });
    await mine.getByRole('button', { name: 'Ada People' }).click();
    const card = ada.getByRole('dialog', { name: 'Ada People' });
    await card.getByRole('button', { name: 'Edit profile' }).click();
    await card.getByLabel('Display name', { exact: true }).fill('Ada P.');
    await card.getByLabel('Title', { exact: true }).fill('Senior investigator');
    await card.getByLabel('Team', { exact: true }).fill('Payments Trust & Safety');
    await card.getByLabel('Time zone', { exact: true }).selectOption('Europe/Berlin');
    await card.getByLabel('Status emoji', { exact: true }).fill('🔎');
    await card.getByLabel('Status', { exact: true }).fill('Working the payments queue');
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 30, g: 120, b: 200 } } }).png().toBuffer();
    await card.getByLabel(/Upload a picture/).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => card.locator('img.avatar').count()).toBe(1);
    await card.getByRole('button', { name: 'Save profile' }).click();
    const saved = ada.getByRole('dialog', { name: 'Ada P.' });
    await expect.poll(() => saved.getByText('Senior investigator').count()).toBe(1);
  });

  it('a status with a user’s e-mail address is refused with a clear message, nothing saved', async () => {
    const card = ada.getByRole('dialog', { name: 'Ada P.' });
    await card.getByRole('button', { name: 'Edit profile' }).click();
    await card.getByLabel('Status', { exact: true }).fill('ask pat.reporter@example.com');
    await card.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toMatch(/personal data/);
    expect(await card.getByRole('alert').textContent()).not.toContain('pat.reporter');
    await card.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => card.getByText('Working the payments queue').count()).toBe(1);
    await ada.keyboard.press('Escape');
  });

  it('Bob clicks Ada’s name on her message and sees her card with picture, title, team and status', async () => {
    bob = await signInPage(browser, server.baseUrl, BOB, track);
    await bob.goto(`${server.baseUrl}/c/${roomId}`);
    await bob.locator('.message-list .msg', { hasText: 'Morning all' }).getByRole('button', { name: 'Ada People' }).click();
    const card = bob.getByRole('dialog', { name: 'Ada P.' });
    await expect.poll(() => card.getByText('Payments Trust & Safety').count()).toBe(1);
    expect(await card.getByText('Senior investigator').count()).toBe(1);
    expect(await card.getByText('Working the payments queue').count()).toBe(1);
    expect(await card.getByText('(Europe/Berlin)').count()).toBe(1);
    const img = card.locator('img.avatar');
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(256);
    expect(await card.getByRole('button', { name: 'Send a message' }).count()).toBe(1);
    expect(await axeProblems(bob)).toEqual([]);
    await bob.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);
  });

  it('the People directory lists colleagues with initials or pictures and searches by team and title', async () => {
    await bob.getByRole('link', { name: 'People', exact: true }).click();
    await bob.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    const list = bob.getByRole('list', { name: 'People' });
    await expect.poll(() => list.locator('li').count()).toBe(3);
    // Pia has no picture: her initials on a generated colour.
    expect(await list.locator('li', { hasText: 'Pia Officer' }).locator('.avatar-initials').textContent()).toBe('PO');
    await bob.getByLabel('Search by name, title or team').fill('payments trust');
    await expect.poll(() => list.locator('li').count()).toBe(1);
    expect(await list.locator('li').first().textContent()).toContain('Ada P.');
    await bob.getByLabel('Search by name, title or team').fill('investigator');
    await expect.poll(() => list.locator('li').count()).toBe(1);
    await bob.getByLabel('Search by name, title or team').fill('nobody-like-this');
    await expect.poll(() => bob.getByRole('status').filter({ hasText: 'Nobody matches.' }).count()).toBe(1);
    await bob.getByLabel('Search by name, title or team').fill('');
    await expect.poll(() => list.locator('li').count()).toBe(3);
    expect(await axeProblems(bob)).toEqual([]);
    await list.getByRole('button', { name: 'Ada P.' }).click();
    await expect.poll(() => bob.getByRole('dialog', { name: 'Ada P.' }).count()).toBe(1);
    await bob.keyboard.press('Escape');
  });

  it('the privacy officer reads names and UTC times in the audit table, and opens "who saw" from a chip', async () => {
    const pia = await signInPage(browser, server.baseUrl, PIA, track);
    await pia.getByRole('link', { name: /Privacy/ }).click();
    const table = pia.locator('table.audit-table');
    await expect.poll(() => table.locator('tr[data-action="channel.update"]').count()).toBeGreaterThan(0);
    const row = table.locator('tr[data-action="channel.update"]').first();
    // names arrive from POST /names after the rows are drawn
    await expect.poll(() => row.textContent()).toContain('#secret-room');
    expect(await row.textContent()).toContain('Ada People');
    expect(await row.textContent()).not.toContain(secretId);
    expect(await row.locator('td').nth(1).textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(await pia.getByText('All times are in UTC, like the date filters.').count()).toBeGreaterThan(0);

    await pia.goto(`${server.baseUrl}/c/${roomId}`);
    const msg = pia.locator('.message-list .msg', { hasText: 'The reporter wrote' });
    await msg.getByRole('button', { name: 'Who saw this e-mail address?' }).click();
    const dialog = pia.getByRole('dialog', { name: 'Who saw this e-mail address' });
    await expect.poll(() => dialog.locator('tr[data-action="reveal"]').count()).toBe(1);
    const reveal = await dialog.locator('tr[data-action="reveal"]').textContent();
    expect(reveal).toContain('Bob People');
    expect(reveal).toContain('checking the reporter account');
    expect(reveal).not.toContain('pat.reporter');
    expect(reveal).toContain('E-mail address');
    expect(await pia.content()).not.toContain('tok_');
    expect(await axeProblems(pia)).toEqual([]);
  });

  it('no page errors', () => {
    expect(track.pageErrors).toEqual([]);
  });
});
