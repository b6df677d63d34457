/**
 * The achievable RPO per scenario: losing the database is bounded by the best of managed point-in-time
 * recovery (5 minutes) and the logical backups' longest interval; losing the region, by the best of the
 * cross-region replica and the backups replicated to the standby region, and by nothing without one.
 */
import type { ProductionStackProps } from 'production-stack';
import { recoveryPoint } from '../../lib/core/recovery';
import { baseSpec } from '../support/spec';

const PITR = { minutes: 5, by: 'managed point-in-time recovery' };

function stack(dr: ProductionStackProps['dr'], change: Partial<ProductionStackProps> = {}): ProductionStackProps {
  return { ...baseSpec(), ...change, dr };
}

function withoutPostgres(dr: ProductionStackProps['dr']): ProductionStackProps {
  const { postgres: _postgres, ...rest } = baseSpec();
  return { ...rest, cronJobs: [], dr };
}

describe('losing the database', () => {
  test('daily logical backups (the default) lose more than point-in-time recovery: PITR bounds it at 5 minutes', () => {
    expect(recoveryPoint(stack(undefined), 'database')).toEqual(PITR);
    expect(recoveryPoint(stack({ backupSchedule: '0 2 * * *' }), 'database')).toEqual(PITR);
  });

  test('logical backups every 2 minutes lose less than point-in-time recovery: they bound it', () => {
    expect(recoveryPoint(stack({ backupSchedule: '*/2 * * * *' }), 'database')).toEqual({
      minutes: 2,
      by: 'logical backups on "*/2 * * * *"',
    });
  });

  test('with logical backups off, their schedule does not count: PITR bounds it', () => {
    expect(recoveryPoint(stack({ backupSchedule: '*/2 * * * *', logicalBackups: false }), 'database')).toEqual(PITR);
    // (logicalBackups: true is the default, stated)
    expect(recoveryPoint(stack({ backupSchedule: '*/2 * * * *', logicalBackups: true }), 'database')?.minutes).toBe(2);
  });

  test('a schedule that does not parse, or is not a string (unchecked input), bounds nothing: PITR bounds it', () => {
    expect(recoveryPoint(stack({ backupSchedule: 'every minute' }), 'database')).toEqual(PITR);
    expect(recoveryPoint(stack({ backupSchedule: 2 as unknown as string }), 'database')).toEqual(PITR);
  });

  test('without PostgreSQL there is no database to lose: not modelled', () => {
    expect(recoveryPoint(withoutPostgres({ backupSchedule: '*/2 * * * *' }), 'database')).toBeUndefined();
  });
});

describe('losing the region', () => {
  test('without a standby region nothing outlives it: an unbounded loss', () => {
    expect(recoveryPoint(stack({ backupSchedule: '*/2 * * * *' }), 'region')).toEqual({
      minutes: Infinity,
      by: 'no standby region: no replica or copy of the backups outlives the region',
    });
    expect(recoveryPoint(withoutPostgres(undefined), 'region')?.minutes).toBe(Infinity);
  });

  test('with a standby region, the cross-region replica bounds it like point-in-time recovery: RDS on AWS, Cloud SQL on GCP', () => {
    expect(recoveryPoint(stack({ standbyRegion: 'us-east-1' }), 'region')).toEqual({
      minutes: 5,
      by: 'the cross-region RDS replica in us-east-1',
    });
    expect(recoveryPoint(stack({ standbyRegion: 'europe-west4' }, { cloud: 'gcp', region: 'europe-west1' }), 'region')).toEqual({
      minutes: 5,
      by: 'the cross-region Cloud SQL replica in europe-west4',
    });
  });

  test('logical backups more frequent than the replica lag bound it, as the copies replicated to the standby region', () => {
    expect(recoveryPoint(stack({ standbyRegion: 'us-east-1', backupSchedule: '*/2 * * * *' }), 'region')).toEqual({
      minutes: 2,
      by: 'logical backups on "*/2 * * * *", replicated to us-east-1',
    });
  });

  test('with logical backups off, only the replica counts', () => {
    expect(recoveryPoint(stack({ standbyRegion: 'us-east-1', backupSchedule: '*/2 * * * *', logicalBackups: false }), 'region')).toEqual({
      minutes: 5,
      by: 'the cross-region RDS replica in us-east-1',
    });
  });

  test('without PostgreSQL there is neither replica nor backup: not modelled', () => {
    expect(recoveryPoint(withoutPostgres({ standbyRegion: 'us-east-1', backupSchedule: '*/2 * * * *' }), 'region')).toBeUndefined();
  });
});

test('scenarios the library does not model are not checked', () => {
  for (const scenario of ['cluster', 'zone', 'Database', '']) {
    expect(recoveryPoint(stack({ standbyRegion: 'us-east-1', backupSchedule: '*/2 * * * *' }), scenario)).toBeUndefined();
  }
});
