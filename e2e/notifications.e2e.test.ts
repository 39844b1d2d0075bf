/**
 * End-to-end (issue 12, notifications): the real server with a real SMTP server in-process.
 * A mention while the target is away produces ONE e-mail whose body has no raw value and no
 * message text; in the open browser the bell lists the notification with protected items as
 * words, a click opens the permalink, a deleted message's notification disappears live, and
 * axe-core finds no serious or critical violations with the list open.
 */
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../server/src/test/smtp.ts';
import { apiAs, signInPage, type SessionTrack, launchChromium } from './browser-session.ts';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';

const ADA = { name: 'Ada Lead', email: 'ada.notif@example.com', password: 'correct-horse-battery-5', role: 'admin' };
const BOB = { name: 'Bob Agent', email: 'bob.notif@example.com', password: 'staple-lantern-orbit-6', role: 'agent' };
const VALUE = 'pat.reporter@example.com';
const WORD = 'quokka';

let server: RunningServer;
let smtp: TestSmtp;
let browser: Browser;
let adaToken = '';
let channelId = '';
const track: SessionTrack = { contexts: [], pageErrors: [] };

interface BrowserGlobals {
  document: unknown;
  axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> };
}

function decoded(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const res = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    return w.axe.run(w.document, { resultTypes: ['violations'] });
  });
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

const ada = <T>(method: string, path: string, body?: unknown) => apiAs<T>(server.baseUrl, adaToken, method, path, body);

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  smtp = await startSmtp();
  server = await startServer({ env: { ENCLAVE_MESSAGE_RATE: '1000', ENCLAVE_SMTP_URL: smtp.url, ENCLAVE_EMAIL_BATCH_SECONDS: '1' } });
  const a = await addUser(server.dataDir, ADA);
  const b = await addUser(server.dataDir, BOB);
  adaToken = a.apiToken;
  channelId = (await ada<{ id: string }>('POST', '/channels', { name: 'notif-room', visibility: 'private' })).id;
  await ada('POST', `/channels/${channelId}/members`, { userId: b.id });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of track.contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await smtp?.close();
});

describe('notifications that never leak', () => {
  let bob: Page;
  let firstId = '';

  it('a mention while Bob is away: one e-mail to him, no value and no message text in it', async () => {
    firstId = (await ada<{ message: { id: string } }>('POST', `/channels/${channelId}/messages`, { text: `@Bob Agent please write to ${VALUE} about the ${WORD}` })).message.id;
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(BOB.email)).length, { timeout: 30_000 }).toBe(1);
    const text = decoded(smtp.mails[0]?.raw ?? '');
    expect(text).toContain('You were mentioned in #notif-room by Ada Lead (1 new)');
    expect(text).toContain(`/c/${channelId}/m/${firstId}`);
    for (const leak of [VALUE, 'pat.reporter', WORD, 'please write', 'e-mail address']) expect(text, leak).not.toContain(leak);
  });

  it('the bell lists it with the value as words; axe-core passes with the list open; a click opens the permalink', async () => {
    bob = await signInPage(browser, server.baseUrl, BOB, track);
    const bell = bob.locator('button.notif-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    // From another screen, so that opening the permalink visibly moves to the channel.
    await bob.goto(`${server.baseUrl}/account`);
    await bob.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.click();
    const entry = bob.locator(`.notif-list li[data-message-id="${firstId}"]`);
    await expect.poll(() => entry.textContent()).toContain(`@Bob Agent please write to an e-mail address about the ${WORD}`);
    expect(await bob.locator('.notif-panel').innerHTML()).not.toContain(VALUE);
    expect(await axeProblems(bob)).toEqual([]);
    expect(await entry.locator('a').getAttribute('href')).toBe(`/c/${channelId}/m/${firstId}`);
    await entry.locator('a').click();
    // The permalink opens the channel at the message (the app then shows `/c/<channel>`).
    await expect.poll(() => new URL(bob.url()).pathname).toBe(`/c/${channelId}`);
    await expect.poll(() => bob.locator(`.message-list [data-message-id="${firstId}"]`).count()).toBe(1);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
  });

  it("a deleted message's notification disappears from the open list", async () => {
    const second = (await ada<{ message: { id: string } }>('POST', `/channels/${channelId}/messages`, { text: '@Bob Agent one more thing' })).message.id;
    const bell = bob.locator('button.notif-bell');
    await bell.click();
    const entry = bob.locator(`.notif-list li[data-message-id="${second}"]`);
    await expect.poll(() => entry.count()).toBe(1);
    await ada('DELETE', `/messages/${second}`);
    await expect.poll(() => entry.count()).toBe(0);
    expect(await bob.locator(`.notif-list li[data-message-id="${firstId}"]`).count()).toBe(1);
    expect(track.pageErrors).toEqual([]);
  });
});
