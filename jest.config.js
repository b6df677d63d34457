/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^production-stack '<rootDir>/.jest-cache',
  testTimeout: 60000,
};
: '<rootDir>/lib/index.ts', '^production-stack/(.*) '<rootDir>/.jest-cache',
  testTimeout: 60000,
};
: '<rootDir>/lib/$1' },
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 60000,
};
