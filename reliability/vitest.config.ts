import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: bad input at scale (fast-check fuzzing of every API body and every
 * stream client frame) and crash safety (`kill -9` during heavy writes on SQLite). Runs per
 * route: `FUZZ_RUNS` (default 500; `npm run test:reliability -- --full` sets 10,000).
 */
const configHome = mkdtempSync(join(tmpdir(), 'enclave-reliability-config-'));
process.once('exit', () => rmSync(configHome, { recursive: true, force: true }));

export default defineConfig({
  test: {
    include: ['reliability/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    env: { XDG_CONFIG_HOME: configHome },
  },
});
