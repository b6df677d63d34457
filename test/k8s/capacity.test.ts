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
    // EKS (AL2023 bootstrap): CPU 6% + 1% + 0.5% + 0.5% of the first four cores; memory 255 MiB + 11 MiB × maxPods
    // + 100 MiB eviction, of what the VM leaves: the memory is Karpenter's published allocatable for these types
    ['m5.xlarge: 4 vCPU − 80m; 14162 MiB (Karpenter: 14162Mi)', 'aws', 'm5.xlarge', 4000 - 80, 14162],
    ['m5.2xlarge: 8 vCPU − 90m; 29317 MiB (Karpenter: 29317Mi)', 'aws', 'm5.2xlarge', 8000 - 90, 29317],
    // GKE: memory 25% of 4 GiB + 20% of 4 + 10% of 8 + 100 MiB eviction, of the 98% the VM leaves
    [
      'n2-standard-4: 4 vCPU − 80m; 16 GiB × 0.98 − (1024 + 819.2 + 819.2 + 100) MiB',
      'gcp',
      'n2-standard-4',
      3920,
      Math.floor(16384 * 0.98 - 2762.4),
    ],
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
      /cluster\.nodes\.desiredSize: requests at minimum replicas.*2 × m5\.large.*some pods find no node; \d+ nodes of this type would hold them/,
    );
  });

  test('a pod larger than any node', () => {
    const base = baseSpec();
    const big = { requests: { cpu: '6', memory: '1Gi' }, limits: { cpu: '6', memory: '1Gi' } };
    const spec = { ...base, services: base.services.map((s, i) => (i === 0 ? { ...s, resources: big } : s)) };
    expect(build(spec)).toThrow(/cluster\.nodes\.instanceType: a pod of api requests 6\.\d vCPU.*it would never be scheduled/);
  });

  test('a pod that fits the allocatable but not what the DaemonSets leave (found by review)', () => {
    const base = baseSpec();
    const big = { requests: { cpu: '3700m', memory: '1Gi' }, limits: { cpu: '4', memory: '1Gi' } };
    const spec = {
      ...base,
      cloud: 'gcp' as const,
      region: 'us-central1',
      cluster: { nodes: { desiredSize: 8, minSize: 8, maxSize: 10 } },
      services: base.services.map((s, i) => (i === 0 ? { ...s, resources: big } : s)),
    };
    expect(build(spec)).toThrow(/a pod of api requests 3\.7 vCPU and 1\.0 GiB, and one n2-standard-4 node offers pods 3\.5 vCPU/);
  });

  test('sums that fit but pods that do not: Ralph on GKE at the guide-adjusted 3 nodes (found by review)', () => {
    const ralph = examples['ralph-orchestrator-gcp']!;
    const three = { ...ralph, cluster: { ...ralph.cluster, nodes: { ...ralph.cluster!.nodes, minSize: 3 } } };
    const check = capacityCheck(resolve(three))!;
    // 11.0 vCPU asked of 3 × 3.5: enough in sum, but 4 orchestrator pods of 2 vCPU, one per node, need 4 nodes
    expect(check.problems.map((p) => p.rule)).toEqual([
      expect.stringMatching(/11\.0 vCPU.*some pods find no node; 4 nodes of this type would hold them$/),
    ]);
  });

  test('required one-per-node replicas past the nodes: during a rollout, and at the maximum replicas', () => {
    const spec = baseSpec(); // web: 3 replicas, antiAffinity required, maxSurge 1
    const nodes = (n: number): ProductionStackProps => ({
      ...spec,
      cluster: { nodes: { instanceType: 'm5.4xlarge', desiredSize: n, minSize: n, maxSize: n } },
    });
    expect(build(nodes(4))).not.toThrow();
    expect(build(nodes(3))).toThrow(
      /services\[2\]\.antiAffinity: web needs 4 nodes, one pod each \(3 replicas at its most and a surge of 1 during a rollout/,
    ); // at its most replicas a rollout needs a node more for its surge pod (found by review: 6 replicas on 6 nodes hung)
    const autoscaled = {
      ...nodes(6),
      services: spec.services.map((s) =>
        s.name === 'web' ? { ...s, replicas: undefined, autoscaling: { minReplicas: 3, maxReplicas: 6 } } : s,
      ),
    };
    expect(build(autoscaled)).toThrow(/web needs 7 nodes, one pod each \(6 replicas at its most and a surge of 1/);
  });

  test('past the nodes searched: said, not guessed (found by the fuzz campaign, where a linear search took minutes)', () => {
    const base = baseSpec();
    const many = { ...base, services: base.services.map((s) => ({ ...s, replicas: 2000, autoscaling: undefined })) };
    const problems = capacityCheck(resolve(many))?.problems.map((p) => p.rule) ?? [];
    expect(problems).toContainEqual(expect.stringMatching(/some pods find no node; more than 1000 nodes of this type would hold them$/));
  });

  test('NATS servers, one per node, past the nodes (found by review: 5 servers on at most 3 nodes passed)', () => {
    const nodes = { instanceType: 'm5.4xlarge', desiredSize: 4, minSize: 4, maxSize: 4 };
    const spec = (replicas: number): ProductionStackProps => ({
      ...baseSpec(),
      cluster: { nodes },
      nats: { ...baseSpec().nats, replicas },
    });
    expect(build(spec(3))).not.toThrow();
    expect(build(spec(5))).toThrow(
      /nats\.replicas: the NATS servers run one per node, and the cluster has at most 4 \(maxSize\): 1 would wait forever/,
    );
    // placed one per node: 4 servers on the 4 nodes fit, but not beside a 3-node minimum
    const check = capacityCheck(resolve({ ...spec(4), cluster: { nodes: { ...nodes, desiredSize: 3, minSize: 3 } } }))!;
    expect(check.problems.map((p) => p.path)).toContain('cluster.nodes.desiredSize');
  });
});

test.each(Object.entries(examples))('%s fits its nodes', (_name, spec) => {
  const check = capacityCheck(resolve(spec));
  expect(check?.problems).toEqual([]);
  expect(check?.detail).toMatch(/^requests at minimum replicas, add-ons, system pods and one rollout's surge: [\d.]+ vCPU/);
});

test('on AWS every c, m or r type of a standard size is known, read from its name as the NodePool is (Graviton and AMD too)', () => {
  // the same size and maxPods as m5.xlarge: the same allocatable
  expect(nodeAllocatable('aws', 'm6g.xlarge')).toEqual(nodeAllocatable('aws', 'm5.xlarge'));
  expect(nodeAllocatable('aws', 'c6a.2xlarge')?.cpuMillis).toBe(8000 - 90);
  expect(nodeAllocatable('aws', 'r7g.large')?.memoryMi).toBe(Math.floor(16384 * 0.925 - (255 + 11 * 29 + 100)));
});
