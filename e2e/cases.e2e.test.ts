/**
 * End-to-end: the case flow of issue 8 in a real browser against the real server. A report sent by
 * the real `bin/enclave intake send` (secret on stdin) appears in the lead's queue; the lead assigns
 * an agent in the case view; the agent opens the case room and reveals the reported account's IP
 * address with a justification; a colleague pastes the reported account's phone number, typed
 * differently from the registered form, into a team channel and sees it arrive as a chip they
 * cannot reveal; the privacy officer finds the agent's reveal in the subject's access report (API:
 * no screen yet); after erasure the colleague's chip shows "erased".
 * Screenshots: /tmp/e2e-cases-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';
import { launchChromium } from './browser-session.ts';

const LEAD = { name: 'Lena Lead', email: 'lena.lead@example.com', password: 'granite-orchid-lake-11', role: 'lead' };
const AGENT = { name: 'Alma Agent', email: 'alma.agent@example.com', password: 'harbor-saffron-kite-12', role: 'agent' };
const COLLEAGUE = { name: 'Bert Colleague', email: 'bert.colleague@example.com', password: 'indigo-cactus-reef-13', role: 'agent' };
const OFFICER = { name: 'Pia Officer', email: 'pia.officer@example.com', password: 'juniper-atlas-comet-14', role: 'privacy_officer' };
const TEAM = 'trust-team';
const REPORTED_IP = '192.0.2.61';
const REPORTED_PHONE = '+1 201-555-0147';
/** The same number as a colleague would type it. */
const RETYPED_PHONE = '(201) 555-0147';
const JUSTIFICATION_TAIL = 'checking the login origin of the reported account';
const REPORT = {
  reportId: 'e2e-report-1',
  category: 'harassment',
  text: 'This account keeps sending me threatening messages.',
  submittedAt: '2026-12-01T10:00:00Z',
  accounts: [
    { role: 'reporter', accountId: 'acc-e2e-reporter', displayName: 'Rita Reporter', email: 'rita.reporter@example.com' },
    { role: 'reported', accountId: 'acc-e2e-reported', displayName: 'Otto Offender', username: '@otto_offender_e2e', phone: REPORTED_PHONE, ipAddresses: [REPORTED_IP] },
  ],
};

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'enclave-e2e-cases-'));
let officerToken = '';
let agentId = '';
let caseId = '';
let caseNumber = 0;
let subjectId = '';

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Runs `bin/enclave ARGS` against the test server with `input` on stdin. */
function cli(args: string[], input: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/enclave'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ENCLAVE_DATA_DIR: server.dataDir, ENCLAVE_URL: server.baseUrl, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function signedIn(user: { email: string; password: string }): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.setDefaultTimeout(15_000);
  await page.goto(server.baseUrl);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Workspace' }).waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/e2e-cases-${name}.png` });
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
  await addUser(server.dataDir, { name: 'Ada Admin', email: 'ada.admin@example.com', password: 'kelp-marble-otter-15', role: 'admin' });
  await addUser(server.dataDir, LEAD);
  agentId = (await addUser(server.dataDir, AGENT)).id;
  const colleague = await addUser(server.dataDir, COLLEAGUE);
  officerToken = (await addUser(server.dataDir, OFFICER)).apiToken;
  const team = await api<{ id: string }>(colleague.apiToken, 'POST', '/channels', { name: TEAM, visibility: 'private' });
  await api(colleague.apiToken, 'POST', `/channels/${team.id}/members`, { userId: agentId });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a complaint worked with need-to-know, in the browser', () => {
  let lead: Page;
  let agent: Page;
  let colleague: Page;

  it('a report sent by `bin/enclave intake send` appears in the lead\'s queue', async () => {
    const add = await cli(['integrations', 'add', '--name', 'Platform'], '');
    expect(add.status).toBe(0);
    const integ = JSON.parse(add.stdout) as { id: string; secret: string };
    const file = join(tmp, 'report.json');
    writeFileSync(file, JSON.stringify(REPORT));
    const sent = await cli(['intake', 'send', '--integration', integ.id, '--secret-stdin', file], `${integ.secret}\n`);
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    const created = JSON.parse(sent.stdout) as { caseId: string; status: string };
    expect(created.status).toBe('open');
    caseId = created.caseId;
    // The privacy officer's token only reads the case number and the reported subject's id (no value).
    const c = await api<{ number: number; subjects: { id: string; role: string; fields: Record<string, string> }[] }>(officerToken, 'GET', `/cases/${caseId}`);
    caseNumber = c.number;
    const reported = c.subjects.find((s) => s.role === 'reported');
    subjectId = reported?.id ?? '';
    expect(subjectId).not.toBe('');

    lead = await signedIn(LEAD);
    await lead.getByRole('link', { name: 'Cases' }).first().click();
    const row = lead.locator('.case-table tbody tr', { hasText: `#${caseNumber}` });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('harassment');
    expect(await row.textContent()).toContain('open');
    await shot(lead, '01-queue');
  });

  it('the lead opens the case and assigns the agent; the case room is created', async () => {
    await lead.getByRole('link', { name: `#${caseNumber}` }).click();
    await expect.poll(() => lead.getByRole('heading', { level: 1 }).textContent()).toContain(`Case #${caseNumber}`);
    // The subject card shows masked fields only.
    const page = await lead.content();
    expect(page).not.toContain(REPORTED_IP);
    expect(page).not.toContain('555-0147');
    await lead.getByLabel('Find a person to assign').fill('Alma');
    await lead.getByRole('button', { name: `Assign ${AGENT.name}` }).click();
    await expect.poll(() => lead.getByRole('link', { name: 'open the case room' }).count()).toBe(1);
    await expect.poll(() => lead.getByRole('heading', { level: 1 }).textContent()).toContain('assigned');
    await shot(lead, '02-assigned');
  });

  it('the agent opens the case room and reveals the reported account\'s IP address with a justification', async () => {
    agent = await signedIn(AGENT);
    await agent.getByRole('link', { name: 'Cases' }).first().click();
    await agent.getByRole('link', { name: `#${caseNumber}` }).click();
    await agent.getByRole('link', { name: 'open the case room' }).click();
    await expect.poll(() => agent.locator('.class-badge').textContent()).toMatch(/case/i);
    await shot(agent, '03-case-room');
    await agent.goBack();
    await expect.poll(() => agent.getByRole('heading', { level: 1 }).textContent()).toContain(`Case #${caseNumber}`);
    const card = agent.locator('.subject-card', { hasText: 'reported' });
    const ipField = card.locator('li', { hasText: 'IP address' }).first();
    expect(await ipField.locator('code').textContent()).not.toContain(REPORTED_IP);
    await ipField.getByRole('button', { name: /^Reveal IP address/ }).click();
    const box = ipField.getByLabel('Why do you need it? (at least 12 characters)');
    expect(await box.inputValue()).toBe(`Case #${caseNumber}: `);
    await box.fill(`Case #${caseNumber}: ${JUSTIFICATION_TAIL}`);
    await box.press('Enter');
    await expect.poll(() => ipField.locator('code').textContent()).toBe(REPORTED_IP);
    await shot(agent, '04-ip-revealed');
  });

  it('a colleague pastes the phone number typed differently into a team channel: a chip they cannot reveal', async () => {
    colleague = await signedIn(COLLEAGUE);
    await colleague.getByRole('link', { name: new RegExp(TEAM) }).first().click();
    const box = colleague.getByLabel(`Message #${TEAM}`);
    await box.fill(`heads up, the caller from ${RETYPED_PHONE} rang again`);
    await expect.poll(() => colleague.getByTestId('privacy-warning').textContent()).toContain('1 item will be protected');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');
    const msg = colleague.locator('.message-list .msg', { hasText: 'heads up' });
    const chip = msg.locator('button.chip');
    await expect.poll(() => chip.count()).toBe(1);
    expect(await chip.getAttribute('data-entity-type')).toBe('KNOWN_SUBJECT');
    expect(await colleague.locator('.message-list').innerHTML()).not.toContain('555-0147');
    await expect.poll(() => chip.getAttribute('class')).toContain('locked');
    await chip.click();
    const why = colleague.getByRole('dialog');
    expect(await why.textContent()).toContain("you don't have need-to-know");
    expect(await why.getByRole('textbox').count()).toBe(0);
    await shot(colleague, '05-locked-chip');
    await colleague.keyboard.press('Escape');
  });

  it('the privacy officer sees the agent\'s reveal in the subject\'s access report', async () => {
    const report = await api<{ subjectId: string; events: { actorId: string; caseId: string | null; field: string; entityType: string; justification: string; outcome: string }[] }>(
      officerToken,
      'GET',
      `/subjects/${subjectId}/access-report`,
    );
    expect(report.subjectId).toBe(subjectId);
    const granted = report.events.filter((e) => e.actorId === agentId && e.outcome === 'success');
    expect(granted).toHaveLength(1);
    // Nobody else saw a value of this subject.
    expect(report.events.filter((e) => e.outcome === 'success')).toHaveLength(1);
    expect(granted[0]).toMatchObject({ caseId, field: 'ipAddresses', entityType: 'IP_ADDRESS', justification: `Case #${caseNumber}: ${JUSTIFICATION_TAIL}` });
    const csv = await fetch(`${server.baseUrl}/api/v1/subjects/${subjectId}/access-report?format=csv`, { headers: { Authorization: `Bearer ${officerToken}` } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(JUSTIFICATION_TAIL);
  });

  it('after erasure the colleague\'s chip shows "erased" and the case shows the subject erased', async () => {
    await api(officerToken, 'POST', '/privacy/erasure', { subjectId });
    await colleague.reload();
    await colleague.getByRole('navigation', { name: 'Workspace' }).waitFor({ state: 'visible', timeout: 30_000 });
    await colleague.getByRole('link', { name: new RegExp(TEAM) }).first().click();
    const chip = colleague.locator('.message-list .msg', { hasText: 'heads up' }).locator('button.chip');
    await expect.poll(() => chip.locator('.chip-label').textContent()).toBe("Case subject's data · erased");
    await shot(colleague, '06-erased-chip');
    await agent.reload();
    const card = agent.locator('.subject-card', { hasText: 'reported' });
    await expect.poll(() => card.locator('.badge', { hasText: 'erased' }).count()).toBe(1);
    await shot(agent, '07-erased-subject');
    expect(pageErrors).toEqual([]);
  });
});
