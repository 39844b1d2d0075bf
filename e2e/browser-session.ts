/**
 * Browser-suite helpers shared by the e2e files: a JSON API call with a bearer token, and a
 * signed-in page in its own browser context (page errors collected, contexts recorded for closing).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * `method path` under `<baseUrl>/api/v1` with `Authorization: Bearer token` and an optional JSON
 * body. Returns the parsed JSON (undefined for 204). Throws with status and body on any non-2xx.
 */
export async function apiAs<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Where {@link signInPage} records its context (to close after the suite) and page errors. */
export interface SessionTrack {
  contexts: BrowserContext[];
  pageErrors: string[];
}

/** A new 1280×900 context signed in as `user` through the sign-in form; waits for the workspace. */
export async function signInPage(browser: Browser, baseUrl: string, user: { email: string; password: string }, track: SessionTrack): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  track.contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => track.pageErrors.push(e.message));
  page.setDefaultTimeout(20_000);
  await page.goto(baseUrl);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}

/**
 * Debian's Chromium (`/usr/bin/chromium`, never a downloaded browser), headless, with the flags
 * every browser test uses (no sandbox as root, no GPU, no background network or updates).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
