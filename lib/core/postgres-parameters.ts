/**
 * The PostgreSQL server parameters the library accepts in `postgres.parameters`, one table for RDS parameter
 * groups and Cloud SQL database flags: each parameter's unit, type, context and range as PostgreSQL's own
 * `pg_settings` reports them (PostgreSQL 15; test/core/postgres-parameters.test.ts holds every entry to a real
 * server, and every converted value to the server's own reading of the value as written), and whether each
 * cloud lets you set it. One conversion ({@link convertParameter}) turns a value as postgresql.conf allows it
 * (`'4GB'`, `'15min'`, `'on'`) into what both clouds take: a bare number in the parameter's unit. Pure, no
 * cdk8s or Pulumi.
 *
 * Sources: PostgreSQL's `pg_settings` (and "Setting Parameters" of its manual: units are case-sensitive,
 * memory units B, kB, MB, GB, TB at 1024, time units us, ms, s, min, h, d); RDS, "Working with parameters on
 * your RDS for PostgreSQL DB instance" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Parameters.html:
 * "Amazon RDS uses the default PostgreSQL units for all parameters", each parameter's Apply_Type, the
 * libraries `shared_preload_libraries` takes); Cloud SQL, "Configure database flags"
 * (https://cloud.google.com/sql/docs/postgres/flags: the flags an instance takes, boolean flags as `on`/`off`).
 */
import { cloudProfile } from './cloud';

/** A unit PostgreSQL counts a parameter in (`pg_settings.unit`). */
export type ParameterUnit = 'B' | 'kB' | '8kB' | 'MB' | 'ms' | 's';

/** `pg_settings.vartype`. */
export type ParameterVartype = 'bool' | 'enum' | 'integer' | 'real' | 'string';

/**
 * `pg_settings.context`: `postmaster` parameters are static (a restart applies them); every other context is
 * dynamic (a configuration reload applies them, `superuser-backend` to new sessions).
 */
export type ParameterContext = 'postmaster' | 'sighup' | 'superuser-backend' | 'superuser' | 'user';

/** What one parameter is and where it may be set. */
export interface PostgresParameter {
  /** Its type. */
  readonly vartype: ParameterVartype;
  /** The unit a bare number counts; none for a plain number, a boolean, an enum or a string. */
  readonly unit?: ParameterUnit;
  /** When a change applies (see {@link ParameterContext}). */
  readonly context: ParameterContext;
  /** Smallest value, in {@link unit} (`pg_settings.min_val`). */
  readonly min?: number;
  /** Largest value, in {@link unit} (`pg_settings.max_val`; left out where it is the largest double). */
  readonly max?: number;
  /** The values of an enum (`pg_settings.enumvals`), or the libraries a list of libraries may name. */
  readonly values?: readonly string[];
  /**
   * RDS lets you set it in a DB parameter group; `'static'` where RDS applies it only at a reboot although
   * PostgreSQL reloads it (RDS's Apply_Type).
   */
  readonly rds: boolean | 'static';
  /** Cloud SQL takes it as a database flag. */
  readonly cloudSql: boolean;
  /** Why a cloud does not take it, for the error. */
  readonly why?: string;
  /**
   * What PostgreSQL 18 reports differently (the clouds run 15 to 18; this table is PostgreSQL 15's). The
   * library applies a parameter static on any major as static (`pending-reboot` on RDS).
   */
  readonly from18?: { readonly context?: ParameterContext; readonly vartype?: ParameterVartype };
  /** An extension's parameter: in `pg_settings` once the extension is loaded (`shared_preload_libraries`). */
  readonly extension?: string;
}

const INT_MAX = 2147483647;
const LOG_LEVELS = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'info', 'notice', 'warning', 'error', 'log', 'fatal', 'panic'];

/** Both clouds take it. */
const BOTH = { rds: true, cloudSql: true } as const;

/**
 * The parameters the library accepts, by name: those the five guides set (`shared_buffers`,
 * `effective_cache_size`, `work_mem`, `maintenance_work_mem`, `wal_buffers`, `checkpoint_timeout`,
 * `max_wal_size`, `random_page_cost`, `effective_io_concurrency`, `log_min_duration_statement`) and the
 * common tuning of memory, WAL and checkpoints, the planner, parallelism, timeouts, autovacuum and logging.
 * `max_connections` is set through `postgres.maxConnections`.
 */
export const POSTGRES_PARAMETERS: Readonly<Record<string, PostgresParameter>> = {
  // memory
  shared_buffers: { vartype: 'integer', unit: '8kB', context: 'postmaster', min: 16, max: 1073741823, ...BOTH },
  effective_cache_size: { vartype: 'integer', unit: '8kB', context: 'user', min: 1, max: INT_MAX, ...BOTH },
  work_mem: { vartype: 'integer', unit: 'kB', context: 'user', min: 64, max: INT_MAX, ...BOTH },
  maintenance_work_mem: { vartype: 'integer', unit: 'kB', context: 'user', min: 1024, max: INT_MAX, ...BOTH },
  autovacuum_work_mem: { vartype: 'integer', unit: 'kB', context: 'sighup', min: -1, max: INT_MAX, ...BOTH },
  logical_decoding_work_mem: { vartype: 'integer', unit: 'kB', context: 'user', min: 64, max: INT_MAX, ...BOTH },
  temp_buffers: { vartype: 'integer', unit: '8kB', context: 'user', min: 100, max: 1073741823, ...BOTH },
  hash_mem_multiplier: { vartype: 'real', context: 'user', min: 1, max: 1000, ...BOTH },
  temp_file_limit: { vartype: 'integer', unit: 'kB', context: 'superuser', min: -1, max: INT_MAX, rds: 'static', cloudSql: true },
  track_activity_query_size: { vartype: 'integer', unit: 'B', context: 'postmaster', min: 100, max: 1048576, ...BOTH },
  // WAL and checkpoints
  wal_buffers: { vartype: 'integer', unit: '8kB', context: 'postmaster', min: -1, max: 262143, ...BOTH },
  max_wal_size: { vartype: 'integer', unit: 'MB', context: 'sighup', min: 2, max: INT_MAX, ...BOTH },
  min_wal_size: { vartype: 'integer', unit: 'MB', context: 'sighup', min: 2, max: INT_MAX, ...BOTH },
  checkpoint_timeout: { vartype: 'integer', unit: 's', context: 'sighup', min: 30, max: 86400, ...BOTH },
  checkpoint_completion_target: { vartype: 'real', context: 'sighup', min: 0, max: 1, ...BOTH },
  checkpoint_warning: { vartype: 'integer', unit: 's', context: 'sighup', min: 0, max: INT_MAX, ...BOTH },
  wal_writer_delay: { vartype: 'integer', unit: 'ms', context: 'sighup', min: 1, max: 10000, ...BOTH },
  wal_compression: { vartype: 'enum', context: 'superuser', values: ['pglz', 'lz4', 'zstd', 'on', 'off'], ...BOTH },
  synchronous_commit: {
    vartype: 'enum',
    context: 'user',
    values: ['local', 'remote_write', 'remote_apply', 'on', 'off'],
    ...BOTH,
  },
  bgwriter_delay: { vartype: 'integer', unit: 'ms', context: 'sighup', min: 10, max: 10000, ...BOTH },
  bgwriter_lru_maxpages: { vartype: 'integer', context: 'sighup', min: 0, max: 1073741823, ...BOTH },
  bgwriter_lru_multiplier: { vartype: 'real', context: 'sighup', min: 0, max: 10, ...BOTH },
  wal_level: {
    vartype: 'enum',
    context: 'postmaster',
    values: ['minimal', 'replica', 'logical'],
    rds: false,
    cloudSql: false,
    why: 'RDS sets it from rds.logical_replication and Cloud SQL from cloudsql.logical_decoding, which the library does not offer',
  },
  // planner
  random_page_cost: { vartype: 'real', context: 'user', min: 0, ...BOTH },
  seq_page_cost: { vartype: 'real', context: 'user', min: 0, ...BOTH },
  effective_io_concurrency: { vartype: 'integer', context: 'user', min: 0, max: 1000, ...BOTH },
  maintenance_io_concurrency: { vartype: 'integer', context: 'user', min: 0, max: 1000, ...BOTH },
  default_statistics_target: { vartype: 'integer', context: 'user', min: 1, max: 10000, ...BOTH },
  jit: { vartype: 'bool', context: 'user', ...BOTH },
  // workers and parallelism
  max_worker_processes: { vartype: 'integer', context: 'postmaster', min: 0, max: 262143, ...BOTH },
  max_parallel_workers: { vartype: 'integer', context: 'user', min: 0, max: 1024, ...BOTH },
  max_parallel_workers_per_gather: { vartype: 'integer', context: 'user', min: 0, max: 1024, ...BOTH },
  max_parallel_maintenance_workers: { vartype: 'integer', context: 'user', min: 0, max: 1024, ...BOTH },
  // connections, locks, timeouts
  max_connections: { vartype: 'integer', context: 'postmaster', min: 1, max: 262143, ...BOTH },
  max_locks_per_transaction: { vartype: 'integer', context: 'postmaster', min: 10, max: INT_MAX, ...BOTH },
  max_prepared_transactions: { vartype: 'integer', context: 'postmaster', min: 0, max: 262143, ...BOTH },
  statement_timeout: { vartype: 'integer', unit: 'ms', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  lock_timeout: { vartype: 'integer', unit: 'ms', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  idle_in_transaction_session_timeout: { vartype: 'integer', unit: 'ms', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  idle_session_timeout: { vartype: 'integer', unit: 'ms', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  deadlock_timeout: { vartype: 'integer', unit: 'ms', context: 'superuser', min: 1, max: INT_MAX, ...BOTH },
  tcp_keepalives_idle: { vartype: 'integer', unit: 's', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  tcp_keepalives_interval: { vartype: 'integer', unit: 's', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  tcp_keepalives_count: { vartype: 'integer', context: 'user', min: 0, max: INT_MAX, ...BOTH },
  // autovacuum
  autovacuum_max_workers: {
    vartype: 'integer',
    context: 'postmaster',
    min: 1,
    max: 262143,
    ...BOTH,
    // PostgreSQL 18 reserves autovacuum_worker_slots at start and reloads autovacuum_max_workers
    from18: { context: 'sighup' },
  },
  autovacuum_naptime: { vartype: 'integer', unit: 's', context: 'sighup', min: 1, max: 2147483, ...BOTH },
  autovacuum_vacuum_scale_factor: { vartype: 'real', context: 'sighup', min: 0, max: 100, ...BOTH },
  autovacuum_vacuum_insert_scale_factor: { vartype: 'real', context: 'sighup', min: 0, max: 100, ...BOTH },
  autovacuum_analyze_scale_factor: { vartype: 'real', context: 'sighup', min: 0, max: 100, ...BOTH },
  autovacuum_vacuum_cost_limit: { vartype: 'integer', context: 'sighup', min: -1, max: 10000, ...BOTH },
  autovacuum_vacuum_cost_delay: { vartype: 'real', unit: 'ms', context: 'sighup', min: -1, max: 100, ...BOTH },
  autovacuum_freeze_max_age: { vartype: 'integer', context: 'postmaster', min: 100000, max: 2000000000, ...BOTH },
  // logging and statistics
  log_min_duration_statement: { vartype: 'integer', unit: 'ms', context: 'superuser', min: -1, max: INT_MAX, ...BOTH },
  log_autovacuum_min_duration: { vartype: 'integer', unit: 'ms', context: 'sighup', min: -1, max: INT_MAX, ...BOTH },
  log_temp_files: { vartype: 'integer', unit: 'kB', context: 'superuser', min: -1, max: INT_MAX, ...BOTH },
  log_statement: { vartype: 'enum', context: 'superuser', values: ['none', 'ddl', 'mod', 'all'], ...BOTH },
  log_min_messages: { vartype: 'enum', context: 'superuser', values: LOG_LEVELS, ...BOTH },
  log_min_error_statement: { vartype: 'enum', context: 'superuser', values: LOG_LEVELS, ...BOTH },
  // PostgreSQL 18 reads a list of aspects (receipt, authentication, ...), and on/off as before
  log_connections: { vartype: 'bool', context: 'superuser-backend', ...BOTH, from18: { vartype: 'string' } },
  log_disconnections: { vartype: 'bool', context: 'superuser-backend', ...BOTH },
  log_lock_waits: { vartype: 'bool', context: 'superuser', ...BOTH },
  log_checkpoints: { vartype: 'bool', context: 'sighup', ...BOTH },
  track_io_timing: { vartype: 'bool', context: 'superuser', ...BOTH },
  track_commit_timestamp: { vartype: 'bool', context: 'postmaster', ...BOTH },
  // extensions
  shared_preload_libraries: {
    vartype: 'string',
    context: 'postmaster',
    values: [
      'auto_explain',
      'orafce',
      'pgaudit',
      'pglogical',
      'pg_bigm',
      'pg_cron',
      'pg_hint_plan',
      'pg_prewarm',
      'pg_similarity',
      'pg_stat_statements',
      'pg_transport',
      'plprofiler',
    ],
    rds: true,
    cloudSql: false,
    why: 'Cloud SQL loads the libraries its own flags turn on; pg_stat_statements is loaded already',
  },
  'pg_stat_statements.max': {
    vartype: 'integer',
    context: 'postmaster',
    min: 100,
    max: 1073741823,
    extension: 'pg_stat_statements',
    ...BOTH,
  },
  'pg_stat_statements.track': {
    vartype: 'enum',
    context: 'superuser',
    values: ['none', 'top', 'all'],
    extension: 'pg_stat_statements',
    ...BOTH,
  },
};

/** The parameters the library sets itself, and how to set them instead. */
export const LIBRARY_PARAMETERS: Readonly<Record<string, string>> = {
  max_connections: 'set max_connections through postgres.maxConnections (one way to set it)',
  'rds.force_ssl': 'TLS is always required: the library sets rds.force_ssl to 1 on RDS (and ENCRYPTED_ONLY on Cloud SQL)',
};

/** The clouds, as the spec names them. */
export type ParameterCloud = 'aws' | 'gcp';

/** True when PostgreSQL applies the parameter only at a restart, on any major; RDS's own Apply_Type counts on RDS. */
export function isStaticParameter(name: string, cloud?: ParameterCloud): boolean {
  const p = POSTGRES_PARAMETERS[name];
  if (!p) return true;
  return p.context === 'postmaster' || (cloud === 'aws' && p.rds === 'static');
}

/** Bytes of each memory unit, microseconds of each time unit, as PostgreSQL reads them (case matters). */
const MEMORY_UNITS: Readonly<Record<string, bigint>> = { B: 1n, kB: 1024n, MB: 1024n ** 2n, GB: 1024n ** 3n, TB: 1024n ** 4n };
const TIME_UNITS: Readonly<Record<string, bigint>> = {
  us: 1n,
  ms: 1000n,
  s: 1000000n,
  min: 60000000n,
  h: 3600000000n,
  d: 86400000000n,
};
/** Each parameter unit in bytes or microseconds. */
const PARAMETER_UNIT_SIZE: Readonly<Record<ParameterUnit, bigint>> = {
  B: 1n,
  kB: 1024n,
  '8kB': 8192n,
  MB: 1024n ** 2n,
  ms: 1000n,
  s: 1000000n,
};

function unitKind(unit: string): 'size' | 'duration' | undefined {
  if (unit in MEMORY_UNITS || unit === '8kB') return 'size';
  return unit in TIME_UNITS ? 'duration' : undefined;
}

/** How a problem names the unit a parameter counts: `8 kB units`, `kB`, `s`. */
function unitLabel(unit: ParameterUnit): string {
  return unit === '8kB' ? '8 kB units' : unit;
}

const UNIT_LIST = { size: 'B, kB, MB, GB or TB', duration: 'us, ms, s, min, h or d' } as const;

/** The result of {@link convertParameter}: the value as the engine takes it, or why it would refuse it. */
export type ConvertedParameter =
  | { readonly value: string; readonly problem?: undefined }
  | {
      readonly value?: undefined;
      /** The rule broken, with `{value}` where the given value goes (as `Problems.add` takes it). */
      readonly problem: string;
    };

/** A decimal written plainly (no exponent, hex, octal or leading zeros, which PostgreSQL reads otherwise), then a unit. */
const AMOUNT = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?\s*([A-Za-z]*)$/;
const BOOLEANS: Readonly<Record<string, 'on' | 'off'>> = {
  on: 'on',
  off: 'off',
  true: 'on',
  false: 'off',
  yes: 'on',
  no: 'off',
  '1': 'on',
  '0': 'off',
};

function fail(problem: string): ConvertedParameter {
  return { problem };
}

/** A number, with or without a unit, as a bare number in the parameter's unit; refused when not whole (integers), out of range or of the wrong kind. */
function convertNumber(name: string, p: PostgresParameter, value: string | number): ConvertedParameter {
  if (typeof value === 'number') {
    // a number has no unit: it counts the parameter's unit, as a bare number does in postgresql.conf
    if (!Number.isFinite(value)) return fail('{value} must be a finite number');
    if (p.vartype === 'integer' && !Number.isInteger(value))
      return fail(`{value} must be a whole number${p.unit ? ` of ${unitLabel(p.unit)}` : ''}`);
    return range(name, p, value, String(value), false);
  }
  const m = AMOUNT.exec(value.trim());
  if (!m) {
    const example = p.unit === 's' || p.unit === 'ms' ? '"30s"' : '"64MB"';
    return fail(`{value} must be ${p.unit ? `a number, or a ${unitKind(p.unit)} such as ${example}` : 'a number'}`);
  }
  const [, sign, whole, fraction = '', given = ''] = m;
  let numerator = BigInt(`${sign}${whole}${fraction}`);
  let denominator = 10n ** BigInt(fraction.length);
  if (given !== '') {
    if (!p.unit) return fail(`{value} must be a plain number: ${name} takes no unit`);
    const want = unitKind(p.unit) as 'size' | 'duration';
    const kind = unitKind(given);
    if (!kind) return fail(`{value} has no unit PostgreSQL reads: a ${want} takes ${UNIT_LIST[want]} (case matters)`);
    if (kind !== want) {
      return fail(`{value} must be a ${want} (${name} counts ${unitLabel(p.unit)}): give a number, or a ${want} in ${UNIT_LIST[want]}`);
    }
    numerator *= (kind === 'size' ? MEMORY_UNITS : TIME_UNITS)[given] as bigint;
    denominator *= PARAMETER_UNIT_SIZE[p.unit];
  }
  const converted = given !== '';
  if (p.vartype === 'real') {
    const real = Number(numerator) / Number(denominator);
    return range(name, p, real, String(real), converted);
  }
  if (numerator % denominator !== 0n) {
    const exact = Number(numerator) / Number(denominator);
    const unit = p.unit ? unitLabel(p.unit) : 'units';
    return fail(
      `{value} is not a whole number of ${unit} (${exact}${p.unit ? ` ${p.unit}` : ''}): PostgreSQL would round it; give a whole number`,
    );
  }
  const n = numerator / denominator;
  return range(name, p, Number(n), n.toString(), converted);
}

/** The value, unless outside the parameter's range; `converted` when the value had a unit (the problem then shows the number of units). */
function range(name: string, p: PostgresParameter, n: number, text: string, converted: boolean): ConvertedParameter {
  if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
    const unit = p.unit ? ` ${p.unit}` : '';
    const bounds = p.max === undefined ? `at least ${p.min}${unit}` : `${p.min} to ${p.max}${unit}`;
    return fail(`{value} ${converted ? `is ${text}${unit}, ` : 'is '}outside ${bounds}, the range PostgreSQL accepts for ${name}`);
  }
  return { value: text };
}

/**
 * A value of the parameter `name` as PostgreSQL takes it, without a unit: integers and reals as a bare number
 * in the parameter's unit (`shared_buffers: '4GB'` → `'524288'` 8 kB units, `checkpoint_timeout: '15min'` →
 * `'900'` s, `statement_timeout: '30s'` → `'30000'` ms), booleans as `on`/`off`, enum values in PostgreSQL's
 * spelling. Refused (a `problem` instead): a parameter the table does not hold, a unit of the wrong kind, a
 * unit PostgreSQL does not read (`15m`), a unit on a plain number, a conversion that is not whole (where
 * PostgreSQL would round), a value outside the range, a boolean or enum value PostgreSQL would not read.
 * Bare numbers are taken in the parameter's unit, as PostgreSQL takes them.
 */
export function convertParameter(name: string, value: string | number): ConvertedParameter {
  const p = POSTGRES_PARAMETERS[name];
  if (!p) return fail(`unknown parameter ${JSON.stringify(name)}`);
  switch (p.vartype) {
    case 'integer':
    case 'real':
      return convertNumber(name, p, value);
    case 'bool': {
      const b = BOOLEANS[String(value).trim().toLowerCase()];
      return b ? { value: b } : fail('{value} must be on or off (true/false, yes/no and 1/0 read the same)');
    }
    case 'enum': {
      const v = String(value).trim().toLowerCase();
      return p.values?.includes(v) ? { value: v } : fail(`{value} must be one of ${(p.values ?? []).join(', ')}`);
    }
    case 'string': {
      const items = String(value)
        .split(',')
        .map((s) => s.trim());
      const wrong = items.filter((s) => !p.values?.includes(s));
      return wrong.length === 0
        ? { value: items.join(',') }
        : fail(
            `{value} must be a comma-separated list of ${(p.values ?? []).join(', ')} (not ${wrong.map((s) => JSON.stringify(s)).join(', ')})`,
          );
    }
  }
}

/** Why the cloud does not let you set the parameter (which the table holds), or undefined when it does. */
export function cloudParameterProblem(name: string, cloud: ParameterCloud): string | undefined {
  const p = POSTGRES_PARAMETERS[name];
  if (!p) return undefined;
  const allowed = cloud === 'aws' ? p.rds !== false : p.cloudSql;
  if (allowed) return undefined;
  const where =
    !p.rds && !p.cloudSql ? 'neither RDS nor Cloud SQL lets you set' : `${cloudProfile(cloud).names.postgres} does not let you set`;
  return `{value}: ${where} ${name}${p.why ? ` (${p.why})` : ''}: remove it`;
}

/**
 * Every problem of one parameter for the stack's cloud, as validation reports it (the rule, with `{value}`
 * for the given value), or undefined: one the library sets itself, one the table does not hold, a value the
 * engine would refuse (see {@link convertParameter}), one the cloud does not let you set.
 */
export function parameterProblem(name: string, value: string | number, cloud?: ParameterCloud): string | undefined {
  if (LIBRARY_PARAMETERS[name]) return LIBRARY_PARAMETERS[name];
  const converted = convertParameter(name, value);
  if (converted.problem !== undefined) return converted.problem;
  return cloud === undefined ? undefined : cloudParameterProblem(name, cloud);
}

/** A problem's rule with the value filled in, for errors thrown where validation has not run (the components used on their own). */
export function parameterError(name: string, value: unknown, rule: string): Error {
  return new Error(`postgres parameter ${name}: ${rule.replace('{value}', () => JSON.stringify(value))}`);
}

/** The value a cloud takes for a parameter: {@link convertParameter}'s, booleans as `1`/`0` on RDS (its parameter groups' allowed values). Throws on any problem. */
export function cloudParameterValue(name: string, value: string | number, cloud: ParameterCloud): string {
  const converted = convertParameter(name, value);
  const problem = converted.problem ?? cloudParameterProblem(name, cloud);
  if (problem !== undefined || converted.value === undefined) throw parameterError(name, value, problem ?? 'no value');
  if (cloud === 'aws' && POSTGRES_PARAMETERS[name]?.vartype === 'bool') return converted.value === 'on' ? '1' : '0';
  return converted.value;
}
