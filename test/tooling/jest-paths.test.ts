/**
 * What Jest runs, as its own --listTests says: with no path, the suites (each grouped file once, inside its
 * suite); with a path into a grouped folder, that file or folder on its own (and not the suites).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

function listed(...args: string[]): string[] {
  const out = execFileSync(process.execPath, [require.resolve('jest/bin/jest'), '--listTests', ...args], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((f) => path.relative(ROOT, f))
    .sort();
}

test('npx jest runs the suites and no grouped file on its own', () => {
  const all = listed();
  expect(all.filter((f) => f.startsWith('test/suites/'))).toEqual([
    'test/suites/aws.test.ts',
    'test/suites/gcp.test.ts',
    'test/suites/plan.test.ts',
    'test/suites/stack.test.ts',
  ]);
  expect(all.filter((f) => /^test\/(aws|gcp|plan|stack|addons|examples)\//.test(f))).toEqual([]);
});

test('npx jest <a grouped file> runs that file alone; a grouped folder, its files', () => {
  expect(listed('test/aws/postgres.test.ts')).toEqual(['test/aws/postgres.test.ts']);
  const folder = listed('test/gcp');
  expect(folder.length).toBeGreaterThan(3);
  expect(folder.every((f) => f.startsWith('test/gcp/'))).toBe(true);
});
