/**
 * `npm run bench`: synthesis speed and memory of ProductionStack against the
 * same services written directly with cdk8s-plus, at 10, 100 and 1,000
 * services, plus the cold start of `npm run synth` and of importing the
 * library. Each case runs in a fresh process; the median of several runs is
 * reported; then the plan of the largest example and of a 100-service AWS
 * stack under mocks; last, a new user's walk (init, install, synth, plan, typecheck) against the packed
 * library. Prints Markdown tables (for the README).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { examples } from '../examples';
import { check } from '../lib';
import { failures, timings, walk } from './walkthrough';

/**
 * Values that make a careless check quadratic or worse (the URL-credentials regex took 7.8 s on the first):
 * the validation of a spec holding each, about 128 KB, as an env value, a config file, a command-line
 * argument and an alert's description, must stay linear.
 */
const HOSTILE_VALUES: readonly string[] = [
  'x://' + ':'.repeat(128 * 1024),
  'x://' + 'a:'.repeat(64 * 1024),
  'sk-'.repeat(40 * 1024),
  'eyJaaaaaaaaaaa.'.repeat(8 * 1024),
  '-'.repeat(128 * 1024),
  'a://b:c'.repeat(16 * 1024),
  'a\u2028'.repeat(64 * 1024),
  // connection-string passwords, config-file lines and command-line flags (secret-assignments.ts)
  'password='.repeat(14 * 1024),
  'password' + ' '.repeat(128 * 1024),
  ';pwd '.repeat(26 * 1024),
  ' '.repeat(128 * 1024) + 'x',
  'a'.repeat(128 * 1024) + '=x',
  'password:\n'.repeat(12 * 1024),
  '- export '.repeat(14 * 1024),
  '--password '.repeat(12 * 1024),
  'A=B '.repeat(32 * 1024),
  "'".repeat(128 * 1024),
  'SG.'.repeat(40 * 1024),
  // alert templates (alert-template.ts)
  '{{'.repeat(64 * 1024),
  '{{ "'.repeat(32 * 1024),
  '{{ if true }}'.repeat(10 * 1024),
  '{{ ('.repeat(32 * 1024),
  '{{/*'.repeat(32 * 1024),
];

/** The slowest validation, in ms (median of the runs), of an example spec holding one of {@link HOSTILE_VALUES}. */
function hostileValidationMs(): number {
  const spec = Object.values(examples)[0];
  return Math.max(
    ...HOSTILE_VALUES.map((value) => {
      const hostile = {
        ...spec.services[0],
        env: { ...spec.services[0].env, OPTS: value },
        configFiles: { mountPath: '/etc/bench', files: { 'app.conf': value } },
        args: ['--flag', value],
        alerts: [{ name: 'Bench', expr: 'up == 0', severity: 'info' as const, summary: 'bench', description: value }],
      };
      const services = [hostile, ...spec.services.slice(1)];
      return median(
        Array.from({ length: RUNS }, () => {
          const start = performance.now();
          check({ ...spec, services });
          return performance.now() - start;
        }),
      );
    }),
  );
}

/**
 * The validation, in ms (median of the runs), of an example spec whose first service has 50,000 unknown fields
 * and another a field named by 1 MB: every one is reported (with a suggestion when one is near), in linear time.
 */
function unknownKeysValidationMs(): number {
  const spec = Object.values(examples)[0];
  const many = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`field${i}`, i]));
  const services = [{ ...spec.services[0], ...many }, { ...spec.services[1], ['x'.repeat(1_000_000)]: 1 }, ...spec.services.slice(2)];
  return median(
    Array.from({ length: RUNS }, () => {
      const start = performance.now();
      check({ ...spec, services } as never);
      return performance.now() - start;
    }),
  );
}

const root = path.join(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Case {
  kind: string;
  services: number;
  ms: number;
  objects: number;
  bytes: number;
  peakRssMb: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runCase(kind: string, services: number): Case {
  const runs = Array.from(
    { length: RUNS },
    () =>
      JSON.parse(
        execFileSync(process.execPath, [path.join(__dirname, 'bench-case.js'), kind, String(services)], { cwd: root, encoding: 'utf8' }),
      ) as Case,
  );
  return { ...runs[0], ms: median(runs.map((r) => r.ms)), peakRssMb: median(runs.map((r) => r.peakRssMb)) };
}

function timeCommand(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const samples = Array.from({ length: RUNS }, () => {
    const start = performance.now();
    execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
    return performance.now() - start;
  });
  return median(samples);
}

function main(): void {
  const rows: string[] = [
    '| services | library | synth (ms) | peak RSS (MB) | objects | YAML (KB) | ms / object | ms / KB |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const perKb: Record<string, Record<number, number>> = {};
  for (const n of [10, 100, 1000]) {
    for (const kind of ['production-stack', 'cdk8s-plus']) {
      const c = runCase(kind, n);
      const kb = c.bytes / 1024;
      (perKb[kind] ??= {})[n] = c.ms / kb;
      rows.push(
        `| ${n} | ${kind} | ${c.ms.toFixed(0)} | ${c.peakRssMb.toFixed(0)} | ${c.objects} | ${kb.toFixed(0)} | ${(c.ms / c.objects).toFixed(3)} | ${(c.ms / kb).toFixed(3)} |`,
      );
    }
  }
  const ratio = (n: number) => (perKb['production-stack'][n] / perKb['cdk8s-plus'][n]).toFixed(2);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const synthMs = timeCommand([path.join(root, 'build', 'examples', 'main.js')], { CDK8S_OUTDIR: outdir });
  const importMs = timeCommand(['-e', "require('./build/lib')"]);
  const largest = Object.entries(examples).sort((a, b) => (b[1].services?.length ?? 0) - (a[1].services?.length ?? 0))[0][0];
  const planExampleMs = timeCommand([path.join(root, 'build', 'scripts', 'plan.js'), largest]);
  // the whole process, SDK loading included, as a user waits for it; resources and memory from one run
  const planCase = [path.join(__dirname, 'bench-plan-case.js'), '100'];
  const planOne = JSON.parse(execFileSync(process.execPath, planCase, { cwd: root, encoding: 'utf8' })) as {
    resources: number;
    peakRssMb: number;
  };
  const planMs = timeCommand(planCase);
  // `npm run synth` without its swc step: the cdk8s CLI, the app, the validation plugin
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  const cliMs = timeCommand([cli, 'synth', '--check-upgrade=false', '--output', fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'))]);
  const nodeMs = timeCommand(['-e', '0']);
  const hostileMs = hostileValidationMs();
  const unknownMs = unknownKeysValidationMs();
  console.log(rows.join('\n'));
  console.log('');
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| time per KB vs cdk8s-plus, 100 services | ${ratio(100)}x |`);
  console.log(`| time per KB vs cdk8s-plus, 1,000 services | ${ratio(1000)}x |`);
  console.log(`| synthesizing every example, cold process (ms) | ${synthMs.toFixed(0)} |`);
  console.log(`| the same through the cdk8s CLI (\`cdk8s synth\`, with the validation plugin), cold (ms) | ${cliMs.toFixed(0)} |`);
  console.log(`| importing the cdk8s entry point, cold process (ms) | ${importMs.toFixed(0)} |`);
  console.log(`| \`npm run plan -- ${largest}\` (the largest example), cold process (ms) | ${planExampleMs.toFixed(0)} |`);
  console.log(
    `| plan of a 100-service AWS stack under mocks, cold process (ms; ${planOne.resources} resources, ${planOne.peakRssMb.toFixed(0)} MB peak RSS) | ${planMs.toFixed(0)} |`,
  );
  console.log(`| validating a spec with a hostile 128 KB value, slowest of ${HOSTILE_VALUES.length} (ms) | ${hostileMs.toFixed(0)} |`);
  console.log(`| validating a spec with 50,000 unknown fields and a 1 MB field name (ms) | ${unknownMs.toFixed(0)} |`);
  console.log(`| an empty node process, for reference (ms) | ${nodeMs.toFixed(0)} |`);
  // a new user's project, against the packed library (scripts/walkthrough.ts)
  console.log('');
  const walked = walk();
  const failed = failures(walked);
  if (failed.length > 0) throw new Error(`the walk-through failed:\n${failed.join('\n')}`);
  console.log(timings(walked));
}

main();
