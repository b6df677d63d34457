/** The AWS Network component, planned against mocks: what each child is given and how they are wired. */
import { Network, type NetworkArgs } from '../../lib/aws';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, ofType, resource } from '../plan/helpers';

const NAT = 'aws:ec2/natGateway:NatGateway';
const SUBNET = 'aws:ec2/subnet:Subnet';

async function network(args: NetworkArgs = {}): Promise<PlanResource[]> {
  return plan(() => new Network('net', { region: 'eu-west-1', ...args }));
}

describe('Network', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await network({ tags: { team: 'platform' } });
  });

  test('is a component whose children all have it as parent', () => {
    expect(resource(planned, 'net')).toMatchObject({ type: 'production-stack:aws:Network', parent: null });
    for (const r of planned.filter((x) => x.name !== 'net')) expect(r.parent).toBe('net');
  });

  test('the VPC has DNS support and hostnames, in the given region, tagged', () => {
    expect(inputs(planned, 'net-vpc')).toEqual({
      cidrBlock: '10.0.0.0/16',
      enableDnsSupport: true,
      enableDnsHostnames: true,
      region: 'eu-west-1',
      tags: { team: 'platform', Name: 'net-vpc' },
    });
  });

  test('subnets get the layout CIDRs, one zone each, in zone order, tagged for EKS load balancers', () => {
    const subnets = ofType(planned, SUBNET);
    expect(subnets.map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch])).toEqual([
      ['net-private-1', '10.0.0.0/19', 'eu-west-1a', false],
      ['net-private-2', '10.0.32.0/19', 'eu-west-1b', false],
      ['net-private-3', '10.0.64.0/19', 'eu-west-1c', false],
      ['net-public-1', '10.0.128.0/22', 'eu-west-1a', false],
      ['net-public-2', '10.0.132.0/22', 'eu-west-1b', false],
      ['net-public-3', '10.0.136.0/22', 'eu-west-1c', false],
    ]);
    for (const s of subnets.filter((x) => x.name.includes('private'))) {
      expect(s.inputs.tags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1' });
      expect(s.inputs.tags).not.toHaveProperty(['kubernetes.io/role/elb']);
    }
    for (const s of subnets.filter((x) => x.name.includes('public'))) {
      expect(s.inputs.tags).toMatchObject({ 'kubernetes.io/role/elb': '1' });
      expect(s.inputs.tags).not.toHaveProperty(['kubernetes.io/role/internal-elb']);
    }
  });

  test('every networking child is in the VPC', () => {
    const withVpc = planned.filter((r) => 'vpcId' in r.inputs);
    expect(withVpc.map((r) => r.name)).toEqual([
      'net-default-sg',
      'net-flow-log',
      'net-igw',
      'net-private-1',
      'net-private-1-rt',
      'net-private-2',
      'net-private-2-rt',
      'net-private-3',
      'net-private-3-rt',
      'net-public-1',
      'net-public-2',
      'net-public-3',
      'net-public-rt',
    ]);
    expect(new Set(withVpc.map((r) => r.inputs.vpcId))).toEqual(new Set([expect.stringMatching(/^vpc-[0-9a-f]{17}$/)]));
  });

  test('the public route table sends 0.0.0.0/0 to the internet gateway and serves every public subnet', () => {
    const route = inputs(planned, 'net-public-internet-route');
    expect(route).toMatchObject({ destinationCidrBlock: '0.0.0.0/0' });
    expect(route.gatewayId).toMatch(/^igw-/);
    expect(route).not.toHaveProperty('natGatewayId');
    for (const i of [1, 2, 3]) expect(inputs(planned, `net-public-${i}-rta`).routeTableId).toBe(route.routeTableId);
  });

  test('the default security group is adopted with no rules', () => {
    expect(inputs(planned, 'net-default-sg')).toMatchObject({ ingress: [], egress: [] });
  });

  test('flow logs: all traffic to a log group with a bounded retention, through a role scoped to it', () => {
    expect(inputs(planned, 'net-flow-log-group')).toMatchObject({ retentionInDays: 90, region: 'eu-west-1' });
    const flowLog = resource(planned, 'net-flow-log');
    expect(flowLog.inputs).toMatchObject({ trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', maxAggregationInterval: 60 });
    expect(flowLog.inputs.logDestination).toMatch(/^arn:aws:logs:eu-west-1:123456789012:log-group:net-flow-log-group-/);
    expect(flowLog.options.dependsOn).toEqual(['net-flow-log-policy']);
    const trust = JSON.parse(inputs(planned, 'net-flow-log-role').assumeRolePolicy);
    expect(trust.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*' },
      },
    });
    const policy = JSON.parse(inputs(planned, 'net-flow-log-policy').policy);
    expect(policy.Statement[0].Resource).toEqual([flowLog.inputs.logDestination, `${flowLog.inputs.logDestination}:*`]);
  });
});

describe('Network NAT gateways', () => {
  test.each([
    ['one per zone by default', {}, 3, 3],
    ['one per zone over 2 zones', { availabilityZones: 2 }, 2, 2],
    ['one shared by all zones with singleNatGateway', { singleNatGateway: true }, 3, 1],
  ])('%s', async (_, args: NetworkArgs, zones, count) => {
    const planned = await network(args);
    const nats = ofType(planned, NAT);
    expect(nats.map((n) => n.name)).toEqual(Array.from({ length: count }, (__, i) => `net-nat-${i + 1}`));
    expect(ofType(planned, 'aws:ec2/eip:Eip').map((e) => e.inputs.domain)).toEqual(Array(count).fill('vpc'));
    nats.forEach((nat, i) => {
      // Gateway i sits in public subnet i (the zone it serves), has its own address, and waits for the internet gateway.
      expect(nat.inputs.subnetId).toBe(inputs(planned, `net-public-${i + 1}-rta`).subnetId);
      expect(nat.inputs.connectivityType).toBe('public');
      expect(nat.options.dependsOn).toEqual(['net-igw']);
    });
    expect(new Set(nats.map((n) => n.inputs.allocationId)).size).toBe(count);
    // Every private subnet keeps its own route table, whose default route goes to its zone's gateway, or the shared one.
    const routes = Array.from({ length: zones }, (__, i) => inputs(planned, `net-private-${i + 1}-nat-route`));
    for (const [i, route] of routes.entries()) {
      expect(route).toMatchObject({ destinationCidrBlock: '0.0.0.0/0' });
      expect(route).not.toHaveProperty('gatewayId');
      expect(inputs(planned, `net-private-${i + 1}-rta`).routeTableId).toBe(route.routeTableId);
    }
    expect(new Set(routes.map((r) => r.routeTableId)).size).toBe(zones);
    expect(new Set(routes.map((r) => r.natGatewayId)).size).toBe(count);
  });
});

describe('Network arguments', () => {
  test('a custom CIDR and zone count reach the subnets', async () => {
    const planned = await network({ cidr: '172.20.0.0/16', availabilityZones: 2 });
    expect(inputs(planned, 'net-vpc').cidrBlock).toBe('172.20.0.0/16');
    expect(ofType(planned, SUBNET).map((s) => s.inputs.cidrBlock)).toEqual([
      '172.20.0.0/18',
      '172.20.64.0/18',
      '172.20.128.0/21',
      '172.20.136.0/21',
    ]);
  });

  test('the flow log retention reaches the log group', async () => {
    const planned = await network({ flowLogRetentionDays: 365 });
    expect(inputs(planned, 'net-flow-log-group').retentionInDays).toBe(365);
  });

  test.each([
    ['fails when the CIDR is too small for the zones', { cidr: '10.0.0.0/27', availabilityZones: 3 }, 'too small for 3 availability zones'],
    ['fails when the flow log retention is not a CloudWatch period', { flowLogRetentionDays: 100 }, 'flowLogRetentionDays (100)'],
  ])('%s', async (_, args: NetworkArgs, message) => {
    await expect(network(args)).rejects.toThrow(message);
  });
});
