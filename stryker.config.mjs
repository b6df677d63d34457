// Mutation testing of the pure core (`npm run mutate`; not part of `npm test`): StrykerJS changes lib/core one
// mutant at a time and runs the tests that cover the changed line (test/core). A mutant the type-checker refuses
// (CompileError) is left out of the score, since `npm test` type-checks and would refuse it too. The score of
// each module is in the README (Mutation testing).
//
// A per-module run names the test files that state that module's rules in MUTATE_TESTS (comma-separated, under
// test/core), e.g.
//   MUTATE_TESTS=quantity npx stryker run --mutate lib/core/quantity.ts --incrementalFile reports/quantity-incr.json --force
// Why: a static mutant (a module-level table or regular expression, evaluated when the module loads) cannot be
// traced to the tests that use it, so Stryker runs every selected test on it; over the whole of test/core that is
// about 78 s a mutant (a run over quantity.ts, most of whose mutants are static, took over 15 minutes; with
// MUTATE_TESTS=quantity it takes 30 s). A narrower set runs a subset of the same tests, so it kills a subset of
// the mutants: its score is a lower bound of what `npm run mutate` (every test of test/core, MUTATE_TESTS unset)
// measures for that module, never above it.
// Static mutants are still run and counted (no ignoreStatic). Pass --force after changing tests: the incremental
// report kept a static mutant's earlier "Survived" although new tests killed it.
const narrowed = process.env.MUTATE_TESTS?.split(',')
  .map((name) => name.trim())
  .filter(Boolean)
  .map((name) => `**/test/core/${name.replace(/\.test\.ts$/, '')}.test.ts`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // The core's own tests: every rule of lib/core is stated there, not only exercised by a bigger test.
    config: { roots: ['<rootDir>/test/core'], ...(narrowed?.length ? { testMatch: narrowed } : {}) },
    enableFindRelatedTests: false,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: ['lib/core/**/*.ts', '!lib/core/spec/**', '!lib/core/index.ts'],
  ignorePatterns: ['build', 'dist', 'coverage', '.jest-cache', 'reports', 'scratch'],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation.json' },
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 85, break: null },
};
