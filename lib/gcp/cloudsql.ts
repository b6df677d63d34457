/** Cloud SQL for PostgreSQL settings derived from the spec. Pure, no Pulumi. */
import { LIBRARY_PARAMETERS, POSTGRES_PARAMETERS, cloudParameterValue, parameterError } from '../core/postgres-parameters';

/** A weekly maintenance window, UTC. */
export interface MaintenanceWindow {
  /** Day of the week. */
  readonly day: 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';
  /** Hour the window starts, 0 to 23, UTC. */
  readonly hourUtc: number;
}

/** Cloud SQL's maintenance days are numbered from Monday (1) to Sunday (7). */
export const CLOUD_SQL_DAYS: Readonly<Record<MaintenanceWindow['day'], number>> = {
  MONDAY: 1,
  TUESDAY: 2,
  WEDNESDAY: 3,
  THURSDAY: 4,
  FRIDAY: 5,
  SATURDAY: 6,
  SUNDAY: 7,
};

/** Longest point-in-time recovery (transaction log retention) of the Cloud SQL Enterprise edition, in days. */
export const ENTERPRISE_LOG_RETENTION_DAYS = 7;
/** Longest point-in-time recovery of the Enterprise Plus edition, in days. */
export const ENTERPRISE_PLUS_LOG_RETENTION_DAYS = 35;

/** Cloud SQL's `databaseVersion` of a PostgreSQL version: `'15'` and `'15.4'` give `POSTGRES_15` (Cloud SQL picks the minor). */
export function cloudSqlVersion(engineVersion: string): string {
  const match = /^(?:POSTGRES_)?(\d+)(?:\.\d+)?$/i.exec(engineVersion.trim());
  if (!match) throw new Error(`engineVersion "${engineVersion}" must be a PostgreSQL version such as "15" or "15.4"`);
  return `POSTGRES_${match[1]}`;
}

/**
 * The Cloud SQL edition a tier belongs to: `db-perf-optimized-*` tiers are
 * Enterprise Plus, every other tier (`db-custom-*`, shared core) is
 * Enterprise. Set explicitly because PostgreSQL 16 and later default to
 * Enterprise Plus, which refuses `db-custom-*` tiers.
 */
export function cloudSqlEdition(tier: string): 'ENTERPRISE' | 'ENTERPRISE_PLUS' {
  return tier.startsWith('db-perf-optimized-') ? 'ENTERPRISE_PLUS' : 'ENTERPRISE';
}

/** Days of transaction logs kept for point-in-time recovery: the backup retention, capped at the edition's maximum. */
export function transactionLogRetentionDays(backupRetentionDays: number, edition: 'ENTERPRISE' | 'ENTERPRISE_PLUS'): number {
  return Math.min(backupRetentionDays, edition === 'ENTERPRISE_PLUS' ? ENTERPRISE_PLUS_LOG_RETENTION_DAYS : ENTERPRISE_LOG_RETENTION_DAYS);
}

/** A daily UTC window, as {@link parseWindow} reads it. */
export interface DailyWindow {
  /** Start, `HH:MM`. */
  readonly start: string;
  /** Hour of the start, 0 to 23. */
  readonly startHour: number;
  /** Hour of the end, 0 to 23. */
  readonly endHour: number;
}

/** Start and end of a `HH:MM-HH:MM` UTC window. */
export function parseWindow(window: string): DailyWindow {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window);
  if (!match) throw new Error(`backupWindow "${window}" must be a UTC window such as "03:00-04:00"`);
  return { start: `${match[1]}:${match[2]}`, startHour: Number(match[1]), endHour: Number(match[3]) };
}

/** The default maintenance window of a Cloud SQL instance: Sunday, at the hour its backup window ends. */
export function defaultMaintenanceWindow(backupWindow: string): MaintenanceWindow {
  return { day: 'SUNDAY', hourUtc: parseWindow(backupWindow).endHour };
}

/**
 * The unit PostgreSQL counts each sized or timed parameter in (`pg_settings.unit`), for the parameters the
 * library accepts (`POSTGRES_PARAMETERS`, lib/core/postgres-parameters.ts). Cloud SQL takes flag values as
 * bare numbers in this unit, so `'2GB'` of `shared_buffers` is sent as `262144`.
 */
export const PARAMETER_UNITS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(POSTGRES_PARAMETERS).flatMap(([name, p]) => (p.unit ? [[name, p.unit]] : [])),
);

/**
 * A PostgreSQL parameter as a Cloud SQL flag value: a bare number in the parameter's own unit (`'2GB'` of
 * `shared_buffers` → `262144` 8 kB units, `'15min'` of `checkpoint_timeout` → `900` s), booleans as
 * `on`/`off`, enum values in PostgreSQL's spelling (see `convertParameter` in lib/core/postgres-parameters.ts).
 * Throws, naming the parameter, for one the library does not accept or Cloud SQL does not take, and for a
 * value PostgreSQL would refuse or round.
 */
export function cloudSqlFlagValue(parameter: string, value: string | number): string {
  return cloudParameterValue(parameter, value, 'gcp');
}

/** A Cloud SQL database flag. */
export interface DatabaseFlag {
  /** Name of the flag (the PostgreSQL parameter). */
  readonly name: string;
  /** Its value, a bare number in the flag's unit or a word. */
  readonly value: string;
}

/**
 * The Cloud SQL database flags of a stack: `max_connections` and every
 * further parameter, values in the flags' units (see {@link cloudSqlFlagValue}),
 * sorted by name so the order never shows as a change.
 */
export function databaseFlags(
  maxConnections: number,
  parameters: Readonly<Record<string, string | number>>,
): { name: string; value: string }[] {
  for (const [name, value] of Object.entries(parameters)) {
    if (LIBRARY_PARAMETERS[name]) throw parameterError(name, value, LIBRARY_PARAMETERS[name]);
  }
  return [
    { name: 'max_connections', value: cloudSqlFlagValue('max_connections', maxConnections) },
    ...Object.entries(parameters).map(([name, value]) => ({ name, value: cloudSqlFlagValue(name, value) })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}
