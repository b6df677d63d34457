/**
 * The YAML that cdk8s writes, read back the way its consumers read it: kubectl's go-yaml v2 (a model of
 * its scanner's line breaks and of resolve.go's plain-scalar rules) and a YAML 1.2 reader. Expected
 * values follow go-yaml v2's resolve.go (resolveMap, ParseInt(s, 0, 64) after removing underscores,
 * yamlStyleFloat) and the YAML 1.2 core schema, not this module's output.
 */
import { Testing, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { ProductionStack, ValidationError, check, readinessReport } from 'production-stack';
import { CDK8S_YAML_OPTIONS, goYamlPlainScalar, readAsGoYaml, stringMisreadings, unreadableCharacter } from '../../lib/core/yaml-readers';
import { manifestChecks } from '../../lib/k8s/readiness';
import { baseSpec } from '../support/spec';
import { synth } from '../support/synth';

const LS = '\u2028';

test.each([
  ['0o17', 15],
  ['0O17', 15],
  ['017', 15],
  ['1_000', 1000],
  ['0x1F', 31],
  ['0b101', 5],
  ['-12', -12],
  ['1e3', 1000],
  ['.5', 0.5],
  ['yes', true],
  ['On', true],
  ['n', false],
  ['~', null],
  ['', null],
  ['+Inf', '+Inf'],
  ['1:20', '1:20'],
  ['2001-12-14', '2001-12-14'],
  ['0x1p-2', '0x1p-2'],
  ['v1.2', 'v1.2'],
])('go-yaml v2 reads the unquoted scalar %j as %j', (text, value) => {
  expect(goYamlPlainScalar(text)).toEqual(value);
});

test("go-yaml v2 takes U+0085, U+2028 and U+2029 as line breaks; JavaScript's YAML reader does not", () => {
  const text = `a: x${LS}b:${LS}  v\u2029c:\u2029  z\u0085d:\u0085  w\n`;
  expect(YAML.parse(text)).toEqual({ a: text.slice(3, -1) });
  expect(readAsGoYaml(text)).toEqual([{ a: 'x', b: 'v', c: 'z', d: 'w' }]);
});

test('go-yaml v2 refuses control characters', () => {
  expect(readAsGoYaml('a: "\\x01"\n')).toEqual([{ a: '\u0001' }]); // escaped, as the writer does: fine
  expect(() => readAsGoYaml('a: x\u0080\n')).toThrow(/control characters are not allowed \(U\+0080\)/);
  expect(unreadableCharacter('ok\ufeff')).toBe('U+FEFF');
  expect(unreadableCharacter('tab\tand\nnewline')).toBeUndefined();
});

test("the core's writer options are cdk8s's: the per-string check models the real writer", () => {
  for (const s of ['0o17', `x${LS}y`, 'x\u2029y: 1', 'yes', '017', 'a: b', '#c', 'multi\nline\n', '+Inf', '1_000', 'x\u0085y']) {
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

  test('as cdk8s writes it, kubectl would read an ipBlock 0.0.0.0/0 peer that no JavaScript reader sees', () => {
    const np = policyWith(payload);
    const text = Yaml.stringify(np);
    expect(YAML.parse(text)).toEqual(np);
    const peers = (readAsGoYaml(text)[0] as { spec: { ingress: { from: object[] }[] } }).spec.ingress.flatMap((r) => r.from);
    expect(peers).toContainEqual({ ipBlock: { cidr: '0.0.0.0/0' } });
    expect(manifestChecks([np])[0].problems).toEqual([
      expect.stringMatching(
        /^NetworkPolicy\/api: \.spec\.ingress\.2\.from\.0\.namespaceSelector\.matchLabels\.kubernetes\.io\/metadata\.name "partners\\u2028 +- ipBlock:\\u2028.* is read as "partners" by kubectl's YAML reader \(go-yaml v2\)$/,
      ),
      expect.stringMatching(/^NetworkPolicy\/api: .* is read as "partners" by a YAML 1\.2 reader$/),
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

test('an env value that would add a DB_PASSWORD key to the ConfigMap kubectl reads is refused', () => {
  const spec = baseSpec();
  const value = `info${LS}  DB_PASSWORD:${LS}    hunter2`;
  const services = spec.services.map((s) => (s.name === 'api' ? { ...s, env: { LOG_LEVEL: value } } : s));
  expect(readAsGoYaml(Yaml.stringify({ data: { LOG_LEVEL: value } }))).toEqual([{ data: { LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2' } }]);
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

test('strings every YAML reader reads alike pass, including number-like ones the writer quotes', () => {
  for (const s of ['8080', 'true', 'yes', '1.5', '2001-12-14', 'multi\nline', 'ünïcödé ✓', '~', '0x1F', '1_000']) {
    expect(stringMisreadings(s)).toEqual([]);
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
