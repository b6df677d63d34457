/**
 * Resizing the data layer must never replace it: two plans, before and after
 * a change of instance class, node count, storage size or engine minor
 * version, have the same resource names and the same value for every input
 * whose change makes AWS replace the resource (a new database, a new cache,
 * a new password).
 */
import type { ProductionStackProps } from 'production-stack';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as fixture } from '../fixtures/pulumi-aws/spec';
import { identities, replacementInputs, resource } from '../support/plan';
import { AWS_FORCE_NEW } from '../support/force-new';

function stack(spec: ProductionStackProps): Promise<PlanResource[]> {
  return plan(() => new ProductionStack(spec.name, spec));
}

const base: ProductionStackProps = {
  ...fixture,
  postgres: { engineVersion: '15', instanceClass: 'db.r6g.xlarge', storageGiB: 100 },
  redis: { engineVersion: '7.0', nodes: 3, aws: { nodeType: 'cache.r6g.large' } },
};

/** Replacement-triggering inputs of every resource, by name. */
const pinned = (resources: readonly PlanResource[]) => replacementInputs(resources, AWS_FORCE_NEW);

let before: PlanResource[];
beforeAll(async () => {
  before = await stack(base);
});

test.each<[string, ProductionStackProps, [string, string, unknown]]>([
  [
    'the RDS instance class',
    { ...base, postgres: { ...base.postgres, instanceClass: 'db.r6g.4xlarge' } },
    ['shop-postgres-db', 'instanceClass', 'db.r6g.4xlarge'],
  ],
  [
    'the storage size',
    { ...base, postgres: { ...base.postgres, storageGiB: 500, maxStorageGiB: 2000 } },
    ['shop-postgres-db', 'allocatedStorage', 500],
  ],
  // (a PostgreSQL minor version is RDS's to apply, not the spec's; a major version replaces the parameter group,
  // whose family is the major: not a change this table is about)
  [
    'the PostgreSQL backup retention',
    { ...base, postgres: { ...base.postgres, backupRetentionDays: 14 } },
    ['shop-postgres-db', 'backupRetentionPeriod', 14],
  ],
  [
    'the PostgreSQL connections',
    { ...base, postgres: { ...base.postgres, maxConnections: 400 } },
    ['shop-postgres-params', 'parameters', expect.arrayContaining([expect.objectContaining({ name: 'max_connections', value: '400' })])],
  ],
  [
    'the Redis node type',
    { ...base, redis: { ...base.redis, aws: { nodeType: 'cache.r7g.xlarge' } } },
    ['shop-redis-replication-group', 'nodeType', 'cache.r7g.xlarge'],
  ],
  ['the Redis node count', { ...base, redis: { ...base.redis, nodes: 5 } }, ['shop-redis-replication-group', 'numCacheClusters', 5]],
  [
    'the Redis minor version',
    { ...base, redis: { ...base.redis, engineVersion: '7.1' } },
    ['shop-redis-replication-group', 'engineVersion', '7.1'],
  ],
  [
    'the EKS node count',
    { ...base, cluster: { ...base.cluster, nodes: { ...base.cluster?.nodes, desiredSize: 6, maxSize: 12 } } },
    ['shop-cluster-nodes', 'scalingConfig', expect.objectContaining({ desiredSize: 6, maxSize: 12 })],
  ],
])('changing %s renames nothing and changes no replacement-triggering input', async (_, changed, [name, input, value]) => {
  const after = await stack(changed);
  expect(identities(after)).toEqual(identities(before));
  expect(pinned(after)).toEqual(pinned(before));
  // The change does land where it should.
  expect(resource(after, name).inputs[input]).toEqual(value);
  expect(resource(before, name).inputs[input]).not.toEqual(resource(after, name).inputs[input]);
});

test('the pinned inputs cover every data-layer resource', () => {
  const data = before.filter((r) => /^shop-(postgres|redis)-/.test(r.name)).map((r) => r.type);
  for (const type of data) expect([type, AWS_FORCE_NEW[type] !== undefined]).toEqual([type, true]);
});
