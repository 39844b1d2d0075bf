import { defineConfig } from 'vitest/config';

/**
 * Vitest configuration used only by `npm run test:mutation` (Stryker), per mutation group
 * (`MUTATION_GROUP`, see stryker.config.mjs): `unit` runs the database-level and pure tests of the
 * audit chain, vault crypto and pii validators; `http` runs the HTTP tests of reveal and the
 * policies. Keeping the HTTP tests out of the `unit` group matters: every message they post runs the
 * crypto and audit code, so each of those mutants would otherwise restart several servers.
 * `MUTATION_BASELINE=1` leaves out the `*.spec-core.test.ts` files (the suite before issue 7).
 */
const GROUPS: Record<string, string[]> = {
  unit: [
    'packages/pii/src/validators/*.test.ts',
    'packages/pii/src/conflicts*.test.ts',
    'packages/pii/src/context*.test.ts',
    'packages/pii/src/analyzer.test.ts',
    'server/src/services/audit/*.test.ts',
    'server/src/services/vault/*.test.ts',
  ],
  http: [
    'server/src/services/privacy/reveal*.test.ts',
    'server/src/security/reveal.test.ts',
    'server/src/security/reveal-carried.test.ts',
    'server/src/security/membership.test.ts',
    'server/src/security/separation-of-duties.test.ts',
    'server/src/routes/cases/cases.test.ts',
    'server/src/policies/*.test.ts',
    'server/src/routes/channels/channels.test.ts',
  ],
};

export default defineConfig({
  test: {
    include: GROUPS[process.env.MUTATION_GROUP ?? 'unit'] ?? [],
    exclude: ['**/node_modules/**', ...(process.env.MUTATION_BASELINE === '1' ? ['**/*.spec-core.test.ts'] : [])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
