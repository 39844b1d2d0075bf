import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:pg` (inside `scripts/with-postgres.sh`): the server tests again on PostgreSQL.
 * Each test server gets its own database copied from a template migrated once per run
 * (`server/src/test/database.ts`). Two test files at a time: a file on PostgreSQL spends much of
 * its time waiting on the database and on child processes, so two workers keep a 2-core machine
 * busy where Vitest's default (cores − 1 = one) leaves it half idle. `--maxWorkers N` overrides.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // replaces the base list (mergeConfig would append to it)
    include: ['server/src/**/*.test.ts'],
    maxWorkers: 2,
  },
});
