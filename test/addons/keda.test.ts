/**
 * KEDA, the add-on of workers scaled on their queue: installed only when a service has a `queue`, pinned, in its
 * own `restricted` namespace, its Helm values keys of the chart's own values.yaml (2.20.2, vendored in
 * test/fixtures/charts), and its pods counted in the node capacity.
 */
import { resolve } from '../../lib/core';
import { KEDA_NAMESPACE, KEDA_OPERATOR_LABELS } from '../../lib/core/keda';
import { RESERVED_NAMESPACES } from '../../lib/core/reserved';
import { addonPods } from '../../lib/addons/capacity';
import { CHARTS, chartSource } from '../../lib/addons/charts';
import { kedaValues } from '../../lib/addons/values';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as cqar } from '../../examples/cqar/spec';
import { spec as qbitel } from '../../examples/qbitel/spec';
import { ofType } from '../support/plan';
import { unknownKeys, vendoredChart } from '../support/chart-values';

const RELEASE = 'kubernetes:helm.sh/v3:Release';
let withQueue: PlanResource[] = [];
let withoutQueue: PlanResource[] = [];
beforeAll(async () => {
  withQueue = await plan(() => new ProductionStack(qbitel.name, qbitel));
  withoutQueue = await plan(() => new ProductionStack(cqar.name, cqar));
});

test('KEDA 2.20.2 from its Helm repository, in the namespace keda, atomic', () => {
  const r = ofType(withQueue, RELEASE).find((x) => x.inputs.chart === 'keda')!;
  expect(r).toBeDefined();
  expect(CHARTS.keda).toEqual({ repo: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2', release: 'keda' });
  expect(r.inputs).toMatchObject({ name: 'keda', version: '2.20.2', namespace: KEDA_NAMESPACE, atomic: true, ...chartSource(CHARTS.keda) });
  expect(r.inputs.values).toEqual(kedaValues());
  const ns = ofType(withQueue, 'kubernetes:core/v1:Namespace').find((x) => x.inputs.metadata?.name === KEDA_NAMESPACE)!;
  expect(ns.inputs.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
});

test('not installed without a worker scaled on a queue', () => {
  expect(ofType(withoutQueue, RELEASE).map((r) => r.inputs.chart)).not.toContain('keda');
});

test('the namespace keda is reserved', () => {
  expect(RESERVED_NAMESPACES.has(KEDA_NAMESPACE)).toBe(true);
});

describe("values are keys of the chart's values.yaml (keda 2.20.2)", () => {
  const { raw, parsed } = vendoredChart('keda-2.20.2.values.yaml');

  test('every key is the chart’s', () => {
    expect(unknownKeys(kedaValues(), parsed, raw, [])).toEqual([]);
  });

  test.each([
    ['a misspelled replica count', { operator: { replicas: 2 } }],
    ['a PDB of a component the chart does not know', { podDisruptionBudget: { scaler: { minAvailable: 1 } } }],
  ])('fails on %s', (_name, extra) => {
    expect(unknownKeys({ ...kedaValues(), ...extra }, parsed, raw, [])).not.toEqual([]);
  });

  test('what the stack assumes of the chart: the operator pods’ labels, secure defaults', () => {
    expect(parsed.operator.name).toBe(KEDA_OPERATOR_LABELS.app);
    expect(parsed.podSecurityContext.operator.runAsNonRoot).toBe(true);
    for (const c of ['operator', 'metricServer', 'webhooks'])
      expect(parsed.securityContext[c]).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    expect(parsed.webhooks.failurePolicy).toBe('Ignore');
  });

  test('two operators and two webhooks behind PDBs, requests and memory limits everywhere', () => {
    const v = kedaValues() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(v.operator.replicaCount).toBe(2);
    expect(v.webhooks.replicaCount).toBe(2);
    expect(v.podDisruptionBudget).toEqual({ operator: { minAvailable: 1 }, webhooks: { minAvailable: 1 } });
    for (const c of ['operator', 'metricServer', 'webhooks']) {
      expect(v.resources[c].requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(v.resources[c].limits.memory).toEqual(expect.any(String));
    }
  });
});

test('node capacity counts KEDA’s pods when it is installed', () => {
  const pods = addonPods(resolve(qbitel)).filter((p) => p.what.startsWith('keda'));
  expect(pods).toEqual(
    expect.arrayContaining([
      { what: 'keda.operator', count: 2, cpuMillis: 100, memoryMi: 128 },
      { what: 'keda.metricsServer', count: 1, cpuMillis: 100, memoryMi: 128 },
      { what: 'keda.webhooks', count: 2, cpuMillis: 50, memoryMi: 64 },
    ]),
  );
  expect(pods).toHaveLength(3);
  expect(addonPods(resolve(cqar)).filter((p) => p.what.startsWith('keda'))).toEqual([]);
});
