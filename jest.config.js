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
// A run of the tests related to changed files (--watch, --onlyChanged, --changedSince, --lastCommit,
// --findRelatedTests) finds them through each test file's imports, which a suite's require of its files hides:
// there the grouped files run on their own, and the suites not at all.
async function commandLine() {
  const argv = await buildArgv(process.argv.slice(2));
  return {
    named: [...argv._, ...(argv.testPathPatterns ?? [])].map((p) => posix(path.resolve(String(p)))),
    related: Boolean(argv.watch || argv.onlyChanged || argv.changedSince || argv.lastCommit || argv.findRelatedTests),
  };
}

/** @type {() => Promise<import('jest').Config>} */
module.exports = async () => {
  const { named, related } = await commandLine();
  const groupedNamed = related || named.some((p) => GROUPED.some((folder) => within(p, `${TEST}/${folder}`)));
  const suitesNamed = !related && named.some((p) => within(p, `${TEST}/suites`));
  return {
    testEnvironment: 'node',
    // lib and examples too: the files a test imports must be in Jest's map for --findRelatedTests and --onlyChanged
    roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/examples'],
    testMatch: ['<rootDir>/test/**/*.test.ts'],
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
