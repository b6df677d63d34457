/** The folders test/suites runs as suites (test/suites/group.ts, GROUPED): ignored on their own, unless named. */
const GROUPED = /(^|\/)test\/(aws|gcp|plan|stack|addons|examples)(\/|$)/;
// `npx jest test/aws/postgres.test.ts` (or a folder of them) runs what it names, on its own registry, and not
// the suites; without such a path, the suites run every grouped file once.
const named = process.argv.slice(2).some((arg) => !arg.startsWith('-') && GROUPED.test(arg));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Run through test/suites, which group them so the Pulumi SDKs load once per suite, not once per file; or named.
  testPathIgnorePatterns: ['/node_modules/', named ? '<rootDir>/test/suites/' : '<rootDir>/test/(aws|gcp|plan|stack|addons|examples)/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Examples and tests import the library by its package name, as users do.
  moduleNameMapper: {
    '^production-stack$': '<rootDir>/lib/index.ts',
    '^production-stack/(.*)$': '<rootDir>/lib/$1',
  },
  cacheDirectory: '<rootDir>/.jest-cache',
  testSequencer: '<rootDir>/test/sequencer.js',
  // version support is evaluated as of the day the tables were read (lib/core/clock.ts)
  setupFiles: ['<rootDir>/test/support/pin-today.js', '<rootDir>/test/support/engine-path.js'],
  // Jest defaults to one worker fewer than the cores: on the 2-core CI machines, that is one.
  maxWorkers: 2,
  testTimeout: 60000,
};
