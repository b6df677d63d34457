/** The AWS Network component, planned against mocks: what each child is given and how they are wired. */
import { INTERFACE_ENDPOINT_SERVICES, Network, type NetworkArgs, endpointServiceName } from '../../lib/aws';
import { MOCK_AWS_REGION, type PlanResource, plan } from '../../lib/plan';
import { identities, inputs, ofType, resource } from '../support/plan';

const NAT = 'aws:ec2/natGateway:NatGateway';
const SUBNET = 'aws:ec2/subnet:Subnet';
const ENDPOINT = 'aws:ec2/vpcEndpoint:VpcEndpoint';
/** What `interfaceEndpoints: false` removes, and nothing else. */
const INTERFACE_ONLY = [
  'net-endpoint-ecr-api',
  'net-endpoint-ecr-dkr',
  'net-endpoint-logs',
  'net-endpoint-secretsmanager',
  'net-endpoint-sts',
  'net-endpoints-ingress-vpc',
  'net-endpoints-sg',
];

async function network(args: NetworkArgs = {}): Promise<PlanResource[]> {
  return plan(() => new Network('net', { region: 'eu-west-1', ...args }));
}

describe('Network', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await network({ labels: { team: 'platform' } });
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
      'net-endpoint-ecr-api',
      'net-endpoint-ecr-dkr',
      'net-endpoint-logs',
      'net-endpoint-s3',
      'net-endpoint-secretsmanager',
      'net-endpoint-sts',
      'net-endpoints-sg',
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

describe('Network VPC endpoints', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await network({ labels: { team: 'platform' } });
  });

  test('one gateway endpoint for S3 and an interface endpoint per listed service, named from the region', () => {
    const endpoints = ofType(planned, ENDPOINT);
    expect(endpoints.map((e) => [e.name, e.inputs.serviceName, e.inputs.vpcEndpointType])).toEqual([
      ['net-endpoint-ecr-api', 'com.amazonaws.eu-west-1.ecr.api', 'Interface'],
      ['net-endpoint-ecr-dkr', 'com.amazonaws.eu-west-1.ecr.dkr', 'Interface'],
      ['net-endpoint-logs', 'com.amazonaws.eu-west-1.logs', 'Interface'],
      ['net-endpoint-s3', 'com.amazonaws.eu-west-1.s3', 'Gateway'],
      ['net-endpoint-secretsmanager', 'com.amazonaws.eu-west-1.secretsmanager', 'Interface'],
      ['net-endpoint-sts', 'com.amazonaws.eu-west-1.sts', 'Interface'],
    ]);
    expect(INTERFACE_ENDPOINT_SERVICES).not.toContain('ec2');
    expect(INTERFACE_ENDPOINT_SERVICES).not.toContain('elasticloadbalancing');
    for (const e of endpoints) {
      expect(e.inputs).toMatchObject({ region: 'eu-west-1', tags: { team: 'platform', Name: e.name } });
      expect(e.inputs.vpcId).toBe(inputs(planned, 'net-private-1-rt').vpcId);
    }
  });

  test('the S3 gateway endpoint is on every private route table and no other', () => {
    const s3 = inputs(planned, 'net-endpoint-s3');
    const privateTables = [1, 2, 3].map((i) => inputs(planned, `net-private-${i}-rta`).routeTableId);
    expect(privateTables.every((id) => /^rtb-/.test(id))).toBe(true);
    expect(s3.routeTableIds).toEqual(privateTables);
    expect(s3.routeTableIds).not.toContain(inputs(planned, 'net-public-1-rta').routeTableId);
    expect(s3).not.toHaveProperty('subnetIds');
    expect(s3).not.toHaveProperty('securityGroupIds');
    expect(s3).not.toHaveProperty('privateDnsEnabled');
  });

  test('interface endpoints sit in every private subnet, with private DNS, behind the endpoint security group', () => {
    const privateSubnets = [1, 2, 3].map((i) => inputs(planned, `net-private-${i}-rta`).subnetId);
    const publicSubnets = [1, 2, 3].map((i) => inputs(planned, `net-public-${i}-rta`).subnetId);
    const sg = resource(planned, 'net-endpoints-sg');
    const interfaces = ofType(planned, ENDPOINT).filter((e) => e.inputs.vpcEndpointType === 'Interface');
    expect(interfaces).toHaveLength(INTERFACE_ENDPOINT_SERVICES.length);
    for (const e of interfaces) {
      expect(e.inputs.privateDnsEnabled).toBe(true);
      expect(e.inputs.subnetIds).toEqual(privateSubnets);
      expect(e.inputs.subnetIds.some((id: string) => publicSubnets.includes(id))).toBe(false);
      expect(e.inputs.securityGroupIds).toEqual([inputs(planned, 'net-endpoints-ingress-vpc').securityGroupId]);
      expect(e.inputs).not.toHaveProperty('routeTableIds');
    }
    expect(sg.inputs.vpcId).toBe(inputs(planned, 'net-private-1-rt').vpcId);
  });

  test('the endpoint security group admits TCP 443 from the VPC CIDR only', () => {
    const sg = inputs(planned, 'net-endpoints-sg');
    expect(sg).not.toHaveProperty('ingress');
    expect(sg).not.toHaveProperty('egress');
    const rules = planned.filter(
      (r) => r.type.startsWith('aws:vpc/securityGroup') || r.type === 'aws:ec2/securityGroupRule:SecurityGroupRule',
    );
    expect(rules.map((r) => [r.type, r.name])).toEqual([
      ['aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', 'net-endpoints-ingress-vpc'],
    ]);
    expect(inputs(planned, 'net-endpoints-ingress-vpc')).toEqual({
      securityGroupId: expect.stringMatching(/^sg-[0-9a-f]{17}$/),
      description: 'HTTPS to the AWS API endpoints from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '10.0.0.0/16',
      region: 'eu-west-1',
      tags: { team: 'platform', Name: 'net-endpoints-ingress-vpc' },
    });
  });

  test('the endpoint security group follows a custom VPC CIDR', async () => {
    const custom = await network({ cidr: '172.20.0.0/16' });
    expect(inputs(custom, 'net-endpoints-ingress-vpc').cidrIpv4).toBe('172.20.0.0/16');
  });

  test('without a region, the service names use the provider region', async () => {
    const planned = await plan(() => new Network('net'));
    expect(
      ofType(planned, ENDPOINT)
        .map((e) => e.inputs.serviceName)
        .sort(),
    ).toEqual(['s3', ...INTERFACE_ENDPOINT_SERVICES].map((svc) => endpointServiceName(MOCK_AWS_REGION, svc)).sort());
  });

  test('interfaceEndpoints: false removes the interface endpoints and their security group, and changes nothing else', async () => {
    const optOut = await network({ labels: { team: 'platform' }, interfaceEndpoints: false });
    expect(identities(optOut)).toEqual(identities(planned).filter(([, name]) => !INTERFACE_ONLY.includes(name)));
    for (const r of optOut) expect([r.name, r.inputs]).toEqual([r.name, inputs(planned, r.name)]);
    expect(ofType(optOut, ENDPOINT).map((e) => [e.name, e.inputs.vpcEndpointType])).toEqual([['net-endpoint-s3', 'Gateway']]);
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
