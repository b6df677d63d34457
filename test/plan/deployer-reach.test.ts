/**
 * The deployer's own path, beside the deploy model of deploy-model.test.ts: `pulumi up` applies every cluster's
 * Kubernetes objects through its API endpoint, so a runner it cannot reach fails the first Helm release there
 * (and every failover's). Over the offline plan, a model of how a runner at an address reaches each cluster's
 * endpoint, as the clouds route it:
 *
 * - EKS: from its own VPC (admitted by a rule of the user's on the cluster security group, as for one region);
 *   from another VPC of the plan, only to an endpoint without public access (whose name resolves to its private
 *   addresses everywhere; with public access it resolves to the public ones outside its VPC), through an accepted
 *   peering of the two VPCs (non-overlapping ranges; across regions requested with the accepter's region and
 *   accepted there), a route to the endpoint's subnets on the runner's subnet's route table and one back on
 *   theirs, and a rule on the cluster security group admitting the runner on TCP 443; from the internet, only to
 *   a public endpoint whose `publicAccessCidrs` hold it;
 * - GKE: a private endpoint from a subnet of the cluster's VPC that an authorized network holds, in the cluster's
 *   region or anywhere with control-plane global access; a public endpoint from the internet within its
 *   authorized networks (a runner in the VPC leaves through Cloud NAT, whose addresses no network authorizes).
 *
 * With a standby region, a runner in the primary network, and one in `cluster.publicAccessCidrs`, reach both
 * clusters; the model fails on a plan without the peering, its routes or rules, or without global access.
 */
import type { ProductionStackProps } from '../../lib/core';
import { contains, formatAddress, overlaps, parseCidr } from '../../lib/core/cidr';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { specFor as ralph } from '../../examples/ralph-orchestrator/spec';
import { spec as qbitel } from '../../examples/qbitel/spec';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, closure } from '../support/plan';
import { everything } from '../support/everything';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Where `pulumi up` runs: an address, in a subnet of the plan or (without one) on the internet. */
interface Runner {
  readonly address: string;
  readonly subnet?: PlanResource;
}

const EKS = 'aws:eks/cluster:Cluster';
const GKE = 'gcp:container/cluster:Cluster';
const holds = (cidr: unknown, address: string) => typeof cidr === 'string' && contains(parseCidr(cidr), parseCidr(`${address}/32`));

/** The resources `r` names in its inputs or `dependsOn`, of `type`. */
const direct = (planned: readonly PlanResource[], r: PlanResource, type: string) =>
  planned.filter((x) => x.type === type && r.dependencies.includes(x.name));

/** The route table of an AWS subnet (through its association). */
function routeTable(planned: readonly PlanResource[], subnet: PlanResource): PlanResource | undefined {
  const association = planned.find(
    (r) => r.type === 'aws:ec2/routeTableAssociation:RouteTableAssociation' && r.dependencies.includes(subnet.name),
  );
  return association && direct(planned, association, 'aws:ec2/routeTable:RouteTable')[0];
}

/** Whether `table` routes `destination` (an address or a range) through `peering`. */
function routesThrough(
  planned: readonly PlanResource[],
  table: PlanResource | undefined,
  destination: string,
  peering: PlanResource,
): boolean {
  const wanted = parseCidr(destination.includes('/') ? destination : `${destination}/32`);
  return planned.some(
    (r) =>
      table !== undefined &&
      r.type === 'aws:ec2/route:Route' &&
      r.dependencies.includes(table.name) &&
      contains(parseCidr(String(r.inputs.destinationCidrBlock)), wanted) &&
      closure(planned, r).includes(peering),
  );
}

/** Why a runner in another VPC cannot reach the private endpoint of EKS cluster `eks` in `vpc`, or undefined when it can. */
function acrossVpcs(
  planned: readonly PlanResource[],
  runner: Runner & { subnet: PlanResource },
  eks: PlanResource,
  vpc: PlanResource,
): string | undefined {
  const [from] = direct(planned, runner.subnet, 'aws:ec2/vpc:Vpc');
  const at = `a runner in ${runner.subnet.name} (${runner.address})`;
  if (overlaps(parseCidr(String(from.inputs.cidrBlock)), parseCidr(String(vpc.inputs.cidrBlock))))
    return `${eks.name}: ${at}: ${from.name} and ${vpc.name} share addresses (${from.inputs.cidrBlock}, ${vpc.inputs.cidrBlock}), which no peering joins`;
  const peering = planned.find(
    (r) =>
      r.type === 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection' &&
      r.dependencies.includes(from.name) &&
      r.dependencies.includes(vpc.name),
  );
  if (!peering) return `${eks.name}: ${at}: ${from.name} and ${vpc.name} are not peered`;
  const accepted = planned.find(
    (r) =>
      r.type === 'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter' &&
      r.dependencies.includes(peering.name) &&
      r.inputs.autoAccept === true,
  );
  if (!accepted) return `${eks.name}: ${at}: nothing accepts the peering ${peering.name}`;
  const p = peering.inputs;
  if (
    from.inputs.region !== vpc.inputs.region &&
    (p.peerRegion === undefined || p.peerRegion === p.region || accepted.inputs.region !== p.peerRegion)
  )
    return `${eks.name}: ${at}: the peering ${peering.name} is not requested and accepted across the two regions`;
  const endpointSubnets = direct(planned, eks, 'aws:ec2/subnet:Subnet');
  const there = endpointSubnets.filter(
    (s) => !routesThrough(planned, routeTable(planned, runner.subnet), String(s.inputs.cidrBlock), peering),
  );
  if (there.length > 0)
    return `${eks.name}: ${at}: ${runner.subnet.name} has no route to ${there.map((s) => s.name).join(', ')} through ${peering.name}`;
  const back = endpointSubnets.filter((s) => !routesThrough(planned, routeTable(planned, s), runner.address, peering));
  if (back.length > 0) return `${eks.name}: ${at}: ${back.map((s) => s.name).join(', ')} route nothing back through ${peering.name}`;
  // a rule of the cluster security group: it names the cluster (its group) and no security group of the plan
  const admitted = planned.some(
    (r) =>
      r.type === 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule' &&
      r.dependencies.includes(eks.name) &&
      direct(planned, r, 'aws:ec2/securityGroup:SecurityGroup').length === 0 &&
      holds(r.inputs.cidrIpv4, runner.address) &&
      (r.inputs.ipProtocol === '-1' ||
        (r.inputs.ipProtocol === 'tcp' && Number(r.inputs.fromPort) <= 443 && Number(r.inputs.toPort) >= 443)),
  );
  return admitted ? undefined : `${eks.name}: ${at}: its cluster security group does not admit the runner on 443`;
}

/** Why `runner` cannot reach the API endpoint of EKS cluster `eks`, or undefined when it can. */
function reachEks(planned: readonly PlanResource[], runner: Runner, eks: PlanResource): string | undefined {
  const [vpc] = closure(planned, eks).filter((r) => r.type === 'aws:ec2/vpc:Vpc');
  const endpoint = eks.inputs.vpcConfig as Inputs;
  if (!runner.subnet) {
    if (endpoint.endpointPublicAccess === true && (endpoint.publicAccessCidrs ?? []).some((c: string) => holds(c, runner.address)))
      return undefined;
    return `${eks.name}: ${runner.address} on the internet: ${endpoint.endpointPublicAccess ? 'not in publicAccessCidrs' : 'the endpoint is private'}`;
  }
  if (runner.subnet.dependencies.includes(vpc.name)) return undefined;
  if (endpoint.endpointPublicAccess === true)
    return `${eks.name}: a runner in ${runner.subnet.name} (${runner.address}): outside ${vpc.name} the endpoint's name resolves to its public addresses, which the runner reaches through NAT`;
  return acrossVpcs(planned, { ...runner, subnet: runner.subnet }, eks, vpc);
}

/** Why `runner` cannot reach the API endpoint of GKE cluster `gke`, or undefined when it can. */
function reachGke(planned: readonly PlanResource[], runner: Runner, gke: PlanResource): string | undefined {
  const [own] = direct(planned, gke, 'gcp:compute/subnetwork:Subnetwork');
  const config = gke.inputs.privateClusterConfig as Inputs;
  const authorized = ((gke.inputs.masterAuthorizedNetworksConfig as Inputs)?.cidrBlocks ?? []).some((b: any) =>
    holds(b.cidrBlock, runner.address),
  );
  const at = runner.subnet ? `a runner in ${runner.subnet.name} (${runner.address})` : `${runner.address} on the internet`;
  if (config.enablePrivateEndpoint !== true) {
    if (runner.subnet)
      return `${gke.name}: ${at}: the endpoint is public, reached through Cloud NAT, whose addresses no network authorizes`;
    return authorized ? undefined : `${gke.name}: ${at}: no authorized network holds it`;
  }
  if (!runner.subnet || runner.subnet.inputs.network !== own.inputs.network)
    return `${gke.name}: ${at}: the endpoint is private to its VPC`;
  if (!authorized) return `${gke.name}: ${at}: no authorized network holds it`;
  if (runner.subnet.inputs.region !== own.inputs.region && config.masterGlobalAccessConfig?.enabled !== true)
    return `${gke.name}: ${at}: another region's, and the endpoint has no global access`;
  return undefined;
}

/** Every cluster `runner` cannot reach, one line each, and how many clusters the plan has. */
function deployerReach(planned: readonly PlanResource[], runner: Runner): { failures: string[]; clusters: number } {
  const clusters = planned.filter((r) => r.type === EKS || r.type === GKE);
  const failures = clusters
    .map((c) => (c.type === EKS ? reachEks(planned, runner, c) : reachGke(planned, runner, c)))
    .filter((f): f is string => f !== undefined);
  return { failures, clusters: clusters.length };
}

/** A runner in the first subnet of cluster `name`'s nodes (its tenth address). */
function runnerBeside(planned: readonly PlanResource[], name: string): Runner {
  const cluster = planned.find((r) => r.name === name)!;
  const [subnet] = [...direct(planned, cluster, 'aws:ec2/subnet:Subnet'), ...direct(planned, cluster, 'gcp:compute/subnetwork:Subnetwork')];
  const range = parseCidr(String(subnet.inputs.cidrBlock ?? subnet.inputs.ipCidrRange));
  return { address: formatAddress(range.base + 10), subnet };
}

const stack = (spec: ProductionStackProps) => plan(() => new ProductionStack(spec.name, spec));
const primaryCluster = (spec: ProductionStackProps) => `${spec.name}-cluster-${spec.cloud === 'aws' ? 'eks' : 'gke'}`;
const DEPLOYER = '203.0.113.7';

describe.each<[string, ProductionStackProps]>([
  ['Ralph Orchestrator on AWS', ralph('aws')],
  ['Ralph Orchestrator on GCP', ralph('gcp')],
  ['every option on AWS', everything(awsFixture)],
  ['every option on GCP', everything(gcpFixture)],
  ['one region (QBITEL)', qbitel],
])('%s', (_, spec) => {
  test("a runner in the primary network, or the standby's, reaches every cluster's API endpoint", async () => {
    const planned = await stack(spec);
    expect(deployerReach(planned, runnerBeside(planned, primaryCluster(spec)))).toEqual({
      failures: [],
      clusters: spec.dr?.standbyRegion === undefined ? 1 : 2,
    });
    if (spec.dr?.standbyRegion !== undefined)
      expect(
        deployerReach(planned, runnerBeside(planned, primaryCluster(spec).replace('-cluster-', '-standby-cluster-'))).failures,
      ).toEqual([]);
  });

  test("a runner in cluster.publicAccessCidrs reaches every cluster's API endpoint, and one outside them none", async () => {
    const planned = await stack({ ...spec, cluster: { ...spec.cluster, publicAccessCidrs: [`${DEPLOYER}/32`] } });
    const { failures, clusters } = deployerReach(planned, { address: DEPLOYER });
    expect(failures).toEqual([]);
    expect(deployerReach(planned, { address: '198.51.100.1' }).failures).toHaveLength(clusters);
    // public endpoints resolve to public addresses outside their VPC: no peering, no global access, nothing opened for them
    expect(planned.filter((r) => /^aws:ec2\/vpcPeeringConnection/.test(r.type))).toEqual([]);
    for (const gke of planned.filter((r) => r.type === GKE))
      expect(gke.inputs.privateClusterConfig).not.toHaveProperty('masterGlobalAccessConfig');
  });
});

describe('the model fails on a plan that leaves the deployer out of a cluster', () => {
  let aws: PlanResource[];
  let gcp: PlanResource[];
  const awsSpec = everything(awsFixture);
  const gcpSpec = everything(gcpFixture);
  beforeAll(async () => {
    [aws, gcp] = await Promise.all([stack(awsSpec), stack(gcpSpec)]);
  });
  const fromPrimary = (planned: PlanResource[], spec: ProductionStackProps) =>
    deployerReach(planned, runnerBeside(planned, primaryCluster(spec))).failures;
  const without = (planned: PlanResource[], name: RegExp) => planned.filter((r) => !name.test(r.name));
  const edit = (planned: PlanResource[], name: string, inputs: (i: Inputs) => Inputs) =>
    planned.map((r) => (r.name === name ? { ...r, inputs: inputs(r.inputs as Inputs) } : r));

  test.each<[string, RegExp, RegExp]>([
    ['no peering at all (the VPCs as they were)', /-standby-peering/, /are not peered$/],
    ['the peering not accepted', /-standby-peering-accepter$/, /nothing accepts the peering shop-standby-peering$/],
    [
      "no route on the primary's route tables",
      /-standby-peering-primary-\d-route$/,
      /shop-network-private-1 has no route to shop-standby-network-private-1, .* through shop-standby-peering$/,
    ],
    ["no route back on the standby's", /-standby-peering-standby-\d-route$/, /route nothing back through shop-standby-peering$/],
    [
      "no rule on the standby's cluster security group",
      /-standby-peering-standby-api-ingress$/,
      /its cluster security group does not admit the runner on 443$/,
    ],
  ])('AWS: %s', (_, drop, failure) => {
    expect(fromPrimary(aws, awsSpec)).toEqual([]);
    expect(fromPrimary(without(aws, drop), awsSpec)).toEqual([
      expect.stringMatching(new RegExp(`^shop-standby-cluster-eks: .*${failure.source}`)),
    ]);
  });

  test("AWS: the standby VPC on the primary's range (as before dr.standbyNetworkCidr, now dr.aws.standbyNetworkCidr)", () => {
    const same = edit(aws, 'shop-standby-network-vpc', (i) => ({ ...i, cidrBlock: '10.0.0.0/16' }));
    expect(fromPrimary(same, awsSpec)).toEqual([
      'shop-standby-cluster-eks: a runner in shop-network-private-1 (10.0.0.10): shop-network-vpc and shop-standby-network-vpc share addresses (10.0.0.0/16, 10.0.0.0/16), which no peering joins',
    ]);
  });

  test('AWS: a standby endpoint with public access resolves to its public addresses from the primary VPC', () => {
    const open = edit(aws, 'shop-standby-cluster-eks', (i) => ({
      ...i,
      vpcConfig: { ...i.vpcConfig, endpointPublicAccess: true, publicAccessCidrs: [`${DEPLOYER}/32`] },
    }));
    expect(fromPrimary(open, awsSpec)).toEqual([expect.stringMatching(/^shop-standby-cluster-eks: .*resolves to its public addresses/)]);
  });

  test.each<[string, (i: Inputs) => Inputs, string]>([
    [
      'no global access (as before)',
      (i) => ({ ...i, privateClusterConfig: { ...i.privateClusterConfig, masterGlobalAccessConfig: undefined } }),
      "another region's, and the endpoint has no global access",
    ],
    [
      "the primary's subnet not authorized (as before)",
      (i) => ({
        ...i,
        masterAuthorizedNetworksConfig: {
          ...i.masterAuthorizedNetworksConfig,
          cidrBlocks: i.masterAuthorizedNetworksConfig.cidrBlocks.slice(0, 1),
        },
      }),
      'no authorized network holds it',
    ],
  ])('GKE: %s', (_, change, failure) => {
    expect(fromPrimary(gcp, gcpSpec)).toEqual([]);
    expect(fromPrimary(edit(gcp, 'shop-standby-cluster-gke', change), gcpSpec)).toEqual([
      `shop-standby-cluster-gke: a runner in shop-network-subnet (10.0.0.10): ${failure}`,
    ]);
  });
});
