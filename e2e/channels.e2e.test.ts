/**
 * End-to-end (issue 12, "Channels" and pins/saved): in a real browser against the real server —
 * pin a message and find it in the channel details pane, save one and open it from the Saved
 * view, Ctrl+K to switch channel by keyboard (focus returns on Escape), archive a channel then
 * fail to post, leave a channel; axe-core on the details pane and the switcher (no serious or
 * critical violations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { apiAs, signInPage, launchChromium } from './browser-session.ts';

const ADA = { name: 'Ada Owner', email: 'ada.owner@example.com', password: 'correct-horse-battery-5', role: 'agent' };
const BOB = { name: 'Bob Member', email: 'bob.member@example.com', password: 'staple-lantern-orbit-6', role: 'agent' };
const MAIN = 'ops-room';
const OTHER = 'side-room';
const LEAVE = 'visitors-room';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let adaToken = '';
let bobToken = '';
let mainId = '';

/** The browser globals read inside `page.evaluate` (the e2e tsconfig has no DOM lib). */
interface BrowserGlobals {
  document: { activeElement: { getAttribute(n: string): string | null; tagName: string } | null; querySelector(s: string): unknown };
  axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> };
}

/** Serious and critical axe-core violations inside `selector`. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(axe.source);
  const res = await page.evaluate((sel) => {
    const w = globalThis as unknown as BrowserGlobals;
    return w.axe.run(w.document.querySelector(sel), { resultTypes: ['violations'] });
  }, selector);
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

const api = <T,>(token: string, method: string, path: string, body?: unknown): Promise<T> => apiAs<T>(server.baseUrl, token, method, path, body);

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await startServer({ env: { ENCLAVE_MESSAGE_RATE: '1000' } });
  const ada = await addUser(server.dataDir, ADA);
  const bob = await addUser(server.dataDir, BOB);
  adaToken = ada.apiToken;
  bobToken = bob.apiToken;
  mainId = (await api<{ id: string }>(adaToken, 'POST', '/channels', { name: MAIN, visibility: 'private', topic: 'daily operations' })).id;
  await api(adaToken, 'POST', `/channels/${mainId}/members`, { userId: bob.id });
  await api(adaToken, 'POST', `/channels/${mainId}/messages`, { text: 'checklist for the weekend shift' });
  await api(adaToken, 'POST', `/channels/${mainId}/messages`, { text: 'Remember the handover notes' });
  const other = (await api<{ id: string }>(adaToken, 'POST', '/channels', { name: OTHER, visibility: 'private' })).id;
  await api(adaToken, 'POST', `/channels/${other}/messages`, { text: 'Side room opened' });
  const leave = (await api<{ id: string }>(bobToken, 'POST', '/channels', { name: LEAVE, visibility: 'private' })).id;
  await api(bobToken, 'POST', `/channels/${leave}/members`, { userId: ada.id });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('channels the way a Slack user expects', () => {
  let ada: Page;

  it('pins a message and sees it in the details pane (axe: no serious violations)', async () => {
    ada = await signInPage(browser, server.baseUrl, ADA, { contexts, pageErrors });
    await ada.getByRole('link', { name: new RegExp(`channel ${MAIN}`) }).click();
    await expect.poll(() => ada.getByRole('heading', { level: 1, name: new RegExp(MAIN) }).count()).toBe(1);
    const msg = ada.locator('.message-list .msg', { hasText: 'checklist for the weekend shift' });
    await msg.hover();
    await msg.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect.poll(() => msg.getByRole('button', { name: 'Unpin' }).count()).toBe(1);
    await ada.getByRole('button', { name: 'Details' }).click();
    const pane = ada.getByRole('complementary', { name: `Details of #${MAIN}` });
    await expect.poll(() => pane.locator('.details-pins li').count()).toBe(1);
    expect(await pane.locator('.details-pins').textContent()).toContain('checklist for the weekend shift');
    expect(await pane.textContent()).toContain('daily operations');
    await expect.poll(() => pane.locator('.details-members li').count()).toBe(2);
    expect(await pane.locator('.details-members .presence').count()).toBe(2);
    expect(await axeProblems(ada, '.details-pane')).toEqual([]);
    await pane.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => ada.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('class'))).toContain('details-button');
  });

  it('saves a message and opens it from the Saved view', async () => {
    const msg = ada.locator('.message-list .msg', { hasText: 'Remember the handover notes' });
    await msg.hover();
    await msg.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => msg.getByRole('button', { name: 'Unsave' }).count()).toBe(1);
    await ada.getByRole('link', { name: 'Saved items' }).click();
    const saved = ada.locator('.saved-list li');
    await expect.poll(() => saved.count()).toBe(1);
    expect(await saved.textContent()).toContain('Remember the handover notes');
    await saved.getByRole('button', { name: new RegExp(`Open saved message in #${MAIN}`) }).click();
    await expect.poll(() => ada.getByRole('heading', { level: 1, name: new RegExp(MAIN) }).count()).toBe(1);
    await expect.poll(() => ada.url()).toContain(`/c/${mainId}`);
  });

  it('Ctrl+K switches channel by keyboard; Escape closes and focus returns (axe: no serious violations)', async () => {
    const composer = ada.getByLabel(`Message #${MAIN}`);
    await composer.focus();
    await ada.keyboard.press('Control+k');
    const box = ada.getByRole('combobox', { name: 'Channel or person' });
    await expect.poll(() => box.count()).toBe(1);
    await expect.poll(() => ada.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('role'))).toBe('combobox');
    expect(await axeProblems(ada, 'dialog.quick-switcher')).toEqual([]);
    await ada.keyboard.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    await expect.poll(() => ada.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('aria-label'))).toBe(`Message #${MAIN}`);

    await ada.keyboard.press('Control+k');
    await ada.keyboard.type('room');
    const options = ada.getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(2);
    // Walk down to the side room with the arrow keys, then open it with Enter.
    for (let i = 0; i < 5; i++) {
      if ((await ada.getByRole('option', { selected: true }).textContent())?.includes(`#${OTHER}`)) break;
      await ada.keyboard.press('ArrowDown');
    }
    expect(await ada.getByRole('option', { selected: true }).textContent()).toContain(`#${OTHER}`);
    await ada.keyboard.press('Enter');
    await expect.poll(() => ada.getByRole('heading', { level: 1, name: new RegExp(OTHER) }).count()).toBe(1);
    await expect.poll(() => ada.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('aria-label'))).toBe(`Message #${OTHER}`);
  });

  it('archives a channel: the composer gives way to a notice, it is listed apart, and posting fails with 409', async () => {
    await ada.getByRole('link', { name: new RegExp(`channel ${MAIN}`) }).click();
    await expect.poll(() => ada.getByRole('heading', { level: 1, name: new RegExp(MAIN) }).count()).toBe(1);
    await ada.getByRole('button', { name: 'Details' }).click();
    await ada.getByRole('button', { name: 'Archive channel' }).click();
    await expect.poll(() => ada.locator('.archived-notice').count()).toBe(1);
    expect(await ada.getByLabel(`Message #${MAIN}`).count()).toBe(0);
    await expect.poll(() => ada.locator('ul[aria-labelledby="nav-archived"]').textContent()).toContain(MAIN);
    const res = await fetch(`${server.baseUrl}/api/v1/channels/${mainId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bobToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'still here?' }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('channel_archived');
  });

  it('leaves a channel from its details pane', async () => {
    await ada.getByRole('link', { name: new RegExp(`channel ${LEAVE}`) }).click();
    await expect.poll(() => ada.getByRole('heading', { level: 1, name: new RegExp(LEAVE) }).count()).toBe(1);
    await ada.getByRole('button', { name: 'Details' }).click();
    await ada.getByRole('button', { name: 'Leave channel' }).click();
    await ada.getByRole('button', { name: `Confirm leave #${LEAVE}` }).click();
    await expect.poll(() => ada.getByRole('link', { name: new RegExp(`channel ${LEAVE}`) }).count()).toBe(0);
    const members = await api<{ members: Array<{ name: string }> }>(bobToken, 'GET', `/channels/${(await api<{ channels: Array<{ id: string; name: string }> }>(bobToken, 'GET', '/channels')).channels.find((c) => c.name === LEAVE)?.id}/members`);
    expect(members.members.map((m) => m.name)).toEqual([BOB.name]);
    expect(pageErrors).toEqual([]);
  });
});
