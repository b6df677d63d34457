/**
 * The engines the tests run against: `scripts/engines.sh` installs them, `npm test` checks for them first
 * and, without one, fails in one line naming the command that installs them; the README's test command and
 * CI run that command, and the README lists the packages it installs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'engines.sh');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** `scripts/engines.sh --check` with `PATH`. */
function check(PATH: string) {
  return spawnSync('/bin/bash', [SCRIPT, '--check'], { encoding: 'utf8', env: { PATH } });
}

/** A shell array of the script, `NAME=(...)`. */
function scriptList(name: string): string[] {
  const m = new RegExp(`^${name}=\\(([^)]*)\\)`, 'm').exec(read('scripts/engines.sh'));
  if (!m) throw new Error(`no ${name} in scripts/engines.sh`);
  return m[1].split(/\s+/).filter(Boolean);
}

test('without the engines, the check fails in one line that names each missing engine and the command to run', () => {
  const r = check(fs.mkdtempSync(path.join(os.tmpdir(), 'no-engines-')));
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  // the commands it does not find (it also looks in /usr/sbin and /sbin, where Debian puts nats-server), then
  // what it looks for by path (PostgreSQL's initdb, the Go sources), which depends on the machine
  const missing = /^the tests need engines this machine lacks \(([^)]*)\): run bash scripts\/engines\.sh, then npm test again$/.exec(
    lines[0],
  );
  expect(missing).not.toBeNull();
  const sbin = scriptList('COMMANDS').filter((c) => fs.existsSync(`/usr/sbin/${c}`) || fs.existsSync(`/sbin/${c}`));
  expect(missing![1].split(' ').slice(0, scriptList('COMMANDS').length - sbin.length)).toEqual(
    scriptList('COMMANDS').filter((c) => !sbin.includes(c)),
  );
});

test('with the engines on PATH, the check passes silently', () => {
  const r = check(process.env.PATH ?? '');
  expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
});

test('npm test checks first; the README test command and CI install the engines, then run npm test', () => {
  expect(JSON.parse(read('package.json')).scripts.test).toMatch(/^bash scripts\/engines\.sh --check && /);
  const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(read('README.md'))?.[1] ?? '';
  const testCommand = quickStart.split('\n')[1]?.split('#')[0].trim();
  expect(testCommand).toBe('bash scripts/engines.sh && npm test');
  expect(read('.ci/run').trimEnd().split('\n').at(-1)).toBe(testCommand);
});

test('the README lists the packages the script installs', () => {
  const line = /```sh\napt-get install ([\s\S]*?)\n```/.exec(read('README.md'))?.[1] ?? '';
  expect(line.replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean)).toEqual(scriptList('PACKAGES'));
});
