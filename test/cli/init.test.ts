import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ProductionStack, type ProductionStackProps, validate } from 'production-stack';
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
  // run from this checkout, the project depends on it
  expect(pkg.dependencies['production-stack']).toBe(`file:${path.resolve(__dirname, '..', '..')}`);
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
    expect(fs.readdirSync(outdir)).toEqual(['shop.k8s.yaml']);
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
  expect(errs).toEqual([
    '--name "Shop App" must be a DNS-1123 label (lowercase letters, digits, "-")',
    '--cloud must be aws or gcp\nusage: production-stack init <dir> [--name NAME] [--cloud aws|gcp]',
    `${dir} already has spec.ts: nothing written`,
  ]);
  expect(fs.readdirSync(dir)).toEqual(['spec.ts']);
  expect(run(['help'], undefined, () => undefined)).toBe(2);
});
