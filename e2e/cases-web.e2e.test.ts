/**
 * End-to-end: the issue-8 web screens in Chromium against the real server seeded by
 * `bin/enclave demo`. A lead assigns an agent from the assignment board by name; the agent reveals
 * the reported account's id and IP address from the case view (justification prefilled with the
 * case reference); the privacy officer finds the subject by account id, sees the agent's reveal in
 * the access report, is refused erasure under a legal hold, lifts it and erases (confirm dialog);
 * an admin creates an integration (secret shown once) and disables it.
 * Screenshots: /tmp/e2e-cases-web-*.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT, startServer, type RunningServer } from './server-harness.ts';
import { launchChromium } from './browser-session.ts';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const logins = new Map<string, string>();

async function signedIn(email: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(15_000);
  await page.goto(server.baseUrl);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(logins.get(email) ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/e2e-cases-web-${name}.png`, fullPage: true });

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'enclave-e2e-demo-'));
  const out = execFileSync(process.execPath, [join(ROOT, 'bin/enclave'), 'demo'], { cwd: ROOT, env: { ...process.env, ENCLAVE_DATA_DIR: dataDir }, encoding: 'utf8' });
  for (const m of out.matchAll(/^\s+\S+\s+(\S+@example\.com)\s+(\S+)\s*$/gm)) logins.set(m[1] as string, m[2] as string);
  server = await startServer({ dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('cases web screens', () => {
  let caseNumber = '';
  let accountId = '';

  it('a lead assigns an agent by name from the assignment board', async () => {
    const lead = await signedIn('lead@example.com');
    await lead.getByRole('link', { name: 'Assignment board' }).click();
    const open = lead.getByRole('button', { name: /^Assign people to case \d+$/ }).first();
    caseNumber = /(\d+)$/.exec((await open.getAttribute('aria-label')) ?? '')?.[1] ?? '';
    expect(caseNumber).not.toBe('');
    await open.click();
    const dialog = lead.getByRole('dialog', { name: `Assign case #${caseNumber}` });
    await expect.poll(() => lead.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute: (n: string) => string | null } | null } }).document.activeElement?.getAttribute('type'))).toBe('search');
    await lead.keyboard.type('Bo');
    await dialog.getByRole('button', { name: 'Assign Bo Agent' }).click();
    await dialog.getByText(`Bo Agent was assigned to case #${caseNumber}.`).waitFor();
    await dialog.getByRole('button', { name: 'Unassign Bo Agent' }).waitFor();
    await shot(lead, 'board');
    await lead.keyboard.press('Escape');
    await expect.poll(() => lead.getByRole('row', { name: new RegExp(`#${caseNumber}\\b.*Bo Agent`) }).count()).toBe(1);
  });

  it('the agent reveals a field from the case view with the case reference prefilled', async () => {
    const agent = await signedIn('agent2@example.com');
    await agent.getByRole('link', { name: 'Cases', exact: true }).click();
    await agent.getByRole('link', { name: `#${caseNumber}`, exact: true }).click();
    await agent.getByRole('heading', { name: new RegExp(`^Case #${caseNumber}`) }).waitFor();
    const reveal = async (label: string) => {
      await agent.getByRole('button', { name: `Reveal ${label}` }).last().click();
      const box = agent.getByLabel('Why do you need it? (at least 12 characters)');
      await expect.poll(() => box.inputValue()).toBe(`Case #${caseNumber}: `);
      await box.press('End');
      await box.pressSequentially('checking the reported account');
      await box.press('Enter');
    };
    await reveal('Account id');
    const value = agent.locator('code[tabindex="-1"]');
    await expect.poll(async () => (await value.count()) > 0).toBe(true);
    accountId = (await value.first().textContent()) ?? '';
    expect(accountId).toMatch(/^demo-acc-\d+$/);
    await reveal('IP address 1');
    await expect.poll(async () => (await agent.locator('code[tabindex="-1"]').allTextContents()).some((t) => /^192\.0\.2\.\d+$/.test(t))).toBe(true);
    await shot(agent, 'case-reveal');
  });

  it('the privacy officer finds the subject, sees the reveal in the access report, holds and erases', async () => {
    const po = await signedIn('privacy@example.com');
    await po.getByRole('link', { name: 'Data subjects' }).click();
    await po.getByLabel('Search by').selectOption('account');
    await po.getByLabel('Value').fill(accountId);
    await po.getByRole('button', { name: 'Search' }).click();
    await po.getByText('1 person found.').waitFor();
    const row = po.getByRole('row', { name: /Bo Agent.*IP address.*checking the reported account.*shown/ });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => po.getByRole('link', { name: 'Download the access report (CSV)' }).getAttribute('href')).toMatch(/access-report\?format=csv$/);
    await po.getByRole('button', { name: 'Place legal hold' }).click();
    await po.getByText('A legal hold is now placed on this person 1.').waitFor();
    await po.getByRole('button', { name: /Erase this person's data/ }).click();
    const dialog = po.getByRole('dialog', { name: "Erase this person's data?" });
    await dialog.getByRole('button', { name: 'Erase now' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Keep the data' }).click();
    await po.getByRole('button', { name: 'Lift legal hold' }).click();
    await po.getByText('The legal hold on this person 1 was lifted.').waitFor();
    await po.getByRole('button', { name: /Erase this person's data/ }).click();
    await po.getByRole('dialog', { name: "Erase this person's data?" }).getByRole('button', { name: 'Erase now' }).click();
    await po.getByText("The person's data was erased.").waitFor();
    await po.getByText('erased', { exact: true }).waitFor();
    await shot(po, 'erased');
  });

  it('an admin creates an integration (secret shown once) and disables it', async () => {
    const admin = await signedIn('admin@example.com');
    await admin.getByRole('link', { name: 'Admin: integrations' }).click();
    await admin.getByLabel('Name of the platform').fill('Example platform');
    await admin.getByRole('button', { name: 'Create integration' }).click();
    await expect.poll(async () => (await admin.getByTestId('secret-value').textContent())?.length ?? 0).toBeGreaterThan(20);
    await admin.getByRole('button', { name: 'Disable Example platform' }).click();
    await admin.getByRole('button', { name: 'Enable Example platform' }).waitFor();
    await admin.getByRole('button', { name: 'Done' }).click();
    expect(await admin.getByTestId('secret-value').count()).toBe(0);
    await shot(admin, 'integrations');
    expect(pageErrors).toEqual([]);
  });
});
