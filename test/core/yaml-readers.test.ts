/**
 * The YAML that cdk8s writes, read back the way its consumers read it: kubectl (go-yaml v2 through
 * sigs.k8s.io/yaml) and kustomize (go-yaml v3), modelled in lib/core/yaml-readers.ts. Each expectation
 * below is checked twice: against the model and against the real readers (Debian's go-yaml v2 and v3,
 * test/support/goyaml). yaml-readers-go.test.ts compares the two on a corpus of thousands of strings.
 */
import { Testing, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { ProductionStack, ValidationError, check, readinessReport } from 'production-stack';
import {
  CDK8S_YAML_OPTIONS,
  goYamlPlainScalar,
  readAsGoYaml,
  readAsGoYamlV3,
  stringMisreadings,
  unreadableCharacter,
} from '../../lib/core/yaml-readers';
import { manifestChecks } from '../../lib/k8s/readiness';
import { goYamlBinary, readWithGo, type GoDocument } from '../support/goyaml';
import { baseSpec } from '../support/spec';
import { synth } from '../support/synth';

const LS = '\u2028';

let binary: string;
beforeAll(() => {
  binary = goYamlBinary();
});

/** What the real kubectl and kustomize readers make of one stream: its documents' values, or the first error. */
async function real(text: string): Promise<{ kubectl: unknown; kustomize: unknown }> {
  const result = (docs: GoDocument[]) => docs.find((d) => d.error !== undefined)?.error ?? docs.map((d) => d.value);
  const [[kubectl], [v3]] = await Promise.all([readWithGo(binary, 'kubectl', [text]), readWithGo(binary, 'v3', [text])]);
  return { kubectl: result(kubectl), kustomize: result(v3) };
}

// Written by hand as `v: <text>`: what each reader makes of the unquoted scalar.
test.each([
  ['0o17', 15, 15],
  ['0O17', 15, 15],
  ['017', 15, 15],
  ['1_000', 1000, 1000],
  ['0x1F', 31, 31],
  ['0b101', 5, 5],
  // resolve.go's binary fallback parses what follows "0b" with a sign; v3 has the same for "0o".
  ['0b-1', -1, -1],
  ['0b+1', 1, 1],
  ['0b-1_0', -2, -2],
  ['0o-7', '0o-7', -7],
  ['0o+7', '0o+7', 7],
  ['-12', -12, -12],
  ['1e3', 1000, 1000],
  ['.5', 0.5, 0.5],
  // A leading "." goes straight to Go's ParseFloat, which takes underscores between digits.
  ['.5e3_0', 5e29, 5e29],
  ['.5E3_0', 5e29, 5e29],
  ['.1e+1_0', 1e9, 1e9],
  ['._5', '._5', '._5'],
  ['1e999', '1e999', '1e999'],
  ['18446744073709551615', 2 ** 64, 2 ** 64], // uint64's largest, as a JSON number reads
  ['0x10000000000000000', '0x10000000000000000', '0x10000000000000000'],
  ['yes', true, 'yes'],
  ['On', true, 'On'],
  ['n', false, 'n'],
  ['~', null, null],
  ['', null, null],
  ['+Inf', '+Inf', '+Inf'],
  ['1:20', '1:20', '1:20'],
  ['0x1p-2', '0x1p-2', '0x1p-2'],
  ['v1.2', 'v1.2', 'v1.2'],
])('go-yaml reads the unquoted scalar %j as %j (v2, kubectl) and %j (v3, kustomize)', async (text, v2, v3) => {
  const yaml = `v: ${text}\n`;
  expect(await real(yaml)).toEqual({ kubectl: [{ v: v2 }], kustomize: [{ v: v3 }] });
  expect(readAsGoYaml(yaml)).toEqual([{ v: v2 }]);
  expect(readAsGoYamlV3(yaml)).toEqual([{ v: v3 }]);
  expect(goYamlPlainScalar(text)).toEqual(v2);
});

test('kubectl cannot pass NaN or an infinity on as JSON; kustomize reads a timestamp as a time', async () => {
  expect(await real('v: .inf\n')).toEqual({ kubectl: 'json: unsupported value: +Inf', kustomize: [{ v: { '\u0000float64': '+Inf' } }] });
  expect(() => readAsGoYaml('v: .inf\n')).toThrow('json: unsupported value: +Inf');
  expect(readAsGoYamlV3('v: .inf\n')).toEqual([{ v: expect.objectContaining({ description: '+Inf' }) }]);
  expect(await real('v: 2001-12-14T1:2:3Z\n')).toEqual({
    kubectl: [{ v: '2001-12-14T1:2:3Z' }],
    kustomize: [{ v: { '\u0000time.Time': '2001-12-14T01:02:03Z' } }],
  });
  expect(readAsGoYaml('v: 2001-12-14T1:2:3Z\n')).toEqual([{ v: '2001-12-14T1:2:3Z' }]);
  expect(readAsGoYamlV3('v: 2001-12-14T1:2:3Z\n')).toEqual([
    { v: expect.objectContaining({ description: expect.stringMatching(/timestamp/) }) },
  ]);
});

test("go-yaml takes U+0085, U+2028 and U+2029 as line breaks; JavaScript's YAML reader does not", async () => {
  const text = `a: x${LS}b:${LS}  v\u2029c:\u2029  z\u0085d:\u0085  w\n`;
  const lines = [{ a: 'x', b: 'v', c: 'z', d: 'w' }];
  expect(YAML.parse(text)).toEqual({ a: text.slice(3, -1) });
  expect(await real(text)).toEqual({ kubectl: lines, kustomize: lines });
  expect(readAsGoYaml(text)).toEqual(lines);
  expect(readAsGoYamlV3(text)).toEqual(lines);
});

test('go-yaml refuses control characters, not U+FEFF inside a line', async () => {
  expect(await real('a: "\\x01"\n')).toEqual({ kubectl: [{ a: '\u0001' }], kustomize: [{ a: '\u0001' }] }); // escaped, as the writer does
  expect(readAsGoYaml('a: "\\x01"\n')).toEqual([{ a: '\u0001' }]);
  expect(await real('a: x\u0080\n')).toEqual({
    kubectl: 'yaml: control characters are not allowed',
    kustomize: 'yaml: control characters are not allowed',
  });
  expect(() => readAsGoYaml('a: x\u0080\n')).toThrow(/control characters are not allowed \(U\+0080\)/);
  expect(await real(Yaml.stringify({ v: 'ok\ufeff' }))).toEqual({ kubectl: [{ v: 'ok\ufeff' }], kustomize: [{ v: 'ok\ufeff' }] });
  expect(unreadableCharacter('ok\ufeff')).toBeUndefined();
  expect(stringMisreadings('ok\ufeff')).toEqual([]);
  expect(unreadableCharacter('tab\tand\nnewline')).toBeUndefined();
});

test('cdk8s writes a line starting with a tab as a block scalar that go-yaml cannot read at all', async () => {
  const text = Yaml.stringify({ data: { 'app.conf': '\tkey=1\nother=2' } });
  expect(text).toBe('data:\n  app.conf: |-\n    \tkey=1\n    other=2\n');
  expect(await real(text)).toEqual({
    kubectl: expect.stringMatching(/^yaml: line \d: found a tab character where an indentation space is expected$/),
    kustomize: expect.stringMatching(/^yaml: line \d: found a tab character where an indentation space is expected$/),
  });
  expect(() => readAsGoYaml(text)).toThrow('found a tab character where an indentation space is expected');
  expect(stringMisreadings('\tkey=1\nother=2').map((m) => m.read)).toEqual([
    'cannot be read (found a tab character where an indentation space is expected)',
    'cannot be read (found a tab character where an indentation space is expected)',
  ]);
});

test('a whitespace-only first line of a block scalar is taken as indentation', async () => {
  const text = Yaml.stringify({ v: ' \n' });
  expect(await real(text)).toEqual({ kubectl: [{ v: '\n' }], kustomize: [{ v: '\n' }] });
  expect(readAsGoYaml(text)).toEqual([{ v: '\n' }]);
});

test('a plain << key is a merge key', async () => {
  const text = Yaml.stringify({ v: { '<<': 'x' } });
  const error = 'yaml: map merge requires map or sequence of maps as the value';
  expect(await real(text)).toEqual({ kubectl: error, kustomize: error });
  expect(stringMisreadings('<<', 'key').map((m) => m.read)).toEqual([
    'cannot be read (map merge requires map or sequence of maps as the value)',
    'cannot be read (map merge requires map or sequence of maps as the value)',
  ]);
  expect(stringMisreadings('<<')).toEqual([]);
});

test("the core's writer options are cdk8s's: the per-string check models the real writer", () => {
  for (const s of ['0o17', `x${LS}y`, 'x\u2029y: 1', 'yes', '017', 'a: b', '#c', 'multi\nline\n', '+Inf', '1_000', 'x\u0085y', '\tx\ny']) {
    expect(YAML.stringify({ v: s }, CDK8S_YAML_OPTIONS)).toBe(Yaml.stringify({ v: s }));
  }
});

describe('the finding: a spec string that changes the NetworkPolicy kubectl applies', () => {
  // No ': ' in it, so cdk8s writes it unquoted; go-yaml reads each U+2028 as a new line.
  const payload = `partners${LS}        - ipBlock:${LS}            cidr:${LS}              0.0.0.0/0`;

  function policyWith(namespace: string) {
    const np = synth(baseSpec()).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'api')!;
    return JSON.parse(JSON.stringify(np).replace('"partners"', JSON.stringify(namespace)));
  }

  test('as cdk8s writes it, kubectl would read an ipBlock 0.0.0.0/0 peer that no JavaScript reader sees', async () => {
    const np = policyWith(payload);
    const text = Yaml.stringify(np);
    expect(YAML.parse(text)).toEqual(np);
    const peers = (doc: unknown) => (doc as { spec: { ingress: { from: object[] }[] } }).spec.ingress.flatMap((r) => r.from);
    const { kubectl, kustomize } = await real(text);
    for (const docs of [kubectl, kustomize, readAsGoYaml(text), readAsGoYamlV3(text)]) {
      expect(peers((docs as unknown[])[0])).toContainEqual({ ipBlock: { cidr: '0.0.0.0/0' } });
    }
    expect(manifestChecks([np])[0].problems).toEqual([
      expect.stringMatching(
        /^NetworkPolicy\/api: \.spec\.ingress\.2\.from\.0\.namespaceSelector\.matchLabels\.kubernetes\.io\/metadata\.name "partners\\u2028 +- ipBlock:\\u2028.* is read as "partners" by kubectl's YAML reader \(go-yaml v2\)$/,
      ),
      expect.stringMatching(/^NetworkPolicy\/api: .* is read as "partners" by kustomize's YAML reader \(go-yaml v3\)$/),
    ]);
  });

  test('validation refuses it, naming the field', () => {
    const spec = baseSpec();
    const services = spec.services.map((s) => (s.name === 'api' ? { ...s, allowFrom: [{ namespace: payload }] } : s));
    expect(check({ ...spec, services })).toContainEqual(
      expect.objectContaining({
        path: 'services[0].allowFrom[0].namespace',
        rule: expect.stringContaining("holds U+2028, a line break for kubectl's YAML reader (go-yaml): remove it"),
      }),
    );
  });
});

test('an env value that would add a DB_PASSWORD key to the ConfigMap kubectl reads is refused', async () => {
  const spec = baseSpec();
  const value = `info${LS}  DB_PASSWORD:${LS}    hunter2`;
  const services = spec.services.map((s) => (s.name === 'api' ? { ...s, env: { LOG_LEVEL: value } } : s));
  const text = Yaml.stringify({ data: { LOG_LEVEL: value } });
  const injected = [{ data: { LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2' } }];
  expect(await real(text)).toEqual({ kubectl: injected, kustomize: injected });
  expect(readAsGoYaml(text)).toEqual(injected);
  expect(check({ ...spec, services }).map((p) => p.path)).toContain('services[0].env.LOG_LEVEL');
});

test.each([
  [
    'services[0].env.MODE',
    '0o17',
    'the value "0o17" is written unquoted and is read as 15 by kubectl\'s YAML reader (go-yaml v2): spell it another way',
  ],
  [
    'services[0].env.MODE',
    '0B11',
    'the value "0B11" is written unquoted and is read as 3 by kubectl\'s YAML reader (go-yaml v2): spell it another way',
  ],
  [
    'services[0].env.MODE',
    'a\u0007',
    'the value "a\\u0007" holds U+0007, a character refused by kubectl\'s YAML reader (go-yaml): remove it',
  ],
  ['services[0].env.MODE', `x\u0085y`, 'the value "x\\u0085y" holds U+0085, a line break for kubectl\'s YAML reader (go-yaml): remove it'],
  [
    'services[0].env.MODE',
    '0b-1',
    'the value "0b-1" is written unquoted and is read as -1 by kubectl\'s YAML reader (go-yaml v2): spell it another way',
  ],
  [
    'services[0].env.MODE',
    '0o-7',
    'the value "0o-7" is written unquoted and is read as -7 by kustomize\'s YAML reader (go-yaml v3): spell it another way',
  ],
  [
    'services[0].env.MODE',
    '\tkey=1\nother=2',
    'the value "\\tkey=1\\nother=2" cannot be read (found a tab character where an indentation space is expected) by kubectl\'s YAML reader (go-yaml v2): spell it another way',
  ],
  ['services[0].env.MODE', ' \n', 'the value " \\n" is read as "\\n" by kubectl\'s YAML reader (go-yaml v2): spell it another way'],
])('fails when %s is %j', (path, value, rule) => {
  const spec = baseSpec();
  const services = spec.services.map((s) => (s.name === 'api' ? { ...s, env: { MODE: value } } : s));
  expect(check({ ...spec, services })).toContainEqual({ path, value, rule });
});

test('fails when a map key holds a line break', () => {
  const spec = baseSpec();
  const services = spec.services.map((s) => (s.name === 'api' ? { ...s, env: { [`A${LS}B`]: 'x' } } : s));
  expect(check({ ...spec, services }).map((p) => p.rule)).toContainEqual(expect.stringMatching(/^the key "A\\u2028B" holds U\+2028/));
});

test('strings every YAML reader reads alike pass, including number-like ones the writer quotes', async () => {
  const strings = ['8080', 'true', 'yes', '1.5', '2001-12-14', 'multi\nline', 'ünïcödé ✓', '~', '0x1F', '1_000', 'a\tb', 'ok\ufeff'];
  for (const s of strings) {
    expect(stringMisreadings(s)).toEqual([]);
    expect(await real(Yaml.stringify({ v: s }))).toEqual({ kubectl: [{ v: s }], kustomize: [{ v: s }] });
  }
});

test('a cycle or very deep nesting in the spec is reported, not followed', () => {
  const spec = baseSpec() as unknown as Record<string, unknown>;
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = loop;
  let deep: unknown = 'x';
  for (let i = 0; i < 40; i++) deep = { d: deep };
  const problems = check({ ...spec, extra: loop, deep });
  expect(problems.map((p) => p.rule)).toEqual(
    expect.arrayContaining(['the spec must be a tree: this value refers back to itself', 'the spec nests deeper than 32 levels']),
  );
});

test('the chart refuses to emit a string from an escape hatch that kubectl would misread', () => {
  const app = Testing.app();
  const stack = new ProductionStack(app, 'shop', baseSpec());
  stack.services.get('api')!.workload.metadata.addAnnotation('note', `x${LS}y`);
  expect(() => Testing.synth(stack)).toThrow(ValidationError);
  expect(() => Testing.synth(stack)).toThrow(/Deployment\/api\.metadata\.annotations\.note: the value "x\\u2028y" holds U\+2028/);
});

describe('the readiness report', () => {
  test('fails on two objects with one identity', () => {
    const objects = synth(baseSpec());
    const copy = objects.find((o) => o.kind === 'ConfigMap')!;
    const report = readinessReport(baseSpec(), new ProductionStack(Testing.app(), 'shop', baseSpec()).spec, [...objects, copy]);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'one object per identity')!.problems).toEqual([
      `ConfigMap/${copy.metadata.name}: defined more than once in namespace shop`,
    ]);
  });

  test('passes on the synthesized base spec', () => {
    const stack = new ProductionStack(Testing.app(), 'shop', baseSpec());
    const report = readinessReport(baseSpec(), stack.spec, stack.toJson());
    expect(report.checks.slice(0, 2).map((c) => c.problems)).toEqual([[], []]);
  });
});
