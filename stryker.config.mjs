// @ts-check
/**
 * Mutation testing of the security core (`npm run test:mutation`, not part of CI). Stryker 9 is the
 * newest line that runs on Node.js 20 (Stryker 10 needs Node 22); its Vitest runner supports Vitest ≥ 2.
 * Concurrency is kept at 2 because the machine is shared; one full run takes well under an hour.
 * Two groups run one after the other (`npm run test:mutation`): MUTATION_GROUP=unit, then =http.
 * One file: MUTATION_GROUP=http npx stryker run --mutate server/src/policies/index.ts
 */
const GROUP = process.env.MUTATION_GROUP ?? 'unit';
/** Files mutated per group; the tests each group runs are chosen in stryker.vitest.config.ts. */
const MUTATE = {
  unit: [
    'server/src/services/audit/hash.ts',
    'server/src/services/audit/verify.ts',
    'server/src/services/vault/crypto.ts',
    'packages/pii/src/validators/*.ts',
    '!packages/pii/src/validators/*.test.ts',
    'packages/pii/src/conflicts.ts',
    'packages/pii/src/context.ts',
  ],
  http: ['server/src/services/privacy/reveal.ts', 'server/src/policies/index.ts'],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants such as GENESIS_HASH, IBAN_LENGTHS, TYPE_PRIORITY, regexes)
  // re-run every test and took 94% of the time: they are left out of the score and covered instead by
  // the hand-made-bug tests (*.spec-core.test.ts) that compare constants with their documented values.
  ignoreStatic: true,
  mutate: MUTATE[GROUP] ?? [],
  // The sandbox needs the workspaces under test and the root configuration only.
  ignorePatterns: ['/web', '/e2e', '/eval', '/bench', '/docs', '/data', '/.ci', '/coverage', '/tools', '/.tmp'],
  tempDirName: `.tmp/stryker-${GROUP}`,
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: `.tmp/mutation/${GROUP}.html` },
  thresholds: { high: 90, low: 80, break: null },
};
