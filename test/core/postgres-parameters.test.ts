/**
 * The PostgreSQL parameters the library accepts (lib/core/postgres-parameters.ts): the conversion of values
 * with units to the bare numbers RDS and Cloud SQL take, the validation of `postgres.parameters`, and the
 * table itself held to a real PostgreSQL server (Debian's postgresql package, which `scripts/engines.sh` installs; the
 * test fails without it): every parameter's unit, type, context, range and enum values as its `pg_settings`
 * reports them, and every sample value, as written and as the library converts it for each cloud, read by
 * the server itself (`postgres -C`, or `SET` for an extension's parameter) to the same setting. Debian 12
 * ships PostgreSQL 15; the clouds run 15 to 18, and the table records where 18 differs (`from18`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from 'production-stack';
import {
  POSTGRES_PARAMETERS,
  cloudParameterValue,
  convertParameter,
  isStaticParameter,
  parameterProblem,
} from '../../lib/core/postgres-parameters';
import { DYNAMIC_POSTGRES_PARAMETERS, postgresParameters, rdsParameterValue } from '../../lib/aws/postgres';
import { cloudSqlFlagValue, databaseFlags } from '../../lib/gcp/cloudsql';
import { type TestPostgres, startPostgres } from '../support/postgres';
import { baseSpec } from '../support/spec';
import { examples } from '../../examples';

/* eslint-disable @typescript-eslint/no-explicit-any */
jest.setTimeout(180_000);

describe('conversion to the bare numbers the clouds take', () => {
  test.each<[string, string | number, string]>([
    // the finding: RDS took '15min' and '30s' as they were written, and refuses them
    ['checkpoint_timeout', '15min', '900'],
    ['statement_timeout', '30s', '30000'],
    ['idle_in_transaction_session_timeout', '5min', '300000'],
    ['log_min_duration_statement', '1s', '1000'],
    ['autovacuum_naptime', '1min', '60'],
    ['deadlock_timeout', '1s', '1000'],
    ['tcp_keepalives_idle', '2h', '7200'],
    // sizes, in the parameter's unit (8 kB units, kB, MB, B)
    ['shared_buffers', '4GB', '524288'],
    ['shared_buffers', '1.5GB', '196608'],
    ['effective_cache_size', '12GB', '1572864'],
    ['work_mem', '64MB', '65536'],
    ['maintenance_work_mem', '1GB', '1048576'],
    ['wal_buffers', '16MB', '2048'],
    ['max_wal_size', '2GB', '2048'],
    ['track_activity_query_size', '4kB', '4096'],
    ['temp_file_limit', '10GB', '10485760'],
    // bare numbers are in the parameter's unit, as in postgresql.conf
    ['work_mem', 65536, '65536'],
    ['work_mem', '4096', '4096'],
    ['log_min_duration_statement', -1, '-1'],
    ['wal_buffers', -1, '-1'],
    ['random_page_cost', 1.1, '1.1'],
    ['random_page_cost', '1.1', '1.1'],
    ['autovacuum_vacuum_cost_delay', '1500us', '1.5'],
    ['effective_io_concurrency', 200, '200'],
    // booleans and enums in PostgreSQL's spelling
    ['jit', 'off', 'off'],
    ['log_lock_waits', 'TRUE', 'on'],
    ['track_io_timing', 1, 'on'],
    ['log_statement', 'DDL', 'ddl'],
    ['synchronous_commit', 'remote_apply', 'remote_apply'],
  ])('%s = %j is %s', (name, value, expected) => {
    expect(convertParameter(name, value)).toEqual({ value: expected });
  });

  test('RDS takes booleans as 1/0, Cloud SQL as on/off; numbers alike', () => {
    expect([rdsParameterValue('log_connections', 'on'), cloudSqlFlagValue('log_connections', 'on')]).toEqual(['1', 'on']);
    expect([rdsParameterValue('jit', 'false'), cloudSqlFlagValue('jit', 'false')]).toEqual(['0', 'off']);
    expect([rdsParameterValue('checkpoint_timeout', '15min'), cloudSqlFlagValue('checkpoint_timeout', '15min')]).toEqual(['900', '900']);
  });

  test.each<[string, string, string | number, RegExp]>([
    [
      'fails when a unit is not one PostgreSQL reads (m is no minute)',
      'checkpoint_timeout',
      '15m',
      /has no unit PostgreSQL reads: a duration takes us, ms, s, min, h or d/,
    ],
    [
      'fails when a unit is spelled in the wrong case',
      'shared_buffers',
      '4gb',
      /has no unit PostgreSQL reads: a size takes B, kB, MB, GB or TB \(case matters\)/,
    ],
    ['fails when a duration is given for a size', 'work_mem', '5min', /must be a size \(work_mem counts kB\)/],
    ['fails when a size is given for a duration', 'statement_timeout', '1GB', /must be a duration \(statement_timeout counts ms\)/],
    ['fails when a unit is given to a plain number', 'random_page_cost', '1.1ms', /must be a plain number: random_page_cost takes no unit/],
    [
      'fails when the value is not whole in the unit',
      'checkpoint_timeout',
      '1500ms',
      /not a whole number of s \(1.5 s\): PostgreSQL would round it/,
    ],
    ['fails when a size is not whole in 8 kB units', 'shared_buffers', '12kB', /not a whole number of 8 kB units \(1.5 8kB\)/],
    ['fails when an integer is given a fraction', 'max_parallel_workers', 2.5, /must be a whole number/],
    [
      'fails below the range',
      'checkpoint_timeout',
      '10s',
      /is 10 s, outside 30 to 86400 s, the range PostgreSQL accepts for checkpoint_timeout/,
    ],
    ['fails above the range', 'checkpoint_completion_target', 1.5, /is outside 0 to 1, the range PostgreSQL accepts/],
    ['fails when a boolean is misspelled', 'jit', 'enabled', /must be on or off/],
    ['fails when an enum value is not in the set', 'log_statement', 'everything', /must be one of none, ddl, mod, all/],
    [
      'fails when a number is written in hex (PostgreSQL reads 0x10 as 16)',
      'work_mem',
      '0x10',
      /must be a number, or a size such as "64MB"/,
    ],
    ['fails when a library is not one RDS loads', 'shared_preload_libraries', 'pg_stat_statements,timescaledb', /not "timescaledb"/],
    ['fails for a parameter the library does not know', 'wrk_mem', '16MB', /unknown parameter "wrk_mem"/],
  ])('%s', (_, name, value, message) => {
    const converted = convertParameter(name, value);
    expect(converted.value).toBeUndefined();
    expect(converted.problem).toMatch(message);
  });

  test('the components refuse what validation refuses, naming the parameter and value', () => {
    expect(() => rdsParameterValue('checkpoint_timeout', '15m')).toThrow(
      'postgres parameter checkpoint_timeout: "15m" has no unit PostgreSQL reads',
    );
    expect(() => cloudSqlFlagValue('shared_preload_libraries', 'pg_cron')).toThrow(
      /Cloud SQL does not let you set shared_preload_libraries/,
    );
    expect(() => rdsParameterValue('wal_level', 'logical')).toThrow(/neither RDS nor Cloud SQL lets you set wal_level/);
    expect(() => postgresParameters(100, { max_connections: 300 })).toThrow(/through postgres.maxConnections/);
    expect(() => databaseFlags(100, { 'rds.force_ssl': 0 })).toThrow(/TLS is always required/);
  });

  test('RDS applies a parameter at once only when it is dynamic on every major and for RDS', () => {
    const rds = Object.fromEntries(
      postgresParameters(200, { shared_buffers: '4GB', work_mem: '64MB', temp_file_limit: '10GB', autovacuum_max_workers: 5 }).map((p) => [
        p.name,
        p.applyMethod,
      ]),
    );
    expect(rds).toEqual({
      autovacuum_max_workers: 'pending-reboot', // static before 18
      max_connections: 'pending-reboot',
      'rds.force_ssl': 'immediate',
      shared_buffers: 'pending-reboot',
      temp_file_limit: 'pending-reboot', // RDS's Apply_Type is static though PostgreSQL reloads it
      work_mem: 'immediate',
    });
    for (const name of DYNAMIC_POSTGRES_PARAMETERS.filter((n) => n !== 'rds.force_ssl'))
      expect([name, isStaticParameter(name, 'aws')]).toEqual([name, false]);
  });
});

describe('validation of postgres.parameters', () => {
  const problems = (cloud: 'aws' | 'gcp', parameters: Record<string, unknown>) => {
    const spec: any = { ...baseSpec(), cloud, region: cloud === 'aws' ? 'us-west-2' : 'us-central1', postgres: { parameters } };
    return check(spec)
      .filter((p) => p.path.startsWith('postgres.parameters'))
      .map((p) => `${p.path}: ${p.rule}`);
  };

  test("the guides' parameters pass on both clouds", () => {
    const guides = Object.assign({}, ...Object.values(examples).map((e) => e.postgres?.parameters ?? {}));
    expect(Object.keys(guides).length).toBeGreaterThanOrEqual(10);
    expect(problems('aws', guides)).toEqual([]);
    expect(problems('gcp', guides)).toEqual([]);
  });

  test.each<[string, 'aws' | 'gcp', Record<string, unknown>, string]>([
    [
      'fails for an unknown parameter, with the closest one',
      'aws',
      { wrk_mem: '16MB' },
      'postgres.parameters.wrk_mem: unknown PostgreSQL parameter "wrk_mem" (did you mean "work_mem"?)',
    ],
    [
      'fails for a unit PostgreSQL does not read',
      'aws',
      { checkpoint_timeout: '15m' },
      'postgres.parameters.checkpoint_timeout: "15m" has no unit PostgreSQL reads: a duration takes us, ms, s, min, h or d (case matters)',
    ],
    [
      'fails for a value out of range',
      'gcp',
      { checkpoint_timeout: '10s' },
      'postgres.parameters.checkpoint_timeout: "10s" is 10 s, outside 30 to 86400 s, the range PostgreSQL accepts for checkpoint_timeout',
    ],
    [
      'fails for a misspelled boolean',
      'aws',
      { jit: 'enabled' },
      'postgres.parameters.jit: "enabled" must be on or off (true/false, yes/no and 1/0 read the same)',
    ],
    [
      'fails for an enum value not in the set',
      'gcp',
      { log_statement: 'some' },
      'postgres.parameters.log_statement: "some" must be one of none, ddl, mod, all',
    ],
    [
      'fails for a parameter Cloud SQL does not let you set',
      'gcp',
      { shared_preload_libraries: 'pg_stat_statements' },
      'postgres.parameters.shared_preload_libraries: "pg_stat_statements": Cloud SQL does not let you set shared_preload_libraries (Cloud SQL loads the libraries its own flags turn on; pg_stat_statements is loaded already): remove it',
    ],
    [
      'fails for a value that is neither string nor number',
      'aws',
      { work_mem: true },
      'postgres.parameters.work_mem: true must be a string or number',
    ],
    [
      'fails for a parameter the library sets',
      'aws',
      { 'rds.force_ssl': 0 },
      'postgres.parameters.rds.force_ssl: TLS is always required: the library sets rds.force_ssl to 1 on RDS (and ENCRYPTED_ONLY on Cloud SQL)',
    ],
  ])('%s', (_, cloud, parameters, line) => {
    expect(problems(cloud, parameters)).toEqual([line]);
  });

  test('shared_preload_libraries passes on RDS', () => {
    expect(problems('aws', { shared_preload_libraries: 'pg_stat_statements,auto_explain' })).toEqual([]);
  });

  test('one problem per parameter, all at once, and never a TypeError', () => {
    const odd = { work_mem: {}, jit: null, shared_buffers: [1], checkpoint_timeout: '15m', random_page_cost: '1,1', lock_timeout: '' };
    expect(() => check({ ...baseSpec(), postgres: { parameters: odd } } as any)).not.toThrow();
    expect(problems('aws', odd).map((l) => l.split(':')[0])).toEqual(Object.keys(odd).map((k) => `postgres.parameters.${k}`));
  });

  test('README "Invalid input" quotes the parameter line validation emits', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Invalid input'), readme.indexOf('### Fuzzing'));
    expect(section).toContain(
      '`postgres.parameters.checkpoint_timeout: "15m" has no unit PostgreSQL reads: a duration takes us, ms, s, min, h or d (case matters)`',
    );
  });
});

/**
 * Sample values of every parameter of the table, as a spec may write them: with units where the parameter
 * has one, every spelling of booleans and enums the library reads. The guides' values are among them.
 */
const SAMPLES: Readonly<Record<string, readonly (string | number)[]>> = {
  shared_buffers: ['4GB', '2GB', '1.5GB', '128MB', 16384],
  effective_cache_size: ['12GB', '6GB', 786432],
  work_mem: ['64MB', '16MB', '4096', 65536, '1TB'],
  maintenance_work_mem: ['1GB', '512MB', 1048576],
  autovacuum_work_mem: ['256MB', -1],
  logical_decoding_work_mem: ['64MB', 65536],
  temp_buffers: ['16MB', 2048],
  hash_mem_multiplier: [2, '1.5'],
  temp_file_limit: ['10GB', -1],
  track_activity_query_size: ['4kB', '1MB', 2048, '4096B'],
  wal_buffers: ['16MB', -1, '64kB'],
  max_wal_size: ['2GB', '1TB', 4096],
  min_wal_size: ['80MB', '1GB'],
  checkpoint_timeout: ['15min', '30s', '1h', '1d', 900],
  checkpoint_completion_target: [0.9, '0.5'],
  checkpoint_warning: ['30s', 0],
  wal_writer_delay: ['200ms', '1s', '10000ms'],
  wal_compression: ['lz4', 'ON', 'off', 'pglz'],
  synchronous_commit: ['off', 'local', 'remote_write', 'Remote_Apply'],
  bgwriter_delay: ['200ms', '10s'],
  bgwriter_lru_maxpages: [100],
  bgwriter_lru_multiplier: [2.5, '4'],
  wal_level: ['logical', 'replica'],
  random_page_cost: [1.1, '4', 1.0e-3],
  seq_page_cost: [1, '0.5'],
  effective_io_concurrency: [200, '0'],
  maintenance_io_concurrency: [100],
  default_statistics_target: [100, '500'],
  jit: ['on', 'off', 'true', 'FALSE', 'yes', 'no', 1, 0],
  max_worker_processes: [16],
  max_parallel_workers: [8],
  max_parallel_workers_per_gather: [4, '2'],
  max_parallel_maintenance_workers: [2],
  max_connections: [200, 500],
  max_locks_per_transaction: [128],
  max_prepared_transactions: [0, 100],
  statement_timeout: ['30s', '5min', 0, '250ms', '1500us'.replace('1500us', '2s')],
  lock_timeout: ['10s', '0'],
  idle_in_transaction_session_timeout: ['5min', '1h'],
  idle_session_timeout: ['1h', '1d'],
  deadlock_timeout: ['1s', '500ms'],
  tcp_keepalives_idle: ['2h', '60s', 0],
  tcp_keepalives_interval: ['75s', '1min'],
  tcp_keepalives_count: [9],
  autovacuum_max_workers: [5],
  autovacuum_naptime: ['1min', '15s', '1h'],
  autovacuum_vacuum_scale_factor: [0.05, '0.2'],
  autovacuum_vacuum_insert_scale_factor: [0.1],
  autovacuum_analyze_scale_factor: [0.02],
  autovacuum_vacuum_cost_limit: [2000, -1],
  autovacuum_vacuum_cost_delay: ['2ms', '1500us', -1, 0.5],
  autovacuum_freeze_max_age: [400000000],
  log_min_duration_statement: [1000, '1s', '250ms', -1, '1min'],
  log_autovacuum_min_duration: ['10s', 0, -1],
  log_temp_files: ['10MB', 0, -1],
  log_statement: ['ddl', 'MOD', 'all', 'none'],
  log_min_messages: ['warning', 'ERROR'],
  log_min_error_statement: ['error', 'panic'],
  log_connections: ['on', 'off', 'true', 1],
  log_disconnections: ['on', 'no'],
  log_lock_waits: ['on', 'TRUE'],
  log_checkpoints: ['on', 0],
  track_io_timing: ['on', 'yes'],
  track_commit_timestamp: ['on', 'off'],
  shared_preload_libraries: ['pg_stat_statements', 'pg_stat_statements, auto_explain'],
  'pg_stat_statements.max': [10000, 5000],
  'pg_stat_statements.track': ['all', 'TOP'],
};

/** Values the library refuses as PostgreSQL does: the server refuses each as written. */
const REFUSED_BY_POSTGRES: readonly [string, string][] = [
  ['checkpoint_timeout', '15m'],
  ['shared_buffers', '4gb'],
  ['work_mem', '5min'],
  ['statement_timeout', '1GB'],
  ['random_page_cost', '1.1ms'],
  ['checkpoint_timeout', '10s'],
  ['wal_buffers', '300000'],
  ['jit', 'enabled'],
  ['log_statement', 'everything'],
  ['synchronous_commit', 'always'],
  ['max_connections', '0'],
];

describe('against PostgreSQL itself', () => {
  let pg: TestPostgres;
  let major = 0;
  const settings = new Map<string, { unit: string; vartype: string; context: string; min: string; max: string; enumvals: string }>();
  const psql = (sql: string) => pg.psql('postgres', sql);
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

  const readings = new Map<string, string | Error>();
  /**
   * The setting the server reads from `name = value` (`pg_settings.setting`, in the parameter's unit), or the
   * error it refuses the value with: `postgres -C` with the value on the command line, which parses it as at
   * start; an extension's parameter (known to the running server only, which loads the extension) by `SET`,
   * or, when it is static, by `ALTER SYSTEM`, which refuses a value the server would not read.
   */
  function reading(name: string, value: string): string | Error {
    const key = `${name}=${value}`;
    const cached = readings.get(key);
    if (cached !== undefined) return cached;
    let result: string | Error;
    const p = POSTGRES_PARAMETERS[name];
    if (p?.extension) {
      try {
        result =
          p.context === 'postmaster'
            ? psql(`ALTER SYSTEM SET ${name} = ${literal(value)}; ALTER SYSTEM RESET ${name}; SELECT 'accepted'`)
            : psql(`SET ${name} = ${literal(value)}; SELECT setting FROM pg_settings WHERE name = ${literal(name)}`);
      } catch (e) {
        result = e as Error;
      }
    } else {
      const r = pg.run(path.join(pg.bin, 'postgres'), ['-D', pg.data, '-C', name, '-c', `${name}=${value}`]);
      result = r.status === 0 ? r.stdout.trim() : new Error(`${r.stderr}`.trim());
    }
    readings.set(key, result);
    return result;
  }

  beforeAll(() => {
    pg = startPostgres(16432, ['shared_preload_libraries=pg_stat_statements']);
    major = Math.floor(Number(psql('SHOW server_version_num')) / 10000);
    const rows = psql(
      "SELECT name, coalesce(unit, ''), vartype, context, coalesce(min_val, ''), coalesce(max_val, ''), coalesce(array_to_string(enumvals, ','), '') FROM pg_settings",
    );
    for (const row of rows.split('\n')) {
      const [name, unit, vartype, context, min, max, enumvals] = row.split('\t') as string[];
      settings.set(name as string, {
        unit: unit ?? '',
        vartype: vartype ?? '',
        context: context ?? '',
        min: min ?? '',
        max: max ?? '',
        enumvals: enumvals ?? '',
      });
    }
  });

  afterAll(() => pg?.stop());

  test('the server is a PostgreSQL major the clouds run (15 to 18)', () => {
    expect(major).toBeGreaterThanOrEqual(15);
    expect(major).toBeLessThanOrEqual(18);
  });

  test.each(Object.keys(POSTGRES_PARAMETERS))('%s: name, unit, type, context, range and values as pg_settings reports them', (name) => {
    const p = POSTGRES_PARAMETERS[name]!;
    const s = settings.get(name);
    expect(s).toBeDefined();
    const late = major >= 18 ? p.from18 : undefined;
    expect({ unit: s!.unit, vartype: s!.vartype, context: s!.context }).toEqual({
      unit: p.unit ?? '',
      vartype: late?.vartype ?? p.vartype,
      context: late?.context ?? p.context,
    });
    if (p.min !== undefined) expect([name, 'min', Number(s!.min)]).toEqual([name, 'min', p.min]);
    if (p.max !== undefined) expect([name, 'max', Number(s!.max)]).toEqual([name, 'max', p.max]);
    // a real left without a maximum has the largest double as PostgreSQL's
    if (p.vartype === 'real' && p.max === undefined) expect(Number(s!.max)).toBeGreaterThan(1e300);
    if (p.vartype === 'integer') expect([p.min, p.max].every((b) => b !== undefined)).toBe(true);
    if (s!.vartype === 'enum') expect([...(p.values ?? [])].sort()).toEqual(s!.enumvals.split(',').sort());
  });

  test('every parameter has samples', () => {
    expect(Object.keys(POSTGRES_PARAMETERS).filter((name) => !SAMPLES[name]?.length)).toEqual([]);
  });

  test.each(Object.entries(SAMPLES).flatMap(([name, values]) => values.map((v): [string, string | number] => [name, v])))(
    '%s = %j: the bare value the library sends to RDS and to Cloud SQL is read by PostgreSQL as the value written',
    (name, value) => {
      const written = reading(name, String(value));
      expect(written).not.toBeInstanceOf(Error);
      const converted = convertParameter(name, value);
      expect(converted.problem).toBeUndefined();
      const p = POSTGRES_PARAMETERS[name]!;
      const forms: Record<string, string> = { postgres: converted.value as string };
      if (p.rds) forms.rds = cloudParameterValue(name, value, 'aws');
      if (p.cloudSql) forms.cloudSql = cloudParameterValue(name, value, 'gcp');
      // a list of libraries is kept as written: compared without the spaces between its items
      const same = (r: string | Error) => (p.vartype === 'string' && typeof r === 'string' ? r.replace(/\s*,\s*/g, ',') : r);
      for (const [cloud, v] of Object.entries(forms)) expect([cloud, v, same(reading(name, v))]).toEqual([cloud, v, same(written)]);
      // a number with a unit arrives as a bare number: no unit is left for the clouds to refuse
      if (p.unit) expect(forms.postgres).toMatch(/^-?\d+(\.\d+)?$/);
    },
  );

  test.each(REFUSED_BY_POSTGRES)('%s = %j is refused by PostgreSQL as by the library', (name, value) => {
    expect(reading(name, value)).toBeInstanceOf(Error);
    expect(convertParameter(name, value).problem).toBeDefined();
  });

  test('a value that is not whole in the unit is rounded by PostgreSQL, so the library refuses it instead', () => {
    // 90.5 s: PostgreSQL rounds it to a whole second, silently; the library asks for a whole number
    expect(['90', '91']).toContain(reading('checkpoint_timeout', '90500ms'));
    expect(convertParameter('checkpoint_timeout', '90500ms').problem).toMatch(/not a whole number of s/);
  });

  test("every parameter name the library emits, rds.force_ssl aside (RDS's own), is one the server knows", () => {
    const emitted = postgresParameters(200, { shared_buffers: '4GB', jit: 'on' }).map((p) => p.name);
    const flags = databaseFlags(200, { shared_buffers: '4GB', jit: 'on' }).map((f) => f.name);
    for (const name of [...emitted, ...flags].filter((n) => n !== 'rds.force_ssl'))
      expect([name, settings.has(name)]).toEqual([name, true]);
  });

  test('validation refuses a parameter the engine does not know (as the server does)', () => {
    expect(settings.has('wrk_mem')).toBe(false);
    expect(parameterProblem('wrk_mem', '16MB', 'aws')).toMatch(/unknown parameter/);
  });
});
