/**
 * The node capacity check: what a node offers pods follows the clouds' published kubelet reservations; the
 * add-ons' pods are read from the values the stack gives their charts; a stack that does not fit its nodes,
 * a pod larger than a node, or a required one-per-node spread beyond the pool is refused by both
 * ProductionStacks with the arithmetic; every example fits.
 */
import { Testing } from 'cdk8s';
import { ValidationError, resolve, type ProductionStackProps } from 'production-stack';
import { addonPods } from '../../lib/addons/capacity';
import { nodeAllocatable } from '../../lib/core/nodes';
import { capacityCheck } from '../../lib/k8s/capacity';
import { ProductionStack } from '../../lib/stack/k8s';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';

describe('what a node offers pods', () => {
  test.each<[string, 'aws' | 'gcp', string, number, number]>([
    // EKS (AL2023 bootstrap): CPU 6% + 1% + 0.5% + 0.5% of the first four cores; memory 255 MiB + 11 MiB × maxPods + 100 MiB eviction
    ['m5.xlarge: 4 vCPU − 80m; 16 GiB − (255 + 11 × 58 + 100) MiB', 'aws', 'm5.xlarge', 4000 - 80, 16384 - (255 + 638 + 100)],
    ['m5.2xlarge: 8 vCPU − 90m; 32 GiB − (255 + 11 × 58 + 100) MiB', 'aws', 'm5.2xlarge', 8000 - 90, 32768 - (255 + 638 + 100)],
    // GKE: memory 25% of 4 GiB + 20% of 4 + 10% of 8 + 100 MiB eviction
    ['n2-standard-4: 4 vCPU − 80m; 16 GiB − (1024 + 819.2 + 819.2 + 100) MiB', 'gcp', 'n2-standard-4', 3920, Math.floor(16384 - 2762.4)],
  ])('%s', (_label, cloud, type, cpuMillis, memoryMi) => {
    expect(nodeAllocatable(cloud, type)).toEqual({ cpuMillis, memoryMi });
  });

  test('an unknown type is not guessed', () => {
    expect(nodeAllocatable('aws', 'x9.huge')).toBeUndefined();
    expect(capacityCheck(resolve({ ...baseSpec(), cluster: { nodes: { instanceType: 'x9.huge' } } }))).toBeUndefined();
  });
});

describe("the add-ons' pods, from their Helm values", () => {
  const pods = (spec: ProductionStackProps) => Object.fromEntries(addonPods(resolve(spec)).map((p) => [p.what, p.count]));

  test("a component counts its own or its parent's replicas; a sidecar template and a Helm hook Job are no pods", () => {
    const found = pods({ ...baseSpec(), serviceMesh: 'istio' });
    expect(found['envoy-gateway.deployment.envoyGateway']).toBe(2);
    expect(found['kube-prometheus-stack.prometheus.prometheusSpec']).toBe(2);
    expect(found['istiod']).toBe(2);
    expect(Object.keys(found).filter((k) => /proxy|job/i.test(k))).toEqual([]);
  });

  test('metrics-server only on AWS, NACK only with NATS, Istio only in the mesh', () => {
    const aws = pods(baseSpec());
    expect(aws['metrics-server']).toBe(2);
    expect(aws['istiod']).toBeUndefined();
    const gcp = pods({
      ...baseSpec(),
      cloud: 'gcp',
      region: 'us-central1',
      nats: undefined,
      services: baseSpec().services.map((s) => ({ ...s, nats: undefined })),
    });
    expect(gcp['metrics-server']).toBeUndefined();
    expect(gcp['nack']).toBeUndefined();
  });
});

describe('refused, with the arithmetic', () => {
  const build = (spec: ProductionStackProps) => () => new ProductionStack(Testing.app(), 'stack', spec);

  test('a stack larger than its nodes: how many nodes of the type would hold it', () => {
    const spec: ProductionStackProps = {
      ...baseSpec(),
      cluster: { nodes: { instanceType: 'm5.large', desiredSize: 2, minSize: 2, maxSize: 4 } },
    };
    expect(build(spec)).toThrow(ValidationError);
    expect(build(spec)).toThrow(
      /cluster\.nodes\.desiredSize: requests at minimum replicas.*2 × m5\.large.*the stack does not fit; \d+ nodes of this type would/,
    );
  });

  test('a pod larger than any node', () => {
    const base = baseSpec();
    const big = { requests: { cpu: '6', memory: '1Gi' }, limits: { cpu: '6', memory: '1Gi' } };
    const spec = { ...base, services: base.services.map((s, i) => (i === 0 ? { ...s, resources: big } : s)) };
    expect(build(spec)).toThrow(/cluster\.nodes\.instanceType: a pod of api requests 6\.\d vCPU.*it would never be scheduled/);
  });

  test('required one-per-node replicas past the nodes: during a rollout, and at the maximum replicas', () => {
    const spec = baseSpec(); // web: 3 replicas, antiAffinity required, maxSurge 1
    const nodes = (n: number): ProductionStackProps => ({
      ...spec,
      cluster: { nodes: { instanceType: 'm5.4xlarge', desiredSize: n, minSize: n, maxSize: n } },
    });
    expect(build(nodes(4))).not.toThrow();
    expect(build(nodes(3))).toThrow(
      /services\[2\]\.antiAffinity: web needs 4 nodes, one pod each \(3 replicas and a surge of 1 during a rollout/,
    );
  });
});

test.each(Object.entries(examples))('%s fits its nodes', (_name, spec) => {
  const check = capacityCheck(resolve(spec));
  expect(check?.problems).toEqual([]);
  expect(check?.detail).toMatch(/^requests at minimum replicas, add-ons and one rollout's surge: [\d.]+ vCPU/);
});
