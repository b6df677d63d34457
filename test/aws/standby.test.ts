/**
 * The standby region under mocks: with `dr.standbyRegion`, the plan holds a
 * network, an EKS cluster sized by the mode, a cross-region read replica of
 * the primary with its own key, a Redis, the failover records and the
 * notification topics, all in the standby region (the alarms in us-east-1).
 */
import type { ProductionStackProps } from 'production-stack';
import * as aws from '../../lib/aws';
import { ROUTE53_METRICS_REGION, failoverRecords, standbyNodes } from '../../lib/aws';
import { resolveNodePool } from '../../lib/core/validation/node-pool';
import { type PlanResource, mockLoadBalancerHostname, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-aws/spec';
import { type Inputs, inputs, names, ofType, resource, withFailoverHost } from '../support/plan';
import { route } from '../support/gateway-model';
import { envoyServiceName } from 'production-stack/core/edge';

const STANDBY = 'us-east-2';

/** The fixture with a standby region and failover DNS for its route's host. */
export const standbySpec: ProductionStackProps = {
  ...fixture,
  services: fixture.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
  dr: { standbyRegion: STANDBY, dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' } },
};

/** {@link standbySpec} as a warm standby, with `dr` changes: the api only reads, and serves from the replica. */
const warmSpec = (dr: Partial<NonNullable<ProductionStackProps['dr']>> = {}): ProductionStackProps => ({
  ...standbySpec,
  services: standbySpec.services.map((s) => ({ ...s, serveFromReplica: true })),
  dr: { ...standbySpec.dr, mode: 'warm-standby', ...dr },
});

function stack(spec: ProductionStackProps): Promise<PlanResource[]> {
  return plan(() => new ProductionStack(spec.name, spec));
}

/** Each region's target: its gateway's Network Load Balancer, read from Envoy Gateway's Service on its cluster. */
const PRIMARY_LB = mockLoadBalancerHostname(
  'shop-workloads-envoy-service',
  `envoy-gateway-system/${envoyServiceName({ name: 'shop', namespace: 'shop' })}`,
);
const STANDBY_LB = mockLoadBalancerHostname(
  'shop-standby-workloads-envoy-service',
  `envoy-gateway-system/${envoyServiceName({ name: 'shop', namespace: 'shop' })}`,
);

let planned: PlanResource[];
beforeAll(async () => {
  planned = await stack(standbySpec);
});

describe('standbyNodes', () => {
  const primary = resolveNodePool({ instanceType: 'm6i.large', desiredSize: 4, minSize: 3, maxSize: 9 }, 'aws');
  test.each([
    ["pilot-light, passive: the add-ons' nodes", 'pilot-light', false, { desiredSize: 2, minSize: 2, maxSize: 9 }],
    ['warm-standby, passive: a third, rounded up', 'warm-standby', false, { desiredSize: 2, minSize: 2, maxSize: 9 }],
    ['pilot-light, active: the primary size', 'pilot-light', true, { desiredSize: 4, minSize: 3, maxSize: 9 }],
    ['warm-standby, active: the primary size', 'warm-standby', true, { desiredSize: 4, minSize: 3, maxSize: 9 }],
  ] as const)('%s', (_, mode, active, sizes) => {
    expect(standbyNodes(primary, mode, active)).toEqual({ ...primary, ...sizes });
  });

  test.each([
    ["a warm standby of a one-node primary keeps the add-ons' nodes", 'warm-standby', 2, 2],
    ['a warm standby never exceeds the primary maximum', 'warm-standby', 1, 1],
    ['a pilot light never exceeds the primary maximum', 'pilot-light', 1, 1],
  ] as const)('%s', (_, mode, maxSize, size) => {
    const one = resolveNodePool({ desiredSize: 1, minSize: 1, maxSize }, 'aws');
    expect(standbyNodes(one, mode, false)).toMatchObject({ desiredSize: size, minSize: size });
  });
});

describe('failoverRecords', () => {
  const dns = { zoneId: 'Z1', name: 'a.example.com', targets: { 'eu-west-1': 'eu.lb', [STANDBY]: 'us.lb' }, healthCheckPath: '/readyz' };
  const roles = (activeRegion: string) => ({ primaryRegion: 'eu-west-1', region: STANDBY, activeRegion });
  const records = (active: string, passiveServes: boolean) =>
    failoverRecords(dns, roles(active), passiveServes).map((r) => [r.role, r.target]);
  test.each<[string, string, boolean, string[][]]>([
    ['the primary serves, the passive is no failover target: PRIMARY alone', 'eu-west-1', false, [['PRIMARY', 'eu.lb']]],
    [
      'the primary serves, the passive standby is a failover target: the SECONDARY',
      'eu-west-1',
      true,
      [
        ['PRIMARY', 'eu.lb'],
        ['SECONDARY', 'us.lb'],
      ],
    ],
    ['the standby serves, the old primary is no failover target: PRIMARY alone', STANDBY, false, [['PRIMARY', 'us.lb']]],
    [
      'the standby serves, the re-seeded primary region is a failover target: the roles swapped',
      STANDBY,
      true,
      [
        ['SECONDARY', 'eu.lb'],
        ['PRIMARY', 'us.lb'],
      ],
    ],
  ])('%s', (_, active, passiveServes, expected) => {
    expect(records(active, passiveServes)).toEqual(expected);
  });

  test('fails when a region has no target, even one without a record (its health check needs it)', () => {
    expect(() => failoverRecords({ ...dns, targets: {} }, roles(STANDBY), false)).toThrow(/no target for region eu-west-1/);
    expect(() => failoverRecords({ ...dns, targets: { 'eu-west-1': 'eu.lb' } }, roles('eu-west-1'), false)).toThrow(
      new RegExp(`no target for region ${STANDBY}`),
    );
  });
});

describe('the standby region', () => {
  test('the Standby component is a child of the stack, and the primary resources stay in the primary region', () => {
    expect(resource(planned, 'shop-standby', 'production-stack:aws:Standby').parent).toBe('shop');
    expect(inputs(planned, 'shop-network-vpc').region).toBe('eu-west-1');
    expect(inputs(planned, 'shop-postgres-db').region).toBe('eu-west-1');
  });

  test("every AWS resource of the standby is in the standby region, except the health alarms and their topic (us-east-1), the primary database's events and the peering's primary end", () => {
    const standby = planned.filter((r) => r.name.startsWith('shop-standby-') && r.type.startsWith('aws:'));
    const regional = standby.filter((r) => 'region' in r.inputs);
    expect(regional.length).toBeGreaterThan(40);
    const elsewhere = regional.filter((r) => r.inputs.region !== STANDBY).map((r) => [r.name, r.inputs.region]);
    expect(elsewhere.sort()).toEqual(
      [
        ['shop-standby-health', ROUTE53_METRICS_REGION],
        ['shop-standby-health-eu-west-1-alarm', ROUTE53_METRICS_REGION],
        [`shop-standby-health-${STANDBY}-alarm`, ROUTE53_METRICS_REGION],
        ['shop-standby-primary-db-events', 'eu-west-1'],
        ['shop-standby-primary-events', 'eu-west-1'],
        ['shop-standby-peering', 'eu-west-1'],
        ['shop-standby-peering-primary-1-route', 'eu-west-1'],
        ['shop-standby-peering-primary-2-route', 'eu-west-1'],
        ['shop-standby-peering-primary-3-route', 'eu-west-1'],
        ['shop-standby-peering-primary-api-ingress', 'eu-west-1'],
      ].sort(),
    );
  });

  test('its network and cluster take the primary settings but the VPC range; the pilot-light node group runs two nodes for the add-ons and is applied at every run', () => {
    expect(inputs(planned, 'shop-network-vpc').cidrBlock).toBe('10.0.0.0/16');
    expect(inputs(planned, 'shop-standby-network-vpc').cidrBlock).toBe('10.1.0.0/16');
    expect(inputs(planned, 'shop-standby-network-private-1').cidrBlock).toBe('10.1.0.0/19');
    expect(inputs(planned, 'shop-standby-cluster-eks')).toMatchObject({ name: 'shop-standby-cluster', region: STANDBY });
    const nodes = resource(planned, 'shop-standby-cluster-nodes');
    expect(nodes.inputs.scalingConfig).toEqual({ desiredSize: 2, minSize: 2, maxSize: 9 });
    expect(nodes.inputs.instanceTypes).toEqual(['m6i.xlarge']);
    expect(nodes.options.ignoreChanges).toBeUndefined();
    // The primary's node group still leaves its desired size to the autoscaler.
    expect(resource(planned, 'shop-cluster-nodes').options.ignoreChanges).toEqual(['scalingConfig.desiredSize']);
  });

  test('warm-standby runs a third of the primary nodes', async () => {
    const warm = await stack(warmSpec());
    expect(inputs(warm, 'shop-standby-cluster-nodes').scalingConfig).toEqual({ desiredSize: 2, minSize: 2, maxSize: 9 });
  });

  test('the database replica follows the primary by ARN, encrypted with its own key in the standby region, Multi-AZ, protected', () => {
    const replica = resource(planned, 'shop-standby-postgres-db', 'aws:rds/instance:Instance');
    const primary = inputs(planned, 'shop-postgres-db');
    expect(replica.parent).toBe('shop-standby-postgres');
    expect(replica.inputs).toMatchObject({
      identifier: 'shop-standby-postgres',
      replicateSourceDb: 'arn:aws:rds:eu-west-1:123456789012:db:shop-postgres',
      instanceClass: primary.instanceClass,
      storageEncrypted: true,
      multiAz: true,
      publiclyAccessible: false,
      deletionProtection: true,
      backupRetentionPeriod: primary.backupRetentionPeriod,
      skipFinalSnapshot: true,
      region: STANDBY,
    });
    expect(replica.inputs.kmsKeyId).toMatch(new RegExp(`^arn:aws:kms:${STANDBY}:`));
    expect(replica.inputs.kmsKeyId).not.toBe(primary.kmsKeyId);
    expect(replica.inputs).not.toHaveProperty('password');
    expect(replica.options.protect).toBe(true);
    expect(resource(planned, 'shop-standby-postgres-key').options.protect).toBe(true);
    expect(inputs(planned, 'shop-standby-postgres-params').parameters).toEqual(inputs(planned, 'shop-postgres-params').parameters);
    expect(inputs(planned, 'shop-standby-postgres-connection')).toMatchObject({
      name: inputs(planned, 'shop-postgres-connection').name,
      region: STANDBY,
    });
  });

  test('the standby Redis runs one node while the primary serves', () => {
    expect(inputs(planned, 'shop-standby-redis-replication-group')).toMatchObject({
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      region: STANDBY,
    });
  });

  test("the failover record of a passive pilot light: the PRIMARY CNAME alone, to the primary region's gateway; each region's host and HTTP health check", () => {
    expect(inputs(planned, 'shop-standby-record-primary')).toMatchObject({
      zoneId: 'Z0123456789ABCDEFGHIJ',
      name: 'shop.example.com',
      type: 'CNAME',
      records: [PRIMARY_LB],
      setIdentifier: 'primary',
      failoverRoutingPolicies: [{ type: 'PRIMARY' }],
    });
    // Route 53 would send clients to the standby (workloads at zero, read-only database) when the primary fails its check.
    const failover = ofType(planned, 'aws:route53/record:Record').filter((r) => r.inputs.failoverRoutingPolicies !== undefined);
    expect(failover.map((r) => r.name)).toEqual(['shop-standby-record-primary']);
    // Each region has its own host, leading to its gateway, which its health check requests
    const own = (region: string) => inputs(planned, `shop-standby-region-record-${region}`);
    expect(own('eu-west-1')).toMatchObject({ name: 'eu-west-1.shop.example.com', type: 'CNAME', records: [PRIMARY_LB] });
    expect(own(STANDBY)).toMatchObject({ name: `${STANDBY}.shop.example.com`, type: 'CNAME', records: [STANDBY_LB] });
    // Both regions stay monitored: GET the api's readiness path on port 80 with the region's host
    const checks = ofType(planned, 'aws:route53/healthCheck:HealthCheck').map((r) => [r.name, r.inputs]);
    expect(checks).toEqual([
      [
        'shop-standby-health-eu-west-1',
        expect.objectContaining({ type: 'HTTP', fqdn: 'eu-west-1.shop.example.com', port: 80, resourcePath: '/readyz' }),
      ],
      [
        `shop-standby-health-${STANDBY}`,
        expect.objectContaining({ type: 'HTTP', fqdn: `${STANDBY}.shop.example.com`, port: 80, resourcePath: '/readyz' }),
      ],
    ]);
    expect(inputs(planned, 'shop-standby-health-eu-west-1')).toMatchObject({ requestInterval: 30, failureThreshold: 3 });
    expect(resource(planned, 'shop-standby-health-eu-west-1').options.dependsOn).toContain('shop-standby-region-record-eu-west-1');
    expect(ofType(planned, 'aws:cloudwatch/metricAlarm:MetricAlarm')).toHaveLength(2);
    // a passive pilot light serves nothing, so fails its check by design: its alarm notifies nobody until it may serve
    const notifies = (p: PlanResource[]) =>
      ofType(p, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((r) => [r.name, r.inputs.actionsEnabled]);
    expect(notifies(planned)).toEqual([
      ['shop-standby-health-eu-west-1-alarm', true],
      [`shop-standby-health-${STANDBY}-alarm`, false],
    ]);
  });

  test("each region's gateway routes its own host, the health check's path only, to the service the failover name routes / to", () => {
    for (const [workloads, region] of [
      ['shop-workloads', 'eu-west-1'],
      ['shop-standby-workloads', STANDBY],
    ]) {
      const objects = planned.filter((r) => r.parent === workloads).map((r) => r.inputs as Inputs);
      const gateway = objects.find((o) => o.kind === 'Gateway');
      const host = `${region}.shop.example.com`;
      // what Route 53 requests: GET http://<region>.shop.example.com/readyz, through the region's load balancer
      expect(route(objects, gateway, 80, { host, path: '/readyz', method: 'GET' })).toEqual({
        kind: 'backends',
        route: 'shop/shop-failover-health',
        backends: [{ name: 'api', port: 8080, weight: 1 }],
      });
      // nothing else of that host, nor the other region's
      for (const request of [
        { host, path: '/', method: 'GET' },
        { host, path: '/metrics', method: 'GET' },
        { host, path: '/readyz', method: 'POST' },
        { host: `${region === STANDBY ? 'eu-west-1' : STANDBY}.shop.example.com`, path: '/readyz', method: 'GET' },
      ])
        expect([request, route(objects, gateway, 80, request).kind]).toEqual([request, 'no route']);
      // the served name still only redirects to HTTPS on port 80
      expect(route(objects, gateway, 80, { host: 'shop.example.com', path: '/readyz', method: 'GET' }).kind).toBe('redirect');
    }
  });

  test("without dr.dns.targets, each region's target is read from its gateway's Service, once its Gateway has an address", () => {
    for (const [workloads, provider] of [
      ['shop-workloads', 'shop-k8s'],
      ['shop-standby-workloads', 'shop-standby-k8s'],
    ]) {
      const gateway = resource(planned, `${workloads}-gateway-shop-shop`);
      // Pulumi waits for the load balancer's address before the Service is read
      expect(gateway.inputs.metadata.annotations['pulumi.com/waitFor']).toBe('jsonpath={.status.addresses[0].value}');
      expect(gateway.options.provider).toBe(provider);
    }
    // the EnvoyProxy keeps the chart's load balancer: no address is set on AWS
    expect(inputs(planned, 'shop-workloads-envoyproxy-shop-shop').spec.provider.kubernetes.envoyService).not.toHaveProperty(
      'loadBalancerIP',
    );
  });

  test('given targets are used as they are, and nothing is read or awaited', async () => {
    const targets = { 'eu-west-1': 'eu.lb.example.net', [STANDBY]: 'us.lb.example.net' };
    const given = await stack({ ...standbySpec, dr: { ...standbySpec.dr, dns: { ...standbySpec.dr!.dns!, targets } } });
    expect(inputs(given, 'shop-standby-record-primary').records).toEqual(['eu.lb.example.net']);
    expect(inputs(given, `shop-standby-region-record-${STANDBY}`).records).toEqual(['us.lb.example.net']);
    expect(inputs(given, 'shop-workloads-gateway-shop-shop').metadata.annotations).not.toHaveProperty('pulumi.com/waitFor');
  });

  test('one given target: the other region still gets its gateway address', async () => {
    const partial = await stack(warmSpec({ dns: { ...standbySpec.dr!.dns!, targets: { [STANDBY]: 'us.lb.example.net' } } }));
    expect(inputs(partial, 'shop-standby-record-primary').records).toEqual([PRIMARY_LB]);
    expect(inputs(partial, 'shop-standby-record-secondary').records).toEqual(['us.lb.example.net']);
  });

  test('the failover records of a warm standby: PRIMARY to the primary region, SECONDARY to the standby, each with its health check', async () => {
    const warm = await stack(warmSpec());
    const record = (role: string) => inputs(warm, `shop-standby-record-${role}`);
    expect(record('primary')).toMatchObject({ records: [PRIMARY_LB], failoverRoutingPolicies: [{ type: 'PRIMARY' }] });
    expect(record('secondary')).toMatchObject({
      name: 'shop.example.com',
      type: 'CNAME',
      records: [STANDBY_LB],
      setIdentifier: 'secondary',
      failoverRoutingPolicies: [{ type: 'SECONDARY' }],
    });
    // the mocks' IDs start with the logical name
    expect(record('primary').healthCheckId).toMatch(/^shop-standby-health-eu-west-1-[0-9a-f]+$/);
    expect(record('secondary').healthCheckId).toMatch(new RegExp(`^shop-standby-health-${STANDBY}-[0-9a-f]+$`));
    // both may serve: both alarms notify
    for (const r of ofType(warm, 'aws:cloudwatch/metricAlarm:MetricAlarm'))
      expect([r.name, r.inputs.actionsEnabled]).toEqual([r.name, true]);
  });

  test("notifications: each region's database events and the health alarms go to SNS topics", () => {
    expect(inputs(planned, 'shop-standby-events')).toMatchObject({ name: 'shop-dr-events', region: STANDBY });
    expect(inputs(planned, 'shop-standby-health')).toMatchObject({ name: 'shop-dr-health', region: ROUTE53_METRICS_REGION });
    expect(inputs(planned, 'shop-standby-db-events')).toMatchObject({
      sourceType: 'db-instance',
      sourceIds: ['shop-standby-postgres'],
      snsTopic: `arn:aws:sns:${STANDBY}:123456789012:shop-dr-events`,
    });
    // the primary database's events (a failback's promotion) go to the topic of the same name in its region
    expect(inputs(planned, 'shop-standby-primary-events')).toMatchObject({ name: 'shop-dr-events', region: 'eu-west-1' });
    expect(inputs(planned, 'shop-standby-primary-db-events')).toMatchObject({
      sourceType: 'db-instance',
      sourceIds: ['shop-postgres'],
      snsTopic: 'arn:aws:sns:eu-west-1:123456789012:shop-dr-events',
      region: 'eu-west-1',
    });
    expect(inputs(planned, 'shop-standby-primary-db-events').eventCategories).toContain('read replica');
    const alarm = inputs(planned, 'shop-standby-health-eu-west-1-alarm');
    expect(alarm).toMatchObject({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', comparisonOperator: 'LessThanThreshold' });
    expect(alarm.alarmActions).toEqual([`arn:aws:sns:${ROUTE53_METRICS_REGION}:123456789012:shop-dr-health`]);
  });

  test('without dr.dns there are no records, health checks or alarms', async () => {
    const noDns = await stack({ ...fixture, dr: { standbyRegion: STANDBY } });
    const types = new Set(noDns.map((r) => r.type));
    expect([...types].filter((t) => /route53|metricAlarm/.test(t))).toEqual([]);
    expect(names(noDns)).toContain('shop-standby-events');
  });

  test('without dr.standbyRegion there is no standby', () => {
    return stack(fixture).then((p) => expect(ofType(p, 'production-stack:aws:Standby')).toEqual([]));
  });
});

describe("the peering of the two VPCs: a deployer inside either reaches both clusters' private API endpoints", () => {
  test('requested from the primary region, accepted in the standby region', () => {
    const connection = resource(planned, 'shop-standby-peering', 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection');
    expect(connection.inputs).toMatchObject({ region: 'eu-west-1', peerRegion: STANDBY });
    // a cross-region request cannot accept itself
    expect(connection.inputs.autoAccept).toBeUndefined();
    expect(connection.dependencies).toEqual(expect.arrayContaining(['shop-network-vpc', 'shop-standby-network-vpc']));
    const accepter = resource(
      planned,
      'shop-standby-peering-accepter',
      'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter',
    );
    expect(accepter.inputs).toMatchObject({ region: STANDBY, autoAccept: true });
    expect(accepter.dependencies).toContain('shop-standby-peering');
  });

  test.each([
    ['primary', 'shop-network', 'eu-west-1', '10.1.0.0/16'],
    ['standby', 'shop-standby-network', STANDBY, '10.0.0.0/16'],
  ])("every private route table of the %s VPC routes the other's range through the accepted connection", (role, network, region, other) => {
    for (const zone of [1, 2, 3]) {
      const route = resource(planned, `shop-standby-peering-${role}-${zone}-route`, 'aws:ec2/route:Route');
      expect(route.inputs).toMatchObject({ destinationCidrBlock: other, region });
      expect(route.dependencies).toEqual(expect.arrayContaining([`${network}-private-${zone}-rt`, 'shop-standby-peering-accepter']));
    }
    // the public subnets (NAT gateways, load balancers) do not reach the other VPC
    const peered = ofType(planned, 'aws:ec2/route:Route').filter((r) => r.dependencies.includes(`${network}-public-rt`));
    expect(peered.map((r) => r.inputs.destinationCidrBlock)).toEqual(['0.0.0.0/0']);
  });

  test.each([
    ['primary', 'shop-cluster-eks', 'eu-west-1', '10.1.0.0/16'],
    ['standby', 'shop-standby-cluster-eks', STANDBY, '10.0.0.0/16'],
  ])("the %s cluster's security group admits the other VPC on TCP 443 only", (role, cluster, region, other) => {
    const rule = resource(planned, `shop-standby-peering-${role}-api-ingress`, 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule');
    expect(rule.inputs).toMatchObject({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: other, region });
    expect(rule.dependencies).toContain(cluster);
  });

  test('dr.aws.standbyNetworkCidr is the standby VPC and the peered range', async () => {
    const given = await stack({
      ...standbySpec,
      cluster: { networkCidr: '10.8.0.0/16' },
      dr: { ...standbySpec.dr, aws: { standbyNetworkCidr: '172.20.0.0/16' } },
    });
    expect(inputs(given, 'shop-standby-network-vpc').cidrBlock).toBe('172.20.0.0/16');
    expect(inputs(given, 'shop-standby-peering-primary-1-route').destinationCidrBlock).toBe('172.20.0.0/16');
    expect(inputs(given, 'shop-standby-peering-standby-1-route').destinationCidrBlock).toBe('10.8.0.0/16');
    expect(inputs(given, 'shop-standby-peering-standby-api-ingress').cidrIpv4).toBe('10.8.0.0/16');
  });

  test('the component refuses a standby network overlapping the primary (AWS refuses to peer them)', async () => {
    const program = () => {
      const network = new aws.Network('p-network', { region: 'eu-west-1' });
      const cluster = new aws.Cluster('p-cluster', { network, region: 'eu-west-1' });
      new aws.Standby('p-standby', {
        region: STANDBY,
        primaryRegion: 'eu-west-1',
        network: { cidr: '10.0.128.0/17' },
        primary: { network, cluster },
      });
    };
    await expect(plan(program)).rejects.toThrow(
      'the standby network 10.0.128.0/17 overlaps the primary network 10.0.0.0/16: peered VPCs need distinct ranges',
    );
  });
});

describe('other hosts that fail over with the name (dr.dns.hosts)', () => {
  const hooks = withFailoverHost(standbySpec, 'hooks.example.com');
  let withHosts: PlanResource[];
  beforeAll(async () => {
    withHosts = await stack(hooks);
  });

  test("each gets the name's failover records: the same target, the same health check", () => {
    const own = inputs(withHosts, 'shop-standby-record-primary');
    const other = inputs(withHosts, 'shop-standby-record-primary-hooks.example.com');
    expect(own.name).toBe('shop.example.com');
    expect(other).toEqual({ ...own, name: 'hooks.example.com' });
  });

  test('and its certificate through DNS-01 in both regions: the issuers solve it, the role may write its challenge', () => {
    for (const addons of ['shop-addons', 'shop-standby-addons']) {
      const statement = JSON.parse(inputs(withHosts, `${addons}-cert-manager-policy`).policy).Statement[0];
      expect(statement.Condition['ForAllValues:StringEquals']['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual([
        '_acme-challenge.hooks.example.com',
        '_acme-challenge.shop.example.com',
      ]);
      expect(JSON.stringify(inputs(withHosts, `${addons}-issuer-letsencrypt-prod`))).toContain('hooks.example.com');
    }
  });

  test('validation: a host that is the name, routed nowhere, or twice; the corrected list passes', async () => {
    const { check } = await import('../../lib/core');
    const problems = (hosts: string[]) =>
      check({ ...hooks, dr: { ...hooks.dr, dns: { ...hooks.dr!.dns!, hosts } } }).map((p) => `${p.path}: ${p.rule}`);
    expect(problems(['shop.example.com', 'www.example.com', 'hooks.example.com', 'hooks.example.com'])).toEqual([
      'dr.dns.hosts[0]: "shop.example.com" is dr.dns.name itself: list the other hosts only',
      'dr.dns.hosts[1]: "www.example.com" is the host of no route: a host that fails over must be served by both regions',
      'dr.dns.hosts: host "hooks.example.com" is used more than once',
    ]);
    expect(problems(['hooks.example.com'])).toEqual([]);
  });
});
