/**
 * promtool cases of the datastore alerts (lib/monitoring/datastore-alerts.ts), for the `<stack>.datastores` group of
 * every stack under test. The input series are the exporters' (postgres_exporter v0.20, redis_exporter v1.88: the
 * metric and label names of their sources, and of the real binaries test/monitoring/datastore-exporters.test.ts
 * runs), with the labels the exporter's PodMonitor and Prometheus add: `namespace` and `pod` (its relabellings),
 * `container`, `endpoint`, `instance` and `job` (`<namespace>/<PodMonitor>`).
 *
 * Thresholds come from the resolved stack, reviewed: PostgreSQL connections above `postgresConnectionRatio` (0.8) of
 * `postgres.maxConnections` warn after 5 minutes, a replica lagging more than `replicationLagSeconds` (30) after 5;
 * Redis above `redisMemoryRatio` (0.9) of maxmemory after 15, evicting at all after 15; a server the exporter cannot
 * reach pages after 5; a metric with no series (exporter gone, or a metric it cannot read while the server is up)
 * warns after 10.
 */
import type { ResolvedStack } from 'production-stack';
import { type AlertCase, type AlertSuite, expectedAlert, firingCase, ruleOf, series, silentCase, values } from '../../support/alert-cases';
import { ruleGroup, stacksUnderTest } from './stacks';
import { dedupe } from './workloads';

/** Minutes each alert's condition must hold (its `for`), reviewed against STANDARD_ALERTS. */
const FOR_MINUTES = {
  PostgresDown: 5,
  PostgresConnectionsNearMax: 5,
  PostgresReplicationLag: 5,
  PostgresMetricsAbsent: 10,
  RedisDown: 5,
  RedisMemoryNearMax: 15,
  RedisEvictingKeys: 15,
  RedisMetricsAbsent: 10,
} as const;

const ONSET = 10;
const LENGTH = 40;

type Store = 'postgres' | 'redis';
type Series = { series: string; values: string };

/** The labels the exporter's PodMonitor and Prometheus give its series. */
function target(stack: ResolvedStack, store: Store): Record<string, string> {
  const name = `${stack.name}-${store}-exporter`;
  return {
    namespace: stack.namespace,
    pod: `${name}-6f9c7d8b5-q4x2m`,
    container: 'exporter',
    endpoint: 'metrics',
    instance: `10.0.3.21:${store === 'postgres' ? 9187 : 9121}`,
    job: `${stack.namespace}/${name}`,
  };
}

/** A gauge at `before` until ONSET, then `after`. */
function step(before: number | undefined, after: number | undefined): string {
  return values(Array.from({ length: LENGTH }, (_, m) => (m < ONSET ? before : after)));
}

const steady = (v: number): string => values(Array<number>(LENGTH).fill(v));

/**
 * postgres_exporter's series: up; the sessions connected to the application's database (`serviceSessions`, 11 by
 * default) and to `postgres` (the exporter's own, and the cloud's tooling); the replication lag (`lag`, a primary's 0
 * by default).
 */
function postgresSeries(stack: ResolvedStack, o: { serviceSessions?: string; lag?: string } = {}): Series[] {
  const t = target(stack, 'postgres');
  const database = (datname: string, datid: string) => ({ ...t, datid, datname });
  return [
    { series: series('pg_up', t), values: steady(1) },
    {
      series: series('pg_stat_database_numbackends', database(stack.postgres!.databaseName, '16401')),
      values: o.serviceSessions ?? steady(11),
    },
    { series: series('pg_stat_database_numbackends', database('postgres', '5')), values: steady(1) },
    { series: series('pg_replication_lag_seconds', t), values: o.lag ?? steady(0) },
  ];
}

/** redis_exporter's healthy series: up, memory used of maxmemory, no eviction yet. */
function redisHealthy(stack: ResolvedStack, used = 100 * 2 ** 20, max = 1024 * 2 ** 20): Series[] {
  const t = target(stack, 'redis');
  return [
    { series: series('redis_up', t), values: steady(1) },
    { series: series('redis_memory_used_bytes', t), values: steady(used) },
    { series: series('redis_memory_max_bytes', t), values: steady(max) },
    { series: series('redis_evicted_keys_total', t), values: steady(0) },
  ];
}

/** `healthy` with the series of `metric` replaced by `replacement` (none: the metric is gone). */
function replace(healthy: readonly Series[], metric: string, ...replacement: Series[]): Series[] {
  return [...healthy.filter((s) => !s.series.startsWith(`${metric}{`)), ...replacement];
}

function postgresCases(stack: ResolvedStack, ruleFile: AlertSuite['ruleFile']): AlertCase[] {
  const t = target(stack, 'postgres');
  const rule = (name: string) => ruleOf(ruleFile, name);
  const healthy = postgresSeries(stack);
  const max = stack.postgres!.maxConnections;
  const limit = Math.floor(stack.monitoring.thresholds.postgresConnectionRatio * max);
  const lagLimit = stack.monitoring.thresholds.replicationLagSeconds;
  const ns = { namespace: stack.namespace };
  return [
    firingCase({
      alertname: 'PostgresDown',
      name: 'the exporter cannot connect: pg_up 0 (its other metrics gone)',
      input: [{ series: series('pg_up', t), values: step(1, 0) }],
      onset: ONSET,
      forMinutes: FOR_MINUTES.PostgresDown,
      expected: [expectedAlert(rule('PostgresDown'), t, 0, 'PostgreSQL is unreachable')],
    }),
    silentCase({ alertname: 'PostgresDown', name: 'pg_up 1', input: healthy, at: [ONSET, 20, 35] }),
    firingCase({
      alertname: 'PostgresConnectionsNearMax',
      name: `sessions rise to ${limit + 1} of max_connections ${max}`,
      input: postgresSeries(stack, { serviceSessions: step(11, limit) }),
      onset: ONSET,
      forMinutes: FOR_MINUTES.PostgresConnectionsNearMax,
      expected: [expectedAlert(rule('PostgresConnectionsNearMax'), ns, limit + 1)],
    }),
    silentCase({
      alertname: 'PostgresConnectionsNearMax',
      name: `exactly ${limit} sessions, the threshold`,
      input: postgresSeries(stack, { serviceSessions: steady(limit - 1) }),
      at: [ONSET, 20, 35],
    }),
    firingCase({
      alertname: 'PostgresReplicationLag',
      name: `the replica falls ${lagLimit + 15}s behind`,
      input: postgresSeries(stack, { lag: step(0, lagLimit + 15) }),
      onset: ONSET,
      forMinutes: FOR_MINUTES.PostgresReplicationLag,
      expected: [expectedAlert(rule('PostgresReplicationLag'), { namespace: t.namespace, pod: t.pod }, lagLimit + 15)],
    }),
    silentCase({
      alertname: 'PostgresReplicationLag',
      name: `a replica exactly ${lagLimit}s behind, the threshold`,
      input: postgresSeries(stack, { lag: steady(lagLimit) }),
      at: [ONSET, 20, 35],
    }),
    firingCase({
      alertname: 'PostgresMetricsAbsent',
      name: 'no exporter at all: only pg_up is reported absent',
      input: [{ series: series('kube_pod_info', { namespace: stack.namespace, pod: 'api-0' }), values: steady(1) }],
      onset: 0,
      forMinutes: FOR_MINUTES.PostgresMetricsAbsent,
      expected: [expectedAlert(rule('PostgresMetricsAbsent'), { ...ns, metric: 'pg_up' }, 1, 'postgres_exporter reports no pg_up')],
    }),
    firingCase({
      alertname: 'PostgresMetricsAbsent',
      name: 'the exporter is up but has no pg_stat_database_numbackends (its collectors get no connection)',
      input: replace(healthy, 'pg_stat_database_numbackends'),
      onset: 0,
      forMinutes: FOR_MINUTES.PostgresMetricsAbsent,
      expected: [expectedAlert(rule('PostgresMetricsAbsent'), { ...ns, metric: 'pg_stat_database_numbackends' }, 1)],
    }),
    silentCase({ alertname: 'PostgresMetricsAbsent', name: 'every metric reported', input: healthy, at: [15, 35] }),
    silentCase({
      alertname: 'PostgresMetricsAbsent',
      name: "the server down (pg_up 0, nothing else): PostgresDown's, not this",
      input: [{ series: series('pg_up', t), values: steady(0) }],
      at: [15, 35],
    }),
  ];
}

function redisCases(stack: ResolvedStack, ruleFile: AlertSuite['ruleFile']): AlertCase[] {
  const t = target(stack, 'redis');
  const rule = (name: string) => ruleOf(ruleFile, name);
  const healthy = redisHealthy(stack);
  const ratio = stack.monitoring.thresholds.redisMemoryRatio;
  const max = 1000 * 2 ** 20;
  const ns = { namespace: stack.namespace };
  const pod = { namespace: t.namespace, pod: t.pod };
  return [
    firingCase({
      alertname: 'RedisDown',
      name: 'the exporter cannot connect: redis_up 0',
      input: [{ series: series('redis_up', t), values: step(1, 0) }],
      onset: ONSET,
      forMinutes: FOR_MINUTES.RedisDown,
      expected: [expectedAlert(rule('RedisDown'), t, 0, 'Redis is unreachable')],
    }),
    silentCase({ alertname: 'RedisDown', name: 'redis_up 1', input: healthy, at: [ONSET, 20, 35] }),
    firingCase({
      alertname: 'RedisMemoryNearMax',
      name: 'memory rises to 95% of maxmemory',
      input: replace(redisHealthy(stack, 0, max), 'redis_memory_used_bytes', {
        series: series('redis_memory_used_bytes', t),
        values: step(0.5 * max, 0.95 * max),
      }),
      onset: ONSET,
      forMinutes: FOR_MINUTES.RedisMemoryNearMax,
      expected: [expectedAlert(rule('RedisMemoryNearMax'), pod, 0.95)],
    }),
    silentCase({
      alertname: 'RedisMemoryNearMax',
      name: `memory at exactly ${ratio * 100}% of maxmemory, the threshold`,
      input: redisHealthy(stack, ratio * max, max),
      at: [ONSET, 30, 39],
    }),
    silentCase({
      alertname: 'RedisMemoryNearMax',
      name: 'no maxmemory (0): no ratio to watch',
      input: redisHealthy(stack, 8 * max, 0),
      at: [ONSET, 30, 39],
    }),
    firingCase({
      alertname: 'RedisEvictingKeys',
      name: 'one key a second evicted from minute 11',
      input: replace(healthy, 'redis_evicted_keys_total', {
        series: series('redis_evicted_keys_total', t),
        values: values(Array.from({ length: LENGTH }, (_, m) => (m <= ONSET ? 0 : 60 * (m - ONSET)))),
      }),
      // the first increase is in the 5m window from minute 11
      onset: ONSET + 1,
      forMinutes: FOR_MINUTES.RedisEvictingKeys,
      expected: [expectedAlert(rule('RedisEvictingKeys'), ns, 1, 'Redis is evicting keys')],
    }),
    silentCase({ alertname: 'RedisEvictingKeys', name: 'no eviction', input: healthy, at: [ONSET, 30, 39] }),
    firingCase({
      alertname: 'RedisMetricsAbsent',
      name: 'no exporter at all: only redis_up is reported absent',
      input: [{ series: series('kube_pod_info', { namespace: stack.namespace, pod: 'api-0' }), values: steady(1) }],
      onset: 0,
      forMinutes: FOR_MINUTES.RedisMetricsAbsent,
      expected: [expectedAlert(rule('RedisMetricsAbsent'), { ...ns, metric: 'redis_up' }, 1, 'redis_exporter reports no redis_up')],
    }),
    silentCase({ alertname: 'RedisMetricsAbsent', name: 'every metric reported', input: healthy, at: [15, 35] }),
  ];
}

/** One suite per stack with a datastore (suites of the same rules and cases merged). */
export function datastoreSuites(): AlertSuite[] {
  return dedupe(
    stacksUnderTest().flatMap(({ name, stack, objects }) => {
      const group = ruleGroup(objects, `${stack.name}.datastores`);
      if (!group) return [];
      const ruleFile = { groups: [group] };
      const cases = [...(stack.postgres ? postgresCases(stack, ruleFile) : []), ...(stack.redis ? redisCases(stack, ruleFile) : [])];
      return [{ name: `${name}: ${group.name}`, ruleFile, cases }];
    }),
  );
}
