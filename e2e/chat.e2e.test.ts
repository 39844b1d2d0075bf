/**
 * End-to-end: the newcomer path in a real browser against the real server.
 * Admin signs up through the console's setup link, adds a colleague on the admin page, creates
 * a channel and adds the colleague; the two chat live in two browser contexts (post, live
 * delivery, thread reply, reply seen live, search), messages render as text (no HTML
 * injection), and nothing typed lands in localStorage/sessionStorage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { launchChromium } from './browser-session.ts';

const ADMIN = { name: 'Ada Admin', email: 'ada.admin@example.com', password: 'correct-horse-battery-1' };
const COLLEAGUE = { name: 'Cole League', email: 'cole.league@example.com', password: 'staple-lantern-orbit-2' };
const CHANNEL = 'case-room-e2e';
const SHOTS = '/tmp';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const dialogs: string[] = [];

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.setDefaultTimeout(15_000);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `e2e-${name}.png`) });
}

async function storageLengths(page: Page): Promise<{ local: number; session: number }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    return { local: w.localStorage.length, session: w.sessionStorage.length };
  });
}

/** The few browser globals read inside `page.evaluate` (the e2e tsconfig has no DOM lib). */
interface BrowserGlobals {
  localStorage: { length: number };
  sessionStorage: { length: number };
  document: { activeElement: { getAttribute(name: string): string | null } | null };
}

/** The accessible label (`aria-label`) of the focused element. */
function focusedLabel(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute('aria-label'));
}

beforeAll(async () => {
  // Test the current sources: build web/dist fresh (the server only builds when it is missing).
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
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
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('two people chat live in the browser', () => {
  let admin: Page;
  let colleague: Page;

  it('sets up the first admin through the console link', async () => {
    const [link] = await server.waitForOutput(/http:\/\/[^\s]+\/setup#token=[A-Za-z0-9_-]+/);
    const url = new URL(link);
    admin = await newPage();
    await admin.goto(`${server.baseUrl}${url.pathname}${url.hash}`);
    await admin.getByLabel('Your name').fill(ADMIN.name);
    await admin.getByLabel('E-mail').fill(ADMIN.email);
    await admin.getByLabel(/^Password/).fill(ADMIN.password);
    await admin.getByLabel('Repeat password').fill(ADMIN.password);
    await shot(admin, '01-setup');
    await admin.getByRole('button', { name: 'Create administrator' }).click();
    await expect.poll(() => admin.getByRole('navigation', { name: 'Workspace' }).isVisible()).toBe(true);
    await expect.poll(() => admin.locator('.me').textContent()).toContain(ADMIN.name);
    expect(new URL(admin.url()).hash).toBe('');
  });

  it('adds a colleague on the admin page', async () => {
    await admin.getByRole('link', { name: 'Admin: people' }).click();
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Add person' }) });
    await form.getByLabel('Name').fill(COLLEAGUE.name);
    await form.getByLabel('E-mail').fill(COLLEAGUE.email);
    await form.getByLabel('Role').selectOption('agent');
    await form.getByLabel(/^Password/).fill(COLLEAGUE.password);
    await form.getByRole('button', { name: 'Add person' }).click();
    await expect.poll(() => admin.getByRole('cell', { name: COLLEAGUE.email }).count()).toBe(1);
    await shot(admin, '02-admin-people');
  });

  it('creates a channel and adds the colleague as a member', async () => {
    await admin.getByRole('button', { name: 'Create channel' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Create a channel' });
    await dialog.getByLabel('Name').fill(CHANNEL);
    await dialog.getByLabel(/^Private/).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => admin.getByRole('heading', { level: 1, name: new RegExp(CHANNEL) }).count()).toBe(1);
    // Focus moves to the composer when a channel opens.
    await expect.poll(() => focusedLabel(admin)).toBe(`Message #${CHANNEL}`);

    await admin.getByRole('button', { name: /1 member/ }).click();
    const members = admin.getByRole('dialog', { name: new RegExp(`Members of #${CHANNEL}`) });
    await members.getByLabel('Find people to add').fill('cole');
    await members.getByRole('button', { name: `Add ${COLLEAGUE.name}` }).click();
    await expect.poll(() => members.getByText(COLLEAGUE.email).count()).toBe(1);
    await shot(admin, '03-members');
    await admin.keyboard.press('Escape');
    await expect.poll(() => admin.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => admin.getByRole('button', { name: /2 members/ }).count()).toBe(1);
  });

  it('the colleague signs in and sees the channel', async () => {
    colleague = await newPage();
    await colleague.goto(server.baseUrl);
    await colleague.getByLabel('E-mail').fill(COLLEAGUE.email);
    await colleague.getByLabel('Password').fill(COLLEAGUE.password);
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    await colleague.getByRole('link', { name: new RegExp(CHANNEL) }).click();
    await expect.poll(() => colleague.getByRole('heading', { level: 1, name: new RegExp(CHANNEL) }).count()).toBe(1);
  });

  const hello = 'Morning! Ticket 4711 needs a second look, see https://example.com/tickets/4711';

  it('a message posted by one appears live for the other', async () => {
    const box = admin.getByLabel(`Message #${CHANNEL}`);
    const send = admin.getByRole('button', { name: 'Send message' });
    expect(await send.isDisabled()).toBe(true); // disabled while empty
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    expect(await box.inputValue()).toBe('first line\nsecond line'); // Shift+Enter keeps a newline, sends nothing
    await box.fill(hello);
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');

    const seen = colleague.locator('.message-list .msg', { hasText: 'Ticket 4711' });
    await expect.poll(() => seen.count()).toBe(1);
    const link = seen.getByRole('link', { name: 'https://example.com/tickets/4711' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    // Exactly once in the sender's view too (POST answer + stream echo are de-duplicated).
    await expect.poll(() => admin.locator('.message-list .msg', { hasText: 'Ticket 4711' }).count()).toBe(1);
    await shot(colleague, '04-colleague-live');
  });

  it('the colleague replies in a thread and the admin sees the reply live', async () => {
    const root = colleague.locator('.message-list .msg', { hasText: 'Ticket 4711' });
    await root.hover();
    await root.getByRole('button', { name: 'Reply in thread' }).click();
    const thread = colleague.getByRole('complementary', { name: 'Thread' });
    const replyBox = thread.getByLabel('Reply in thread');
    await expect.poll(() => focusedLabel(colleague)).toBe('Reply in thread');
    await replyBox.fill('On it, checking the 4711 logs now');
    await replyBox.press('Enter');
    await expect.poll(() => thread.locator('.msg', { hasText: 'checking the 4711 logs' }).count()).toBe(1);
    await shot(colleague, '05-thread');

    const adminRoot = admin.locator('.message-list .msg', { hasText: 'Ticket 4711' });
    await expect.poll(() => adminRoot.getByRole('button', { name: '1 reply' }).count()).toBe(1);
    await adminRoot.getByRole('button', { name: '1 reply' }).click();
    const adminThread = admin.getByRole('complementary', { name: 'Thread' });
    await expect.poll(() => adminThread.locator('.msg', { hasText: 'checking the 4711 logs' }).count()).toBe(1);
    await shot(admin, '06-admin-thread');
    await admin.keyboard.press('Escape');
    await expect.poll(() => admin.getByRole('complementary', { name: 'Thread' }).count()).toBe(0);
  });

  it('search finds the message, newest first, and jumps to it', async () => {
    await admin.getByRole('searchbox', { name: 'Search messages' }).fill('4711');
    await admin.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
    const results = admin.getByRole('complementary', { name: 'Search results' });
    await expect.poll(() => results.locator('.result').count()).toBe(2);
    const texts = await results.locator('.result .msg-text').allTextContents();
    expect(texts[0]).toContain('checking the 4711 logs'); // the reply is newer
    expect(texts[1]).toContain('Ticket 4711');
    await shot(admin, '07-search');
    await results.getByRole('button', { name: /Open message/ }).nth(1).click();
    await expect.poll(() => admin.locator('.message-list .msg.highlight', { hasText: 'Ticket 4711' }).count()).toBe(1);
  });

  it('moves between messages with the keyboard and reaches their actions', async () => {
    const rows = admin.locator('.channel .message-list > li.msg');
    await admin.getByLabel(`Message #${CHANNEL}`).focus();
    await rows.last().focus();
    await admin.keyboard.press('Home');
    const firstId = await rows.first().getAttribute('data-message-id');
    await expect.poll(() => admin.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-message-id'))).toBe(firstId);
    // Focus inside the row reveals its actions; Tab walks into them.
    const reply = rows.first().getByRole('button', { name: 'Reply in thread' });
    await expect.poll(() => reply.isVisible()).toBe(true);
    let reached = false;
    for (let i = 0; i < 5 && !reached; i++) {
      await admin.keyboard.press('Tab');
      reached = await reply.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);
    }
    expect(reached).toBe(true);
    await admin.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(admin)).toBe('Reply in thread');
    await admin.keyboard.press('Escape');
    await expect.poll(() => admin.getByRole('complementary', { name: 'Thread' }).count()).toBe(0);
    await expect.poll(() => focusedLabel(admin)).toBe(`Message #${CHANNEL}`);
  });

  it('renders markup and placeholder look-alikes as plain text', async () => {
    const evil = '<img src=x onerror=alert(1)> and [EMAIL_ADDRESS] typed by hand';
    const box = colleague.getByLabel(`Message #${CHANNEL}`);
    await box.fill(evil);
    await box.press('Enter');
    const mine = colleague.locator('.message-list .msg', { hasText: '<img src=x onerror=alert(1)>' });
    const theirs = admin.locator('.message-list .msg', { hasText: '<img src=x onerror=alert(1)>' });
    await expect.poll(() => mine.count()).toBe(1);
    await expect.poll(() => theirs.count()).toBe(1);
    for (const page of [admin, colleague]) {
      expect(await page.locator('.message-list img').count()).toBe(0);
      expect(await page.locator('.message-list .chip').count()).toBe(0);
    }
    expect(await theirs.locator('.msg-text').textContent()).toBe(evil);
    expect(dialogs).toEqual([]);
    await shot(admin, '08-injection-as-text');
  });

  it('edits and deletes an own message, seen live by the other', async () => {
    const box = colleague.getByLabel(`Message #${CHANNEL}`);
    await box.fill('typo mesage');
    await box.press('Enter');
    const mine = colleague.locator('.message-list .msg', { hasText: 'typo mesage' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit' }).click();
    const edit = colleague.getByLabel('Edit message');
    await edit.fill('fixed message');
    await edit.press('Enter');
    const theirs = admin.locator('.message-list .msg', { hasText: 'fixed message' });
    await expect.poll(() => theirs.count()).toBe(1);
    expect(await theirs.locator('.edited').textContent()).toBe('(edited)');
    await theirs.getByRole('button', { name: '(edited)' }).click();
    const history = admin.getByRole('dialog', { name: 'Edit history' });
    await expect.poll(() => history.getByText('typo mesage').count()).toBe(1);
    await shot(admin, '08a-edit-history');
    await admin.keyboard.press('Escape');
    await expect.poll(() => admin.getByRole('dialog').count()).toBe(0);

    const fixed = colleague.locator('.message-list .msg', { hasText: 'fixed message' });
    await fixed.hover();
    await fixed.getByRole('button', { name: 'Delete' }).click();
    await fixed.getByRole('button', { name: 'Confirm delete' }).click();
    await expect.poll(() => admin.locator('.message-list .msg', { hasText: 'fixed message' }).count()).toBe(0);
    await expect.poll(() => colleague.locator('.message-list .msg', { hasText: 'fixed message' }).count()).toBe(0);
  });

  it('a direct message with a mention shows as unread for the other until opened', async () => {
    await admin.getByRole('button', { name: 'New direct message' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New direct message' });
    await dialog.getByLabel('Find people').fill('Cole');
    await dialog.getByRole('button', { name: `Select ${COLLEAGUE.name}` }).click();
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    const dmBox = admin.getByLabel(`Message ${COLLEAGUE.name}`);
    await expect.poll(() => focusedLabel(admin)).toBe(`Message ${COLLEAGUE.name}`);
    // @mention autocomplete: type "@col", pick with Enter, keep typing.
    await dmBox.pressSequentially('@col');
    const option = admin.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /Cole League/ });
    await expect.poll(() => option.count()).toBe(1);
    await shot(admin, '09a-mention-autocomplete');
    await dmBox.press('Enter');
    await dmBox.pressSequentially('can you call me after lunch?');
    expect(await dmBox.inputValue()).toBe('@Cole League can you call me after lunch?');
    await dmBox.press('Enter');
    await expect.poll(() => dmBox.inputValue()).toBe('');

    // The colleague is looking at the channel: the DM appears in the sidebar, bold, with a badge.
    const dmLink = colleague.getByRole('link', { name: new RegExp(`^${ADMIN.name}, 1 unread, 1 mention$`) });
    await expect.poll(() => dmLink.count()).toBe(1);
    expect(await dmLink.locator('.badge.mention').textContent()).toBe('1');
    await shot(colleague, '09-unread-dm');
    await dmLink.click();
    await expect.poll(() => colleague.locator('.message-list .msg.mention', { hasText: 'call me after lunch' }).count()).toBe(1);
    await expect.poll(() => colleague.getByRole('link', { name: ADMIN.name, exact: true }).count()).toBe(1);
    await colleague.getByRole('link', { name: new RegExp(CHANNEL) }).click();
  });

  it('creates an API token shown once, and revokes it', async () => {
    await admin.getByRole('link', { name: 'Account & sessions' }).click();
    await expect.poll(() => admin.getByRole('cell', { name: /this browser/ }).count()).toBe(1);
    await admin.getByLabel('Token name').fill('e2e-bot');
    await admin.getByRole('button', { name: 'Create token' }).click();
    const secret = admin.getByTestId('secret-value');
    await expect.poll(() => secret.count()).toBe(1);
    const token = (await secret.textContent()) ?? '';
    expect(token.length).toBeGreaterThan(20);
    const me = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await shot(admin, '10-account');
    await admin.getByRole('button', { name: 'Done' }).click();
    expect(await admin.getByTestId('secret-value').count()).toBe(0);
    await admin.getByRole('button', { name: 'Revoke e2e-bot' }).click();
    await expect.poll(() => admin.getByRole('cell', { name: 'e2e-bot' }).count()).toBe(0);
    const after = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('after a server restart both reconnect and catch up without gaps or duplicates', async () => {
    await admin.getByRole('link', { name: new RegExp(CHANNEL) }).click();
    await colleague.context().setOffline(true);
    const { dataDir, port } = server;
    await server.stop({ keepData: true });
    await expect.poll(() => admin.getByRole('status').filter({ hasText: 'Reconnecting' }).count()).toBe(1);
    server = await startServer({ dataDir, port, env: { ENCLAVE_MESSAGE_RATE: '1000' } });
    await expect.poll(() => admin.locator('.conn.open').count(), { timeout: 30_000 }).toBe(1);
    const box = admin.getByLabel(`Message #${CHANNEL}`);
    await box.fill('posted while you were offline');
    await box.press('Enter');
    await expect.poll(() => admin.locator('.message-list .msg', { hasText: 'posted while you were offline' }).count()).toBe(1);
    await colleague.context().setOffline(false);
    const caught = colleague.locator('.channel .message-list .msg', { hasText: 'posted while you were offline' });
    await expect.poll(() => caught.count(), { timeout: 30_000 }).toBe(1);
    // Everything from before is still there exactly once.
    expect(await colleague.locator('.channel .message-list .msg', { hasText: 'Ticket 4711' }).count()).toBe(1);
    await box.fill('and one more, live again');
    await box.press('Enter');
    await expect.poll(() => colleague.locator('.channel .message-list .msg', { hasText: 'live again' }).count()).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await caught.count()).toBe(1);
  });

  it('loads older history on scroll-up, each message once', async () => {
    const bot = await addUser(server.dataDir, { email: 'history.bot@example.com', name: 'History Bot', role: 'agent', password: 'bot-password-123456' });
    const api = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${bot.apiToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status).toBeLessThan(300);
      return res.json();
    };
    const ch = (await api('POST', '/channels', { name: 'history-e2e', visibility: 'public' })) as { id: string };
    const total = 130;
    for (let i = 1; i <= total; i++) await api('POST', `/channels/${ch.id}/messages`, { text: `history message ${String(i).padStart(3, '0')}` });

    await colleague.getByRole('button', { name: 'Browse channels' }).click();
    await colleague.getByRole('dialog', { name: 'Browse channels' }).getByRole('button', { name: 'Join #history-e2e' }).click();
    const rows = colleague.locator('.channel .message-list .msg', { hasText: 'history message' });
    await expect.poll(() => colleague.locator('.channel .message-list .msg', { hasText: `history message ${total}` }).count()).toBe(1);
    expect(await rows.count()).toBeLessThan(total);
    await shot(colleague, '11-history-bottom');
    const first = colleague.locator('.channel .message-list .msg', { hasText: 'history message 001' });
    for (let i = 0; i < 20 && (await first.count()) === 0; i++) {
      await colleague.locator('.channel .messages').evaluate((el) => {
        (el as unknown as { scrollTop: number }).scrollTop = 0;
      });
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(await first.count()).toBe(1);
    // The list is virtualized (only rows near the view are drawn): read it top to bottom, a
    // screen at a time, and check every message shows once, in order.
    type Scroller = { scrollTop: number; scrollHeight: number; clientHeight: number };
    const seen = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      const drawn = await rows.evaluateAll((els) =>
        els.map((e) => {
          const el = e as unknown as { getAttribute(n: string): string | null; querySelector(s: string): { textContent: string | null } | null };
          return [el.getAttribute('data-message-id') ?? '', el.querySelector('.msg-text')?.textContent ?? ''] as const;
        }),
      );
      expect(new Set(drawn.map(([id]) => id)).size).toBe(drawn.length); // no message drawn twice
      for (const [id, text] of drawn) seen.set(id, text);
      const atEnd = await colleague.locator('.channel .messages').evaluate((el) => {
        const b = el as unknown as Scroller;
        if (b.scrollTop + b.clientHeight >= b.scrollHeight - 2) return true;
        b.scrollTop += Math.floor(b.clientHeight * 0.7);
        return false;
      });
      if (atEnd) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const texts = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
    expect(texts).toEqual(Array.from({ length: total }, (_, i) => `history message ${String(i + 1).padStart(3, '0')}`));
    await colleague.locator('.channel .messages').evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await shot(colleague, '12-history-top');
  });

  it('refuses an over-long message in the composer and keeps the text', async () => {
    const box = colleague.getByLabel('Message #history-e2e');
    const long = 'x'.repeat(40_001);
    await box.fill(long);
    await box.press('Enter');
    await expect.poll(() => colleague.getByRole('alert').filter({ hasText: 'Not sent' }).count()).toBe(1);
    expect((await box.inputValue()).length).toBe(40_001);
    await box.fill('');
    expect(await colleague.getByRole('button', { name: 'Send message' }).isDisabled()).toBe(true);
  });

  it('keeps nothing typed in web storage and raised no page errors', async () => {
    await colleague.getByLabel('Message #history-e2e').fill('an unsent draft that must not be stored');
    for (const page of [admin, colleague]) expect(await storageLengths(page)).toEqual({ local: 0, session: 0 });
    expect(pageErrors).toEqual([]);
  });
  it('removing a member cuts their access to the channel, its history and search at once', async () => {
    await admin.getByRole('link', { name: new RegExp(CHANNEL) }).click();
    const channelPath = new URL(admin.url()).pathname;
    await admin.getByRole('button', { name: /2 members/ }).click();
    const members = admin.getByRole('dialog', { name: new RegExp(`Members of #${CHANNEL}`) });
    await members.getByRole('button', { name: `Remove ${COLLEAGUE.name}` }).click();
    await expect.poll(() => members.getByRole('button', { name: `Remove ${COLLEAGUE.name}` }).count()).toBe(0);
    expect(await members.getByRole('button', { name: `Add ${COLLEAGUE.name}` }).count()).toBe(1); // offered again
    await admin.keyboard.press('Escape');

    await expect.poll(() => colleague.getByRole('link', { name: new RegExp(CHANNEL) }).count()).toBe(0);
    await colleague.goto(`${server.baseUrl}${channelPath}`);
    await expect.poll(() => colleague.getByText('no longer have access').count()).toBe(1);
    await colleague.getByRole('searchbox', { name: 'Search messages' }).fill('4711');
    await colleague.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
    await expect.poll(() => colleague.getByText('No messages match.').count()).toBe(1);
    await shot(colleague, '13-removed');
  });

  it('deactivating an account sends its open browser back to sign-in', async () => {
    await admin.getByRole('link', { name: 'Admin: people' }).click();
    const row = admin.getByRole('row', { name: new RegExp(COLLEAGUE.email) });
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => row.getByRole('button', { name: 'Reactivate' }).count()).toBe(1);
    await expect.poll(() => colleague.getByRole('heading', { name: 'Sign in to Enclave' }).count(), { timeout: 30_000 }).toBe(1);
    await colleague.getByLabel('E-mail').fill(COLLEAGUE.email);
    await colleague.getByLabel('Password').fill(COLLEAGUE.password);
    await colleague.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => colleague.getByRole('alert').count()).toBe(1);
    await shot(colleague, '14-deactivated');
    for (const page of [admin, colleague]) expect(await storageLengths(page)).toEqual({ local: 0, session: 0 });
  });

  it('a person added without a password must choose their own at first sign-in', async () => {
    const NEWBIE = { name: 'Nia Newcomer', email: 'nia.newcomer@example.com', password: 'quartz-meadow-violin-7' };
    await admin.getByRole('link', { name: 'Admin: people' }).click();
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Add person' }) });
    await form.getByLabel('Name').fill(NEWBIE.name);
    await form.getByLabel('E-mail').fill(NEWBIE.email);
    await form.getByLabel('Role').selectOption('agent');
    await form.getByRole('button', { name: 'Add person' }).click();
    const secret = admin.getByTestId('secret-value');
    await expect.poll(() => secret.count(), { timeout: 10_000 }).toBe(1);
    const temporary = (await secret.textContent()) ?? '';
    await admin.getByRole('button', { name: 'Done' }).click();

    const newbie = await newPage();
    await newbie.goto(server.baseUrl);
    await newbie.getByLabel('E-mail').fill(NEWBIE.email);
    await newbie.getByLabel('Password').fill(temporary);
    await newbie.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => newbie.getByRole('heading', { name: 'Choose your own password' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await newbie.getByRole('navigation', { name: 'Workspace' }).count()).toBe(0);
    await newbie.getByLabel('Temporary password').fill(temporary);
    await newbie.getByLabel('New password', { exact: true }).fill('aaaaaaaaaa');
    await newbie.getByLabel('New password again').fill('aaaaaaaaaa');
    await newbie.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => newbie.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/repeats/);
    await newbie.getByLabel('New password', { exact: true }).fill(NEWBIE.password);
    await newbie.getByLabel('New password again').fill(NEWBIE.password);
    await newbie.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => newbie.getByRole('navigation', { name: 'Workspace' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await shot(newbie, '15-password-changed');
  });
});
