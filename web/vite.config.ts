/**
 * Vite build of the web app into `web/dist` (served by the Enclave server, same origin).
 * `root` is this file's folder, so `vite build` and `build({ root: 'web' })` work from any cwd.
 * The output has no inline scripts or styles (strict CSP `default-src 'self'`).
 * Dev server: `npm run dev -w @enclave/web` proxies `/api` and `/healthz` (HTTP + WebSocket)
 * to `ENCLAVE_DEV_API` (default http://127.0.0.1:8080).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const api = process.env.ENCLAVE_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: api, ws: true, changeOrigin: false },
      '/healthz': { target: api },
    },
  },
});
