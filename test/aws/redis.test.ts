/** The AWS Redis component, planned against mocks: ElastiCache hardening, failover, network isolation and the AUTH token. */
import * as pulumi from '@pulumi/pulumi';
import { Redis, type RedisArgs, redisFamily, replicationGroupId } from '../../lib/aws';
import { REDIS_SUPPORT } from '../../lib/core';
import { type PlanResource, plan } from '../../lib/plan';
import { inputs, resource } from '../support/plan';

const NETWORK = { vpcId: 'vpc-0data', privateSubnetIds: ['subnet-0a', 'subnet-0b', 'subnet-0c'] };
const CLIENTS = { clusterSecurityGroupId: 'sg-0cluster' };

function redis(args: Partial<RedisArgs> = {}, name = 'cache'): Promise<PlanResource[]> {
  return plan(() => new Redis(name, { network: NETWORK, clients: CLIENTS, region: 'eu-west-1', ...args }));
}

describe('Redis', () => {
  let planned: PlanResource[];
  beforeAll(async () => {
    planned = await redis({ secretKey: 'shop/production/redis', labels: { team: 'platform' } });
  });

  test('is a component whose children all have it as parent', () => {
    expect(resource(planned, 'cache')).toMatchObject({ type: 'production-stack:aws:Redis', parent: null });
    for (const r of planned.filter((x) => x.name !== 'cache')) expect([r.name, r.parent]).toEqual([r.name, 'cache']);
  });

  test('the replication group: Redis 7, the guides node type and count, failover and Multi-AZ', () => {
    expect(inputs(planned, 'cache-replication-group')).toMatchObject({
      replicationGroupId: 'cache',
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: 'cache.r6g.large',
      numCacheClusters: 3,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      port: 6379,
      autoMinorVersionUpgrade: true,
      region: 'eu-west-1',
      tags: { team: 'platform', Name: 'cache-replication-group' },
    });
  });

  test('a new node type or version applies during the up, not at the next maintenance window, unless asked', async () => {
    expect(inputs(planned, 'cache-replication-group').applyImmediately).toBe(true);
    expect(inputs(await redis({ applyImmediately: false }), 'cache-replication-group').applyImmediately).toBe(false);
  });

  test('encryption at rest with the rotated customer key, and TLS required in transit', () => {
    const group = inputs(planned, 'cache-replication-group');
    expect(group).toMatchObject({ atRestEncryptionEnabled: true, transitEncryptionEnabled: true, transitEncryptionMode: 'required' });
    expect(group.kmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(inputs(planned, 'cache-key')).toMatchObject({ enableKeyRotation: true });
  });

  test('snapshots kept 7 days in a window, a final snapshot, maintenance after the snapshots', () => {
    expect(inputs(planned, 'cache-replication-group')).toMatchObject({
      snapshotRetentionLimit: 7,
      snapshotWindow: '03:00-04:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
      finalSnapshotIdentifier: 'cache-final',
    });
  });

  test('the parameter group sets maxmemory-policy for the major version family', () => {
    expect(inputs(planned, 'cache-params')).toMatchObject({
      family: 'redis7',
      parameters: [{ name: 'maxmemory-policy', value: 'allkeys-lru' }],
    });
    expect(inputs(planned, 'cache-replication-group').parameterGroupName).toMatch(/^cache-params-/);
  });

  test('a queue never evicts: noeviction, unless the policy is given', async () => {
    expect(inputs(await redis({ role: 'queue' }), 'cache-params').parameters).toEqual([{ name: 'maxmemory-policy', value: 'noeviction' }]);
  });

  test('private subnets, and a security group admitting only the cluster security group on 6379', () => {
    const group = inputs(planned, 'cache-replication-group');
    expect(inputs(planned, 'cache-subnet-group').subnetIds).toEqual(NETWORK.privateSubnetIds);
    expect(group.subnetGroupName).toMatch(/^cache-subnet-group-/);
    expect(inputs(planned, 'cache-sg')).toMatchObject({ vpcId: 'vpc-0data' });
    const rules = planned.filter((r) => r.type.startsWith('aws:vpc/securityGroup'));
    expect(rules.map((r) => r.name)).toEqual(['cache-ingress-cluster']);
    expect(rules[0]?.inputs).toMatchObject({
      securityGroupId: group.securityGroupIds[0],
      referencedSecurityGroupId: 'sg-0cluster',
      ipProtocol: 'tcp',
      fromPort: 6379,
      toPort: 6379,
    });
  });

  test('the AUTH token: generated without special characters, secret in the group and in the secret', () => {
    const token = resource(planned, 'cache-auth-token', 'random:index/randomPassword:RandomPassword');
    expect(token.inputs).toEqual({ length: 64, special: false });
    expect(inputs(planned, 'cache-replication-group').authToken).toBe('[secret]');
    expect(inputs(planned, 'cache-connection')).toMatchObject({ name: 'shop/production/redis', recoveryWindowInDays: 30 });
    expect(inputs(planned, 'cache-connection-value').secretString).toBe('[secret]');
  });

  test('protect on the replication group and the key', () => {
    expect(resource(planned, 'cache-replication-group').options.protect).toBe(true);
    expect(resource(planned, 'cache-key').options.protect).toBe(true);
  });

  test('without high availability, or with one node, there is no failover', async () => {
    for (const args of [{ highAvailability: false }, { nodes: 1 }]) {
      const single = await redis(args);
      expect(inputs(single, 'cache-replication-group')).toMatchObject({ automaticFailoverEnabled: false, multiAzEnabled: false });
    }
  });

  test('the endpoint outputs come from the replication group; the connection is a secret', async () => {
    let cache: Redis | undefined;
    await plan(() => {
      cache = new Redis('cache', { network: NETWORK, clients: CLIENTS });
    });
    const c = cache as Redis;
    expect(await pulumi.isSecret(c.connection)).toBe(true);
    expect(await new Promise((resolve) => c.primaryEndpoint.apply(resolve))).toMatch(/^master\.cache\./);
    expect(await new Promise((resolve) => c.readerEndpoint.apply(resolve))).toMatch(/^replica\.cache\./);
  });
});

describe('Redis helpers', () => {
  test('replication group IDs fit ElastiCache’s 40 characters, deterministically', () => {
    expect(replicationGroupId('shop-redis')).toBe('shop-redis');
    const long = `${'a'.repeat(38)}-redis`;
    const id = replicationGroupId(long);
    expect(id).toHaveLength(40);
    expect(id).toBe(replicationGroupId(long));
    expect(id).not.toBe(replicationGroupId(`${'a'.repeat(38)}-cache`));
    expect(id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(redisFamily('7.1')).toBe('redis7');
    expect(redisFamily('7.0')).toBe('redis7');
    // ElastiCache has no family "redis6": a 6.x parameter group is created in "redis6.x"
    expect(redisFamily('6.2')).toBe('redis6.x');
    expect(redisFamily('6.0')).toBe('redis6.x');
    // every version validation takes on AWS has a family ElastiCache knows
    for (const { version } of REDIS_SUPPORT.aws) expect(['redis6.x', 'redis7']).toContain(redisFamily(version));
  });
});
