/**
 * End-to-end (issue 12, "Long channels, fast pages"): a 1,000-message channel in a real browser
 * against the real server. Prints the figures — whole scroll-back to the first message, DOM node
 * count, time for a message posted by someone else to appear after its stream frame arrives, and
 * the JavaScript bytes of a cold load (as transferred, i.e. compressed, and decoded) — and
 * asserts only correctness: the first message is reached, the DOM stays bounded, the new message
 * appears. Timings are printed, never asserted (a shared, loaded machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { apiAs, signInPage, type SessionTrack, launchChromium } from './browser-session.ts';

const ADA = { name: 'Ada Lead', email: 'ada.long@example.com', password: 'correct-horse-battery-5', role: 'admin' };
const BOB = { name: 'Bob Agent', email: 'bob.long@example.com', password: 'staple-lantern-orbit-6', role: 'agent' };
const COUNT = Number(process.env.E2E_LONG_CHANNEL_COUNT ?? 1000);
/** DOM elements allowed on the channel screen at the end of the scroll-back (8,900 before virtualization). */
const DOM_BOUND = 2500;
const PROBES = 5;

let server: RunningServer;
let browser: Browser;
let adaToken = '';
let channelId = '';
let firstId = '';
/** Ids of the seeded messages, oldest first. */
const ids: string[] = [];
const track: SessionTrack = { contexts: [], pageErrors: [] };
const figures: Record<string, string | number> = {};

/** The browser globals read inside `page.evaluate` (the e2e tsconfig has no DOM lib). */
interface El {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  textContent: string | null;
}
interface BrowserGlobals {
  document: {
    querySelector(s: string): El | null;
    getElementsByTagName(s: string): { length: number };
    body: unknown;
  };
  performance: { now(): number };
  requestAnimationFrame(cb: () => void): number;
  MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void; disconnect(): void };
  __wsAt?: Record<string, number>;
  __seenAt?: Record<string, number>;
}

/**
 * Injected before the app's scripts: a WebSocket whose first `message` listener (ahead of the
 * app's) notes `performance.now()` for every probe marker a frame carries.
 */
const WS_PROBE = `(() => {
  const Orig = window.WebSocket;
  window.__wsAt = {};
  window.WebSocket = class extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        for (const m of e.data.match(/probe-\\d+-\\d+/g) ?? []) if (!(m in window.__wsAt)) window.__wsAt[m] = performance.now();
      });
    }
  };
})();`;

/** Whether the element is (at least partly) inside the visible part of its message scroller. */
function inScroller(loc: Locator): Promise<boolean> {
  return loc.evaluate((el) => {
    type Box = { getBoundingClientRect(): { top: number; bottom: number }; closest(s: string): Box | null };
    const e = el as unknown as Box;
    const r = e.getBoundingClientRect();
    const b = e.closest('.messages')?.getBoundingClientRect();
    return !!b && r.bottom > b.top && r.top < b.bottom;
  });
}

const pad = (i: number): string => String(i).padStart(4, '0');

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await startServer({ env: { ENCLAVE_MESSAGE_RATE: '100000' } });
  const ada = await addUser(server.dataDir, ADA);
  const bob = await addUser(server.dataDir, BOB);
  adaToken = ada.apiToken;
  channelId = (await apiAs<{ id: string }>(server.baseUrl, adaToken, 'POST', '/channels', { name: 'long-history', visibility: 'private' })).id;
  await apiAs(server.baseUrl, adaToken, 'POST', `/channels/${channelId}/members`, { userId: bob.id });
  // 1,000 messages, four at a time; the authors alternate so rows differ in height (author lines).
  const tokens = [ada.apiToken, bob.apiToken];
  for (let i = 1; i <= COUNT; i += 4) {
    const batch = [];
    for (let j = i; j < i + 4 && j <= COUNT; j++) {
      const text = j % 7 === 0 ? `History line ${pad(j)} of ${COUNT}\nwith a **second** line\nand a third` : `History line ${pad(j)} of ${COUNT}`;
      batch.push(apiAs<{ message: { id: string } }>(server.baseUrl, tokens[Math.floor(j / 3) % 2] as string, 'POST', `/channels/${channelId}/messages`, { text }));
    }
    const posted = await Promise.all(batch);
    ids.push(...posted.map((p) => p.message.id));
    if (i === 1) firstId = posted[0]?.message.id ?? '';
  }
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  console.log(`long-channel figures (${COUNT} messages): ${JSON.stringify(figures, null, 2)}`);
  for (const c of track.contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('a 1,000-message channel', () => {
  let bob: Page;

  it('a cold load sends its JavaScript compressed (bytes printed)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    track.contexts.push(ctx);
    const page = await ctx.newPage();
    const scripts: Array<{ url: string; done: Promise<{ transferred: number; decoded: number; encoding: string }> }> = [];
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      scripts.push({
        url: res.url(),
        done: (async () => {
          const body = await res.body();
          const sizes = await res.request().sizes();
          return { transferred: sizes.responseBodySize, decoded: body.length, encoding: (await res.allHeaders())['content-encoding'] ?? 'identity' };
        })(),
      });
    });
    await page.goto(server.baseUrl);
    await page.getByLabel('E-mail').fill(BOB.email);
    await page.getByLabel('Password').fill(BOB.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Workspace' }).waitFor({ state: 'visible', timeout: 30_000 });
    const got = await Promise.all(scripts.map((s) => s.done));
    expect(got.length).toBeGreaterThan(0);
    figures.jsFiles = got.length;
    figures.jsBytesTransferred = got.reduce((n, s) => n + s.transferred, 0);
    figures.jsBytesDecoded = got.reduce((n, s) => n + s.decoded, 0);
    figures.jsEncodings = [...new Set(got.map((s) => s.encoding))].join(',');
    await ctx.close();
  });

  it('opens at the newest message and scrolls back to the very first one', async () => {
    bob = await signInPage(browser, server.baseUrl, BOB, track);
    await bob.context().addInitScript(WS_PROBE);
    await bob.goto(`${server.baseUrl}/c/${channelId}`);
    await expect.poll(() => bob.locator('.message-list .msg', { hasText: `History line ${pad(COUNT)} of` }).count()).toBe(1);
    figures.domNodesAtOpen = await bob.evaluate(() => (globalThis as unknown as BrowserGlobals).document.getElementsByTagName('*').length);
    // Scroll to the top every frame (as a reader holding Home) until the first message is in the DOM.
    const trace = await bob.evaluate(async (first) => {
      const w = globalThis as unknown as BrowserGlobals;
      const box = w.document.querySelector('.channel .messages');
      if (!box) throw new Error('no message scroller');
      const t0 = w.performance.now();
      // Where the reader is left after each scroll to the top (a kept place is > 0 while history remains).
      const after: number[] = [];
      for (;;) {
        if (w.document.querySelector(`[data-message-id="${first}"]`)) return { ms: w.performance.now() - t0, after };
        if (w.performance.now() - t0 > 90_000) return { ms: -1, after };
        box.scrollTop = 0;
        await new Promise<void>((r) => w.requestAnimationFrame(() => r()));
        if (after.length < 8 && box.scrollTop > 0) after.push(Math.round(box.scrollTop));
      }
    }, firstId);
    const ms = trace.ms;
    figures.scrollBackMs = Math.round(ms);
    figures.keptPlaceScrollTops = trace.after.join(',');
    expect(ms).toBeGreaterThanOrEqual(0);
    await expect.poll(() => bob.getByText('This is the very beginning of #long-history.').count()).toBe(1);
    expect(await bob.locator('.message-list .msg', { hasText: `History line ${pad(1)} of` }).count()).toBe(1);
  }, 180_000);

  it('the DOM stays bounded after the whole history was scrolled through', async () => {
    const nodes = await bob.evaluate(() => (globalThis as unknown as BrowserGlobals).document.getElementsByTagName('*').length);
    figures.domNodesAfterScrollBack = nodes;
    figures.messageRowsInDom = await bob.locator('.message-list .msg').count();
    expect(nodes).toBeLessThan(DOM_BOUND);
  });

  it('the keyboard reaches rows that are not drawn yet (End, Home)', async () => {
    const activeText = () => bob.evaluate(() => {
      const d = (globalThis as unknown as BrowserGlobals).document as unknown as { activeElement: { textContent: string | null; tagName: string } | null };
      return d.activeElement?.tagName === 'LI' ? (d.activeElement.textContent ?? '') : `not a row: ${d.activeElement?.tagName ?? 'none'}`;
    });
    await bob.locator('.message-list .msg', { hasText: `History line ${pad(1)} of` }).focus();
    await bob.keyboard.press('End');
    await expect.poll(activeText).toContain(`History line ${pad(COUNT)} of`);
    await bob.keyboard.press('Home');
    await expect.poll(activeText).toContain(`History line ${pad(1)} of`);
  });

  it('a message posted by someone else appears right after its stream frame arrives', async () => {
    // Back at the bottom: the list sticks there, so new messages show.
    await bob.evaluate(async () => {
      const w = globalThis as unknown as BrowserGlobals;
      const box = w.document.querySelector('.channel .messages');
      for (let i = 0; i < 30 && box; i++) {
        box.scrollTop = box.scrollHeight;
        await new Promise<void>((r) => w.requestAnimationFrame(() => r()));
      }
    });
    await expect.poll(() => bob.locator('.message-list .msg', { hasText: `History line ${pad(COUNT)} of` }).isVisible()).toBe(true);
    const lags: number[] = [];
    for (let i = 1; i <= PROBES; i++) {
      const marker = `probe-${i}-${Date.now()}`;
      // Notes when a row holding the marker enters the list (the frame's arrival is noted by WS_PROBE).
      await bob.evaluate((mark) => {
        const w = globalThis as unknown as BrowserGlobals;
        const seen = (w.__seenAt ??= {});
        const mo = new w.MutationObserver(() => {
          if (w.document.querySelector('.channel .message-list')?.textContent?.includes(mark)) {
            seen[mark] = w.performance.now();
            mo.disconnect();
          }
        });
        mo.observe(w.document.body, { childList: true, subtree: true, characterData: true });
      }, marker);
      await apiAs(server.baseUrl, adaToken, 'POST', `/channels/${channelId}/messages`, { text: `Live ${marker}` });
      await expect
        .poll(() => bob.evaluate((mark) => {
          const w = globalThis as unknown as BrowserGlobals;
          const frame = w.__wsAt?.[mark];
          const row = w.__seenAt?.[mark];
          return frame === undefined || row === undefined ? null : row - frame;
        }, marker))
        .not.toBeNull();
      const lag = await bob.evaluate((mark) => {
        const w = globalThis as unknown as BrowserGlobals;
        return (w.__seenAt?.[mark] ?? 0) - (w.__wsAt?.[mark] ?? 0);
      }, marker);
      lags.push(lag);
      await expect.poll(() => bob.locator('.message-list .msg', { hasText: marker }).isVisible()).toBe(true);
    }
    lags.sort((a, b) => a - b);
    figures.newMessageMsMedian = Math.round((lags[Math.floor(lags.length / 2)] ?? 0) * 10) / 10;
    figures.newMessageMsMax = Math.round((lags.at(-1) ?? 0) * 10) / 10;
    expect(lags).toHaveLength(PROBES);
  });

  it('a permalink to an old message opens the channel scrolled to it, highlighted', async () => {
    const target = ids[299] ?? '';
    await bob.goto(`${server.baseUrl}/c/${channelId}/m/${target}`);
    const row = bob.locator('.message-list .msg.highlight', { hasText: `History line ${pad(300)} of` });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => inScroller(row)).toBe(true);
  });

  it('"Jump to first unread" brings the new-messages line into view and focuses the first unread message', async () => {
    await bob.goto(`${server.baseUrl}/account`);
    await bob.getByRole('heading', { level: 1, name: 'Account' }).waitFor({ state: 'visible' });
    for (let i = 1; i <= 40; i += 4) {
      await Promise.all([0, 1, 2, 3].map((j) => apiAs(server.baseUrl, adaToken, 'POST', `/channels/${channelId}/messages`, { text: `Unread note ${pad(i + j)}` })));
    }
    await bob.goto(`${server.baseUrl}/c/${channelId}`);
    await expect.poll(() => bob.locator('.message-list .msg', { hasText: `Unread note ${pad(40)}` }).count()).toBe(1);
    await bob.getByRole('button', { name: /Jump to first unread/ }).click();
    const divider = bob.locator('#new-messages');
    await expect.poll(() => divider.count()).toBe(1);
    await expect.poll(() => inScroller(divider)).toBe(true);
    // The focused row is the message right after the line.
    await expect
      .poll(() => bob.evaluate(() => {
        const d = (globalThis as unknown as { document: { activeElement: { tagName: string; previousElementSibling: { id: string } | null } | null } }).document;
        return d.activeElement?.tagName === 'LI' ? (d.activeElement.previousElementSibling?.id ?? '') : 'not a row';
      }))
      .toBe('new-messages');
  });

  it('no page errors', () => {
    expect(track.pageErrors).toEqual([]);
  });
});
