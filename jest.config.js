const path = require('path');
const { buildArgv } = require('jest-cli');
/** The folders test/suites runs as suites (test/suites/group.ts): ignored on their own, unless named. */
const GROUPED = require('./test/suites/grouped.json');

/** Where a path is, with `/` separators. */
const posix = (p) => p.split(path.sep).join('/');
const TEST = posix(path.join(__dirname, 'test'));
const within = (p, dir) => p === dir || p.startsWith(`${dir}/`);
// The test paths named on the command line, as Jest itself parses it (positionals, --testPathPatterns, in any
// form), resolved from where Jest runs: `npx jest test/aws/postgres.test.ts` (or a folder of them) runs what it
// names on its own registry, and not the suites unless a suite is named too; without such a path, the suites
// run every grouped file once.
async function namedPaths() {
  const argv = await buildArgv(process.argv.slice(2));
  return [...argv._, ...(argv.testPathPatterns ?? [])].map((p) => posix(path.resolve(String(p))));
}

/** @type {() => Promise<import('jest').Config>} */
module.exports = async () => {
  const named = await namedPaths();
  const groupedNamed = named.some((p) => GROUPED.some((folder) => within(p, `${TEST}/${folder}`)));
  const suitesNamed = named.some((p) => within(p, `${TEST}/suites`));
  return {
    testEnvironment: 'node',
    roots: ['<rootDir>/test'],
    testMatch: ['**/*.test.ts'],
    // Run through test/suites, which group them so the Pulumi SDKs load once per suite, not once per file; or named.
    testPathIgnorePatterns: [
      '/node_modules/',
      ...(groupedNamed ? [] : [`<rootDir>/test/(${GROUPED.join('|')})/`]),
      ...(groupedNamed && !suitesNamed ? ['<rootDir>/test/suites/'] : []),
    ],
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
};
