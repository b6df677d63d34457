/** The defaults of the stack's PostgreSQL and Redis, which the cloud components apply too. */
import type { AwsRedisSpec, GcpRedisSpec, PostgresSpec, RedisSpec } from '../spec/datastores';
import type { Cloud } from '../spec/stack';
import { DEFAULTS } from './defaults';
import type { ResolvedRedis } from './types';

/**
 * PostgreSQL with every default applied; `name` is the stack's (or the component's), whose database is named
 * after it by default (`-` as `_`).
 */
export function resolvePostgres(pg: PostgresSpec, cloud: Cloud, name: string): Required<PostgresSpec> {
  const d = DEFAULTS.postgres;
  return {
    engineVersion: pg.engineVersion ?? d.engineVersion,
    instanceClass: pg.instanceClass ?? d.instanceClass[cloud],
    storageGiB: pg.storageGiB ?? d.storageGiB,
    maxStorageGiB: pg.maxStorageGiB ?? d.maxStorageGiB,
    highAvailability: pg.highAvailability ?? true,
    allowSingleZoneInProduction: pg.allowSingleZoneInProduction ?? false,
    backupRetentionDays: pg.backupRetentionDays ?? d.backupRetentionDays,
    backupWindow: pg.backupWindow ?? d.backupWindow,
    databaseName: pg.databaseName ?? name.replace(/-/g, '_'),
    username: pg.username ?? d.username,
    maxConnections: pg.maxConnections ?? d.maxConnections,
    parameters: pg.parameters ?? {},
    extensions: pg.extensions ?? [],
    schemas: pg.schemas ?? [],
    searchPath: pg.searchPath ?? [],
  };
}

/**
 * Redis with every default applied; its role (and so its eviction policy) follows from the `services` that
 * drain a Redis queue.
 */
export function resolveRedis(
  rd: RedisSpec,
  cloud: Cloud,
  services: readonly { readonly queue?: { readonly redis?: unknown } }[],
): ResolvedRedis {
  const d = DEFAULTS.redis;
  const role = redisRole(rd, services);
  return {
    engineVersion: rd.engineVersion ?? d.engineVersion,
    nodes: redisNodes(cloud, rd),
    role,
    maxmemoryPolicy: maxmemoryPolicy({ ...rd, role }),
    highAvailability: rd.highAvailability ?? true,
    allowSingleZoneInProduction: rd.allowSingleZoneInProduction ?? false,
    aws: resolveAwsRedis(rd.aws ?? {}),
    gcp: resolveGcpRedis(rd.gcp ?? {}),
  };
}

/**
 * A resolved Redis as `cloud`'s component takes it: the common settings and that cloud's own, side by side (the
 * single-zone opt-out is a validation matter, and the other cloud's settings do not apply).
 */
export function cloudRedisSettings<C extends Cloud>(
  r: ResolvedRedis,
  cloud: C,
): Omit<ResolvedRedis, 'aws' | 'gcp' | 'allowSingleZoneInProduction'> & ResolvedRedis[C] {
  const { allowSingleZoneInProduction: _optOut, aws: _aws, gcp: _gcp, ...common } = r;
  return { ...common, ...r[cloud] };
}

/** ElastiCache's settings with their defaults: a `cache.r6g.large` node type, snapshots kept 7 days. */
export function resolveAwsRedis(a: AwsRedisSpec): Required<AwsRedisSpec> {
  const d = DEFAULTS.redis;
  return { nodeType: a.nodeType ?? d.nodeType, snapshotRetentionDays: a.snapshotRetentionDays ?? d.snapshotRetentionDays };
}

/** Memorystore's settings with their defaults: 5 GiB. */
export function resolveGcpRedis(g: GcpRedisSpec): Required<GcpRedisSpec> {
  return { memorySizeGiB: g.memorySizeGiB ?? DEFAULTS.redis.memorySizeGiB };
}

/** The role of the stack's Redis: as the spec says, else `queue` when a service drains a Redis queue, else `cache`. */
function redisRole(redis: RedisSpec, services: readonly { readonly queue?: { readonly redis?: unknown } }[]): 'cache' | 'queue' {
  return redis.role ?? (services.some((s) => s.queue?.redis !== undefined) ? 'queue' : 'cache');
}

/**
 * The node count of a Redis: as the spec says, else 3 on AWS (a primary and two replicas) and on GCP 2
 * (`STANDARD_HA`: a primary and a replica), or 1 without highAvailability (`BASIC`).
 */
function redisNodes(cloud: Cloud, redis: Pick<RedisSpec, 'nodes' | 'highAvailability'>): number {
  if (redis.nodes !== undefined) return redis.nodes;
  if (cloud === 'gcp' && redis.highAvailability === false) return 1;
  return DEFAULTS.redis.nodes[cloud];
}

/** The eviction policy of a Redis: as the spec says, else `noeviction` for a queue (no job dropped), `allkeys-lru` for a cache. */
function maxmemoryPolicy(redis: Pick<RedisSpec, 'role' | 'maxmemoryPolicy'>): string {
  return redis.maxmemoryPolicy ?? (redis.role === 'queue' ? 'noeviction' : DEFAULTS.redis.maxmemoryPolicy);
}
