import { defineConfig } from 'vitest/config';

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
    // A shared, loaded machine: sign-in alone can take 2 s; polls wait up to 15 s.
    expect: { poll: { timeout: 15_000 } },
  },
});
