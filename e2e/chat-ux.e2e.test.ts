/**
 * End-to-end (issue 12): the chat people choose, in a real browser against the real server.
 * Two people react and see it live; Markdown renders and a `<script>` in a code block stays
 * text; a phone-sized viewport (390 × 844) reads and sends through the drawer; axe-core finds no
 * serious or critical violations on the main screens (desktop and phone). Screenshots go to
 * `ENCLAVE_SCREENSHOTS_DIR` (default /tmp; `docs/screenshots` when refreshing the README's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { launchChromium } from './browser-session.ts';

const ADA = { name: 'Ada Lead', email: 'ada.lead@example.com', password: 'correct-horse-battery-3', role: 'admin' };
const BOB = { name: 'Bob Agent', email: 'bob.agent@example.com', password: 'staple-lantern-orbit-4', role: 'agent' };
const CHANNEL = 'ux-room';
const SHOTS = process.env.ENCLAVE_SCREENSHOTS_DIR ?? '/tmp';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let channelId = '';
let adaToken = '';
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

/** The browser globals read inside `page.evaluate` (the e2e tsconfig has no DOM lib). */
interface BrowserGlobals {
  __pwned?: number;
  document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): { length: number } };
  axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> };
}

async function newPage(viewport = DESKTOP): Promise<Page> {
  const ctx = await browser.newContext({ viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(15_000);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(server.baseUrl);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1, name: new RegExp(CHANNEL) }).count()).toBe(1);
}

/** Serious and critical axe-core violations on the page as it is now (`id: selectors`). */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axe.source); // evaluated over the DevTools protocol: the page's CSP still applies to the app
  const res = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    return w.axe.run(w.document, { resultTypes: ['violations'] });
  });
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adaToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
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
  const ada = await addUser(server.dataDir, ADA);
  const bob = await addUser(server.dataDir, BOB);
  adaToken = ada.apiToken;
  channelId = (await api<{ id: string }>('POST', '/channels', { name: CHANNEL, visibility: 'private' })).id;
  await api('POST', `/channels/${channelId}/members`, { userId: bob.id });
  await api('POST', `/channels/${channelId}/messages`, { text: 'Welcome to the **UX room**: _reactions_, ~~no more~~ `codes`.\n\n- one list item\n- another one' });
  await api('POST', `/channels/${channelId}/messages`, { text: 'The reporter wrote **from pat.reporter@example.com** yesterday.' });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('a chat people choose', () => {
  let ada: Page;
  let bob: Page;

  it('both sign in; Markdown from the API renders as formatting', async () => {
    ada = await newPage();
    bob = await newPage();
    await signIn(ada, ADA);
    await signIn(bob, BOB);
    const welcome = bob.locator('.message-list .msg', { hasText: 'Welcome to the' });
    await expect.poll(() => welcome.locator('strong').textContent()).toBe('UX room');
    expect(await welcome.locator('em').textContent()).toBe('reactions');
    expect(await welcome.locator('s').textContent()).toBe('no more');
    expect(await welcome.locator('code').textContent()).toBe('codes');
    expect(await welcome.locator('ul > li').count()).toBe(2);
  });

  it('a protected item reads as words inside bold text, with no token id', async () => {
    const msg = bob.locator('.message-list .msg', { hasText: 'The reporter wrote' });
    const chip = msg.locator('strong button.chip');
    await expect.poll(() => chip.count()).toBe(1);
    expect(await chip.locator('.chip-label').textContent()).toBe('E-mail address');
    expect(await chip.getAttribute('aria-label')).toMatch(/^Protected e-mail address/);
    expect(await msg.textContent()).not.toContain('pat.reporter');
  });

  it('a reaction shows live in the other browser, with who reacted', async () => {
    const box = ada.getByLabel(`Message #${CHANNEL}`);
    await box.fill('Ship the fix');
    // Typing shows as a name only, never the text.
    await expect.poll(() => bob.locator('.typing-line').textContent()).toBe(`${ADA.name} is typing…`);
    await box.fill('Ship the fix today?');
    await box.press('Enter');
    const onBob = bob.locator('.message-list .msg', { hasText: 'Ship the fix today?' });
    await expect.poll(() => onBob.count()).toBe(1);
    await onBob.hover();
    await onBob.getByRole('button', { name: 'Add reaction' }).click();
    await onBob.getByRole('button', { name: 'React with 👍' }).click();
    const onAda = ada.locator('.message-list .msg', { hasText: 'Ship the fix today?' });
    const reaction = onAda.locator('button.reaction', { hasText: '👍' });
    await expect.poll(() => reaction.count()).toBe(1);
    expect((await reaction.textContent())?.replace(/\s+/g, '')).toBe('👍1');
    expect(await reaction.getAttribute('title')).toBe(`${BOB.name} reacted with 👍`);
    expect(await reaction.getAttribute('aria-pressed')).toBe('false');
    // Ada joins in: both see 2, and Bob's hover text names Ada.
    await reaction.click();
    const bobReaction = onBob.locator('button.reaction', { hasText: '👍' });
    await expect.poll(async () => (await bobReaction.textContent())?.replace(/\s+/g, '')).toBe('👍2');
    expect(await bobReaction.getAttribute('title')).toBe(`You and ${ADA.name} reacted with 👍`);
    await shot(ada, 'desktop-channel');
  });

  it('Markdown typed in the composer renders; a <script> in a code block stays text', async () => {
    const box = ada.getByLabel(`Message #${CHANNEL}`);
    await box.fill('**Heads up**, the fix:\n```\n<script>window.__pwned = 1</script>\n```\n[bad](javascript:alert(1)) [docs](https://example.com/docs)');
    await box.press('Enter');
    const msg = bob.locator('.message-list .msg', { hasText: 'Heads up' });
    await expect.poll(() => msg.count()).toBe(1);
    expect(await msg.locator('strong').textContent()).toBe('Heads up');
    expect(await msg.locator('pre code').textContent()).toBe('<script>window.__pwned = 1</script>');
    expect(await msg.getByRole('link', { name: 'docs' }).getAttribute('href')).toBe('https://example.com/docs');
    expect(await msg.getByRole('link', { name: 'bad' }).count()).toBe(0);
    expect(await msg.textContent()).toContain('[bad](javascript:alert(1))');
    const state = await bob.evaluate(() => {
      const w = globalThis as unknown as BrowserGlobals;
      return { pwned: w.__pwned, scripts: w.document.querySelectorAll('.message-list script').length };
    });
    expect(state).toEqual({ pwned: undefined, scripts: 0 });
  });

  it('the desktop channel screen has no serious or critical axe-core violations, also with the composer privacy warning', async () => {
    expect(await axeProblems(bob)).toEqual([]);
    const box = bob.getByLabel(`Message #${CHANNEL}`);
    await box.fill('please write to pat.example@example.com today');
    await expect.poll(() => bob.locator('.privacy-warning').count()).toBe(1);
    expect(await axeProblems(bob)).toEqual([]);
    await box.fill('');
  });

  it('on a 390 px phone: opens the channel from the drawer, reads and sends', async () => {
    const phone = await newPage(PHONE);
    await signIn(phone, BOB);
    const noOverflow = () => phone.evaluate(() => {
      const d = (globalThis as unknown as BrowserGlobals).document.documentElement;
      return d.scrollWidth <= d.clientWidth;
    });
    expect(await noOverflow()).toBe(true);
    // The sidebar is a drawer: hidden until the menu button opens it.
    expect(await phone.getByRole('navigation', { name: 'Workspace' }).isVisible()).toBe(false);
    await phone.getByRole('button', { name: 'Open the channel list' }).click();
    await expect.poll(() => phone.getByRole('navigation', { name: 'Workspace' }).isVisible()).toBe(true);
    await shot(phone, 'phone-drawer');
    expect(await axeProblems(phone)).toEqual([]);
    await phone.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: new RegExp(CHANNEL) }).click();
    await expect.poll(() => phone.getByRole('navigation', { name: 'Workspace' }).isVisible()).toBe(false);
    // Reads what was said…
    await expect.poll(() => phone.locator('.message-list .msg', { hasText: 'Ship the fix today?' }).count()).toBe(1);
    // …and sends: the composer fits the screen and Ada sees the message live.
    const box = phone.getByLabel(`Message #${CHANNEL}`);
    const rect = await box.boundingBox();
    expect(rect && rect.x >= 0 && rect.x + rect.width <= PHONE.width).toBe(true);
    await box.fill('On my phone: looks good');
    await phone.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => ada.locator('.message-list .msg', { hasText: 'On my phone: looks good' }).count()).toBe(1);
    expect(await noOverflow()).toBe(true);
    await shot(phone, 'phone-channel');
    expect(await axeProblems(phone)).toEqual([]);
  });

  it('the sign-in screen has no serious or critical axe-core violations', async () => {
    const fresh = await newPage();
    await fresh.goto(server.baseUrl);
    await expect.poll(() => fresh.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    expect(await axeProblems(fresh)).toEqual([]);
  });

  it('no page errors in any browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
