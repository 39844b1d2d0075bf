/**
 * End-to-end (issue 13): the privacy officer's posture dashboard in a real browser against the real
 * server. Agents share personal data in a team channel (tokenized), try it in a public channel
 * (blocked) and a colleague reveals one value; the officer opens Privacy → Posture: the charts
 * render with the numbers behind them (each bar's value equals the downloaded JSON), the CSV and
 * JSON downloads hold no raw value, and axe-core finds no serious or critical violation.
 * Screenshot: /tmp/e2e-posture.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, signInPage, type SessionTrack } from './browser-session.ts';
import { addUser, ROOT, startServer, type RunningServer } from './server-harness.ts';

const AGENT = { name: 'Alma Agent', email: 'alma.agent@example.com', password: 'amber-kettle-sonnet-1', role: 'agent' };
const COLLEAGUE = { name: 'Bert Colleague', email: 'bert.colleague@example.com', password: 'birch-harbor-quill-2', role: 'agent' };
const OFFICER = { name: 'Pia Officer', email: 'pia.officer@example.com', password: 'cobalt-meadow-tiger-3', role: 'privacy_officer' };
const RAW = ['jane.doe@example.com', '192.0.2.44', '202-555-0147', 'pat.roe@example.com'];

interface Cell {
  week: string;
  channelClass: string;
  entityType: string;
  count: number;
}
interface PostureJson {
  shared: Cell[];
  blocked: Cell[];
  reveals: { byPerson: Array<{ actorId: string; granted: number }>; byJustification: Array<{ category: string; count: number }> };
  topChannels: Array<{ name: string; members: number; exposure: number }>;
}
/** The browser globals read inside `page.evaluate` (the e2e tsconfig has no DOM lib). */
interface BrowserGlobals {
  document: unknown;
  axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> };
}

let server: RunningServer;
let browser: Browser;
const track: SessionTrack = { contexts: [], pageErrors: [] };

beforeAll(async () => {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: join(ROOT, 'web'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await startServer();
  const agent = await addUser(server.dataDir, AGENT);
  const colleague = await addUser(server.dataDir, COLLEAGUE);
  await addUser(server.dataDir, OFFICER);
  const team = await apiAs<{ id: string }>(server.baseUrl, agent.apiToken, 'POST', '/channels', { name: 'fraud-team', visibility: 'private' });
  await apiAs(server.baseUrl, agent.apiToken, 'POST', `/channels/${team.id}/members`, { userId: colleague.id });
  const shared = await apiAs<{ message: { entities: Array<{ token: string }> } }>(server.baseUrl, agent.apiToken, 'POST', `/channels/${team.id}/messages`, { text: `user ${RAW[0]} from ${RAW[1]}` });
  await apiAs(server.baseUrl, agent.apiToken, 'POST', `/channels/${team.id}/messages`, { text: `call them on +1 ${RAW[2]}` });
  const broad = await apiAs<{ id: string }>(server.baseUrl, agent.apiToken, 'POST', '/channels', { name: 'all-hands', visibility: 'public' });
  const blocked = await fetch(`${server.baseUrl}/api/v1/channels/${broad.id}/messages`, { method: 'POST', headers: { Authorization: `Bearer ${agent.apiToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: `reporter ${RAW[3]}` }) });
  expect(blocked.status).toBe(422);
  await apiAs(server.baseUrl, colleague.apiToken, 'POST', '/reveal', { token: shared.message.entities[0]?.token, justification: 'Contacting the reporter about case 1234' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

afterAll(async () => {
  for (const c of track.contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

/** The bars of the chart titled `title`: label → value, as drawn (the SVG's `<title>` of each bar). */
async function bars(page: Page, title: string): Promise<Record<string, number>> {
  const titles = await page.locator('figure.posture-chart', { has: page.getByText(title, { exact: true }) }).locator('svg rect title').allTextContents();
  return Object.fromEntries(titles.map((t) => [t.slice(0, t.lastIndexOf(':')), Number(t.slice(t.lastIndexOf(':') + 1).replace(/[^0-9]/gu, ''))]));
}

const sum = (cells: Cell[], key: (c: Cell) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const c of cells) out[key(c)] = (out[key(c)] ?? 0) + c.count;
  return out;
};

async function download(page: Page, name: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFileSync(await dl.path(), 'utf8');
}

describe('posture dashboard', () => {
  let page: Page;

  it('the privacy officer opens it: charts with the numbers behind them', async () => {
    page = await signInPage(browser, server.baseUrl, OFFICER, track);
    await page.getByRole('link', { name: /Privacy: audit/u }).click();
    await page.getByRole('tab', { name: 'Posture' }).click();
    await page.getByRole('heading', { name: 'Privacy posture' }).waitFor();
    const json = JSON.parse(await download(page, 'Download JSON')) as PostureJson;
    expect(sum(json.shared, (c) => c.entityType)).toEqual({ EMAIL_ADDRESS: 1, IP_ADDRESS: 1, PHONE_NUMBER: 1 });
    expect(sum(json.blocked, (c) => c.entityType)).toEqual({ EMAIL_ADDRESS: 1 });
    expect(await bars(page, 'Shared by entity type')).toEqual(sum(json.shared, (c) => c.entityType));
    expect(await bars(page, 'Shared by channel class')).toEqual({ team: 3 });
    expect(await bars(page, 'Blocked by entity type')).toEqual({ EMAIL_ADDRESS: 1 });
    expect(await bars(page, 'Reveals per person (granted)')).toEqual({ [COLLEAGUE.name]: 1 });
    expect(await bars(page, 'Reveals per justification category')).toEqual(Object.fromEntries(json.reveals.byJustification.map((r) => [r.category.replace('_', ' '), r.count])));
    const top = json.topChannels.find((c) => c.name === 'fraud-team');
    expect(top?.exposure).toBeGreaterThan(0);
    expect((await bars(page, 'Channels by audience × findings'))[`fraud-team (${top?.members} members)`]).toBe(top?.exposure);
    // the bar values are also printed beside the bars
    const figure = page.locator('figure.posture-chart', { has: page.getByText('Shared by entity type', { exact: true }) });
    expect(await figure.locator('svg text').allTextContents()).toEqual(expect.arrayContaining(['EMAIL_ADDRESS', '1']));
    await page.screenshot({ path: '/tmp/e2e-posture.png', fullPage: true });
  });

  it('the CSV and JSON downloads hold no raw value', async () => {
    const csv = await download(page, 'Download CSV');
    const json = await download(page, 'Download JSON');
    expect(csv).toMatch(/EMAIL_ADDRESS/u);
    for (const raw of RAW) {
      expect(csv).not.toContain(raw);
      expect(json).not.toContain(raw);
    }
    expect(await page.content()).not.toMatch(/jane\.doe|192\.0\.2\.44|pat\.roe|555-0147/u);
  });

  it('axe-core finds no serious or critical violation on it', async () => {
    await page.evaluate(axe.source);
    const res = await page.evaluate(() => {
      const w = globalThis as unknown as BrowserGlobals;
      return w.axe.run(w.document, { resultTypes: ['violations'] });
    });
    const problems = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
    expect(problems).toEqual([]);
    expect(track.pageErrors).toEqual([]);
  });
});
