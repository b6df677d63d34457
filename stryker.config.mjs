// Mutation testing of the pure core (`npm run mutate`; not part of `npm test`): StrykerJS changes lib/core one
// mutant at a time and runs the tests that cover the changed line (test/core). A mutant the type-checker refuses
// counts as caught, since `npm test` type-checks. The score of each module is in the README (Mutation testing).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // The core's own tests: every rule of lib/core is stated there, not only exercised by a bigger test.
    config: { roots: ['<rootDir>/test/core'] },
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
