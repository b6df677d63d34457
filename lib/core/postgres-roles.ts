/**
 * The login roles of the stack's PostgreSQL: one per use, so that no pod holds the master credential.
 *
 * - `app_migrate` owns the application's schema objects: every migration Job connects as it;
 * - one role per service and per CronJob that uses PostgreSQL (`svc_<name>`, `job_<name>`, dashes as
 *   underscores), a member of `app_readwrite` (DML on the application's tables) or, with
 *   `postgres.access: 'readonly'`, of `app_readonly` (SELECT only); with `access: 'owner'` (an application that
 *   migrates itself) it connects as `app_migrate` instead;
 * - `app_backup`, a member of `pg_read_all_data`, for the logical backups' `pg_dump`;
 * - `app_monitor`, a member of nothing, for the stack's postgres_exporter (lib/k8s/datastore-exporter.ts): the
 *   statistics its alerts read any role may read.
 *
 * The master user (the RDS master user, the Cloud SQL user the stack creates) is used by the bootstrap Job
 * alone (lib/k8s/postgres-bootstrap.ts), which creates these roles and their grants with the SQL of
 * lib/core/postgres-bootstrap.ts before any migration runs. The Pulumi side generates each role's password and
 * writes it, with its SCRAM verifier, into the connection document (`postgresConnection`); each use syncs its
 * own role's part of it into a Secret of its own (`k8sNames.postgresRoleSecret`).
 */
import type { ResolvedStack } from './resolve';

/** What a role may do. */
export type PostgresAccess = 'owner' | 'readwrite' | 'readonly' | 'backup' | 'monitor';

/** One login role. */
export interface PostgresRole {
  /** Its name in PostgreSQL: at most 63 bytes, lowercase letters, digits and `_`. */
  readonly name: string;
  /** What it may do. */
  readonly access: PostgresAccess;
  /** What connects as it, for people: `service "api"`, `the migrations`. */
  readonly usedBy: string;
}

/** The role that owns the application's objects; migrations connect as it. */
export const MIGRATE_ROLE = 'app_migrate';
/** The role of the logical backups' `pg_dump`. */
export const BACKUP_ROLE = 'app_backup';
/** The role of the stack's postgres_exporter: the statistics any role reads, no table of the application. */
export const MONITOR_ROLE = 'app_monitor';
/** The group roles (NOLOGIN) whose privileges the service and CronJob roles inherit. */
export const POSTGRES_GROUPS = { readwrite: 'app_readwrite', readonly: 'app_readonly' } as const;

/** The prefixes of the per-service and per-CronJob roles. */
export const ROLE_PREFIX = { service: 'svc_', cronJob: 'job_' } as const;

/** Every role name the library creates or reserves (the master user may take none of them). */
export const LIBRARY_ROLES: readonly string[] = [MIGRATE_ROLE, BACKUP_ROLE, MONITOR_ROLE, ...Object.values(POSTGRES_GROUPS)];

/** Whether a role name is one the library creates or may create (the master user may not take it). */
export function isLibraryRole(name: string): boolean {
  return LIBRARY_ROLES.includes(name) || Object.values(ROLE_PREFIX).some((prefix) => name.startsWith(prefix));
}

/** The longest name of a service or CronJob with PostgreSQL: its role must fit PostgreSQL's 63-byte identifiers. */
export const MAX_CLIENT_NAME = 63 - Math.max(...Object.values(ROLE_PREFIX).map((prefix) => prefix.length));

/** The PostgreSQL identifier of a Kubernetes name: dashes as underscores. */
function identifier(name: string): string {
  return name.replace(/-/g, '_');
}

/** The role of a service. */
export function serviceRole(service: string): string {
  return `${ROLE_PREFIX.service}${identifier(service)}`;
}

/** The role of a CronJob. */
export function cronJobRole(job: string): string {
  return `${ROLE_PREFIX.cronJob}${identifier(job)}`;
}

/**
 * The role a service (`kind: 'service'`) or CronJob connects as: its own, or `app_migrate` with `access: 'owner'`.
 */
export function clientRole(kind: keyof typeof ROLE_PREFIX, name: string, access: PostgresAccess | undefined): string {
  if (access === 'owner') return MIGRATE_ROLE;
  return kind === 'service' ? serviceRole(name) : cronJobRole(name);
}

/**
 * Whether the stack's PostgreSQL needs the bootstrap Job: something connects (a login role), or the spec sets the
 * database up (`extensions`, `schemas`, `searchPath`).
 */
export function needsBootstrap(stack: ResolvedStack): boolean {
  const pg = stack.postgres;
  if (!pg) return false;
  return postgresRoles(stack).length > 0 || pg.extensions.length + pg.schemas.length + pg.searchPath.length > 0;
}

/**
 * The login roles a stack's database needs, in a stable order: the owner when any service with PostgreSQL has a
 * migration, one per service and CronJob with PostgreSQL, the backup role with logical backups, and the
 * exporter's role (every stack with PostgreSQL runs one). None when the stack has no PostgreSQL.
 */
export function postgresRoles(stack: ResolvedStack): PostgresRole[] {
  if (!stack.postgres) return [];
  const roles: PostgresRole[] = [];
  const owners = [
    ...stack.services.filter((s) => s.postgres && s.migration).map((s) => `the migration of service "${s.name}"`),
    ...stack.services.filter((s) => s.postgres?.access === 'owner').map((s) => `service "${s.name}"`),
    ...stack.cronJobs.filter((j) => j.postgres?.access === 'owner').map((j) => `CronJob "${j.name}"`),
  ];
  if (owners.length > 0) roles.push({ name: MIGRATE_ROLE, access: 'owner', usedBy: owners.join(', ') });
  for (const s of stack.services.filter((x) => x.postgres && x.postgres.access !== 'owner'))
    roles.push({ name: serviceRole(s.name), access: s.postgres!.access ?? 'readwrite', usedBy: `service "${s.name}"` });
  for (const j of stack.cronJobs.filter((x) => x.postgres && x.postgres.access !== 'owner'))
    roles.push({ name: cronJobRole(j.name), access: j.postgres!.access ?? 'readwrite', usedBy: `CronJob "${j.name}"` });
  if (stack.dr.logicalBackups) roles.push({ name: BACKUP_ROLE, access: 'backup', usedBy: 'the logical backups' });
  roles.push({ name: MONITOR_ROLE, access: 'monitor', usedBy: 'the postgres_exporter' });
  return roles;
}
