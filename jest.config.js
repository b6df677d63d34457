/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Run through test/suites, which group them so the Pulumi SDKs load once per suite, not once per file.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/(aws|gcp|plan|stack|addons|examples)/'],
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
