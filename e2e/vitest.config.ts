import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Servers started by the suite keep their key files in a temporary XDG config home, never in ~/.config. */
const configHome = mkdtempSync(join(tmpdir(), 'enclave-e2e-config-'));
process.once('exit', () => rmSync(configHome, { recursive: true, force: true }));

/**
 * End-to-end suite (`npm run test:e2e`): the real server as a child process, driven through
 * Debian's Chromium (`/usr/bin/chromium`) with playwright-core. Runs files one after another.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    env: { XDG_CONFIG_HOME: configHome },
    // A shared, loaded machine: sign-in alone can take 2 s; polls wait up to 15 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
