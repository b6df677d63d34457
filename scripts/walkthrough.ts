/**
 * A new user's walk through the library, as the README tells it, against the packed library (`npm pack`):
 * `production-stack init`, `npm install`, `npm run synth` (YAML, runbook, diagram, readiness report), `npm run
 * plan -- --json` and `npm run typecheck`, for a project on AWS and one on GCP, each step timed. The test
 * (test/tooling/walkthrough.test.ts) checks what each step left; `npm run bench` prints the timings
 * (`node build/scripts/walkthrough.js`).
 */
import { type SpawnSyncReturns, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

/** One command of the walk: what it printed, its exit status, how long it took and its peak memory when measured. */
export interface Step {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident set of the process, in MB (the type-check only). */
  readonly peakRssMb?: number;
}

/** A walked project: its folder and its steps by name. */
export interface Walked {
  readonly dir: string;
  readonly steps: Readonly<Record<string, Step>>;
}

/** The whole walk: the tarball, then a project per cloud (the GCP one shares the AWS one's node_modules). */
export interface Walk {
  readonly tarball: string;
  readonly pack: Step;
  readonly aws: Walked;
  readonly gcp: Walked;
}

/** This repository: the nearest folder up with a package.json (from scripts/ in the tests, build/scripts/ when built). */
const ROOT = ((dir: string): string => {
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})(__dirname);

function run(command: string, args: readonly string[], cwd: string): Step {
  const start = performance.now();
  const r: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  if (r.error) throw r.error;
  return { command: [command, ...args].join(' '), status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - start };
}

/** `npm run typecheck` of `dir` as its script runs it (`tsc --noEmit`), with the peak memory of the process. */
function typecheck(dir: string, ...flags: string[]): Step {
  const tsc = path.join(dir, 'node_modules', 'typescript', 'lib', 'tsc.js');
  // tsc reads process.argv from its third entry: `-e` leaves one out, hence the placeholder.
  const probe = `process.on('exit', () => process.stderr.write('peak-rss-kb ' + process.resourceUsage().maxRSS + '\\n')); require(${JSON.stringify(tsc)});`;
  const step = run(process.execPath, ['-e', probe, 'tsc', '--noEmit', ...flags], dir);
  const kb = Number(/peak-rss-kb (\d+)/.exec(step.stderr)?.[1]);
  return {
    ...step,
    command: `tsc --noEmit ${flags.join(' ')}`.trim(),
    stderr: step.stderr.replace(/peak-rss-kb \d+\n/, ''),
    peakRssMb: kb / 1024,
  };
}

/** The steps after the install, in a project folder. */
function use(dir: string): Record<string, Step> {
  return {
    synth: run('npm', ['run', 'synth'], dir),
    plan: run('npm', ['run', 'plan', '--', '--json', 'plan.json'], dir),
    typecheck: typecheck(dir),
    files: typecheck(dir, '--listFilesOnly'),
  };
}

/**
 * A copy of this repository as a clone of it would be (its tracked and new files, not build/ or dist/), with
 * its node_modules: the library packs from there, as from a fresh clone, whatever the checkout has built.
 */
function cleanCopy(into: string): string {
  const copy = path.join(into, 'production-stack');
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

/** Packs this repository (from a clean copy) and walks it in a new temporary folder (`into`, when given). */
export function walk(into = fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-'))): Walk {
  const source = cleanCopy(into);
  const pack = run('npm', ['pack', '--pack-destination', into], source);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stdout}${pack.stderr}`);
  const tarball = path.join(into, pack.stdout.trim().split('\n').at(-1) ?? '');
  const cli = path.join(source, 'build', 'lib', 'cli', 'main.js');
  const project = (cloud: string): string => path.join(into, `shop-${cloud}`);

  const aws = project('aws');
  const steps: Record<string, Step> = { init: run(process.execPath, [cli, 'init', aws, '--name', 'shop', '--cloud', 'aws'], into) };
  // Until the package is published, the project takes the packed library in place of the checkout.
  steps.install = run('npm', ['install', '--prefer-offline', tarball], aws);
  Object.assign(steps, use(aws));
  steps.version = run('npx', ['--no-install', 'production-stack', '--version'], aws);

  const gcp = project('gcp');
  const gcpSteps: Record<string, Step> = { init: run(process.execPath, [cli, 'init', gcp, '--name', 'shop', '--cloud', 'gcp'], into) };
  // the AWS project's install, as the same npm install of the tarball would give it
  fs.symlinkSync(path.join(aws, 'node_modules'), path.join(gcp, 'node_modules'));
  const manifest = JSON.parse(fs.readFileSync(path.join(gcp, 'package.json'), 'utf8'));
  manifest.dependencies['production-stack'] = `file:../${path.basename(tarball)}`;
  fs.writeFileSync(path.join(gcp, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  Object.assign(gcpSteps, use(gcp));
  return { tarball, pack, aws: { dir: aws, steps }, gcp: { dir: gcp, steps: gcpSteps } };
}

/** The walk's timings as a Markdown table (for the README). */
export function timings(w: Walk): string {
  const rows = [
    ['`npm pack` (compiles the library and its declarations)', w.pack],
    ['`production-stack init` (AWS)', w.aws.steps.init],
    ['`npm install` (the packed library and the project dependencies, npm cache warm)', w.aws.steps.install],
    ['`npm run synth` (YAML, runbook, diagram, readiness report)', w.aws.steps.synth],
    ['`npm run plan -- --json plan.json` (AWS)', w.aws.steps.plan],
    ['`npm run plan -- --json plan.json` (GCP)', w.gcp.steps.plan],
    ['`npm run typecheck` (AWS)', w.aws.steps.typecheck],
    ['`npm run typecheck` (GCP)', w.gcp.steps.typecheck],
  ] as const;
  return [
    '| step | time (s) | peak RSS (MB) |',
    '| --- | ---: | ---: |',
    ...rows.map(([name, s]) => `| ${name} | ${(s.ms / 1000).toFixed(1)} | ${s.peakRssMb === undefined ? '' : s.peakRssMb.toFixed(0)} |`),
  ].join('\n');
}

/** The steps that failed, each with its output: a walk's timings mean nothing unless this is empty. */
export function failures(w: Walk): string[] {
  return [w.pack, ...Object.values(w.aws.steps), ...Object.values(w.gcp.steps)]
    .filter((s) => s.status !== 0)
    .map((s) => `${s.command} exited ${s.status}:\n${s.stdout}${s.stderr}`);
}

if (require.main === module) {
  const w = walk();
  for (const f of failures(w)) console.error(f);
  console.log(timings(w));
  process.exitCode = failures(w).length > 0 ? 1 : 0;
}
