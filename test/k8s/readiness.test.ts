import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { ProductionStack, type ProductionStackProps, readinessReport, renderReadinessReport } from 'production-stack';
import { examples } from '../../examples';
import { synthAll } from '../../examples/main';
import { baseSpec } from '../support/spec';

function report(props: ProductionStackProps, breakIt?: (stack: ProductionStack) => void) {
  const stack = new ProductionStack(Testing.app(), props.name, props);
  breakIt?.(stack);
  return readinessReport(props, stack.spec, stack.toJson());
}

test.each(Object.entries(examples))('example %s is production ready', (_, spec) => {
  const r = report(spec);
  expect(r.checks.filter((c) => c.problems.length > 0)).toEqual([]);
  expect(r.ok).toBe(true);
});

test('a stack broken through the escape hatches fails, each check naming the object and what is wrong', () => {
  const r = report(baseSpec(), (stack) => {
    const api = stack.services.get('api')!;
    api.workload.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
    stack.edge.gateway!.addJsonPatch(JsonPatch.remove('/spec/listeners/1/tls'));
    api.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'DB_PASSWORD', value: 'hunter2' }));
    new ApiObject(stack, 'Leaked', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leaked' }, stringData: { token: 'x' } });
  });
  expect(r.ok).toBe(false);
  const failed = Object.fromEntries(r.checks.filter((c) => c.problems.length > 0).map((c) => [c.name, c.problems]));
  expect(failed['restricted Pod Security Standard']).toContainEqual(expect.stringMatching(/^Deployment\/api: .*privileged/));
  expect(failed['TLS on every host']).toEqual([
    'Gateway/shop: listener https-shop-example-com terminates no TLS with a certificate Secret',
  ]);
  expect(failed['no plaintext secrets']).toEqual([
    'Deployment/api: container api has DB_PASSWORD as a literal',
    'Secret/leaked: a Secret with values in the manifest',
  ]);
  const text = renderReadinessReport(r);
  expect(text).toMatch(
    /^ {2}✗ TLS on every host\n {6}Gateway\/shop: listener https-shop-example-com terminates no TLS with a certificate Secret$/m,
  );
});

test('npm run synth reports each stack as it goes and fails on a stack that is not ready or not valid', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const lines: string[] = [];
  const broken = { ...baseSpec(), name: 'broken', services: [{ ...baseSpec().services[0], replicas: 0, autoscaling: undefined }] };
  const ok = synthAll({ cqar: examples.cqar, broken }, outdir, (l) => lines.push(l));
  expect(ok).toBe(false);
  expect(lines[0]).toBe('[1/2] cqar');
  expect(lines).toContain('[2/2] broken');
  expect(lines.join('\n')).toMatch(/ProductionStack "broken" is invalid .*\n.*services\[0\]\.replicas: 0/);
  expect(fs.readdirSync(path.join(outdir, 'cqar')).sort()).toEqual(['RUNBOOK.md', 'architecture.mmd', 'cqar.k8s.yaml']);
  expect(synthAll({ cqar: examples.cqar }, outdir, () => undefined)).toBe(true);
  // the base spec's worker has no readiness probe: synthesized, reported, and failed
  const report: string[] = [];
  expect(synthAll({ shop: baseSpec() }, outdir, (l) => report.push(l))).toBe(false);
  expect(report.join('\n')).toMatch(
    /✗ probes, resources, PDBs, NetworkPolicies, topology spread\n +StatefulSet\/worker: container "worker" has no readiness probe/,
  );
});

describe('a tracing endpoint nothing of the stack serves is a warning (its spans would be dropped)', () => {
  const base = baseSpec();
  const namespace = base.namespace ?? base.name;
  const withTracing = (endpoint: string): ProductionStackProps => ({ ...base, monitoring: { ...base.monitoring, tracing: { endpoint } } });
  const collectorWarning = (props: ProductionStackProps) =>
    report(props).warnings.filter((w) => w.startsWith('monitoring.tracing.endpoint'));

  test.each([
    ['a collector in another namespace', 'http://otel-collector.observability.svc:4317', 'observability'],
    ['a Service of the stack namespace the stack does not have', 'http://collector:4317', namespace],
    ["one of the stack's services, on a port it does not serve", 'http://api:4317', namespace],
  ])('%s', (_, endpoint, where) => {
    expect(collectorWarning(withTracing(endpoint))).toEqual([
      `monitoring.tracing.endpoint ${endpoint}: a collector in namespace ${where}, which this stack does not deploy: spans are dropped until one listens there`,
    ]);
  });

  test.each([
    ["one of the stack's services, on a port it serves", 'http://api:9090'],
    ['a collector outside the cluster', 'https://otlp.example.com.'],
    ['an address', 'http://10.1.2.3:4317'],
  ])('no warning for %s', (_, endpoint) => {
    expect(collectorWarning(withTracing(endpoint))).toEqual([]);
  });

  test("the examples that trace to a collector nobody deploys say so: QBITEL's, CQAR's and the Q&A agent's", () => {
    const warned = Object.entries(examples)
      .filter(([, spec]) => collectorWarning(spec).length > 0)
      .map(([name]) => name);
    expect(warned).toEqual(
      ['qna-agent', 'qbitel', 'cqar']
        .filter((n) => n in examples)
        .sort((a, b) => Object.keys(examples).indexOf(a) - Object.keys(examples).indexOf(b)),
    );
  });
});
