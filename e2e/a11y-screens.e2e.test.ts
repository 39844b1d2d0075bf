/**
 * End-to-end (issue 12, "Accessibility"): axe-core on every screen of the app — admin pages,
 * privacy officer pages, cases and board, subjects, integrations, hash lists, quarantine,
 * account, the search panel, the thread pane and the dialogs (reveal, members, create channel,
 * edit history) — finds no serious or critical violation; and focus is never dropped to the page
 * body: after setup, closing a thread, escaping an edit, adding a member, closing any dialog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { apiAs, signInPage, type SessionTrack, launchChromium } from './browser-session.ts';

const ADMIN = { name: 'Ada Admin', email: 'ada.a11y@example.com', password: 'correct-horse-battery-7' };
const AGENT = { name: 'Bob Agent', email: 'bob.a11y@example.com', password: 'staple-lantern-orbit-8', role: 'agent' };
const OFFICER = { name: 'Pia Officer', email: 'pia.a11y@example.com', password: 'cobalt-meadow-tiger-9', role: 'privacy_officer' };
const SPECIALIST = { name: 'Sam Specialist', email: 'sam.a11y@example.com', password: 'copper-thistle-harbor-10', role: 'specialist' };
const CAROL = { name: 'Carol Lead', email: 'carol.a11y@example.com', password: 'amber-violet-river-11', role: 'lead' };
const CHANNEL = 'a11y-room';

let server: RunningServer;
let browser: Browser;
let agentToken = '';
let channelId = '';
let carolId = '';
const track: SessionTrack = { contexts: [], pageErrors: [] };

/** The browser globals read inside `page.evaluate` (the e2e tsconfig has no DOM lib). */
interface BrowserGlobals {
  document: { activeElement: { tagName: string; outerHTML: string } | null; body: unknown };
  axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> };
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

/** What has focus: `null` when it was dropped to the page body (or nowhere). */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as BrowserGlobals).document;
    const el = d.activeElement;
    return !el || el === d.body ? null : el.outerHTML.slice(0, 120);
  });
}

/** Waits until focus sits on an element other than the body; returns its opening HTML. */
async function expectFocusKept(page: Page): Promise<string> {
  await expect.poll(() => focused(page)).not.toBeNull();
  return (await focused(page)) ?? '';
}

/** Opens `path` through the sidebar link named `link`, waits for the heading, runs axe. */
async function screen(page: Page, link: RegExp | string, heading: RegExp | string): Promise<string[]> {
  await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  return axeProblems(page);
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
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of track.contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('accessibility on every screen', () => {
  let admin: Page;
  let agent: Page;

  it('after setup, focus is on the workspace, not the page body; the setup screen passes axe', async () => {
    const [link] = await server.waitForOutput(/http:\/\/[^\s]+\/setup#token=[A-Za-z0-9_-]+/);
    const url = new URL(link);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    track.contexts.push(ctx);
    admin = await ctx.newPage();
    admin.on('pageerror', (e) => track.pageErrors.push(e.message));
    admin.setDefaultTimeout(20_000);
    await admin.goto(`${server.baseUrl}${url.pathname}${url.hash}`);
    await admin.getByLabel('Your name').fill(ADMIN.name);
    expect(await axeProblems(admin)).toEqual([]);
    await admin.getByLabel('E-mail').fill(ADMIN.email);
    await admin.getByLabel(/^Password/).fill(ADMIN.password);
    await admin.getByLabel('Repeat password').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Create administrator' }).click();
    await admin.getByRole('navigation', { name: 'Workspace' }).waitFor({ state: 'visible', timeout: 30_000 });
    await expectFocusKept(admin);
    expect(await axeProblems(admin)).toEqual([]);

    // The rest of the cast, and a channel with history, a thread, an edit and a protected value.
    const agentUser = await addUser(server.dataDir, AGENT);
    agentToken = agentUser.apiToken;
    await addUser(server.dataDir, OFFICER);
    await addUser(server.dataDir, SPECIALIST);
    carolId = (await addUser(server.dataDir, CAROL)).id;
    channelId = (await apiAs<{ id: string }>(server.baseUrl, agentToken, 'POST', '/channels', { name: CHANNEL, visibility: 'private' })).id;
    const root = await apiAs<{ message: { id: string } }>(server.baseUrl, agentToken, 'POST', `/channels/${channelId}/messages`, { text: 'Thread about the **weekly** review' });
    await apiAs(server.baseUrl, agentToken, 'POST', `/channels/${channelId}/messages`, { text: 'First reply in the thread', threadRootId: root.message.id });
    const edited = await apiAs<{ message: { id: string } }>(server.baseUrl, agentToken, 'POST', `/channels/${channelId}/messages`, { text: 'A message to be edited' });
    await apiAs(server.baseUrl, agentToken, 'PATCH', `/messages/${edited.message.id}`, { text: 'A message that was edited' });
    await apiAs(server.baseUrl, agentToken, 'POST', `/channels/${channelId}/messages`, { text: 'The reporter wrote from pat.reporter@example.com yesterday' });
  }, 300_000); // four `users add` processes on a loaded machine

  it('admin screens: people, board, integrations, hash lists, account', async () => {
    expect(await screen(admin, /Admin: people/, 'People')).toEqual([]);
    expect(await screen(admin, 'Assignment board', 'Assignment board')).toEqual([]);
    expect(await screen(admin, 'Admin: integrations', 'Integrations')).toEqual([]);
    expect(await screen(admin, 'Admin: hash lists', 'Hash lists')).toEqual([]);
    expect(await screen(admin, /Account/, 'Account')).toEqual([]);
  });

  it('channel, thread pane, search panel: axe passes; closing the thread or the search keeps focus', async () => {
    agent = await signInPage(browser, server.baseUrl, AGENT, track);
    await agent.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: new RegExp(CHANNEL) }).click();
    await expect.poll(() => agent.locator('.message-list .msg', { hasText: 'The reporter wrote' }).count()).toBe(1);
    expect(await axeProblems(agent)).toEqual([]);

    await agent.locator('.message-list .msg', { hasText: 'Thread about the' }).getByRole('button', { name: '1 reply' }).click();
    const thread = agent.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => thread.locator('.msg', { hasText: 'First reply in the thread' }).count()).toBe(1);
    expect(await axeProblems(agent)).toEqual([]);
    await thread.getByRole('button', { name: 'Close thread' }).click();
    await expect.poll(() => thread.count()).toBe(0);
    await expectFocusKept(agent);

    await agent.getByLabel('Search messages').fill('review');
    await agent.getByLabel('Search messages').press('Enter');
    const results = agent.getByRole('complementary', { name: 'Search results' });
    await expect.poll(() => results.locator('.result-open').count()).toBeGreaterThan(0);
    expect(await axeProblems(agent)).toEqual([]);
    await results.getByRole('button', { name: 'Close search' }).click();
    await expect.poll(() => results.count()).toBe(0);
    await expectFocusKept(agent);
  });

  it('escaping an edit puts focus back on the message', async () => {
    const msg = agent.locator('.message-list .msg', { hasText: 'The reporter wrote' });
    await msg.hover();
    await msg.getByRole('button', { name: 'Edit' }).click();
    const box = msg.getByLabel('Edit message');
    await expect.poll(() => box.count()).toBe(1);
    expect(await axeProblems(agent)).toEqual([]);
    await box.press('Escape');
    await expect.poll(() => box.count()).toBe(0);
    expect(await expectFocusKept(agent)).toContain('msg');
  });

  it('dialogs: edit history, reveal, members (adding someone), create channel — axe passes, focus comes back', async () => {
    // Edit history.
    await agent.locator('.message-list .msg', { hasText: 'A message that was edited' }).getByRole('button', { name: '(edited)' }).click();
    const history = agent.getByRole('dialog', { name: 'Edit history' });
    await expect.poll(() => history.getByText('A message to be edited').count()).toBe(1);
    expect(await axeProblems(agent)).toEqual([]);
    await history.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => history.count()).toBe(0);
    expect(await expectFocusKept(agent)).toContain('edited');

    // Reveal (opened from the chip, closed with Escape).
    await agent.locator('.message-list .msg', { hasText: 'The reporter wrote' }).locator('button.chip').click();
    const reveal = agent.getByRole('dialog', { name: /e-mail address/i });
    await expect.poll(() => reveal.isVisible()).toBe(true);
    expect(await axeProblems(agent)).toEqual([]);
    await agent.keyboard.press('Escape');
    await expect.poll(() => reveal.count()).toBe(0);
    expect(await expectFocusKept(agent)).toContain('chip');

    // Members: adding someone keeps focus inside the dialog; closing returns it to the opener.
    await agent.getByRole('button', { name: /1 member/ }).click();
    const members = agent.getByRole('dialog', { name: new RegExp(`Members of #${CHANNEL}`) });
    await members.getByLabel('Find people to add').fill('carol');
    expect(await axeProblems(agent)).toEqual([]);
    await members.getByRole('button', { name: `Add ${CAROL.name}` }).click();
    await expect.poll(() => members.getByText(CAROL.email).count()).toBe(1);
    expect(await expectFocusKept(agent)).not.toBe('');
    expect(await members.evaluate((d) => (d as unknown as { contains(n: unknown): boolean }).contains((globalThis as unknown as BrowserGlobals).document.activeElement))).toBe(true);
    await members.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => members.count()).toBe(0);
    expect(await expectFocusKept(agent)).toContain('member');
    expect(carolId).not.toBe('');

    // Create channel.
    await agent.getByRole('button', { name: 'Create channel' }).click();
    const create = agent.getByRole('dialog', { name: 'Create a channel' });
    await expect.poll(() => create.isVisible()).toBe(true);
    expect(await axeProblems(agent)).toEqual([]);
    await agent.keyboard.press('Escape');
    await expect.poll(() => create.count()).toBe(0);
    await expectFocusKept(agent);
  });

  it('cases as an agent', async () => {
    expect(await screen(agent, 'Cases', 'Cases')).toEqual([]);
  });

  it('privacy officer screens: privacy, data subjects, cases', async () => {
    const officer = await signInPage(browser, server.baseUrl, OFFICER, track);
    expect(await screen(officer, /Privacy/, 'Privacy')).toEqual([]);
    expect(await screen(officer, 'Data subjects', 'Data subjects')).toEqual([]);
    expect(await screen(officer, 'Cases', 'Cases')).toEqual([]);
  });

  it('quarantine as a specialist', async () => {
    const specialist = await signInPage(browser, server.baseUrl, SPECIALIST, track);
    expect(await screen(specialist, 'Quarantined media', 'Quarantined media')).toEqual([]);
  });

  it('no page errors in any browser', () => {
    expect(track.pageErrors).toEqual([]);
  });
});
