/**
 * PostgreSQL and Redis with their defaults (lib/core/resolve/datastores.ts). The default values are the spec's
 * `@default` tags (lib/core/spec/datastores.ts): PostgreSQL 15 on db.r6g.xlarge (AWS) or db-custom-4-16384 (GCP),
 * 100 GiB growing to 1000, highly available, 30 days of backups in 03:00-04:00, user `app`, 200 connections, the
 * database named after the stack with "-" as "_"; Redis 7.1 on cache.r6g.large, 3 nodes on AWS (a primary and two
 * replicas) and 2 on GCP (STANDARD_HA; 1 as BASIC without high availability), 5 GiB, 7 days of snapshots, a cache
 * evicting allkeys-lru unless a worker drains a Redis queue, when it is a queue that never evicts.
 */
import { cloudRedisSettings, resolvePostgres, resolveRedis } from 'production-stack/core/resolve/datastores';

describe('PostgreSQL', () => {
  test('with nothing given, on AWS', () => {
    expect(resolvePostgres({}, 'aws', 'shop-eu')).toEqual({
      engineVersion: '15',
      instanceClass: 'db.r6g.xlarge',
      storageGiB: 100,
      maxStorageGiB: 1000,
      highAvailability: true,
      allowSingleZoneInProduction: false,
      backupRetentionDays: 30,
      backupWindow: '03:00-04:00',
      databaseName: 'shop_eu',
      username: 'app',
      maxConnections: 200,
      parameters: {},
      extensions: [],
      schemas: [],
      searchPath: [],
    });
  });

  test("on GCP the instance class is Cloud SQL's", () => {
    expect(resolvePostgres({}, 'gcp', 'shop').instanceClass).toBe('db-custom-4-16384');
  });

  test('every "-" of the stack name becomes "_" in the database name', () => {
    expect(resolvePostgres({}, 'aws', 'a-b-c').databaseName).toBe('a_b_c');
  });

  test('each setting given is kept, false included', () => {
    const given = {
      engineVersion: '17',
      instanceClass: 'db.m6g.large',
      storageGiB: 20,
      maxStorageGiB: 20,
      highAvailability: false,
      allowSingleZoneInProduction: true,
      backupRetentionDays: 7,
      backupWindow: '01:00-02:00',
      databaseName: 'orders',
      username: 'shop',
      maxConnections: 50,
      parameters: { work_mem: '64MB' },
      extensions: ['pgcrypto'],
      schemas: ['app'],
      searchPath: ['app', 'public'],
    };
    expect(resolvePostgres(given, 'aws', 'shop')).toEqual(given);
  });
});

describe('Redis', () => {
  const cacheDefaults = {
    engineVersion: '7.1',
    role: 'cache',
    maxmemoryPolicy: 'allkeys-lru',
    highAvailability: true,
    allowSingleZoneInProduction: false,
    aws: { nodeType: 'cache.r6g.large', snapshotRetentionDays: 7 },
    gcp: { memorySizeGiB: 5 },
  };

  test('with nothing given, on AWS: a cache of 3 nodes that evicts least recently used keys', () => {
    expect(resolveRedis({}, 'aws', [])).toEqual({ ...cacheDefaults, nodes: 3 });
  });

  test('on GCP 2 nodes (STANDARD_HA), 1 without high availability (BASIC); on AWS still 3', () => {
    expect(resolveRedis({}, 'gcp', []).nodes).toBe(2);
    expect(resolveRedis({ highAvailability: false }, 'gcp', []).nodes).toBe(1);
    expect(resolveRedis({ highAvailability: true }, 'gcp', []).nodes).toBe(2);
    expect(resolveRedis({ highAvailability: false }, 'aws', []).nodes).toBe(3);
    expect(resolveRedis({ nodes: 4, highAvailability: false }, 'gcp', []).nodes).toBe(4);
  });

  test('a worker draining a Redis queue makes it a queue that never evicts', () => {
    const r = resolveRedis({}, 'aws', [{}, { queue: { redis: { list: 'jobs' } } }]);
    expect([r.role, r.maxmemoryPolicy]).toEqual(['queue', 'noeviction']);
    const nats = resolveRedis({}, 'aws', [{ queue: {} }]);
    expect([nats.role, nats.maxmemoryPolicy]).toEqual(['cache', 'allkeys-lru']);
  });

  test('a role said is kept, and decides the policy; a policy said is kept', () => {
    expect(resolveRedis({ role: 'queue' }, 'aws', []).maxmemoryPolicy).toBe('noeviction');
    expect(resolveRedis({ role: 'cache' }, 'aws', [{ queue: { redis: {} } }]).role).toBe('cache');
    expect(resolveRedis({ role: 'queue', maxmemoryPolicy: 'volatile-lru' }, 'aws', []).maxmemoryPolicy).toBe('volatile-lru');
  });

  test('each setting given is kept', () => {
    const given = {
      engineVersion: '7.2',
      nodes: 2,
      role: 'cache' as const,
      maxmemoryPolicy: 'allkeys-lfu',
      highAvailability: false,
      allowSingleZoneInProduction: true,
      aws: { nodeType: 'cache.m6g.large', snapshotRetentionDays: 0 },
      gcp: { memorySizeGiB: 1 },
    };
    expect(resolveRedis(given, 'aws', [])).toEqual(given);
  });

  test("each cloud's settings are resolved whatever the cloud, one given keeping the other's default", () => {
    const r = resolveRedis({ aws: { snapshotRetentionDays: 1 } }, 'gcp', []);
    expect([r.aws, r.gcp]).toEqual([{ nodeType: 'cache.r6g.large', snapshotRetentionDays: 1 }, { memorySizeGiB: 5 }]);
  });

  test("a component takes the common settings and its cloud's side by side, without the other cloud's or the opt-out", () => {
    const r = resolveRedis({ aws: { nodeType: 'cache.m7g.large' }, gcp: { memorySizeGiB: 10 } }, 'aws', []);
    const common = { engineVersion: '7.1', nodes: 3, role: 'cache', maxmemoryPolicy: 'allkeys-lru', highAvailability: true };
    expect(cloudRedisSettings(r, 'aws')).toEqual({ ...common, nodeType: 'cache.m7g.large', snapshotRetentionDays: 7 });
    expect(cloudRedisSettings(r, 'gcp')).toEqual({ ...common, memorySizeGiB: 10 });
  });
});
