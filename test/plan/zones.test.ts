/**
 * The zones a stack spans are fixed once chosen: a zone that is impaired (AWS) or down (GCP) when a
 * `pulumi up` runs, such as the failover's own `up` during a zonal outage, must not move subnets or node
 * locations (a subnet's zone replaces the subnet, and every node and database in it). The plan runs with
 * the mocked clouds reporting the region's first zone unavailable, as their APIs' availability filters do.
 */
import type { ProductionStackProps } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';

/** `name → zone placement` of the resources a zone change replaces or moves. */
function placements(planned: readonly PlanResource[]): Record<string, unknown> {
  return Object.fromEntries(
    planned
      .filter((r) => ['aws:ec2/subnet:Subnet', 'gcp:container/cluster:Cluster', 'gcp:container/nodePool:NodePool'].includes(r.type))
      .map((r) => [r.name, r.inputs.availabilityZone ?? r.inputs.nodeLocations]),
  );
}

describe.each<[string, ProductionStackProps, string]>([
  ['AWS', awsFixture, `${awsFixture.region}a`],
  ['GCP', gcpFixture, `${gcpFixture.region}-a`],
])('%s', (_label, spec, zone) => {
  test(`${'the first zone'} unavailable at plan time changes no subnet or node location`, async () => {
    const usual = placements(await plan(() => new ProductionStack(spec.name, spec)));
    const outage = placements(await plan(() => new ProductionStack(spec.name, spec), { unavailableZones: [zone] }));
    expect(Object.values(usual).flat()).toContain(zone);
    expect(outage).toEqual(usual);
  });
});

test('on AWS, no subnet is in a zone EKS refuses (us-east-1: use1-az3, whichever name maps to it)', async () => {
  const spec: ProductionStackProps = { ...awsFixture, region: 'us-east-1' };
  const planned = await plan(() => new ProductionStack(spec.name, spec));
  // the mocked account maps us-east-1c to use1-az3: the subnets take a, b and d
  expect([...new Set(Object.values(placements(planned)))].sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1d']);
});
