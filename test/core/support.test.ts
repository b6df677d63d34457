/**
 * The dated support table of Kubernetes versions (lib/core/support.ts) and what validation and the readiness
 * report do with it, with the clock set: the table is pinned to the clouds' published calendars as read on
 * 2026-12-06, and the date logic is checked on either side of each boundary.
 */
import { Testing } from 'cdk8s';
import {
  DEFAULTS,
  KUBERNETES_SUPPORT,
  POSTGRES_SUPPORT,
  REDIS_SUPPORT,
  postgresSupport,
  redisSupport,
  ProductionStack,
  check,
  kubernetesSupport,
  newestSupportedKubernetes,
  readinessReport,
  supportedKubernetes,
} from 'production-stack';
import { baseSpec } from '../support/spec';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const READ_ON = '2026-12-06';

// the day version support is evaluated as of (lib/core/clock.ts; test/support/pin-today.js pins it to READ_ON)
afterEach(() => (process.env.PRODUCTION_STACK_TODAY = READ_ON));
const at = (iso: string) => (process.env.PRODUCTION_STACK_TODAY = iso);

test('the tests evaluate support as of the day the tables were read', () => {
  expect(process.env.PRODUCTION_STACK_TODAY).toBe(READ_ON);
});

test("the table: EKS end of standard support, GKE end of maintenance (the clouds' calendars as published)", () => {
  expect(KUBERNETES_SUPPORT).toEqual([
    { minor: '1.32', aws: '2026-03-23', gcp: '2026-04-11' },
    { minor: '1.33', aws: '2026-07-29', gcp: '2026-08-03' },
    { minor: '1.34', aws: '2026-12-02', gcp: '2026-10-01' },
    { minor: '1.35', aws: '2027-03-27', gcp: '2027-04-11' },
  ]);
});

test('the default is the newest version both clouds support on the day the table was read', () => {
  expect(newestSupportedKubernetes(day(READ_ON))).toBe(DEFAULTS.kubernetesVersion);
  expect(supportedKubernetes('aws', day(READ_ON))).toEqual(['1.35']);
  expect(supportedKubernetes('gcp', day(READ_ON))).toEqual(['1.35']);
});

test.each<[string, 'aws' | 'gcp', string, string]>([
  ['1.33', 'aws', '2026-07-29', 'ending'],
  ['1.33', 'aws', '2026-07-30', 'ended'],
  ['1.33', 'gcp', '2026-08-03', 'ending'],
  ['1.33', 'gcp', '2026-08-04', 'ended'],
  ['1.35', 'aws', '2026-12-27', 'ending'], // 90 days before 2027-03-27
  ['1.35', 'aws', '2026-12-26', 'supported'],
  ['1.28', 'gcp', '2025-01-01', 'ended'], // older than the table
  ['1.36', 'aws', READ_ON, 'unknown'], // newer than the table: its dates are not known to this release
])('%s on %s on %s: %s', (minor, cloud, today, status) => {
  expect(kubernetesSupport(minor, cloud, day(today)).status).toBe(status);
});

test('validation refuses 1.33 today, naming what is supported, and takes a version newer than the table', () => {
  at(READ_ON);
  const spec = { ...baseSpec(), cluster: { ...baseSpec().cluster, kubernetesVersion: '1.33' } };
  expect(check(spec)).toContainEqual({
    path: 'cluster.kubernetesVersion',
    value: '1.33',
    rule: '"1.33" is past EKS standard support (it ended 2026-07-29); supported today: 1.35 (and newer minors than this release knows, taken as they are)',
  });
  expect(
    check({ ...baseSpec(), cloud: 'gcp', region: 'us-central1', cluster: { ...baseSpec().cluster, kubernetesVersion: '1.34' } }),
  ).toContainEqual({
    path: 'cluster.kubernetesVersion',
    value: '1.34',
    rule: '"1.34" is past GKE support (it ended 2026-10-01); supported today: 1.35 (and newer minors than this release knows, taken as they are)',
  });
  expect(
    check({ ...baseSpec(), cluster: { ...baseSpec().cluster, kubernetesVersion: '1.36' } }).filter(
      (p) => p.path === 'cluster.kubernetesVersion',
    ),
  ).toEqual([]);
  expect(check(baseSpec()).filter((p) => p.path === 'cluster.kubernetesVersion')).toEqual([]);
});

test('a library release whose default has ended says so, rather than create an unsupported cluster', () => {
  at('2027-04-01');
  expect(check(baseSpec())).toContainEqual({
    path: 'cluster.kubernetesVersion',
    value: '1.35',
    rule: '"1.35" (the default of this library release) is past EKS standard support (it ended 2027-03-27); supported today: none of the versions this release knows: upgrade production-stack',
  });
});

test('the readiness report warns within 90 days of the end', () => {
  const report = () => {
    const stack = new ProductionStack(Testing.app(), 'shop', baseSpec());
    return readinessReport(baseSpec(), stack.spec, stack.toJson()).warnings;
  };
  at('2027-01-10');
  expect(report()).toContain('Kubernetes 1.35 leaves EKS standard support on 2027-03-27: plan the upgrade');
  at('2026-12-20');
  expect(report().filter((w) => w.startsWith('Kubernetes'))).toEqual([]);
});

test('PostgreSQL: the community calendar, majors only, refused once ended', () => {
  expect(POSTGRES_SUPPORT.map((v) => [v.major, v.until])).toEqual([
    ['14', '2026-11-12'],
    ['15', '2027-11-11'],
    ['16', '2028-11-09'],
    ['17', '2029-11-08'],
    ['18', '2030-11-14'],
  ]);
  expect(postgresSupport('14', day('2026-11-12')).status).toBe('ending');
  expect(postgresSupport('14', day('2026-11-13')).status).toBe('ended');
  expect(postgresSupport('19', day(READ_ON)).status).toBe('unreleased');
  at(READ_ON);
  const pg = (engineVersion: string) =>
    check({ ...baseSpec(), postgres: { engineVersion } }).filter((p) => p.path === 'postgres.engineVersion');
  expect(pg('14')).toEqual([
    {
      path: 'postgres.engineVersion',
      value: '14',
      rule: '"14" is past community support (it ended 2026-11-12); supported today: 15, 16, 17, 18',
    },
  ]);
  // RDS applies minor upgrades itself: a pinned minor plans a downgrade after the first
  expect(pg('15.4')[0].rule).toMatch(/^"15.4" pins a minor version: give the major \("15"\)/);
  expect(pg('16')).toEqual([]);
  at('2027-09-01');
  // (by then 1.35 has ended: a version newer than the table is taken as it is)
  const spec = { ...baseSpec(), cluster: { ...baseSpec().cluster, kubernetesVersion: '1.36' } };
  const stack = new ProductionStack(Testing.app(), 'shop', spec);
  expect(readinessReport(spec, stack.spec, stack.toJson()).warnings).toContain(
    'PostgreSQL 15 leaves community support on 2027-11-11: plan the major upgrade',
  );
});

// The one check on the real date: it fails from the day the default's support ends, when every example would be
// refused outside the tests: refresh lib/core/support.ts (and the default) before then.
test('the table is current: the default version is supported today (else every example is refused: refresh lib/core/support.ts)', () => {
  const today = new Date();
  for (const cloud of ['aws', 'gcp'] as const) {
    const support = kubernetesSupport(DEFAULTS.kubernetesVersion, cloud, today);
    expect([
      cloud,
      DEFAULTS.kubernetesVersion,
      support.status === 'ended' ? `ended ${support.until}: refresh the table` : 'supported',
    ]).toEqual([cloud, DEFAULTS.kubernetesVersion, 'supported']);
  }
});

test('the default PostgreSQL major is checked too, once its support has ended', () => {
  at('2027-11-12');
  // (1.35 has ended by then as well: this spec gives a version newer than the table)
  const spec = { ...baseSpec(), cluster: { ...baseSpec().cluster, kubernetesVersion: '1.36' }, postgres: {} };
  expect(check(spec)).toContainEqual({
    path: 'postgres.engineVersion',
    value: '15',
    rule: '"15" (the default of this library release) is past community support (it ended 2027-11-11); supported today: 16, 17, 18',
  });
});

test('PRODUCTION_STACK_TODAY must be an ISO date', () => {
  at('06/12/2026');
  expect(() => check(baseSpec())).toThrow('PRODUCTION_STACK_TODAY must be an ISO date such as 2026-12-06, not "06/12/2026"');
});

describe('Redis: the versions each cloud creates, refused once standard support has ended', () => {
  const redis = (cloud: 'aws' | 'gcp', engineVersion?: string) =>
    check({
      ...baseSpec(),
      ...(cloud === 'gcp' ? { cloud, region: 'us-central1' } : {}),
      redis: engineVersion === undefined ? {} : { engineVersion },
    }).filter((p) => p.path === 'redis.engineVersion');

  test("the table: ElastiCache's announced ends of standard support, Memorystore's releases", () => {
    expect(REDIS_SUPPORT.aws).toEqual([
      { version: '6.0', until: '2027-01-31' },
      { version: '6.2', until: '2027-01-31' },
      { version: '7.0' },
      { version: '7.1' },
    ]);
    expect(REDIS_SUPPORT.gcp.map((v) => v.version)).toEqual(['6', '6.0', '6.2', '7', '7.0', '7.1', '7.2']);
    expect(REDIS_SUPPORT.gcp.every((v) => v.until === undefined)).toBe(true);
  });

  test.each<[string, 'aws' | 'gcp', string, string]>([
    ['6.2', 'aws', '2026-11-01', 'supported'], // 91 days before 2027-01-31
    ['6.2', 'aws', '2026-11-02', 'ending'],
    ['6.2', 'aws', '2027-01-31', 'ending'],
    ['6.2', 'aws', '2027-02-01', 'ended'],
    ['7.1', 'aws', '2035-01-01', 'supported'], // no announced end
    ['7.2', 'aws', READ_ON, 'unoffered'], // 7.2 is Valkey's on ElastiCache
    ['7', 'aws', READ_ON, 'unoffered'], // ElastiCache takes a version 7 with its minor
    ['7.2', 'gcp', READ_ON, 'supported'],
    ['5.0', 'gcp', READ_ON, 'unoffered'],
  ])('%s on %s on %s: %s', (version, cloud, today, status) => {
    expect(redisSupport(version, cloud, day(today)).status).toBe(status);
  });

  test('validation names what each cloud creates; the default is taken on both', () => {
    at(READ_ON);
    expect(redis('aws', '7')).toEqual([
      {
        path: 'redis.engineVersion',
        value: '7',
        rule: '"7" is not a Redis version ElastiCache (Redis OSS) creates: 6.0, 6.2, 7.0, 7.1',
      },
    ]);
    expect(redis('aws', '7.2')[0].rule).toMatch(/^"7.2" is not a Redis version ElastiCache/);
    expect(redis('gcp', '7.2')).toEqual([]);
    expect(redis('gcp', '7.3')[0].rule).toBe('"7.3" is not a Redis version Memorystore for Redis creates: 6, 6.0, 6.2, 7, 7.0, 7.1, 7.2');
    expect(redis('aws', 7 as unknown as string)[0].rule).toMatch(/^7 is not a Redis version/);
    expect(redis('aws')).toEqual([]);
    expect(redis('gcp')).toEqual([]);
    expect(redis('aws', '6.2')).toEqual([]);
  });

  test('6.2 on ElastiCache: a readiness warning now, refused from the day after its end', () => {
    at(READ_ON);
    const spec = { ...baseSpec(), redis: { engineVersion: '6.2' } };
    const stack = new ProductionStack(Testing.app(), 'shop', spec);
    expect(readinessReport(spec, stack.spec, stack.toJson()).warnings).toContain(
      'Redis 6.2 leaves ElastiCache standard support on 2027-01-31: plan the upgrade',
    );
    at('2027-02-01');
    expect(redis('aws', '6.2')).toEqual([
      {
        path: 'redis.engineVersion',
        value: '6.2',
        rule: '"6.2" is past ElastiCache (Redis OSS) standard support (it ended 2027-01-31); supported today: 7.0, 7.1',
      },
    ]);
  });
});

describe('the boundaries of the support calendar', () => {
  const at = (day: string) => new Date(`${day}T12:00:00Z`);

  test('a version is supported through its last day, and not the day after (EKS 1.34: 2026-12-02)', () => {
    expect(supportedKubernetes('aws', at('2026-12-02'))).toEqual(['1.34', '1.35']);
    expect(supportedKubernetes('aws', at('2026-12-03'))).toEqual(['1.35']);
  });

  test('the default is a version both clouds support: none on a day only GKE still supports one', () => {
    // 2027-04-01: EKS ended 1.35 on 2027-03-27, GKE supports it until 2027-04-11
    expect(supportedKubernetes('gcp', at('2027-04-01'))).toEqual(['1.35']);
    expect(supportedKubernetes('aws', at('2027-04-01'))).toEqual([]);
    expect(newestSupportedKubernetes(at('2027-04-01'))).toBeUndefined();
  });

  test('PostgreSQL: ending from 90 days before the last day (15: 2027-11-11), supported the day before that', () => {
    expect(postgresSupport('15', at('2027-08-12'))).toEqual({ status: 'supported', until: '2027-11-11' });
    expect(postgresSupport('15', at('2027-08-13'))).toEqual({ status: 'ending', until: '2027-11-11' });
    expect(postgresSupport('18', at('2026-12-06'))).toEqual({ status: 'supported', until: '2030-11-14' });
  });

  test('PostgreSQL: a major older than the table has ended, one newer is unreleased', () => {
    expect(postgresSupport('13', at('2026-12-06'))).toEqual({ status: 'ended' });
    expect(postgresSupport('19', at('2026-12-06'))).toEqual({ status: 'unreleased' });
  });
});
