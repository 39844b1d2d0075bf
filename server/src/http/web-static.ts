/**
 * Serves the built web app (`web/dist`) with @fastify/static, an SPA fallback (non-API GETs
 * that accept HTML get `index.html`), and builds it with Vite's JS API when `index.html` is
 * missing (https://vite.dev/guide/api-javascript#build).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Builds `<webRoot>/dist` if `index.html` is missing. Throws when the build fails. */
export async function ensureWebBuilt(webRoot: string, log: (msg: string) => void): Promise<void> {
  if (existsSync(join(webRoot, 'dist', 'index.html'))) return;
  log('building the web app (first start)…');
  const { build } = await import('vite');
  await build({ root: webRoot, logLevel: 'warn' });
}

/** Registers static serving of `<webRoot>/dist` when it exists; returns whether it did. */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<boolean> {
  const dist = join(webRoot, 'dist');
  if (!existsSync(join(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: false, index: ['index.html'] });
  return true;
}
