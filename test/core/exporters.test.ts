/**
 * The exporters of the managed datastores (lib/core/exporters.ts): which stores get one, the pinned images and
 * how they run, and the dated record of the settings and metrics the stack relies on.
 * test/monitoring/datastore-exporters.test.ts runs the exporters themselves against this table.
 */
import {
  EXPORTERS,
  EXPORTER_METRICS,
  EXPORTER_PORT_NAME,
  EXPORTER_POSTGRES_CONNECTIONS,
  EXPORTER_RESOURCES,
  EXPORTER_SETTINGS_SINCE,
  exportedStores,
} from 'production-stack/core/exporters';

/** `a` >= `b`, both `x.y.z`. */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! > y![i]!;
  return true;
}

describe('the stores that get an exporter: those the stack has', () => {
  test('PostgreSQL and Redis each get one, PostgreSQL first', () => {
    expect(exportedStores({ postgres: {}, redis: {} })).toEqual(['postgres', 'redis']);
  });

  test('a stack with one store gets that one exporter only', () => {
    expect(exportedStores({ postgres: {} })).toEqual(['postgres']);
    expect(exportedStores({ redis: {} })).toEqual(['redis']);
  });

  test('a stack with neither store (or a store left undefined) runs no exporter', () => {
    expect(exportedStores({})).toEqual([]);
    expect(exportedStores({ postgres: undefined, redis: undefined })).toEqual([]);
  });
});

describe('the pinned images', () => {
  test("each image is tagged with its recorded version (the version the dated tables compare), as the project's releases tag it", () => {
    expect(EXPORTERS.postgres.image).toBe(`quay.io/prometheuscommunity/postgres-exporter:v${EXPORTERS.postgres.version}`);
    expect(EXPORTERS.redis.image).toBe(`quay.io/oliver006/redis_exporter:v${EXPORTERS.redis.version}`);
    expect([EXPORTERS.postgres.version, EXPORTERS.redis.version]).toEqual(['0.20.1', '1.88.0']);
  });

  test("each runs as its image's own non-root user (postgres_exporter: nobody, 65534; redis_exporter: 59000)", () => {
    expect([EXPORTERS.postgres.uid, EXPORTERS.redis.uid]).toEqual([65534, 59000]);
  });

  test("each listens on its exporter's default port, in a port named metrics (what the PodMonitor scrapes)", () => {
    expect([EXPORTERS.postgres.port, EXPORTERS.redis.port]).toEqual([9187, 9121]);
    expect(EXPORTER_PORT_NAME).toBe('metrics');
  });

  test("the next pin is looked for on each project's GitHub releases page", () => {
    expect(EXPORTERS.postgres.source).toBe('https://github.com/prometheus-community/postgres_exporter/releases');
    expect(EXPORTERS.redis.source).toBe('https://github.com/oliver006/redis_exporter/releases');
  });
});

test('postgres_exporter holds 3 connections at most: its own for pg_up, and one per scrape of two Prometheus replicas', () => {
  expect(EXPORTER_POSTGRES_CONNECTIONS).toBe(1 + 2);
});

test('an exporter requests 20m of CPU and 64Mi, and may use up to 128Mi (twice its request) with no CPU limit', () => {
  expect(EXPORTER_RESOURCES).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '128Mi' } });
});

describe('the settings the Deployments use, dated', () => {
  test("postgres_exporter's are its --no-collector flags, redis_exporter's its REDIS_EXPORTER_ variables", () => {
    expect(Object.entries(EXPORTER_SETTINGS_SINCE).map(([setting, { store }]) => [setting, store])).toEqual([
      ['--no-collector.stat_user_tables', 'postgres'],
      ['--no-collector.statio_user_tables', 'postgres'],
      ['REDIS_EXPORTER_DISABLE_EXPORTING_KEY_VALUES', 'redis'],
      ['REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT', 'redis'],
    ]);
  });

  test('each was introduced by the version recorded (the exporters’ changelogs), which the pinned image is at least', () => {
    expect(Object.values(EXPORTER_SETTINGS_SINCE).map((s) => s.since)).toEqual(['0.13.0', '0.13.0', '1.52.0', '1.83.0']);
    expect(Object.entries(EXPORTER_SETTINGS_SINCE).filter(([, { store, since }]) => !atLeast(EXPORTERS[store].version, since))).toEqual([]);
  });
});

describe('the metrics the datastore alerts read, dated', () => {
  test('each belongs to the exporter its name is prefixed with (pg_ or redis_), since the version recorded', () => {
    expect(Object.fromEntries(Object.entries(EXPORTER_METRICS).map(([name, m]) => [name, `${m.store} ${m.since}`]))).toEqual({
      pg_up: 'postgres 0.1.0',
      pg_stat_database_numbackends: 'postgres 0.1.0',
      pg_replication_lag_seconds: 'postgres 0.13.0',
      redis_up: 'redis 0.1.0',
      redis_memory_used_bytes: 'redis 0.1.0',
      redis_memory_max_bytes: 'redis 1.0.0',
      redis_evicted_keys_total: 'redis 0.1.0',
    });
    expect(Object.entries(EXPORTER_METRICS).filter(([name, m]) => !name.startsWith(m.store === 'postgres' ? 'pg_' : 'redis_'))).toEqual([]);
  });

  test('the pinned images emit every one of them', () => {
    expect(Object.entries(EXPORTER_METRICS).filter(([, m]) => !atLeast(EXPORTERS[m.store].version, m.since))).toEqual([]);
  });

  test("each says where the exporter reads it: its source file, or Redis's INFO field", () => {
    const source = (about: string) => {
      const m = /\(((?:exporter|collector)\/[a-z_]+\.go)[;)]|^(INFO \w+'s? \w+)/.exec(about);
      return m?.[1] ?? m?.[2];
    };
    expect(Object.fromEntries(Object.entries(EXPORTER_METRICS).map(([name, m]) => [name, source(m.about)]))).toEqual({
      pg_up: 'exporter/postgres_exporter.go',
      pg_stat_database_numbackends: 'collector/pg_stat_database.go',
      pg_replication_lag_seconds: 'collector/pg_replication.go',
      redis_up: 'exporter/exporter.go',
      redis_memory_used_bytes: "INFO memory's used_memory",
      redis_memory_max_bytes: "INFO memory's maxmemory",
      redis_evicted_keys_total: "INFO stats' evicted_keys",
    });
  });
});
