import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Key files default to `$XDG_CONFIG_HOME/enclave/…` (issue 7, item 6): every test process and every
 * CLI/server it spawns gets a fresh temporary config home, so no test ever writes a key into the
 * real home folder. Removed when the run ends.
 */
const configHome = mkdtempSync(join(tmpdir(), 'enclave-test-config-'));
process.once('exit', () => rmSync(configHome, { recursive: true, force: true }));

/** Unit and integration suite run by `npm test`: no browser, no external services. */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts', 'eval/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    env: { XDG_CONFIG_HOME: configHome },
  },
});
