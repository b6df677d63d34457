/**
 * The login roles of the stack's PostgreSQL (lib/core/postgres-roles.ts): one per use, so that no pod holds the
 * master credential; names within PostgreSQL's 63-byte identifiers (NAMEDATALEN - 1, the PostgreSQL docs,
 * "Identifiers and Key Words").
 */
import type { ResolvedStack } from 'production-stack/core/resolve';
import {
  BACKUP_ROLE,
  LIBRARY_ROLES,
  MAX_CLIENT_NAME,
  MIGRATE_ROLE,
  MONITOR_ROLE,
  POSTGRES_GROUPS,
  ROLE_PREFIX,
  clientRole,
  cronJobRole,
  isLibraryRole,
  needsBootstrap,
  postgresRoles,
  serviceRole,
} from 'production-stack/core/postgres-roles';

type Client = { name: string; postgres?: { access?: string }; migration?: object };
/** The parts of a resolved stack the roles are read from. */
function stack(o: { services?: Client[]; cronJobs?: Client[]; backups?: boolean; postgres?: object | false }): ResolvedStack {
  const postgres = o.postgres === false ? undefined : { extensions: [], schemas: [], searchPath: [], ...o.postgres };
  return {
    services: o.services ?? [],
    cronJobs: o.cronJobs ?? [],
    dr: { logicalBackups: o.backups ?? false },
    postgres,
  } as unknown as ResolvedStack;
}

test('the library’s roles and groups', () => {
  expect([MIGRATE_ROLE, BACKUP_ROLE, MONITOR_ROLE]).toEqual(['app_migrate', 'app_backup', 'app_monitor']);
  expect(POSTGRES_GROUPS).toEqual({ readwrite: 'app_readwrite', readonly: 'app_readonly' });
  expect(ROLE_PREFIX).toEqual({ service: 'svc_', cronJob: 'job_' });
  expect(LIBRARY_ROLES).toEqual(['app_migrate', 'app_backup', 'app_monitor', 'app_readwrite', 'app_readonly']);
});

test('a service’s or CronJob’s role: its prefix and its name, dashes as underscores (every dash)', () => {
  expect(serviceRole('api')).toBe('svc_api');
  expect(serviceRole('order-api-v2')).toBe('svc_order_api_v2');
  expect(cronJobRole('nightly-report')).toBe('job_nightly_report');
});

test('a client name fits when its role does: 63 bytes less the 4 of svc_ or job_', () => {
  expect(MAX_CLIENT_NAME).toBe(59);
  expect(Buffer.byteLength(serviceRole('a'.repeat(MAX_CLIENT_NAME)))).toBe(63);
});

test('a client connects as its own role, or as app_migrate with owner access', () => {
  expect(clientRole('service', 'api', undefined)).toBe('svc_api');
  expect(clientRole('service', 'api', 'readonly')).toBe('svc_api');
  expect(clientRole('cronJob', 'sweep', 'readwrite')).toBe('job_sweep');
  expect(clientRole('cronJob', 'sweep', 'owner')).toBe('app_migrate');
  expect(clientRole('service', 'api', 'owner')).toBe('app_migrate');
});

test('the library’s names, and any svc_ or job_ name, are the library’s; others are not', () => {
  expect(['app_migrate', 'app_readonly', 'svc_x', 'job_', 'svc_'].map(isLibraryRole)).toEqual([true, true, true, true, true]);
  expect(['postgres', 'admin', 'app', 'xsvc_a', 'app_other', 'svcx', 'SVC_A'].map(isLibraryRole)).toEqual([
    false,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});

describe('the roles a stack needs', () => {
  test('none without PostgreSQL', () => {
    expect(postgresRoles(stack({ postgres: false, services: [{ name: 'api', postgres: {} }] }))).toEqual([]);
  });

  test('the owner, the services’ and CronJobs’ roles, the backup role and the exporter’s, in that order', () => {
    const s = stack({
      services: [{ name: 'api', postgres: {}, migration: {} }, { name: 'web' }, { name: 'reports', postgres: { access: 'readonly' } }],
      cronJobs: [{ name: 'sweep', postgres: {} }, { name: 'noop' }],
      backups: true,
    });
    expect(postgresRoles(s)).toEqual([
      { name: 'app_migrate', access: 'owner', usedBy: 'the migration of service "api"' },
      { name: 'svc_api', access: 'readwrite', usedBy: 'service "api"' },
      { name: 'svc_reports', access: 'readonly', usedBy: 'service "reports"' },
      { name: 'job_sweep', access: 'readwrite', usedBy: 'CronJob "sweep"' },
      { name: 'app_backup', access: 'backup', usedBy: 'the logical backups' },
      { name: 'app_monitor', access: 'monitor', usedBy: 'the postgres_exporter' },
    ]);
  });

  test('owner access connects as app_migrate, which names every user; a migration without PostgreSQL makes no owner', () => {
    const s = stack({
      services: [
        { name: 'api', postgres: { access: 'owner' } },
        { name: 'web', migration: {} },
        { name: 'b', postgres: {}, migration: {} },
      ],
      cronJobs: [{ name: 'sweep', postgres: { access: 'owner' } }],
    });
    expect(postgresRoles(s)).toEqual([
      { name: 'app_migrate', access: 'owner', usedBy: 'the migration of service "b", service "api", CronJob "sweep"' },
      { name: 'svc_b', access: 'readwrite', usedBy: 'service "b"' },
      { name: 'app_monitor', access: 'monitor', usedBy: 'the postgres_exporter' },
    ]);
  });

  test('a stack with PostgreSQL and no client still has the exporter’s role', () => {
    expect(postgresRoles(stack({ services: [{ name: 'web' }] })).map((r) => r.name)).toEqual(['app_monitor']);
  });
});

describe('the bootstrap Job', () => {
  test('is needed with PostgreSQL (its exporter role at least), never without', () => {
    expect(needsBootstrap(stack({}))).toBe(true);
    expect(needsBootstrap(stack({ postgres: false }))).toBe(false);
  });
});
