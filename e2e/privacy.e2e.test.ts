/**
 * End-to-end: protected messaging in a real browser against the real server (issue 4 "Done when").
 * An agent pastes personal data into a team channel (the composer warns first), the colleague
 * sees three chips, reveals one with a justification, sees the value with a countdown and sees it
 * disappear at expiry (browser clock fast-forwarded past 60 s); a privacy officer finds that
 * reveal in the audit view and "who saw"; the same paste in a broad (public) channel is blocked
 * with the pointer to where it belongs. Also: "not personal data" mark and its undo, the policy
 * editor renders, and an admin proposes someone for the privacy_officer role which a privacy officer
 * approves (issue 7, item 5); a deleted message's token cannot be revealed from a stale view (item 3).
 * Screenshots: /tmp/e2e-privacy-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { launchChromium } from './browser-session.ts';

const PASTE = 'user jane.doe@example.com from 192.0.2.44 on IMEI 490154203237518';
const RAW_VALUES = ['jane.doe@example.com', '192.0.2.44', '490154203237518', '192.0.2.77'];
const AGENT = { name: 'Alma Agent', email: 'alma.agent@example.com', password: 'amber-kettle-sonnet-1', role: 'agent' };
const COLLEAGUE = { name: 'Bert Colleague', email: 'bert.colleague@example.com', password: 'birch-harbor-quill-2', role: 'agent' };
const OFFICER = { name: 'Pia Officer', email: 'pia.officer@example.com', password: 'cobalt-meadow-tiger-3', role: 'privacy_officer' };
const ADMIN = { name: 'Ada Admin', email: 'ada.admin@example.com', password: 'dune-lantern-opal-4', role: 'admin' };
const TEAM = 'fraud-team';
const BROAD = 'all-hands';
const JUSTIFICATION = 'Contacting the reporter about case 1234';
const REVEAL_RATE = 3;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let teamId = '';
let officerToken = '';
let colleagueToken = '';
let broadId = '';
let agentToken = '';

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function signedIn(user: { email: string; password: string }, opts: { fakeClock?: boolean; staleStream?: boolean } = {}): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(15_000);
  if (opts.fakeClock) await page.clock.install();
  // A view that misses live updates (a laptop that slept): the stream is held open but never reaches the server.
  if (opts.staleStream) await page.routeWebSocket(/\/api\/v1\/stream/, () => undefined);
  await page.goto(server.baseUrl);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  await nav.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (err: unknown) => {
    await shot(page, `signin-failed-${user.email}`);
    throw err;
  });
  return page;
}

async function openChannel(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(name) }).first().click();
  await expect.poll(() => page.getByRole('heading', { level: 1, name: new RegExp(name) }).count()).toBe(1);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/e2e-privacy-${name}.png` });
}

function focusedTag(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document.activeElement?.tagName);
}

async function storageLengths(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { localStorage: { length: number }; sessionStorage: { length: number } };
    return w.localStorage.length + w.sessionStorage.length;
  });
}

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  // A small reveal budget so the rate limit (429, privacy officers alerted) is reachable in a few clicks.
  server = await startServer({ env: { ENCLAVE_MESSAGE_RATE: '1000', ENCLAVE_REVEAL_RATE: String(REVEAL_RATE) } });
  const agent = await addUser(server.dataDir, AGENT);
  agentToken = agent.apiToken;
  const colleague = await addUser(server.dataDir, COLLEAGUE);
  colleagueToken = colleague.apiToken;
  officerToken = (await addUser(server.dataDir, OFFICER)).apiToken;
  await addUser(server.dataDir, ADMIN);
  // Channels set up through the API (the chat e2e covers doing it in the UI).
  teamId = (await api<{ id: string }>(agent.apiToken, 'POST', '/channels', { name: TEAM, visibility: 'private' })).id;
  await api(agent.apiToken, 'POST', `/channels/${teamId}/members`, { userId: colleague.id });
  broadId = (await api<{ id: string }>(agent.apiToken, 'POST', '/channels', { name: BROAD, visibility: 'public' })).id;
  await api(colleague.apiToken, 'POST', `/channels/${broadId}/members`, { userId: colleague.id });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('protected messaging in the browser', () => {
  let agent: Page;
  let colleague: Page;
  let officer: Page;
  let revealedToken = '';

  it('the composer warns before an agent sends personal data to a team channel', async () => {
    agent = await signedIn(AGENT);
    await openChannel(agent, TEAM);
    expect(await agent.locator('.class-badge').textContent()).toContain('Team');
    const box = agent.getByLabel(`Message #${TEAM}`);
    const analyzeCalls: string[] = [];
    agent.on('request', (r) => r.url().endsWith('/api/v1/analyze') && analyzeCalls.push(r.url()));
    await box.fill('   ');
    await new Promise((r) => setTimeout(r, 600));
    expect(analyzeCalls).toHaveLength(0); // blank text: no call
    await box.fill('');
    // Typed key by key (65 keystrokes): the preview is debounced, not one call per key.
    await box.pressSequentially(PASTE, { delay: 15 });
    const warning = agent.getByTestId('privacy-warning');
    await expect.poll(() => warning.textContent()).toContain('3 items will be protected: e-mail address, IP address, device ID');
    expect(analyzeCalls.length).toBeGreaterThanOrEqual(1);
    expect(analyzeCalls.length).toBeLessThanOrEqual(3);
    expect(await warning.locator('.finding.tokenize').count()).toBe(3);
    await shot(agent, '01-composer-warning');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');
    const msg = agent.locator('.message-list .msg', { hasText: 'user' });
    await expect.poll(() => msg.locator('.chip').count()).toBe(3);
    // The author's own view shows chips too: no raw echo.
    const html = await agent.locator('.message-list').innerHTML();
    for (const v of RAW_VALUES) expect(html).not.toContain(v);
    // Once sent, the warning is gone with the text.
    await expect.poll(() => warning.count()).toBe(0);
  });

  it('the colleague sees three chips and reveals one with a justification, for 60 s', async () => {
    colleague = await signedIn(COLLEAGUE, { fakeClock: true });
    await openChannel(colleague, TEAM);
    const msg = colleague.locator('.message-list .msg', { hasText: 'user' });
    const chips = msg.locator('button.chip');
    await expect.poll(() => chips.count()).toBe(3);
    // Words, not codes: the type in words, no token id (issue 12).
    expect(await chips.locator('.chip-label').allTextContents()).toEqual(['E-mail address', 'IP address', 'Device ID']);
    for (const l of await chips.allTextContents()) expect(l).not.toMatch(/[A-Z]{2,}_|·/);
    for (const v of RAW_VALUES) expect(await colleague.content()).not.toContain(v);
    await shot(colleague, '02-colleague-chips');

    // The full token is not in the DOM; read it through the API to check "who saw" later.
    const { messages } = await api<{ messages: { text: string; entities: { token: string }[] }[] }>(colleagueToken, 'GET', `/channels/${teamId}/messages`);
    revealedToken = messages.find((m) => m.text.startsWith('user '))?.entities[0]?.token ?? '';
    expect(revealedToken).not.toBe('');
    expect(await colleague.content()).not.toContain(revealedToken);
    // By keyboard: Enter on the chip opens the dialog with focus in the justification box.
    await chips.first().focus();
    await colleague.keyboard.press('Enter');
    const dialog = colleague.getByRole('dialog', { name: /Reveal e-mail address/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => focusedTag(colleague)).toBe('TEXTAREA');
    expect(await dialog.textContent()).toContain('recorded in the audit log');
    const why = dialog.getByLabel('Why do you need to see this value?');
    const submit = dialog.getByRole('button', { name: 'Reveal for 60 s' });
    await why.fill('too short');
    expect(await submit.isDisabled()).toBe(true);
    expect(await dialog.textContent()).toContain('3 more needed');
    // Escape closes the dialog without revealing.
    await colleague.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => focusedTag(colleague)).toBe('BUTTON'); // back on the chip

    await chips.first().click();
    await why.fill(JUSTIFICATION);
    await shot(colleague, '03-reveal-dialog');
    await submit.click();
    await expect.poll(() => dialog.count()).toBe(0);
    const shown = msg.locator('.chip.revealed');
    await expect.poll(() => shown.locator('.chip-value').textContent()).toBe('jane.doe@example.com');
    expect(await shown.getByRole('timer').textContent()).toMatch(/^(60|59) s$/);
    // The other chips stay protected.
    expect(await msg.locator('button.chip').count()).toBe(2);
    await shot(colleague, '04-revealed');
    expect(await storageLengths(colleague)).toBe(0);

    // Expiry: jump the page's clock past 60 s; the value must leave the DOM.
    await colleague.clock.fastForward(61_000);
    await expect.poll(() => msg.locator('.chip.revealed').count()).toBe(0);
    expect(await colleague.content()).not.toContain('jane.doe@example.com');
    expect(await msg.locator('button.chip').count()).toBe(3);
    await shot(colleague, '05-hidden-again');
  });

  it('a privacy officer sees that reveal in the audit view and in "who saw"', async () => {
    officer = await signedIn(OFFICER);
    await officer.getByRole('link', { name: /Privacy: audit/ }).click();
    await expect.poll(() => officer.getByRole('heading', { level: 1, name: 'Privacy' }).count()).toBe(1);
    const filters = officer.getByRole('search', { name: 'Filter the audit log' });
    await filters.getByLabel('Action').fill('reveal');
    await filters.getByLabel('Outcome').selectOption('success');
    await filters.getByRole('button', { name: 'Search' }).click();
    const row = officer.locator('.audit-table tbody tr', { hasText: COLLEAGUE.name });
    await expect.poll(() => row.count()).toBe(1);
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(JUSTIFICATION);
    // Words, not codes (issue 12): the item's type in words, no token id; "Who saw" opens its reveal attempts.
    expect(rowText).toContain('E-mail address');
    expect(rowText).not.toContain(revealedToken);
    expect(await row.getByRole('button', { name: /^Who saw this e-mail address/ }).count()).toBe(1);
    expect(rowText).toContain('success');
    for (const v of RAW_VALUES) expect(await officer.content()).not.toContain(v);
    await shot(officer, '06-audit-log');

    await officer.getByRole('tab', { name: 'Who saw what' }).click();
    await officer.getByLabel('Token to look up').fill(revealedToken);
    await officer.getByRole('button', { name: 'Show reveals' }).click();
    await expect.poll(() => officer.getByRole('status').filter({ hasText: 'granted' }).textContent()).toContain('1 reveal attempt, 1 granted');
    await shot(officer, '07-who-saw');

    await officer.getByRole('tab', { name: 'Reveals per person' }).click();
    const countRow = officer.locator('tr', { hasText: COLLEAGUE.name });
    await expect.poll(() => countRow.count()).toBe(1);
    expect((await countRow.locator('td').allTextContents()).slice(1, 2)).toEqual(['1']);

    await officer.getByRole('tab', { name: 'Policies' }).click();
    const cell = officer.getByLabel('EMAIL_ADDRESS in Broad channels');
    await expect.poll(() => cell.inputValue()).toBe('block');
    await shot(officer, '08-policies');
  });

  it('the same paste in a broad channel is blocked with a pointer to where it belongs', async () => {
    await openChannel(agent, BROAD);
    expect(await agent.locator('.class-badge').textContent()).toContain('Broad');
    const box = agent.getByLabel(`Message #${BROAD}`);
    await box.fill(PASTE);
    const warning = agent.getByTestId('privacy-warning');
    await expect.poll(() => warning.textContent()).toContain('This channel is broad: this message will be blocked');
    await shot(agent, '09-broad-warning');
    await box.press('Enter');
    const notice = agent.locator('.blocked-notice');
    await expect.poll(() => notice.count()).toBe(1);
    const text = (await notice.textContent()) ?? '';
    expect(text).toMatch(/private channel/);
    expect(text).not.toMatch(/case room/);
    expect(await notice.getByRole('button', { name: 'Create a private channel' }).count()).toBe(1);
    expect(await notice.locator('mark').count()).toBe(3);
    expect(await notice.locator('mark').first().textContent()).toContain('jane.doe@example.com'); // the sender's own text, in memory
    expect(await box.inputValue()).toBe(PASTE); // kept for moving elsewhere
    expect(await agent.locator('.message-list .msg', { hasText: 'IMEI' }).count()).toBe(0);
    expect(await storageLengths(agent)).toBe(0);
    await shot(agent, '10-broad-blocked');
    await box.fill('');
  });

  it('over the reveal rate limit the colleague is told and the privacy officer alerted live', async () => {
    await openChannel(colleague, TEAM);
    const msg = colleague.locator('.message-list .msg', { hasText: 'user' });
    async function reveal(entityType: string): Promise<void> {
      await msg.locator(`button.chip[data-entity-type="${entityType}"]`).click();
      const dialog = colleague.getByRole('dialog', { name: /^Reveal / });
      await dialog.getByLabel('Why do you need to see this value?').fill(JUSTIFICATION);
      await dialog.getByRole('button', { name: 'Reveal for 60 s' }).click();
    }
    // Reveals 2 and 3 of the budget of 3 (the first was the e-mail address above).
    await reveal('IP_ADDRESS');
    await expect.poll(() => msg.locator('.chip.revealed .chip-value').allTextContents()).toEqual(['192.0.2.44']);
    await reveal('DEVICE_ID');
    await expect.poll(() => msg.locator('.chip.revealed').count()).toBe(2);
    await msg.getByRole('button', { name: 'Hide the ip address now' }).click();
    await msg.getByRole('button', { name: 'Hide the device id now' }).click();
    await expect.poll(() => msg.locator('.chip.revealed').count()).toBe(0);
    // The fourth is refused.
    await reveal('EMAIL_ADDRESS');
    const dialog = colleague.getByRole('dialog', { name: /^Reveal / });
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Too many reveals; privacy officers were alerted');
    expect(await dialog.getByRole('button', { name: 'Reveal for 60 s' }).isDisabled()).toBe(true);
    await shot(colleague, '15-rate-limited');
    await colleague.keyboard.press('Escape');
    for (const v of RAW_VALUES) expect(await colleague.content()).not.toContain(v);

    await expect.poll(() => officer.getByRole('link', { name: /Privacy: audit/ }).textContent()).toMatch(/1$/);
    const alerts = officer.locator('.privacy-alerts');
    await expect.poll(() => alerts.textContent()).toContain(`${COLLEAGUE.name} went over the reveal rate limit`);
    await shot(officer, '16-alert');
    await alerts.getByRole('button', { name: 'Dismiss alerts' }).click();
    await expect.poll(() => alerts.count()).toBe(0);
  });

  it('a policy change (confirmed, audited) lets a broad channel keep a chip nobody may reveal', async () => {
    await officer.getByRole('tab', { name: 'Policies' }).click();
    const cell = officer.getByLabel('EMAIL_ADDRESS in Broad channels');
    await cell.selectOption('tokenize');
    const confirm = officer.getByRole('dialog', { name: 'Change this policy?' });
    expect(await confirm.textContent()).toMatch(/block\s*→\s*tokenize/);
    await confirm.getByRole('button', { name: 'Save change' }).click();
    await expect.poll(() => officer.getByRole('status').filter({ hasText: 'Saved' }).textContent()).toContain('EMAIL_ADDRESS in broad channels is now "tokenize"');
    expect(await cell.inputValue()).toBe('tokenize');

    const box = agent.getByLabel(`Message #${BROAD}`);
    await box.fill('ping jane.doe@example.com please');
    await expect.poll(() => agent.getByTestId('privacy-warning').textContent()).toContain('1 item will be protected: e-mail address');
    await box.press('Enter');
    await expect.poll(() => agent.locator('.message-list .msg', { hasText: 'ping' }).locator('.chip').count()).toBe(1);

    await openChannel(colleague, BROAD);
    const chip = colleague.locator('.message-list .msg', { hasText: 'ping' }).locator('button.chip');
    await expect.poll(() => chip.getAttribute('class')).toContain('locked');
    await chip.click();
    const why = colleague.getByRole('dialog', { name: /Protected e-mail address/ });
    expect(await why.textContent()).toContain("you don't have need-to-know");
    expect(await why.getByRole('textbox').count()).toBe(0);
    await shot(colleague, '13-locked-chip');
    await colleague.keyboard.press('Escape');

    await officer.getByRole('tab', { name: 'Audit log' }).click();
    const filters = officer.getByRole('search', { name: 'Filter the audit log' });
    await filters.getByLabel('Action').fill('policy.change');
    await filters.getByLabel('Outcome').selectOption('');
    await filters.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => officer.locator('.audit-table tbody tr', { hasText: OFFICER.name }).count()).toBe(1);

    await officer.getByRole('tab', { name: 'Policies' }).click();
    await officer.getByLabel('EMAIL_ADDRESS in Broad channels').selectOption('block');
    await officer.getByRole('dialog', { name: 'Change this policy?' }).getByRole('button', { name: 'Save change' }).click();
    await expect.poll(() => officer.getByLabel('EMAIL_ADDRESS in Broad channels').inputValue()).toBe('block');
  });

  it('an agent marks a finding as not personal data; the officer reviews and undoes it', async () => {
    await openChannel(agent, TEAM);
    const box = agent.getByLabel(`Message #${TEAM}`);
    await box.fill('the demo login is qa.robot@example.com');
    const finding = agent.getByTestId('privacy-warning').locator('.finding', { hasText: 'E-mail address' });
    await expect.poll(() => finding.count()).toBe(1);
    await finding.getByRole('button', { name: /not personal data/ }).click();
    const confirm = agent.getByRole('dialog', { name: 'Mark as not personal data?' });
    expect(await confirm.textContent()).toContain(`#${TEAM}`);
    await confirm.getByRole('button', { name: 'Mark as not personal data' }).click();
    // A request only: protected until a privacy officer approves it.
    await expect.poll(() => agent.getByTestId('privacy-warning').textContent()).toContain('Mark requested');
    expect(await agent.getByTestId('privacy-warning').textContent()).toContain('1 item will be protected: e-mail address');
    await box.fill('');

    await officer.getByRole('tab', { name: 'Marks to review' }).click();
    const row = officer.locator('tr', { hasText: AGENT.name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('EMAIL_ADDRESS');
    expect(await row.textContent()).toContain('waiting for approval');
    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('active');
    await shot(officer, '12-marks');

    await box.fill('the demo login is qa.robot@example.com');
    await expect.poll(() => agent.getByTestId('privacy-warning').textContent()).toContain('Allowed in this channel as typed');
    await shot(agent, '11-marked');
    // Sent as typed; the colleague, in another browser, sees it raw.
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');
    await openChannel(colleague, TEAM);
    const seen = colleague.locator('.message-list .msg', { hasText: 'the demo login is' });
    await expect.poll(() => seen.textContent()).toContain('qa.robot@example.com');
    expect(await seen.locator('button.chip').count()).toBe(0);
    await row.getByRole('button', { name: 'Undo' }).click();
    await officer.getByRole('dialog', { name: 'Undo this mark?' }).getByRole('button', { name: 'Undo mark' }).click();
    await expect.poll(() => officer.getByText('No marks to review.').count()).toBe(1);

    // Revoking re-protects the message it let through: it turns into a chip live, no reload.
    await expect.poll(() => seen.locator('button.chip').allTextContents()).toHaveLength(1);
    expect(await seen.locator('button.chip .chip-label').textContent()).toBe('E-mail address');
    expect(await colleague.content()).not.toContain('qa.robot@example.com');
    await shot(colleague, '12b-revoked-live');

    // The agent's composer protects the value again.
    await box.fill('the demo login is qa.robot@example.com ');
    await expect.poll(() => agent.getByTestId('privacy-warning').textContent()).toContain('1 item will be protected: e-mail address');
    await box.fill('');
  });

  it('an admin proposes someone for the privacy_officer role; it takes effect only when a privacy officer approves', async () => {
    const admin = await signedIn(ADMIN);
    await admin.getByRole('link', { name: 'Admin: people' }).click();
    const form = admin.locator('form', { has: admin.getByRole('button', { name: 'Add person' }) });
    await form.getByLabel('Name').fill('Quinn Officer');
    await form.getByLabel('E-mail').fill('quinn.officer@example.com');
    await form.getByLabel('Role').selectOption('privacy_officer');
    await form.getByLabel(/^Password/).fill('fjord-velvet-anchor-5');
    await form.getByRole('button', { name: 'Add person' }).click();
    const row = admin.locator('tr', { hasText: 'quinn.officer@example.com' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => admin.getByTestId('role-notice').textContent()).toContain('once a second person approves');
    expect(await row.locator('select').inputValue()).toBe('agent');
    // The admin who asked cannot approve while privacy officers exist.
    const pending = admin.locator('.role-requests tr', { hasText: 'Quinn Officer' });
    await expect.poll(() => pending.count()).toBe(1);
    await pending.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => admin.locator('.role-requests [role="alert"]').textContent()).toContain('cannot approve');
    await shot(admin, '17-role-request');

    await officer.getByRole('tab', { name: 'Role requests' }).click();
    const request = officer.locator('.role-requests tr', { hasText: 'Quinn Officer' });
    await expect.poll(() => request.count()).toBe(1);
    await request.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => officer.getByText('No pending role requests.').count()).toBe(1);
    await shot(officer, '18-role-approved');
    await admin.reload();
    await admin.getByRole('link', { name: 'Admin: people' }).click();
    const after = admin.locator('tr', { hasText: 'quinn.officer@example.com' });
    await expect.poll(() => after.locator('select').inputValue()).toBe('privacy_officer');
  });

  it('the author edits a message with three chips around them; the tokens stay and a chip is revealed afterwards', async () => {
    await openChannel(agent, TEAM);
    const msg = agent.locator('.message-list .msg', { hasText: 'user' }).first();
    await msg.hover();
    await msg.getByRole('button', { name: 'Edit' }).click();
    const box = msg.getByLabel('Edit message');
    expect(await box.inputValue()).toBe('user [EMAIL_ADDRESS] from [IP_ADDRESS] on IMEI [DEVICE_ID]');
    await box.press('End');
    await box.pressSequentially(' (checked)');
    await box.press('Enter');
    await expect.poll(() => msg.textContent()).toContain('(checked)');
    await expect.poll(() => msg.locator('button.chip').count()).toBe(3);
    await msg.locator('button.chip[data-entity-type="IP_ADDRESS"]').click();
    const dialog = agent.getByRole('dialog', { name: /^Reveal / });
    await dialog.getByLabel('Why do you need to see this value?').fill(JUSTIFICATION);
    await dialog.getByRole('button', { name: 'Reveal for 60 s' }).click();
    await expect.poll(() => msg.locator('.chip.revealed .chip-value').allTextContents()).toEqual(['192.0.2.44']);
    await shot(agent, '13b-edited-revealed');
    await msg.getByRole('button', { name: 'Hide the ip address now' }).click();
    await expect.poll(() => msg.locator('.chip.revealed').count()).toBe(0);
  });

  it('after erasure of the channel scope the chips show "erased"', async () => {
    await api(officerToken, 'POST', '/privacy/erasure', { scope: `channel:${teamId}` });
    await colleague.reload();
    await openChannel(colleague, TEAM);
    const chips = colleague.locator('.message-list .msg', { hasText: 'user' }).locator('button.chip');
    await expect.poll(() => chips.locator('.chip-label').allTextContents()).toEqual(['E-mail address · erased', 'IP address · erased', 'Device ID · erased']);
    await shot(colleague, '14-erased');
  });

  it('delete a message and fail to reveal its token', async () => {
    const CARA = { name: 'Cara Casework', email: 'cara.casework@example.com', password: 'ember-willow-prism-6', role: 'agent' };
    const cara = await addUser(server.dataDir, CARA);
    const room = await api<{ id: string }>(agentToken, 'POST', '/channels', { name: 'deletions', visibility: 'private' });
    await api(agentToken, 'POST', `/channels/${room.id}/members`, { userId: cara.id });
    const { message } = await api<{ message: { id: string } }>(agentToken, 'POST', `/channels/${room.id}/messages`, { text: 'caller wrote from 192.0.2.77 today' });
    const page = await signedIn(CARA, { staleStream: true });
    await openChannel(page, 'deletions');
    const msg = page.locator('.message-list .msg', { hasText: 'caller wrote' });
    const chip = msg.locator('button.chip');
    await expect.poll(() => chip.count()).toBe(1);
    // The author deletes it; this stale view still shows the chip, but its token is no longer revealable.
    await api(agentToken, 'DELETE', `/messages/${message.id}`);
    await chip.click();
    const dialog = page.getByRole('dialog', { name: /^Reveal / });
    await dialog.getByLabel('Why do you need to see this value?').fill(JUSTIFICATION);
    await dialog.getByRole('button', { name: 'Reveal for 60 s' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('does not exist or is not visible to you');
    await shot(page, '19-deleted-not-revealable');
    expect(await page.content()).not.toContain('192.0.2.77');
    await page.keyboard.press('Escape');
    // A fresh view no longer shows the message's text at all.
    await page.unrouteAll();
    await page.reload();
    await openChannel(page, 'deletions');
    await expect.poll(() => page.getByText('This is the very beginning of #deletions.').count()).toBe(1);
    await expect.poll(() => page.locator('.message-list .msg', { hasText: 'caller wrote' }).count()).toBe(0);
    expect(await page.locator('.message-list button.chip').count()).toBe(0);
  });

  it('no page errors, and no raw value in the server log', () => {
    expect(pageErrors).toEqual([]);
    for (const v of RAW_VALUES) expect(server.output()).not.toContain(v);
  });
});
