/**
 * Runs Prometheus' own checker, promtool (Debian: `apt-get install prometheus`; bash scripts/engines.sh installs it), on files
 * written to a temporary directory: `promtool check rules` parses rule files as Prometheus loads them, and
 * `promtool test rules` evaluates them over input series, as Prometheus would. Without promtool these throw:
 * the tests that use them fail rather than skip.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

/** What one promtool run returned; `dir` held its files (kept when it failed and PROMTOOL_KEEP is set). */
export interface PromtoolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly dir: string;
}

let checked = false;

/** Throws when promtool is not installed. */
export function requirePromtool(): void {
  if (checked) return;
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`promtool not found (${r.error?.message ?? r.stderr}): apt-get install prometheus (bash scripts/engines.sh does)`);
  }
  checked = true;
}

/** YAML as promtool reads it: one key a line, no folded strings, so that its errors point at a rule. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A new temporary directory holding `files` (name → content; objects become YAML). */
function writeFiles(files: Readonly<Record<string, unknown>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : toYaml(content));
  }
  return dir;
}

/** Removes the run's directory, unless it failed and PROMTOOL_KEEP is set (to look at its files). */
function done(result: PromtoolResult): PromtoolResult {
  if (result.status === 0 || !process.env.PROMTOOL_KEEP) fs.rmSync(result.dir, { recursive: true, force: true });
  return result;
}

/**
 * Writes `files` to a new temporary directory and runs `promtool <args>` there, the file names being relative to
 * it. The directory is removed afterwards (see {@link done}).
 */
export function promtool(args: readonly string[], files: Readonly<Record<string, unknown>>): PromtoolResult {
  requirePromtool();
  const dir = writeFiles(files);
  const r = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return done({ status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, dir });
}

const slots = Math.max(1, os.availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/** Waits for one of `slots` runs to be free, and takes it. */
function acquire(): Promise<void> {
  if (running < slots) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** Hands the run's slot to the next waiting, or frees it. */
function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

/**
 * {@link promtool} without blocking: runs start at once, up to one per CPU, the rest in order as those end.
 * Throws at once, not in the promise, when promtool is not installed.
 */
export function promtoolAsync(args: readonly string[], files: Readonly<Record<string, unknown>>): Promise<PromtoolResult> {
  requirePromtool();
  const dir = writeFiles(files);
  return acquire().then(() =>
    new Promise<PromtoolResult>((resolve, reject) => {
      const child = spawn('promtool', args, { cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve(done({ status: status ?? -1, stdout, stderr, dir })));
    }).finally(release),
  );
}

/** `promtool check rules` on one rule file (`{ groups: [...] }`). */
export function checkRules(ruleFile: unknown, options: { readonly lintFatal?: boolean } = {}): PromtoolResult {
  return promtool(['check', 'rules', ...(options.lintFatal ? ['--lint=all', '--lint-fatal'] : []), 'rules.yaml'], {
    'rules.yaml': ruleFile,
  });
}

/** The number of rules `promtool check rules` reports ("SUCCESS: 12 rules found"), summed over its files. */
export function rulesFound(result: PromtoolResult): number {
  return [...result.stdout.matchAll(/SUCCESS: (\d+) rules found/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/**
 * `promtool test rules` on one unit-test file, whose `rule_files` name `rules.yaml`, written from `ruleFile`
 * (an object, or the rule file's text as it is).
 */
export function testRules(ruleFile: unknown, tests: unknown): PromtoolResult {
  return promtool(['test', 'rules', 'tests.yaml'], { 'rules.yaml': ruleFile, 'tests.yaml': tests });
}

/** {@link testRules} without blocking. */
export function testRulesAsync(ruleFile: unknown, tests: unknown): Promise<PromtoolResult> {
  return promtoolAsync(['test', 'rules', 'tests.yaml'], { 'rules.yaml': ruleFile, 'tests.yaml': tests });
}

/** promtool's output, for failure messages. */
export function output(result: PromtoolResult): string {
  return `${result.stdout}${result.stderr}`.trim();
}
