/**
 * What Jest runs, as its own --listTests says: with no path, the suites (each grouped file once, inside its
 * suite); with a path into a grouped folder, in any form Jest takes one, that file or folder on its own (and
 * not the suites, unless one is named too); and the tests related to a changed file (--findRelatedTests, as
 * --onlyChanged, --changedSince and --watch find them) through each test file's imports, the grouped ones included.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import GROUPED from '../suites/grouped.json';

const ROOT = path.join(__dirname, '..', '..');
const grouped = new RegExp(`^test/(${GROUPED.join('|')})/`);

function listed(args: string[], cwd = ROOT): string[] {
  const out = execFileSync(process.execPath, [require.resolve('jest/bin/jest'), '--listTests', ...args], { cwd, encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((f) => path.relative(ROOT, f))
    .sort();
}

test('every folder of grouped.json is grouped by exactly one suite, and no suite groups another', () => {
  const suites = fs.readdirSync(path.join(ROOT, 'test', 'suites')).filter((f) => f.endsWith('.test.ts'));
  const groupedBy = suites.flatMap((f) => {
    const call = /group\(\[([^\]]*)\]\)/.exec(fs.readFileSync(path.join(ROOT, 'test', 'suites', f), 'utf8'));
    return [...(call?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
  });
  expect(groupedBy.sort()).toEqual([...GROUPED].sort());
});

test('npx jest runs the suites and no grouped file on its own', () => {
  const all = listed([]);
  expect(all.filter((f) => f.startsWith('test/suites/'))).toEqual([
    'test/suites/aws.test.ts',
    'test/suites/gcp.test.ts',
    'test/suites/plan.test.ts',
    'test/suites/stack.test.ts',
  ]);
  expect(all.filter((f) => grouped.test(f))).toEqual([]);
});

test.each<[string, string[]]>([
  ['a file', ['test/aws/postgres.test.ts']],
  ['a file, as --testPathPatterns=', ['--testPathPatterns=test/aws/postgres']],
  ['a file, by --runTestsByPath', ['--runTestsByPath', 'test/aws/postgres.test.ts']],
])('npx jest <%s> runs that file alone', (_, args) => {
  expect(listed(args)).toEqual(['test/aws/postgres.test.ts']);
});

test('from a grouped folder, its file by name (a pattern: the same name elsewhere matches too), and no suite', () => {
  const found = listed(['postgres.test.ts'], path.join(ROOT, 'test', 'aws'));
  expect(found).toContain('test/aws/postgres.test.ts');
  expect(found.filter((f) => f.startsWith('test/suites/'))).toEqual([]);
});

test('a grouped folder runs its files; named with a suite, both run; an option value is not a path', () => {
  const folder = listed(['test/gcp']);
  expect(folder.length).toBeGreaterThan(3);
  expect(folder.every((f) => f.startsWith('test/gcp/'))).toBe(true);
  expect(listed(['test/aws/postgres.test.ts', 'test/suites/gcp.test.ts'])).toEqual([
    'test/aws/postgres.test.ts',
    'test/suites/gcp.test.ts',
  ]);
  // `-t` takes a test name: the suites still run, and no grouped file on its own
  const named = listed(['-t', 'test/aws/postgres']);
  expect(named).toContain('test/suites/aws.test.ts');
  expect(named.filter((f) => grouped.test(f))).toEqual([]);
});

test('the tests related to a changed file include the grouped ones, each on its own, and no suite', () => {
  // a suite requires its files by a computed path, which Jest cannot follow: it would run none of them
  const related = listed(['--findRelatedTests', 'lib/aws/postgres.ts']);
  expect(related).toEqual(expect.arrayContaining(['test/aws/postgres.test.ts', 'test/aws/standby.test.ts', 'test/plan/names.test.ts']));
  expect(related.filter((f) => f.startsWith('test/suites/'))).toEqual([]);
  // and a file of the core reaches the tests of test/core that import it
  expect(listed(['--findRelatedTests', 'lib/core/cron.ts'])).toContain('test/core/cron.test.ts');
});
