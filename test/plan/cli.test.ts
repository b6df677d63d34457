/** `npm run plan`: the command line, in-process, and one end-to-end run of the built script. */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { availableExamples, main, parseArgs } from '../../scripts/plan';

const ROOT = path.join(__dirname, '..', '..');

/** Runs the command in-process, collecting its output. */
async function run(argv: string[], examplesDir: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, examplesDir);
  return { code, out, err };
}

describe('plan command line', () => {
  let examples: string;
  beforeAll(() => {
    examples = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-examples-'));
    for (const [name, program] of Object.entries({
      shop: '',
      'shop-gcp': '',
      broken: "throw new Error('the spec file is missing');\n",
    })) {
      fs.mkdirSync(path.join(examples, name));
      fs.writeFileSync(path.join(examples, name, 'pulumi.js'), program);
    }
    fs.mkdirSync(path.join(examples, 'no-program'));
  });
  afterAll(() => fs.rmSync(examples, { recursive: true, force: true }));

  test('the examples are the folders with a pulumi.js', () => {
    expect(availableExamples(examples)).toEqual(['broken', 'shop', 'shop-gcp']);
    expect(availableExamples(path.join(examples, 'missing'))).toEqual([]);
  });

  test.each([
    [['shop'], { example: 'shop', json: undefined, help: false }],
    [['shop', '--json', 'out/plan.json'], { example: 'shop', json: 'out/plan.json', help: false }],
    [['--json', 'plan.json', 'shop'], { example: 'shop', json: 'plan.json', help: false }],
    [['--help'], { example: undefined, json: undefined, help: true }],
  ])('parses %j', (argv, parsed) => {
    expect(parseArgs(argv, '/examples')).toEqual({ ...parsed, examplesDir: '/examples' });
  });

  test.each([
    ['fails when --json has no file', ['shop', '--json'], '--json needs a value'],
    ['fails when an option is unknown', ['shop', '--yes'], 'unknown option --yes'],
    ['fails when two examples are given', ['shop', 'shop-gcp'], 'one example at a time (got "shop" and "shop-gcp")'],
  ])('%s', async (_, argv, message) => {
    const { code, out, err } = await run(argv, examples);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain('usage: npm run plan -- <example> [--json FILE]');
  });

  test.each([
    [
      'fails when the example is unknown, listing the available ones',
      ['nope'],
      'unknown example "nope"; the examples with a Pulumi program are:\n  broken\n  shop\n  shop-gcp\n',
    ],
    [
      'fails when no example is given, listing the available ones',
      [],
      'no example given; the examples with a Pulumi program are:\n  broken\n  shop\n  shop-gcp\n',
    ],
  ])('%s', async (_, argv, message) => {
    const { code, err } = await run(argv, examples);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  test('fails when nothing is built, saying so', async () => {
    const { code, err } = await run(['shop'], path.join(examples, 'missing'));
    expect(code).toBe(2);
    expect(err).toContain('(none: is');
    expect(err).toContain('built? run npm run build)');
  });

  test('fails with exit code 1 when the program throws', async () => {
    const { code, err } = await run(['broken'], examples);
    expect(code).toBe(1);
    expect(err).toBe('plan of broken failed: the program failed (1 error):\n  - the spec file is missing\n');
  });

  test('--help lists the examples', async () => {
    const { code, out } = await run(['--help'], examples);
    expect(code).toBe(0);
    expect(out).toContain('Examples:\n  broken\n  shop\n  shop-gcp\n');
  });
});

describe('npm run plan, end to end', () => {
  test('the built script plans a program offline, writes the JSON, and exits 1 when a program fails in apply', async () => {
    // Build as `npm run build` does (the fixtures load `production-stack/pulumi`, which resolves to build/lib).
    execFileSync(
      process.execPath,
      [require.resolve('@swc/cli/bin/swc.js'), 'lib', 'scripts/plan.ts', 'test/fixtures', '-d', 'build', '--quiet'],
      { cwd: ROOT },
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-json-'));
    const json = path.join(dir, 'nested', 'plan.json');
    const plan = (example: string, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      promisify(execFile)(process.execPath, ['build/scripts/plan.js', example, '--examples', 'build/test/fixtures', ...flags], {
        cwd: ROOT,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    try {
      const [ok, broken] = await Promise.all([plan('pulumi-aws', '--json', json), plan('pulumi-broken')]);

      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        /^Plan of pulumi-aws \(offline, mocked cloud\): \d+ resources to create\n\n\+ production-stack:index:ProductionStack {2}shop\n/,
      );
      expect(ok.stdout).toContain('\n    + aws:eks/cluster:Cluster  shop-cluster-eks\n');
      expect(ok.stdout).toContain(`\nwrote ${json}\n`);
      const document = JSON.parse(fs.readFileSync(json, 'utf8'));
      expect(document.resources).toHaveLength(Number(/: (\d+) resources to create/.exec(ok.stdout)?.[1]));
      expect(document.resources[0]).toEqual({
        type: 'production-stack:index:ProductionStack',
        name: 'shop',
        parent: null,
        inputs: {},
        options: {},
        dependencies: [],
      });
      for (const r of document.resources) expect(Object.keys(r)).toEqual(['type', 'name', 'parent', 'inputs', 'options', 'dependencies']);
      expect(document.resources.find((r: { name: string }) => r.name === 'shop-cluster-nodes').inputs.scalingConfig).toEqual({
        desiredSize: 4,
        minSize: 3,
        maxSize: 9,
      });

      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(
        /^plan of pulumi-broken failed: the program failed \(1 error\):\n {2}- cannot derive a stream name from audit-[0-9a-f]{7}\n$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
