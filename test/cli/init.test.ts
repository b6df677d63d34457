import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ProductionStack, type ProductionStackProps, architectureDiagram, failoverRunbook, resolve, validate } from 'production-stack';
import { run } from '../../lib/cli/main';
import { validateObjects } from '../support/schema';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'init-'));
}

test('init writes a project whose spec is valid and synthesizes schema-valid manifests', () => {
  const dir = path.join(tmp(), 'shop');
  const out: string[] = [];
  expect(run(['init', dir, '--cloud', 'gcp'], (l) => out.push(l))).toBe(0);
  expect(fs.readdirSync(dir).sort()).toEqual([
    '.gitignore',
    'Pulumi.yaml',
    'cdk8s.yaml',
    'main.ts',
    'package.json',
    'pulumi.ts',
    'spec.ts',
    'tsconfig.json',
  ]);
  expect(out[1]).toBe(`next: cd ${dir} && npm install && npm run synth`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spec } = require(path.join(dir, 'spec.ts')) as { spec: ProductionStackProps };
  expect(spec).toMatchObject({ name: 'shop', cloud: 'gcp', region: 'us-west1' });
  validate(spec);
  expect(validateObjects(Testing.synth(new ProductionStack(Testing.app(), spec.name, spec)))).toEqual([]);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  // run from this checkout, the project depends on it, by a path relative to the project
  const dependency: string = pkg.dependencies['production-stack'];
  expect(dependency).toMatch(/^file:\.\./);
  expect(path.resolve(dir, dependency.slice('file:'.length))).toBe(path.resolve(__dirname, '..', '..'));
  // the probes it shows are the library's defaults
  const { probes } = resolve(spec).services[0];
  const { probes: defaults } = resolve({ ...spec, services: spec.services.map(({ probes: _p, ...s }) => s) }).services[0];
  const paths = (p: typeof probes) => [p.liveness, p.readiness].map((x) => (x?.type === 'http' ? x.path : undefined));
  expect(paths(probes)).toEqual(paths(defaults));
  expect(paths(defaults)).toEqual(['/healthz', '/readyz']);
  expect(fs.readFileSync(path.join(dir, 'cdk8s.yaml'), 'utf8')).toMatch(/^app: npx tsx main\.ts$/m);
  expect(fs.readFileSync(path.join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^main: pulumi\.ts$/m);
});

test("the project's cdk8s app writes the manifests and passes its readiness report", () => {
  const dir = path.join(tmp(), 'shop');
  expect(run(['init', dir], () => undefined)).toBe(0);
  // what `npm install` gives the project: this repository's packages
  fs.symlinkSync(path.resolve(__dirname, '..', '..', 'node_modules'), path.join(dir, 'node_modules'));
  const outdir = tmp();
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    jest.isolateModules(() => require(path.join(dir, 'main.ts'))); // eslint-disable-line @typescript-eslint/no-require-imports
    expect(fs.readdirSync(outdir)).toEqual(['RUNBOOK.md', 'architecture.mmd', 'shop.k8s.yaml']);
    // the diagram and the runbook of the project's own spec, as the examples get theirs
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spec } = require(path.join(dir, 'spec.ts')) as { spec: ProductionStackProps };
    expect(fs.readFileSync(path.join(outdir, 'architecture.mmd'), 'utf8')).toBe(architectureDiagram(resolve(spec)));
    expect(fs.readFileSync(path.join(outdir, 'RUNBOOK.md'), 'utf8')).toBe(failoverRunbook(spec, resolve(spec)));
    expect(errors.mock.calls.map((c) => c[0]).join('\n')).toMatch(/^shop: \d+ objects/);
    expect(process.exitCode ?? 0).toBe(0);
  } finally {
    errors.mockRestore();
    process.env.CDK8S_OUTDIR = before;
  }
});

test('init refuses bad names, unknown clouds and existing files, writing nothing', () => {
  const errs: string[] = [];
  const dir = tmp();
  expect(run(['init', dir, '--name', 'Shop App'], undefined, (l) => errs.push(l))).toBe(1);
  expect(run(['init', dir, '--name', 'shop', '--cloud', 'azure'], undefined, (l) => errs.push(l))).toBe(2);
  fs.writeFileSync(path.join(dir, 'spec.ts'), 'mine');
  expect(run(['init', dir, '--name', 'shop'], undefined, (l) => errs.push(l))).toBe(1);
  expect(errs.map((e) => e.split('\n')[0])).toEqual([
    '--name "Shop App" must be a DNS-1123 label (lowercase letters, digits, "-")',
    'production-stack: --cloud must be aws or gcp, not "azure"',
    `${dir} already has spec.ts: nothing written`,
  ]);
  expect(fs.readdirSync(dir)).toEqual(['spec.ts']);
});

describe('command-line conventions', () => {
  /** What a run printed on each stream, and its exit code. */
  const cli = (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = run(
      argv,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

  test.each([['--help'], ['-h'], ['help']])('%s prints the usage on stdout and exits 0', (flag) => {
    expect(cli(flag)).toEqual({
      code: 0,
      out: expect.stringMatching(/^usage: production-stack <command> \[options\]\n[\s\S]*init <dir>/),
      err: '',
    });
  });

  test.each([
    ['init', '--help'],
    ['init', '-h'],
    ['help', 'init'],
  ])("%s %s prints init's usage on stdout, exits 0 and writes nothing (not a directory named --help)", (...argv) => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir);
    try {
      expect(cli(...argv)).toEqual({
        code: 0,
        out: expect.stringMatching(/^usage: production-stack init <dir> \[--name NAME\] \[--cloud aws\|gcp\]/),
        err: '',
      });
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('--version prints the version on stdout and exits 0', () => {
    expect(cli('--version')).toEqual({ code: 0, out: version, err: '' });
  });

  test.each<[string[], string]>([
    [[], 'production-stack: a command is needed'],
    [['deploy'], 'production-stack: unknown command "deploy"'],
    [['help', 'deploy'], 'production-stack: unknown command "deploy"'],
    [['init'], 'production-stack: init needs a directory'],
    [['init', 'a', 'b'], 'production-stack: init takes one directory, not 2'],
    [
      ['init', 'a', '--force'],
      "production-stack: Unknown option '--force'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--force\"",
    ],
    [['init', 'a', '--name'], "production-stack: Option '--name <value>' argument missing"],
    [['init', 'a', '--name', '--cloud', 'gcp'], "production-stack: Option '--name' argument is ambiguous."],
  ])('%j is refused on stderr with the usage, exit 2, nothing written', (argv, message) => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir);
    try {
      const r = cli(...argv);
      expect([r.code, r.out, r.err.split('\n')[0]]).toEqual([2, '', message]);
      expect(r.err).toMatch(/\n\nusage: production-stack /);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});
