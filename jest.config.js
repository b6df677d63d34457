/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Examples and tests import the library by its package name, as users do.
  moduleNameMapper: {
    '^production-stack$': '<rootDir>/lib/index.ts',
    '^production-stack/(.*)$': '<rootDir>/lib/$1',
  },
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 60000,
};
