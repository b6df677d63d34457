/**
 * Declarative failover on GCP: plans of the GCP fixture with a standby region,
 * before and after flipping `dr.activeRegion`. The standby lives in the
 * stack's global VPC (a subnet of its own, ranges overlapping none of the
 * primary's); the flip promotes the Cloud SQL replica, points the Cloud DNS
 * record at the standby, scales the standby's node pool and workloads up and
 * the primary's down, keeps every name, and changes no input that would
 * replace a resource. Under Pulumi's mocks: no GCP project here.
 */
import type { ProductionStackProps } from 'production-stack';
import { overlaps, parseCidr } from '../../lib/core/cidr';
import { validate } from '../../lib/core';
import { MOCK_GCP_PROJECT, type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { SCALED_KINDS } from '../../lib/stack/workloads';
import { probeRegions } from '../../lib/gcp';
import { spec as fixture } from '../fixtures/pulumi-gcp/spec';
import { type Inputs, identities, inputs, ofType, resource, replacementInputs, withFailoverHost } from '../support/plan';
import { GCP_FORCE_NEW } from '../support/force-new';

const PRIMARY = 'europe-west1';
const STANDBY = 'europe-west4';
const IPS = { [PRIMARY]: '203.0.113.10', [STANDBY]: '198.51.100.20' };

const spec = (dr: Partial<NonNullable<ProductionStackProps['dr']>> = {}): ProductionStackProps => ({
  ...fixture,
  // the api only reads: a warm standby serves it from the replica
  services: fixture.services.map((s) => ({
    ...s,
    route: { host: 'shop.example.com' },
    ...(dr.mode === 'warm-standby' ? { serveFromReplica: true } : {}),
  })),
  dr: { standbyRegion: STANDBY, dns: { zoneId: 'example-com', name: 'shop.example.com', targets: IPS }, ...dr },
});

const stack = (s: ProductionStackProps): Promise<PlanResource[]> => plan(() => new ProductionStack(s.name, s));

/** Replacement-triggering inputs of every resource, by name. */
const pinned = (resources: readonly PlanResource[]) => replacementInputs(resources, GCP_FORCE_NEW);

/** Replica counts of a cluster's Deployments (`shop-workloads` or `shop-standby-workloads`). */
function replicas(planned: readonly PlanResource[], parent: string): Record<string, unknown> {
  return Object.fromEntries(
    (planned.filter((x) => x.parent === parent && x.inputs.kind === 'Deployment') as (PlanResource & { inputs: Inputs })[]).map((r) => [
      r.inputs.metadata.name,
      r.inputs.spec.replicas,
    ]),
  );
}

let before: PlanResource[];
let after: PlanResource[];
let warm: PlanResource[];
beforeAll(async () => {
  [before, after, warm] = await Promise.all([stack(spec()), stack(spec({ activeRegion: STANDBY })), stack(spec({ mode: 'warm-standby' }))]);
});

test('the spec is valid on GCP with a standby region, a mode, an active region and Cloud DNS', () => {
  expect(() => validate(spec({ activeRegion: STANDBY, mode: 'warm-standby' }))).not.toThrow();
});

test('the standby is a subnet, router and NAT of the same VPC in the standby region, overlapping none of its ranges', () => {
  const subnets = ofType(before, 'gcp:compute/subnetwork:Subnetwork');
  expect(subnets.map((s) => [s.name, s.inputs.region])).toEqual([
    ['shop-network-subnet', PRIMARY],
    ['shop-standby-network-subnet', STANDBY],
  ]);
  const [primary, standby] = subnets.map((s) => s.inputs);
  expect(standby.network).toBe(primary.network);
  const ranges = (s: Inputs): string[] => [s.ipCidrRange, ...s.secondaryIpRanges.map((r: Inputs) => r.ipCidrRange)];
  const psa = inputs(before, 'shop-network-private-services-range');
  const taken = [...ranges(primary), `${psa.address}/${psa.prefixLength}`].map(parseCidr);
  for (const r of ranges(standby).map(parseCidr)) expect(taken.filter((t) => overlaps(t, r))).toEqual([]);
  expect(inputs(before, 'shop-standby-network-nat').region).toBe(STANDBY);
  expect(inputs(before, 'shop-standby-cluster-gke')).toMatchObject({ location: STANDBY, network: primary.network });
});

test("a deployer in either region's subnet reaches both clusters: each admits both subnets, and from the other region through global access", () => {
  const [primary, standby] = ['shop-network-subnet', 'shop-standby-network-subnet'].map((s) => inputs(before, s).ipCidrRange);
  for (const [cluster, own, other, otherRegion] of [
    ['shop-cluster-gke', primary, standby, STANDBY],
    ['shop-standby-cluster-gke', standby, primary, PRIMARY],
  ]) {
    expect(inputs(before, cluster)).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: true } },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [
          { cidrBlock: own, displayName: 'subnet' },
          { cidrBlock: other, displayName: `subnet-${otherRegion}` },
        ],
        gcpPublicCidrsAccessEnabled: false,
      },
    });
  }
});

test('the Cloud SQL replica follows the primary, without backups, until the flip promotes it', () => {
  const was = inputs(before, 'shop-standby-postgres-instance');
  const now = inputs(after, 'shop-standby-postgres-instance');
  const primary = inputs(before, 'shop-postgres-instance');
  expect(was).toMatchObject({ instanceType: 'READ_REPLICA_INSTANCE', region: STANDBY, databaseVersion: primary.databaseVersion });
  expect(was.masterInstanceName).toMatch(/^shop-postgres-instance/);
  expect(was.settings.backupConfiguration).toMatchObject({ enabled: false, pointInTimeRecoveryEnabled: false });
  // Cloud SQL refuses a maintenance window on a read replica (it is maintained with its primary)
  expect(was.settings).not.toHaveProperty('maintenanceWindow');
  // the replica matches the primary: tier, network, TLS, flags (max_connections at least the primary's)
  for (const key of ['tier', 'availabilityType', 'ipConfiguration', 'databaseFlags'])
    expect(was.settings[key]).toEqual(primary.settings[key]);
  expect(now.instanceType).toBe('CLOUD_SQL_INSTANCE');
  expect(now).not.toHaveProperty('masterInstanceName');
  expect(now.settings.backupConfiguration).toMatchObject({ enabled: true, pointInTimeRecoveryEnabled: true });
  expect(now.settings.maintenanceWindow).toEqual(primary.settings.maintenanceWindow);
  expect(resource(after, 'shop-standby-postgres-instance').options.protect).toBe(true);
  expect(now.deletionProtection).toBe(true);
});

test("the standby's datastores write regional secrets under the primary's IDs, which the standby's store reads", () => {
  const global = ofType(before, 'gcp:secretmanager/secret:Secret').map((s) => s.inputs.secretId);
  const regional = ofType(before, 'gcp:secretmanager/regionalSecret:RegionalSecret').map((s) => [s.inputs.secretId, s.inputs.location]);
  expect(regional).toEqual(global.map((id) => [id, STANDBY]));
  expect(regional.map(([id]) => id)).toEqual(['shop-production-postgres', 'shop-production-redis']);
  const stores = ofType(before, 'kubernetes:external-secrets.io/v1:ClusterSecretStore').map((s) => [s.name, s.inputs.spec.provider.gcpsm]);
  expect(stores).toEqual([
    ['shop-addons-secret-store', expect.not.objectContaining({ location: expect.anything() })],
    ['shop-standby-addons-secret-store', expect.objectContaining({ location: STANDBY })],
  ]);
  expect(stores[1][1].auth.workloadIdentity.clusterLocation).toBe(STANDBY);
  const condition = inputs(before, 'shop-standby-addons-external-secrets-secret-accessor').condition.expression as string;
  expect(condition).toContain(`/locations/${STANDBY}/secrets/shop-production-`);
});

test('DNS: a pilot light gets no traffic before the flip; the flip points the record at the standby', () => {
  const record = (p: PlanResource[]) => inputs(p, 'shop-standby-record');
  expect(record(before)).toMatchObject({
    managedZone: 'example-com',
    name: 'shop.example.com.',
    type: 'A',
    ttl: 60,
    rrdatas: [IPS[PRIMARY]],
  });
  expect(record(before)).not.toHaveProperty('routingPolicy');
  // after the flip the old primary's database has diverged: no failover towards it either
  expect(record(after)).toMatchObject({ rrdatas: [IPS[STANDBY]] });
  expect(record(after)).not.toHaveProperty('routingPolicy');
});

test("DNS: a warm standby is the backup of the primary, health-checked over HTTPS from three regions on the routed service's readiness path", () => {
  const r = inputs(warm, 'shop-standby-record');
  expect(r).not.toHaveProperty('rrdatas');
  expect(r.routingPolicy.primaryBackup).toEqual({
    primary: { externalEndpoints: [IPS[PRIMARY]] },
    backupGeos: [{ location: STANDBY, healthCheckedTargets: { externalEndpoints: [IPS[STANDBY]] } }],
    trickleRatio: 0,
  });
  const check = inputs(warm, 'shop-standby-health');
  expect(r.routingPolicy.healthCheck).toMatch(/^shop-standby-health/);
  // the fixture's api has the default readiness probe, GET /readyz, and its route serves shop.example.com at /
  expect(check).toMatchObject({ checkIntervalSec: 30, httpsHealthCheck: { port: 443, requestPath: '/readyz', host: 'shop.example.com' } });
  expect(check.sourceRegions).toEqual([PRIMARY, STANDBY, 'us-central1']);
  expect(probeRegions('us-central1', 'europe-west1')).toEqual(['us-central1', 'europe-west1', 'asia-east1']);
});

describe("without dr.dns.targets: a static address reserved for each region's gateway", () => {
  const noTargets = (dr: Partial<NonNullable<ProductionStackProps['dr']>> = {}) =>
    spec({ dns: { zoneId: 'example-com', name: 'shop.example.com' }, ...dr });
  let reserved: PlanResource[];
  let flipped: PlanResource[];
  let warmReserved: PlanResource[];
  beforeAll(async () => {
    [reserved, flipped, warmReserved] = await Promise.all([
      stack(noTargets()),
      stack(noTargets({ activeRegion: STANDBY })),
      stack(noTargets({ mode: 'warm-standby' })),
    ]);
  });
  const loadBalancerIP = (p: PlanResource[], workloads: string) =>
    inputs(p, `${workloads}-envoyproxy-shop-shop`).spec.provider.kubernetes.envoyService.loadBalancerIP;

  test('a regional, external, premium IPv4 address per region, protected, named after the stack and region', () => {
    for (const region of [PRIMARY, STANDBY]) {
      const r = resource(reserved, `shop-standby-address-${region}`, 'gcp:compute/address:Address');
      expect(r.inputs).toMatchObject({
        name: `shop-standby-gateway-${region}`,
        region,
        addressType: 'EXTERNAL',
        networkTier: 'PREMIUM',
        ipVersion: 'IPV4',
      });
      expect(r.options.protect).toBe(true);
      expect(r.parent).toBe('shop-standby');
    }
  });

  test("each region's address flows to the failover record and to that region's gateway load balancer", () => {
    // (the plan records inputs: an address's value is an output, seen where it arrives)
    const [primaryIp, standbyIp] = [loadBalancerIP(reserved, 'shop-workloads'), loadBalancerIP(reserved, 'shop-standby-workloads')];
    expect(primaryIp).toMatch(/^203\.0\.113\.\d+$/);
    expect(standbyIp).toMatch(/^203\.0\.113\.\d+$/);
    expect(primaryIp).not.toBe(standbyIp);
    expect(inputs(reserved, 'shop-standby-record').rrdatas).toEqual([primaryIp]);
    expect(inputs(flipped, 'shop-standby-record').rrdatas).toEqual([standbyIp]);
    expect(inputs(warmReserved, 'shop-standby-record').routingPolicy.primaryBackup).toEqual({
      primary: { externalEndpoints: [primaryIp] },
      backupGeos: [{ location: STANDBY, healthCheckedTargets: { externalEndpoints: [standbyIp] } }],
      trickleRatio: 0,
    });
    expect(resource(reserved, 'shop-standby-record').dependencies).toContain(`shop-standby-address-${PRIMARY}`);
    expect(resource(warmReserved, 'shop-standby-record').dependencies).toEqual(
      expect.arrayContaining([`shop-standby-address-${PRIMARY}`, `shop-standby-address-${STANDBY}`]),
    );
    expect(resource(reserved, 'shop-workloads-envoyproxy-shop-shop').dependencies).toContain(`shop-standby-address-${PRIMARY}`);
    expect(resource(reserved, 'shop-standby-workloads-envoyproxy-shop-shop').dependencies).toContain(`shop-standby-address-${STANDBY}`);
  });

  test('the flip moves the record only: the addresses and the gateways keep theirs', () => {
    expect(identities(flipped)).toEqual(identities(reserved));
    expect(pinned(flipped)).toEqual(pinned(reserved));
    for (const workloads of ['shop-workloads', 'shop-standby-workloads']) {
      expect(loadBalancerIP(flipped, workloads)).toBe(loadBalancerIP(reserved, workloads));
    }
  });

  test("given targets reserve nothing: the chart gives each gateway its region's address", () => {
    expect(ofType(before, 'gcp:compute/address:Address')).toEqual([]);
    expect(loadBalancerIP(before, 'shop-workloads')).toBe(IPS[PRIMARY]);
    expect(loadBalancerIP(before, 'shop-standby-workloads')).toBe(IPS[STANDBY]);
  });
});

test('the standby scales to the primary size: node pool floor and workloads; the primary scales down', () => {
  const floor = (p: PlanResource[], name: string) => inputs(p, name).autoscaling;
  const primary = floor(before, 'shop-cluster-nodes');
  expect(floor(before, 'shop-standby-cluster-nodes')).toEqual({ ...primary, totalMinNodeCount: 2 });
  expect(floor(after, 'shop-standby-cluster-nodes')).toEqual(primary);
  // the datastores' exporters run in both regions, whichever serves
  const exporters = { 'shop-postgres-exporter': 1, 'shop-redis-exporter': 1 };
  expect(replicas(before, 'shop-workloads')).toEqual({ api: 3, ...exporters });
  expect(replicas(before, 'shop-standby-workloads')).toEqual({ api: 0, ...exporters });
  expect(replicas(after, 'shop-workloads')).toEqual({ api: 0, ...exporters });
  expect(replicas(after, 'shop-standby-workloads')).toEqual({ api: 3, ...exporters });
  // Memorystore cannot change tier in place: the standby's is the primary's at all times (it starts cold)
  const redis = (p: PlanResource[], name: string) => [inputs(p, name).tier, inputs(p, name).memorySizeGb];
  expect(redis(before, 'shop-standby-redis-instance')).toEqual(redis(before, 'shop-redis-instance'));
});

test("the backups' Google service account serves both clusters (one Workload Identity pool), with a dual-region bucket", () => {
  const sa = (parent: string) =>
    (before.filter((r) => r.parent === parent && r.inputs.kind === 'ServiceAccount') as (PlanResource & { inputs: Inputs })[]).find(
      (r) => r.inputs.metadata.name === 'shop-backup',
    )?.inputs.metadata.annotations;
  expect(sa('shop-workloads')['iam.gke.io/gcp-service-account']).toBeDefined();
  expect(sa('shop-standby-workloads')).toEqual(sa('shop-workloads'));
});

test("both databases' events go to a Pub/Sub topic through a log sink allowed to publish", () => {
  expect(inputs(before, 'shop-standby-events').name).toBe('shop-dr-events');
  const sink = inputs(before, 'shop-standby-db-events');
  expect(sink.filter).toContain('resource.type="cloudsql_database"');
  // the standby's (a failover's promotion) and the primary's (a failback's), by their generated instance names
  const id = (instance: string) => `resource\\.labels\\.database_id="${MOCK_GCP_PROJECT}:${instance}-[0-9a-f]+"`;
  expect(sink.filter).toMatch(new RegExp(`AND \\(${id('shop-standby-postgres-instance')} OR ${id('shop-postgres-instance')}\\) AND`));
  expect(sink.filter).toContain('cloudaudit.googleapis.com%2Factivity');
  expect(inputs(before, 'shop-standby-events-publisher').role).toBe('roles/pubsub.publisher');
});

test('the flip keeps every name and changes no input that replaces a resource, either way', () => {
  expect(identities(after)).toEqual(identities(before));
  expect(pinned(after)).toEqual(pinned(before));
  const protectedNames = before.filter((r) => r.options.protect).map((r) => r.name);
  expect(protectedNames).toEqual(expect.arrayContaining(['shop-standby-postgres-instance', 'shop-standby-redis-instance']));
  for (const name of protectedNames) expect(Object.keys(pinned(before))).toContain(name);
});

test('the failover record and the objects a flip sizes, on both clusters, wait for both databases', () => {
  const databases = ['shop-postgres-instance', 'shop-standby-postgres-instance'];
  const sized = before.filter(
    (r) => (r.parent === 'shop-workloads' || r.parent === 'shop-standby-workloads') && SCALED_KINDS.includes(r.inputs.kind as string),
  );
  expect(sized.length).toBeGreaterThan(3);
  for (const r of [resource(before, 'shop-standby-record'), ...sized]) {
    expect([r.name, databases.filter((d) => r.dependencies.includes(d))]).toEqual([r.name, databases]);
  }
});

test('another host that fails over with the name (dr.dns.hosts): the same routing policy and check, a challenge CNAME of its own', async () => {
  const hooks = withFailoverHost(spec({ mode: 'warm-standby' }), 'hooks.example.com');
  const planned = await stack(hooks);
  const own = inputs(planned, 'shop-standby-record');
  expect(inputs(planned, 'shop-standby-record-hooks.example.com')).toEqual({ ...own, name: 'hooks.example.com.' });
  expect(own.routingPolicy.primaryBackup).toBeDefined();
  // its DNS-01 challenge leads into the challenge zone, as the name's does
  expect(inputs(planned, 'shop-acme-cname-hooks.example.com')).toMatchObject({ name: '_acme-challenge.hooks.example.com.', type: 'CNAME' });
});
