/**
 * Resource names are a public contract: renaming a resource makes Pulumi
 * replace it (a new VPC, a new cluster). This pins the type token and logical
 * name of everything ProductionStack creates for one AWS and one GCP spec,
 * written out here and reviewed, so any rename fails this test. A deliberate
 * rename must ship with an `aliases` option and an update of this list.
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsSpec } from '../fixtures/pulumi-aws/spec';
import { spec as gcpSpec } from '../fixtures/pulumi-gcp/spec';
import { identities, inputs, resource } from '../support/plan';
import { AWS_NAMES } from './names-aws';
import { CLUSTER_NAMES, routeNames } from './names-cluster';
import { DR_NAMES } from './names-dr';
import { GCP_NAMES } from './names-gcp';

function stack(spec: ProductionStackProps): Promise<PlanResource[]> {
  return plan(() => new ProductionStack(spec.name, spec));
}

function withNodes(
  spec: ProductionStackProps,
  nodes: NonNullable<NonNullable<ProductionStackProps['cluster']>['nodes']>,
): ProductionStackProps {
  return { ...spec, cluster: { ...spec.cluster, nodes: { ...spec.cluster?.nodes, ...nodes } } };
}

const sorted = (list: [string, string][]): [string, string][] =>
  [...list].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

/** The plans of the two specs, made once. */
const base: Record<'aws' | 'gcp', PlanResource[]> = { aws: [], gcp: [] };
beforeAll(async () => {
  base.aws = await stack(awsSpec);
  base.gcp = await stack(gcpSpec);
});

describe.each([
  ['AWS', awsSpec, [...AWS_NAMES, ...CLUSTER_NAMES.aws, ...DR_NAMES.aws]],
  ['GCP', gcpSpec, [...GCP_NAMES, ...CLUSTER_NAMES.gcp, ...DR_NAMES.gcp]],
])('%s', (_, spec, pinned) => {
  let planned: PlanResource[];
  beforeAll(() => {
    planned = base[spec.cloud];
  });

  test('every resource keeps its pinned type token and logical name', () => {
    expect(identities(planned)).toEqual(sorted(pinned));
  });

  test('the network and cluster are children of the stack; every resource is a child of the component it is named after', () => {
    expect(resource(planned, 'shop').parent).toBeNull();
    expect(resource(planned, 'shop-network').parent).toBe('shop');
    expect(resource(planned, 'shop-cluster').parent).toBe('shop');
    const components = planned.filter((x) => x.type.startsWith('production-stack:')).map((x) => x.name);
    for (const r of planned.filter((x) => x.name !== 'shop')) {
      const owner = components.filter((c) => r.name.startsWith(`${c}-`)).sort((a, b) => b.length - a.length)[0];
      expect([r.name, r.parent]).toEqual([r.name, owner]);
    }
  });

  test.each([
    ['node count', { desiredSize: 6, minSize: 4, maxSize: 12 }],
    ['instance type', { instanceType: spec.cloud === 'aws' ? 'm7g.2xlarge' : 'c3-standard-8', diskSizeGiB: 200 }],
  ])('changing the %s renames nothing', async (__, nodes) => {
    const resized = await stack(withNodes(spec, nodes));
    expect(identities(resized)).toEqual(identities(planned));
    // The change does land: the plans differ in inputs only.
    expect(resized.map((r) => r.inputs)).not.toEqual(planned.map((r) => r.inputs));
  });
});

test.each([
  ['AWS', awsSpec, [...AWS_NAMES, ...CLUSTER_NAMES.aws, ...DR_NAMES.aws]],
  ['GCP', gcpSpec, [...GCP_NAMES, ...CLUSTER_NAMES.gcp, ...DR_NAMES.gcp]],
])(
  '%s: a route adds exactly the edge: Envoy Gateway, its class and policies, the issuer and the chart objects',
  async (_, spec, pinned) => {
    const routed = await stack({ ...spec, services: spec.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })) });
    expect(identities(routed)).toEqual(sorted([...pinned, ...routeNames('shop', spec.cloud)]));
  },
);

describe('ProductionStack wiring', () => {
  test('AWS: the cluster and nodes run in the network private subnets, in the spec region, with the spec sizes', () => {
    const aws = base.aws;
    const privateSubnetIds = [1, 2, 3].map((i) => inputs(aws, `shop-network-private-${i}-rta`).subnetId);
    expect(inputs(aws, 'shop-cluster-eks').vpcConfig.subnetIds).toEqual(privateSubnetIds);
    expect(inputs(aws, 'shop-cluster-nodes')).toMatchObject({
      subnetIds: privateSubnetIds,
      instanceTypes: ['m6i.xlarge'],
      scalingConfig: { desiredSize: 4, minSize: 3, maxSize: 9 },
      region: 'eu-west-1',
    });
    expect(inputs(aws, 'shop-cluster-node-template').blockDeviceMappings[0].ebs.volumeSize).toBe(80);
    expect(inputs(aws, 'shop-network-vpc').tags).toEqual({
      stack: 'shop',
      environment: 'production',
      'managed-by': 'production-stack',
      Name: 'shop-network-vpc',
    });
    for (const r of aws.filter((x) => 'region' in x.inputs)) expect([r.name, r.inputs.region]).toEqual([r.name, 'eu-west-1']);
  });

  test('GCP: the cluster uses the network subnet and ranges, in the spec region, with the spec sizes', () => {
    const gcp = base.gcp;
    const gke = inputs(gcp, 'shop-cluster-gke');
    expect(gke.network).toBe(inputs(gcp, 'shop-network-subnet').network);
    expect(gke.subnetwork).toMatch(/\/regions\/europe-west1\/subnetworks\/shop-network-subnet-/);
    expect(gke.ipAllocationPolicy).toEqual({ clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' });
    expect(gke.location).toBe('europe-west1');
    expect(gke.resourceLabels).toEqual({ stack: 'shop', environment: 'production', 'managed-by': 'production-stack' });
    expect(inputs(gcp, 'shop-cluster-nodes')).toMatchObject({
      nodeConfig: { machineType: 'n2-standard-8', diskSizeGb: 80 },
      autoscaling: { totalMinNodeCount: 3, totalMaxNodeCount: 9 },
      initialNodeCount: 2,
    });
  });

  test('resource options and transformations given to the stack reach every child (the escape hatch)', async () => {
    const maintenancePolicy = { dailyMaintenanceWindow: { startTime: '03:00' } };
    const planned = await plan(
      () =>
        new ProductionStack(gcpSpec.name, gcpSpec, {
          protect: true,
          transformations: [
            (args) =>
              args.type === 'gcp:container/cluster:Cluster' ? { props: { ...args.props, maintenancePolicy }, opts: args.opts } : undefined,
          ],
        }),
    );
    expect(inputs(planned, 'shop-cluster-gke').maintenancePolicy).toEqual(maintenancePolicy);
    for (const r of planned) expect([r.name, r.options.protect]).toEqual([r.name, true]);
  });

  test('AWS: a single NAT gateway drops the other gateways and keeps every other name', async () => {
    const single = await stack({ ...awsSpec, cluster: { ...awsSpec.cluster, aws: { singleNatGateway: true } } });
    const dropped = ['shop-network-nat-2', 'shop-network-nat-3', 'shop-network-nat-eip-2', 'shop-network-nat-eip-3'];
    expect(identities(single)).toEqual(
      sorted([...AWS_NAMES, ...CLUSTER_NAMES.aws, ...DR_NAMES.aws].filter(([, name]) => !dropped.includes(name))),
    );
  });

  test('fails when the spec is invalid, naming every problem', async () => {
    await expect(stack({ ...gcpSpec, region: 'Europe West', cluster: { networkCidr: '10.0.0.0' } })).rejects.toThrow(
      /ProductionStack "shop" is invalid \(2 problems\):\n {2}- region: .*\n {2}- cluster\.networkCidr: /,
    );
  });
});
