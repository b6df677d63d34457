/**
 * Disaster recovery with its defaults (lib/core/resolve/dr.ts). The default values are the spec's `@default`
 * tags (lib/core/spec/dr.ts): no objectives, backups daily at 02:00 UTC kept 30 days, no standby region; with
 * one, a pilot light whose active region is `region`, no reseeds, not draining, and on AWS a standby VPC in the
 * next free block as large as the primary's (10.1.0.0/16 for 10.0.0.0/16); logical backups when the stack has
 * PostgreSQL, into `<stack>-<environment>-db-backups`; a weekly restore drill (Sunday 05:00 UTC) checking that
 * the restored database holds a table.
 */
import { type ProductionStackProps, resolve } from 'production-stack/core';
import { backupRetentionDays, backupSchedule, standbyMode } from 'production-stack/core/resolve/dr';
import { baseSpec } from '../support/spec';

const dr = (patch: Partial<ProductionStackProps>) => resolve({ ...baseSpec(), ...patch }).dr;
const HAS_TABLES = {
  name: 'has-tables',
  sql: "SELECT count(*) > 0 FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
};

test('without dr: no objectives or standby, daily backups kept 30 days, logical backups of PostgreSQL, the weekly drill', () => {
  expect(dr({})).toEqual({
    objectives: [],
    backupSchedule: '0 2 * * *',
    backupRetentionDays: 30,
    standbyRegion: undefined,
    activeRegion: 'us-west-2',
    drain: false,
    logicalBackups: true,
    backupBucket: 'shop-production-db-backups',
    backupIdentity: undefined,
    restoreDrill: { schedule: '0 5 * * 0', checks: [HAS_TABLES] },
  });
});

test('the backup bucket follows the environment; one given is kept', () => {
  expect(dr({ environment: 'staging' }).backupBucket).toBe('shop-staging-db-backups');
  expect(dr({ dr: { backupBucket: 'my-bucket' } }).backupBucket).toBe('my-bucket');
});

test('logical backups need PostgreSQL, and are off when said', () => {
  expect(dr({ postgres: undefined }).logicalBackups).toBe(false);
  expect(dr({ dr: { logicalBackups: false } }).logicalBackups).toBe(false);
  expect(dr({ dr: { logicalBackups: true } }).logicalBackups).toBe(true);
});

test('what is given is kept: objectives, schedule, retention, drain, identity, the drill', () => {
  const given = dr({
    dr: {
      objectives: [{ rpoMinutes: 5, rtoMinutes: 60 }] as never,
      backupSchedule: '0 4 * * *',
      backupRetentionDays: 7,
      drain: true,
      backupIdentity: 'arn:aws:iam::123456789012:role/backup',
      restoreDrill: { schedule: '0 6 * * 1', checks: [{ name: 'orders', sql: 'SELECT 1' }] },
    },
  });
  expect(given.objectives).toEqual([{ rpoMinutes: 5, rtoMinutes: 60 }]);
  expect([given.backupSchedule, given.backupRetentionDays, given.drain, given.backupIdentity]).toEqual([
    '0 4 * * *',
    7,
    true,
    'arn:aws:iam::123456789012:role/backup',
  ]);
  expect(given.restoreDrill).toEqual({ schedule: '0 6 * * 1', checks: [{ name: 'orders', sql: 'SELECT 1' }] });
});

test('a drill with only a schedule keeps the default check; with only checks, the default schedule', () => {
  expect(dr({ dr: { restoreDrill: { schedule: '0 6 * * 1' } } }).restoreDrill).toEqual({ schedule: '0 6 * * 1', checks: [HAS_TABLES] });
  expect(dr({ dr: { restoreDrill: { checks: [] } } }).restoreDrill).toEqual({ schedule: '0 5 * * 0', checks: [] });
});

describe('with a standby region', () => {
  test('on AWS: a pilot light, active in region, no reseeds, the standby VPC in the next free /16', () => {
    expect(dr({ dr: { standbyRegion: 'us-east-1' } })).toMatchObject({
      standbyRegion: 'us-east-1',
      mode: 'pilot-light',
      activeRegion: 'us-west-2',
      reseeds: 0,
      aws: { standbyNetworkCidr: '10.1.0.0/16' },
    });
    expect(dr({ dr: { standbyRegion: 'us-east-1' } }).dns).toBeUndefined();
  });

  test("the standby VPC follows the primary's range; one given is kept", () => {
    expect(dr({ cluster: { networkCidr: '10.8.0.0/16' }, dr: { standbyRegion: 'us-east-1' } }).aws).toEqual({
      standbyNetworkCidr: '10.9.0.0/16',
    });
    expect(dr({ dr: { standbyRegion: 'us-east-1', aws: { standbyNetworkCidr: '10.50.0.0/16' } } }).aws).toEqual({
      standbyNetworkCidr: '10.50.0.0/16',
    });
  });

  test('on GCP the standby is a subnet of the same VPC: no standby VPC', () => {
    const d = dr({ cloud: 'gcp', region: 'us-central1', dr: { standbyRegion: 'us-east1' } });
    expect(d.mode).toBe('pilot-light');
    expect('aws' in d).toBe(false);
    // a spec shared by both clouds may hold the AWS range: GCP does not read it
    expect(
      'aws' in dr({ cloud: 'gcp', region: 'us-central1', dr: { standbyRegion: 'us-east1', aws: { standbyNetworkCidr: '10.50.0.0/16' } } }),
    ).toBe(false);
  });

  test('mode, active region and reseeds given are kept', () => {
    expect(dr({ dr: { standbyRegion: 'us-east-1', mode: 'warm-standby', activeRegion: 'us-east-1', reseeds: 2 } })).toMatchObject({
      mode: 'warm-standby',
      activeRegion: 'us-east-1',
      reseeds: 2,
    });
  });

  test("DNS: the record as given, its hosts copied, the health check the routed service's readiness path by default", () => {
    const dns = { zoneId: 'Z123', name: 'shop.example.com', targets: { 'us-west-2': 'a.example.com', 'us-east-1': 'b.example.com' } };
    const d = dr({ dr: { standbyRegion: 'us-east-1', dns } }).dns!;
    expect(d).toEqual({ ...dns, healthCheckPath: '/readyz', hosts: [] });
    expect(d.targets).not.toBe(dns.targets);
    const given = dr({ dr: { standbyRegion: 'us-east-1', dns: { ...dns, healthCheckPath: '/up', hosts: ['api.example.com'] } } }).dns!;
    expect([given.healthCheckPath, given.hosts]).toEqual(['/up', ['api.example.com']]);
  });

  test('without a standby region, the standby settings are not resolved, even when given', () => {
    const d = dr({ dr: { mode: 'warm-standby', reseeds: 2, activeRegion: 'us-east-1' } as never });
    expect(d.activeRegion).toBe('us-east-1');
    expect(['mode', 'reseeds', 'dns', 'aws'].filter((k) => k in d)).toEqual([]);
  });
});

test('the section helpers: mode, schedule and retention default as documented, and keep what is given', () => {
  expect([standbyMode(undefined), standbyMode({}), standbyMode({ mode: 'warm-standby' })]).toEqual([
    'pilot-light',
    'pilot-light',
    'warm-standby',
  ]);
  expect([backupSchedule(undefined), backupSchedule({ backupSchedule: '0 1 * * *' })]).toEqual(['0 2 * * *', '0 1 * * *']);
  expect([backupRetentionDays(undefined), backupRetentionDays(1)]).toEqual([30, 1]);
});
