import { defineConfig } from 'vitest/config';

/**
 * Vitest configuration used only by `npm run test:mutation` (Stryker): the tests that exercise the
 * security core (audit hash chain and verification, vault crypto, reveal, policies, pii validators,
 * conflict resolution and context enhancement). Stryker runs only the tests covering each mutant.
 */
export default defineConfig({
  test: {
    include: [
      'packages/pii/src/validators/*.test.ts',
      'packages/pii/src/**/*.mutation.test.ts',
      'packages/pii/src/**/*.spec-core.test.ts',
      'packages/pii/src/analyzer.test.ts',
      'server/src/services/audit/*.test.ts',
      'server/src/services/vault/*.test.ts',
      'server/src/services/privacy/reveal.test.ts',
      'server/src/security/reveal.test.ts',
      'server/src/cli/audit.test.ts',
      'server/src/routes/channels/channels.test.ts',
      'server/src/**/*.mutation.test.ts',
      'server/src/**/*.spec-core.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
