/**
 * The table of replacing fields (force-new.ts) the Pulumi tests compare plans with: every entry names an
 * input the providers' Args declare, the one-way replacements (an ElastiCache engine downgrade, a Cloud SQL
 * disk shrink, a Memorystore version downgrade, turning EKS secrets encryption off) are caught when two
 * plans differ that way, and resizes of the clusters and datastores replace only what the providers replace.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ProductionStackProps } from 'production-stack';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { spec as awsFixture } from '../fixtures/pulumi-aws/spec';
import { spec as gcpFixture } from '../fixtures/pulumi-gcp/spec';
import { AWS_FORCE_NEW, CONDITIONAL_FORCE_NEW, GCP_FORCE_NEW, replacements } from '../support/force-new';

const stack = (props: ProductionStackProps): Promise<PlanResource[]> => plan(() => new ProductionStack(props.name, props));
/** `name input effect` of each replacement, for readable failures. */
const show = (before: readonly PlanResource[], after: readonly PlanResource[]) =>
  replacements(before, after).map((r) => `${r.name} ${r.input} ${r.effect}`);

/** The declaration file of a type token's resource, and the name of its Args interface. */
function argsOf(token: string): { file: string; args: string } {
  const [pkg, module, type] = token.split(':') as [string, string, string];
  const [folder, file] = module.split('/') as [string, string];
  const dir = path.join(__dirname, '..', '..', 'node_modules', '@pulumi', pkg, folder === 'index' ? '' : folder);
  return { file: path.join(dir, `${file}.d.ts`), args: `${type}Args` };
}

test.each(Object.entries({ ...AWS_FORCE_NEW, ...GCP_FORCE_NEW }))('%s: every replacing field is an input of its Args', (token, inputs) => {
  const { file, args } = argsOf(token);
  const source = fs.readFileSync(file, 'utf8');
  const body = source.slice(source.indexOf(`export interface ${args} {`));
  const declared = new Set([...body.slice(0, body.indexOf('\n}')).matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]));
  expect(inputs.map((i) => i.split('.')[0]).filter((i) => !declared.has(i))).toEqual([]);
});

test('every one-way replacement names a type of the tables', () => {
  const types = new Set(Object.keys({ ...AWS_FORCE_NEW, ...GCP_FORCE_NEW }));
  expect(CONDITIONAL_FORCE_NEW.filter((c) => !types.has(c.type)).map((c) => c.type)).toEqual([]);
});

describe('AWS', () => {
  const base: ProductionStackProps = { ...awsFixture, redis: { engineVersion: '7.1' } };
  let before: PlanResource[];
  beforeAll(async () => {
    before = await stack(base);
  });

  test('a Redis engine downgrade replaces the ElastiCache group (an upgrade does not)', async () => {
    expect(show(before, await stack({ ...base, redis: { engineVersion: '7.0' } }))).toEqual([
      'shop-redis-replication-group engineVersion replaces',
    ]);
    const upgraded = await stack({ ...awsFixture, redis: { engineVersion: '7.0' } });
    expect(show(upgraded, before)).toEqual([]);
  });

  test('a new node count replaces nothing; a new instance type replaces the node group only', async () => {
    const nodes = { ...awsFixture.cluster?.nodes };
    expect(show(before, await stack({ ...base, cluster: { ...base.cluster, nodes: { ...nodes, desiredSize: 6, maxSize: 12 } } }))).toEqual(
      [],
    );
    expect(show(before, await stack({ ...base, cluster: { ...base.cluster, nodes: { ...nodes, instanceType: 'm6i.2xlarge' } } }))).toEqual([
      'shop-cluster-nodes instanceTypes replaces',
    ]);
  });

  test('a resize of RDS and ElastiCache replaces nothing', async () => {
    const resized = await stack({
      ...base,
      postgres: { instanceClass: 'db.r6g.2xlarge', storageGiB: 200, maxStorageGiB: 2000 },
      redis: { engineVersion: '7.1', nodes: 5, aws: { nodeType: 'cache.r7g.xlarge' } },
    });
    expect(show(before, resized)).toEqual([]);
  });
});

describe('GCP', () => {
  let before: PlanResource[];
  beforeAll(async () => {
    before = await stack({ ...gcpFixture, redis: { ...gcpFixture.redis, engineVersion: '7.2' } });
  });

  test('a Cloud SQL disk shrink would replace the instance; the library ignores the disk size after creation', async () => {
    const shrunk = await stack({
      ...gcpFixture,
      postgres: { ...gcpFixture.postgres, storageGiB: 50 },
      redis: { ...gcpFixture.redis, engineVersion: '7.2' },
    });
    expect(show(before, shrunk)).toEqual([]);
    const unguarded = (planned: PlanResource[]) => planned.map((r) => ({ ...r, options: { ...r.options, ignoreChanges: [] } }));
    expect(show(unguarded(before), unguarded(shrunk))).toEqual(['shop-postgres-instance settings.diskSize replaces']);
  });

  test('a Memorystore version downgrade replaces the instance', async () => {
    expect(show(before, await stack({ ...gcpFixture, redis: { ...gcpFixture.redis, engineVersion: '7.0' } }))).toEqual([
      'shop-redis-instance redisVersion replaces',
    ]);
  });

  test('Memorystore read replicas (3 nodes) replace nothing; back to 2 nodes sends neither setting, as Memorystore must', async () => {
    const redis = { ...gcpFixture.redis, engineVersion: '7.2' };
    const three = await stack({ ...gcpFixture, redis: { ...redis, nodes: 3 } });
    const instance = (planned: PlanResource[]) => planned.find((r) => r.name === 'shop-redis-instance')!.inputs;
    expect(instance(before)).not.toHaveProperty('replicaCount');
    expect(instance(three)).toMatchObject({ replicaCount: 2, readReplicasMode: 'READ_REPLICAS_ENABLED' });
    expect(show(before, three)).toEqual([]);
    // readReplicasMode is left unset, not READ_REPLICAS_DISABLED, which Memorystore refuses
    const two = await stack({ ...gcpFixture, redis: { ...redis, nodes: 2 } });
    expect(instance(two)).not.toHaveProperty('readReplicasMode');
    expect(instance(two)).not.toHaveProperty('replicaCount');
    expect(show(three, two)).toEqual([]);
    const disabled = two.map((r) =>
      r.name === 'shop-redis-instance' ? { ...r, inputs: { ...r.inputs, readReplicasMode: 'READ_REPLICAS_DISABLED' } } : r,
    );
    expect(show(three, disabled)).toEqual(['shop-redis-instance readReplicasMode refused']);
  });

  test('a new machine type, disk size or node count of the GKE pool updates it in place', async () => {
    const nodes = { ...gcpFixture.cluster?.nodes, instanceType: 'n2-standard-16', diskSizeGiB: 120, maxSize: 12 };
    const resized = await stack({
      ...gcpFixture,
      cluster: { ...gcpFixture.cluster, nodes },
      redis: { ...gcpFixture.redis, engineVersion: '7.2' },
    });
    expect(show(before, resized)).toEqual([]);
  });
});
