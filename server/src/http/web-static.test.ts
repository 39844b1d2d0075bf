import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { buildContext, type AppContext } from '../context.ts';
import { createLogger } from '../logger.ts';
import type { FastifyInstance } from 'fastify';

let dir: string;
let ctx: AppContext;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-web-'));
  const webRoot = join(dir, 'web');
  mkdirSync(join(webRoot, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'dist', 'index.html'), '<!doctype html><title>Enclave test shell</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(webRoot, 'dist', 'assets', 'app.js'), 'console.log("app")');
  ctx = await buildContext(loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'), PORT: '0' }), { logger: createLogger('silent') });
  app = await buildApp(ctx, { webRoot });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web app serving', () => {
  it('serves index.html and assets with a strict CSP', async () => {
    const r = await fetch(`${url}/`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Enclave test shell');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const js = await fetch(`${url}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('falls back to index.html for app routes (e.g. the setup link), never for /api', async () => {
    const r = await fetch(`${url}/setup`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Enclave test shell');
    const api = await fetch(`${url}/api/v1/unknown`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } });
    const asset = await fetch(`${url}/assets/missing.js`);
    expect(asset.status).toBe(404);
  });
});

describe('ensureWebBuilt', () => {
  it('builds with Vite when dist/index.html is missing, and skips when present', async () => {
    const { ensureWebBuilt } = await import('./web-static.ts');
    const root = join(dir, 'fresh-web');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>fresh</title><script type="module" src="/main.js"></script>');
    writeFileSync(join(root, 'main.js'), 'document.title = "built";');
    const logs: string[] = [];
    await ensureWebBuilt(root, (m) => logs.push(m));
    const { existsSync, readFileSync } = await import('node:fs');
    expect(existsSync(join(root, 'dist', 'index.html'))).toBe(true);
    expect(readFileSync(join(root, 'dist', 'index.html'), 'utf8')).not.toMatch(/<script>(?!<\/script>)/);
    expect(logs).toHaveLength(1);
    await ensureWebBuilt(root, (m) => logs.push(m));
    expect(logs).toHaveLength(1);
  }, 60_000);
});
