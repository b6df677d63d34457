/** Cloud SQL for PostgreSQL settings derived from the spec. Pure, no Pulumi. */

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

const MEMORY_UNITS: Readonly<Record<string, number>> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const TIME_UNITS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The unit PostgreSQL counts each sized or timed parameter in (`pg_settings.unit`),
 * for the parameters the guides tune. Cloud SQL takes flag values as bare
 * numbers in this unit, so `'2GB'` of `shared_buffers` is sent as `262144`.
 */
export const PARAMETER_UNITS: Readonly<Record<string, string>> = {
  shared_buffers: '8kB',
  effective_cache_size: '8kB',
  temp_buffers: '8kB',
  wal_buffers: '8kB',
  work_mem: 'kB',
  maintenance_work_mem: 'kB',
  autovacuum_work_mem: 'kB',
  logical_decoding_work_mem: 'kB',
  temp_file_limit: 'kB',
  log_temp_files: 'kB',
  max_wal_size: 'MB',
  min_wal_size: 'MB',
  checkpoint_timeout: 's',
  checkpoint_warning: 's',
  autovacuum_naptime: 's',
  tcp_keepalives_idle: 's',
  tcp_keepalives_interval: 's',
  log_min_duration_statement: 'ms',
  log_autovacuum_min_duration: 'ms',
  statement_timeout: 'ms',
  lock_timeout: 'ms',
  idle_in_transaction_session_timeout: 'ms',
  idle_session_timeout: 'ms',
  deadlock_timeout: 'ms',
  wal_writer_delay: 'ms',
  bgwriter_delay: 'ms',
};

function unitSize(unit: string): { kind: 'memory' | 'time'; size: number } | undefined {
  const sized = /^(\d*)(B|kB|MB|GB|TB)$/.exec(unit);
  if (sized) return { kind: 'memory', size: Number(sized[1] || 1) * MEMORY_UNITS[sized[2]] };
  return unit in TIME_UNITS ? { kind: 'time', size: TIME_UNITS[unit] } : undefined;
}

/**
 * A PostgreSQL parameter as a Cloud SQL flag value: numbers and bare numeric
 * strings as they are, values with a unit (`'2GB'`, `'15min'`) converted to
 * the parameter's own unit (see {@link PARAMETER_UNITS}). Throws, naming the
 * parameter, when a unit is given for a parameter of unknown unit, of the
 * wrong kind, or that does not convert to a whole number.
 */
export function cloudSqlFlagValue(parameter: string, value: string | number): string {
  if (typeof value === 'number') return String(value);
  const match = /^(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(value.trim());
  if (!match) return value;
  const [, amount, given] = match;
  const from = unitSize(given);
  if (!from) return value; // a suffix that is no PostgreSQL unit: left for Cloud SQL to judge
  const unit = PARAMETER_UNITS[parameter];
  const to = unit === undefined ? undefined : unitSize(unit);
  if (!to) throw new Error(`postgres parameter ${parameter} ("${value}"): give the value without a unit, in the unit of ${parameter}`);
  if (to.kind !== from.kind)
    throw new Error(`postgres parameter ${parameter} ("${value}") must be a ${to.kind === 'memory' ? 'size' : 'duration'}`);
  const converted = (Number(amount) * from.size) / to.size;
  if (!Number.isInteger(converted)) {
    throw new Error(`postgres parameter ${parameter} ("${value}") is not a whole number of ${unit}`);
  }
  return String(converted);
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
  if ('max_connections' in parameters) throw new Error('set max_connections through maxConnections, not parameters');
  return [
    { name: 'max_connections', value: String(maxConnections) },
    ...Object.entries(parameters).map(([name, value]) => ({ name, value: cloudSqlFlagValue(name, value) })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/** A libpq connection URL with TLS required: `postgresql://user:password@host:port/database?sslmode=require`, user and password URL-encoded. */
export function postgresUrl(args: { user: string; password: string; host: string; port: number; database: string }): string {
  return `postgresql://${encodeURIComponent(args.user)}:${encodeURIComponent(args.password)}@${args.host}:${args.port}/${encodeURIComponent(args.database)}?sslmode=require`;
}

/** What a client needs to reach a Cloud SQL instance. */
export interface PostgresConnectionArgs {
  /** Private IP of the instance. */
  readonly host: string;
  /** Port of the server. */
  readonly port: number;
  /** Name of the database. */
  readonly database: string;
  /** Name of the user. */
  readonly user: string;
  /** Password of the user. */
  readonly password: string;
  /** PEM bundle of the server CA. */
  readonly ca: string;
}

/**
 * The JSON stored in Secret Manager for Postgres: the properties of
 * `DATASTORE_KEYS.postgres` (`url`, `host`, `port`, `database`, `user`,
 * `password`), every value a string, plus `ca`, the server CA bundle, for
 * clients that verify the server (`sslmode=verify-ca`).
 */
export function postgresConnection(args: PostgresConnectionArgs): Record<string, string> {
  return {
    url: postgresUrl(args),
    host: args.host,
    port: String(args.port),
    database: args.database,
    user: args.user,
    password: args.password,
    ca: args.ca,
  };
}
