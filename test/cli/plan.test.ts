/**
 * `production-stack plan`: the offline plan of a user's own project, read as the Pulumi CLI reads a project
 * (Pulumi.yaml's name, main and config declarations; the stack's Pulumi.<stack>.yaml, secure values
 * included), run in-process against the mocks. The walk-through (test/walkthrough) runs it from a packed
 * library on the project `production-stack init` writes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../lib/cli/main';
import { readProject } from '../../lib/cli/plan';
import { SECRET_MASK } from '../../lib/plan';

const NODE_MODULES = path.resolve(__dirname, '..', '..', 'node_modules');

/** A project folder with `files`, and this repository's packages as its node_modules (what npm install gives it). */
function project(files: Record<string, string>, modules: 'all' | 'pulumi-only' = 'all'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-project-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  if (modules === 'all') fs.symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'));
  else {
    // a project without tsx: only the Pulumi SDK and the random provider
    fs.mkdirSync(path.join(dir, 'node_modules', '@pulumi'), { recursive: true });
    for (const m of ['@pulumi/pulumi', '@pulumi/random']) fs.symlinkSync(path.join(NODE_MODULES, m), path.join(dir, 'node_modules', m));
  }
  return dir;
}

/** Runs `production-stack plan ...`, collecting both streams. */
async function plan(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    ['plan', ...argv],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A program that puts two configuration values into a resource's inputs: one plain, one secret. */
const PROGRAM = `const pulumi = require('@pulumi/pulumi');
const random = require('@pulumi/random');
const config = new pulumi.Config();
new random.RandomPassword('db-password', { length: config.requireNumber('length'), overrideSpecial: config.requireSecret('special') });
new random.RandomString('suffix', { length: 6, keepers: { region: new pulumi.Config('aws').require('region'), team: config.require('team') } });
`;

const PULUMI_YAML = `name: shop
runtime: nodejs
main: infra/index.js
config:
  team:
    type: string
    default: payments
  length: 24
`;

const STACK_YAML = `config:
  aws:region: eu-west-1
  shop:length: 32
  shop:special:
    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBB
`;

describe('readProject: the configuration as the Pulumi runtime reads it', () => {
  test('declared defaults, then the stack file (secure values masked and secret), then --config', () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': STACK_YAML });
    expect(readProject(dir, 'prod', ['team=search', 'aws:region=us-east-1'])).toEqual({
      name: 'shop',
      program: path.join(dir, 'infra', 'index.js'),
      config: { 'shop:team': 'search', 'shop:length': '32', 'aws:region': 'us-east-1', 'shop:special': SECRET_MASK },
      secretKeys: ['shop:special'],
      notes: [],
    });
    // another stack has no file: the declared defaults only, and a note saying so
    expect(readProject(dir, 'dev')).toMatchObject({
      config: { 'shop:team': 'payments', 'shop:length': '24' },
      notes: ["no Pulumi.dev.yaml: the plan has the project's defaults only"],
    });
  });

  test('value declarations, stackConfigDir, a qualified stack, legacy keys, secure values in structured config, ESC', () => {
    const dir = project({
      'Pulumi.yaml':
        'name: shop\nstackConfigDir: stacks\nconfig:\n  aws:region:\n    value: us-east-2\n  tags:\n    value: { team: payments }\n',
      'stacks/Pulumi.prod.yaml': [
        'environment: [shop/prod]',
        'config:',
        '  shop:config:replicas: 3',
        '  shop:database:',
        '    user: app',
        '    password:',
        '      secure: v1:CIPHERTEXT',
        '',
      ].join('\n'),
    });
    const read = readProject(dir, 'acme/shop/prod');
    expect(read).toEqual({
      name: 'shop',
      program: dir,
      config: {
        'aws:region': 'us-east-2',
        'shop:tags': '{"team":"payments"}',
        'shop:replicas': '3',
        'shop:database': `{"user":"app","password":"${SECRET_MASK}"}`,
      },
      secretKeys: ['shop:database'],
      notes: ['stacks/Pulumi.prod.yaml imports Pulumi ESC environments, whose values a plan without credentials does not have'],
    });
    expect(JSON.stringify(read)).not.toContain('CIPHERTEXT');
  });

  test.each([
    ['no Pulumi.yaml', {}, /^no Pulumi\.yaml in .*: run the plan in a Pulumi project \(production-stack init writes one\)$/],
    ['a Pulumi.yaml without a name', { 'Pulumi.yaml': 'runtime: nodejs\n' }, /Pulumi\.yaml: name must be a non-empty string$/],
    ['a Pulumi.yaml that is not YAML', { 'Pulumi.yaml': 'name: [shop\n' }, /Pulumi\.yaml: /],
    [
      'a stack file that is a list',
      { 'Pulumi.yaml': 'name: shop\n', 'Pulumi.dev.yaml': '- a\n' },
      /Pulumi\.dev\.yaml: not a YAML mapping$/,
    ],
  ])('refuses %s', (_, files, message) => {
    expect(() => readProject(project(files), 'dev')).toThrow(message);
  });
});

describe('production-stack plan', () => {
  test("plans the project's program with its stack's configuration, secrets masked, and writes the JSON", async () => {
    const dir = project({ 'Pulumi.yaml': PULUMI_YAML, 'Pulumi.prod.yaml': STACK_YAML, 'infra/index.js': PROGRAM });
    const json = path.join(dir, 'out', 'plan.json');
    const { code, out, err } = await plan(dir, '--stack', 'prod', '--json', json);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Plan of shop \(stack prod, offline, mocked cloud\): 2 resources to create\n/);
    expect(out).toContain(`wrote ${json}`);
    const { resources } = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(resources.map((r: { type: string; name: string }) => `${r.type} ${r.name}`)).toEqual([
      'random:index/randomPassword:RandomPassword db-password',
      'random:index/randomString:RandomString suffix',
    ]);
    // the stack's value over the declared default; the secure value never in plaintext, and masked
    expect(resources[0].inputs).toMatchObject({ length: 32, overrideSpecial: '[secret]' });
    expect(JSON.stringify(resources)).not.toContain('v1:AAAA');
    expect(resources[1].inputs.keepers).toEqual({ region: 'eu-west-1', team: 'payments' });
  });

  test('runs a TypeScript program through the project tsx, from the current folder by default', async () => {
    const dir = project({
      'Pulumi.yaml': 'name: shop\nruntime: nodejs\nmain: pulumi.ts\n',
      'pulumi.ts': `import * as random from '@pulumi/random';\nconst length: number = 12;\nnew random.RandomString('id', { length });\n`,
    });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { code, out } = await plan('--config', 'aws:region=eu-west-1');
      expect(code).toBe(0);
      expect(out).toMatch(
        /^Plan of shop \(stack dev, offline, mocked cloud\): 1 resource to create\n\n\+ random:index\/randomString:RandomString {2}id\n {6}length: 12$/,
      );
    } finally {
      process.chdir(cwd);
    }
  });

  test.each<[string, Record<string, string>, 'all' | 'pulumi-only', RegExp]>([
    [
      'the program throws',
      { 'Pulumi.yaml': 'name: shop\nmain: index.js\n', 'index.js': "throw new Error('spec.ts is missing');\n" },
      'all',
      /(^|\n)plan of shop failed: the program failed \(1 error\):\n {2}- spec\.ts is missing$/,
    ],
    ['there is no Pulumi.yaml', {}, 'all', /^production-stack plan: no Pulumi\.yaml in /],
    [
      'main names no file',
      { 'Pulumi.yaml': 'name: shop\nmain: infra.js\n' },
      'all',
      /^production-stack plan: the program .*infra\.js does not exist \(Pulumi\.yaml's main\)$/,
    ],
    [
      'a TypeScript program has no tsx to run it',
      { 'Pulumi.yaml': 'name: shop\nmain: pulumi.ts\n', 'pulumi.ts': 'export {};\n' },
      'pulumi-only',
      /(^|\n)plan of shop failed: the program failed \(1 error\):\n {2}- pulumi\.ts is TypeScript: add tsx to the project \(npm install --save-dev tsx\), as production-stack init does$/,
    ],
  ])('exits 1 when %s, saying why', async (_, files, modules, message) => {
    const { code, out, err } = await plan(project(files, modules));
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err).toMatch(message);
  });

  test.each<[string[], string]>([
    [['a', 'b'], 'production-stack: plan takes one directory, not 2'],
    [['--stack'], "production-stack: Option '--stack <value>' argument missing"],
    [['--json', '--stack', 'prod'], "production-stack: Option '--json' argument is ambiguous."],
    [['--apply'], "production-stack: Unknown option '--apply'."],
    [['--config', 'region'], 'production-stack: --config region: expected KEY=VALUE'],
    [['--config', '=us-east-1'], 'production-stack: --config =us-east-1: expected KEY=VALUE'],
  ])('refuses %j with the usage on stderr, exit 2', async (argv, message) => {
    const { code, out, err } = await plan(...argv);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.split('\n')[0]).toContain(message);
    expect(err).toContain('usage: production-stack plan [dir] [--stack NAME] [--config KEY=VALUE]... [--json FILE]');
  });

  test.each([[['plan', '--help']], [['plan', '-h']], [['help', 'plan']]])('%j prints the usage on stdout, exit 0', async (argv) => {
    const out: string[] = [];
    expect(await run(argv, (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: production-stack plan /);
  });
});
