/**
 * Declarative failover: two plans of the same spec, with `dr.activeRegion` the
 * primary region and then the standby region. The flip must promote the
 * replica, move the PRIMARY failover record to the standby (with no SECONDARY
 * record on either side: a passive pilot light gets no traffic, nor does the
 * old primary, whose database diverges from the promoted one), scale the
 * standby to the primary's size (and the primary's workloads down), keep every
 * resource name, and change no input that would replace a protected resource
 * (or anything in the primary region). The failback plans the same two specs
 * the other way round.
 */
import type { ProductionStackProps } from 'production-stack';
import { type PlanResource, mockLoadBalancerHostname, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-aws/spec';
import { identities, inputs, ofType, resource, replacementInputs } from '../support/plan';
import { AWS_FORCE_NEW } from '../support/force-new';
import { envoyServiceName } from 'production-stack/core/edge';

const PRIMARY = 'eu-west-1';
const STANDBY = 'us-east-2';

const spec = (activeRegion?: string): ProductionStackProps => ({
  ...fixture,
  services: fixture.services.map((s) => ({ ...s, route: { host: 'shop.example.com' } })),
  dr: {
    standbyRegion: STANDBY,
    ...(activeRegion ? { activeRegion } : {}),
    dns: { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' },
  },
});

const stack = (s: ProductionStackProps): Promise<PlanResource[]> => plan(() => new ProductionStack(s.name, s));

/** Each region's target without `dr.dns.targets`: its gateway's Network Load Balancer, read from Envoy Gateway's Service. */
const TARGET: Record<string, string> = {
  [PRIMARY]: mockLoadBalancerHostname(
    'shop-workloads-envoy-service',
    `envoy-gateway-system/${envoyServiceName({ name: 'shop', namespace: 'shop' })}`,
  ),
  [STANDBY]: mockLoadBalancerHostname(
    'shop-standby-workloads-envoy-service',
    `envoy-gateway-system/${envoyServiceName({ name: 'shop', namespace: 'shop' })}`,
  ),
};

/** Replacement-triggering inputs of every resource, by name. */
const pinned = (resources: readonly PlanResource[]) => replacementInputs(resources, AWS_FORCE_NEW);

let before: PlanResource[];
let after: PlanResource[];
beforeAll(async () => {
  [before, after] = await Promise.all([stack(spec(PRIMARY)), stack(spec(STANDBY))]);
});

test('activeRegion defaults to the primary region', async () => {
  const implicit = await stack(spec());
  expect(implicit.map((r) => [r.name, r.inputs])).toEqual(before.map((r) => [r.name, r.inputs]));
});

test('the replica is promoted: no replication source, a final snapshot on deletion, the same identifier and key', () => {
  const was = inputs(before, 'shop-standby-postgres-db');
  const now = inputs(after, 'shop-standby-postgres-db');
  expect(was.replicateSourceDb).toBe(`arn:aws:rds:${PRIMARY}:123456789012:db:shop-postgres`);
  expect(now).not.toHaveProperty('replicateSourceDb');
  expect(now).toMatchObject({ skipFinalSnapshot: false, finalSnapshotIdentifier: 'shop-standby-postgres-final' });
  expect(now.backupRetentionPeriod).toBeGreaterThan(0);
  expect([now.identifier, now.kmsKeyId, now.dbSubnetGroupName]).toEqual([was.identifier, was.kmsKeyId, was.dbSubnetGroupName]);
});

test('DNS: the PRIMARY record moves to the standby target, and the old primary gets no SECONDARY record; no record changes its type', () => {
  // Route 53 refuses a record turning PRIMARY while another still is: only targets (and health checks) may move
  const roles = (p: PlanResource[]) =>
    ofType(p, 'aws:route53/record:Record')
      .filter((r) => r.inputs.setIdentifier !== undefined)
      .map((r) => [r.name, r.inputs.setIdentifier, r.inputs.failoverRoutingPolicies, r.inputs.records]);
  // a passive pilot light gets no traffic; after the flip, the old primary's database is stale and writable
  expect(roles(before)).toEqual([['shop-standby-record-primary', 'primary', [{ type: 'PRIMARY' }], [TARGET[PRIMARY]]]]);
  expect(roles(after)).toEqual([['shop-standby-record-primary', 'primary', [{ type: 'PRIMARY' }], [TARGET[STANDBY]]]]);
  // the record carries the health check of the region it points at
  expect(inputs(before, 'shop-standby-record-primary').healthCheckId).toMatch(new RegExp(`^shop-standby-health-${PRIMARY}-`));
  expect(inputs(after, 'shop-standby-record-primary').healthCheckId).toMatch(new RegExp(`^shop-standby-health-${STANDBY}-`));
  // both regions keep their health check (and alarm) either way
  const checks = (p: PlanResource[]) => ofType(p, 'aws:route53/healthCheck:HealthCheck').map((r) => r.name);
  expect(checks(after)).toEqual(checks(before));
  expect(checks(before)).toHaveLength(2);
});

test('a warm standby: the flip deletes its SECONDARY record (a DNS record, neither protected nor retained); the failback adds it again', async () => {
  const warm = (activeRegion: string): ProductionStackProps => {
    const s = spec(activeRegion);
    // the api only reads: it serves from the warm standby's replica
    return { ...s, services: s.services.map((x) => ({ ...x, serveFromReplica: true })), dr: { ...s.dr!, mode: 'warm-standby' } };
  };
  const [passive, active] = await Promise.all([stack(warm(PRIMARY)), stack(warm(STANDBY))]);
  const targets = (p: PlanResource[]) =>
    ofType(p, 'aws:route53/record:Record')
      .filter((r) => r.inputs.failoverRoutingPolicies !== undefined)
      .map((r) => [r.name, r.inputs.failoverRoutingPolicies, r.inputs.records]);
  expect(targets(passive)).toEqual([
    ['shop-standby-record-primary', [{ type: 'PRIMARY' }], [TARGET[PRIMARY]]],
    ['shop-standby-record-secondary', [{ type: 'SECONDARY' }], [TARGET[STANDBY]]],
  ]);
  expect(targets(active)).toEqual([['shop-standby-record-primary', [{ type: 'PRIMARY' }], [TARGET[STANDBY]]]]);
  const deleted = identities(passive).filter(([t, n]) => !identities(active).some(([t2, n2]) => t === t2 && n === n2));
  expect(deleted).toEqual([['aws:route53/record:Record', 'shop-standby-record-secondary']]);
  expect(identities(active).filter(([t, n]) => !identities(passive).some(([t2, n2]) => t === t2 && n === n2))).toEqual([]);
  const record = resource(passive, 'shop-standby-record-secondary');
  expect(record.options.protect).toBeFalsy();
  expect(record.options.retainOnDelete).toBeFalsy();
});

test('the standby scales to the primary size: nodes and Redis', () => {
  const primaryNodes = inputs(after, 'shop-cluster-nodes').scalingConfig;
  expect(inputs(before, 'shop-standby-cluster-nodes').scalingConfig).toEqual({ ...primaryNodes, desiredSize: 2, minSize: 2 });
  expect(inputs(after, 'shop-standby-cluster-nodes').scalingConfig).toEqual(primaryNodes);
  const redis = (p: PlanResource[]) => {
    const i = inputs(p, 'shop-standby-redis-replication-group');
    return [i.numCacheClusters, i.automaticFailoverEnabled, i.multiAzEnabled];
  };
  const primaryRedis = inputs(after, 'shop-redis-replication-group');
  expect(redis(before)).toEqual([1, false, false]);
  expect(redis(after)).toEqual([primaryRedis.numCacheClusters, true, true]);
});

test('the flip and the failback keep every name and type: nothing is created or deleted', () => {
  expect(identities(after)).toEqual(identities(before));
});

test('no resource changes an input that replaces it, protected or not, either way', () => {
  // Every resource of the passive plan keeps its replacement-triggering inputs through the flip (and back).
  expect(pinned(after)).toEqual(pinned(before));
  // The comparison covers every protected resource.
  const protectedNames = (p: PlanResource[]) => p.filter((r) => r.options.protect).map((r) => r.name);
  expect(protectedNames(before)).toEqual(
    expect.arrayContaining([
      'shop-postgres-db',
      'shop-postgres-key',
      'shop-standby-postgres-db',
      'shop-standby-postgres-key',
      'shop-backups-bucket',
    ]),
  );
  expect(protectedNames(after)).toEqual(protectedNames(before));
  for (const name of protectedNames(before)) {
    const r = resource(before, name);
    if (r.type.startsWith('aws:')) expect([name, AWS_FORCE_NEW[r.type] !== undefined]).toEqual([name, true]);
  }
});

test('nothing in the primary region changes but the size of its workloads', () => {
  // The primary's Deployments go to 0 replicas and its CronJobs are suspended (test/stack/standby-workloads.test.ts);
  // its PostgreSQL bootstrap Job carries the cluster's new role (which runs it again, idempotent, on its database),
  // and the workloads whose replicas are set force them (pulumi.com/patchForce: an autoscaler may own them).
  const unsized = (given: PlanResource['inputs']) => {
    const metadata = (given as { metadata?: { annotations?: Record<string, string> } }).metadata;
    const { 'pulumi.com/patchForce': _force, ...kept } = metadata?.annotations ?? {};
    const { annotations: _annotations, ...bare } = metadata ?? {};
    const inputs = metadata?.annotations
      ? { ...given, metadata: Object.keys(kept).length > 0 ? { ...bare, annotations: kept } : bare }
      : given;
    const spec = (inputs as { spec?: Record<string, unknown> }).spec;
    if (spec === undefined) return inputs;
    const { replicas: _replicas, suspend: _suspend, ...rest } = spec;
    const template = rest.template as { metadata?: { annotations?: Record<string, string> } } | undefined;
    const role = template?.metadata?.annotations?.['production-stack/cluster-role'];
    if (role !== undefined) {
      const { 'production-stack/cluster-role': _role, ...annotations } = template!.metadata!.annotations!;
      return { ...inputs, spec: { ...rest, template: { ...template, metadata: { ...template!.metadata, annotations } } } };
    }
    return { ...inputs, spec: rest };
  };
  const primary = (p: PlanResource[]) =>
    p
      .filter((r) => !r.name.startsWith('shop-standby'))
      .map((r) => [r.name, r.parent === 'shop-workloads' ? unsized(r.inputs) : r.inputs, r.options]);
  expect(primary(after)).toEqual(primary(before));
});

test('the next run with the same spec plans the same: the failover is not undone', async () => {
  const again = await stack(spec(STANDBY));
  expect(again.map((r) => [r.name, r.inputs])).toEqual(after.map((r) => [r.name, r.inputs]));
});
