/**
 * Alerts on the stack's PostgreSQL and Redis, over the series of the exporters the stack itself runs next to the
 * managed databases (lib/core/exporters.ts, lib/k8s/datastore-exporter.ts), which their PodMonitors label with
 * the stack's `namespace`:
 *
 * - PostgreSQL, postgres_exporter: `pg_up`, `pg_stat_database_numbackends`, `pg_replication_lag_seconds`;
 * - Redis, redis_exporter: `redis_up`, `redis_memory_used_bytes`, `redis_memory_max_bytes`,
 *   `redis_evicted_keys_total`.
 *
 * A rule over a metric with no series is silent, so each store has an `absent()` companion,
 * `PostgresMetricsAbsent` or `RedisMetricsAbsent`, that fires, labelled with the `metric`, when one of the metrics
 * its alerts read has no series: the exporter is not running or not scraped (every metric, `pg_up` or `redis_up`
 * included), or it reaches the server but cannot read a metric (those after `pg_up`/`redis_up`, only while the
 * server is up: a server that is down is `PostgresDown`'s or `RedisDown`'s). postgres_exporter opens a connection
 * for each scrape of its collectors (`pg_up` keeps one of its own): at `max_connections` its other metrics vanish,
 * and this fires where `PostgresConnectionsNearMax` no longer can.
 * test/monitoring/datastore-exporters.test.ts runs the real exporters against real servers and these rules over
 * what they emit; test/monitoring/promtool-datastores.test.ts has a firing and a silent case for every alert.
 */
import type { ResolvedStack } from '../core/resolve';
import { EXPORTER_METRICS, type ExportedStore } from '../core/exporters';
import { eq, num, selector } from './promql';
import { type AlertingRule, standardAlert } from './rules';
import { RATE_WINDOW } from './settings';

/** The metric of each store whose value says whether the exporter reaches the server. */
const UP: Readonly<Record<ExportedStore, string>> = { postgres: 'pg_up', redis: 'redis_up' };

/**
 * The `absent()` companion of a store's alerts: one series per metric of `EXPORTER_METRICS` that has none,
 * labelled `metric`; a metric other than the up one only counts while the server is up.
 */
function absentGuard(stack: ResolvedStack, store: ExportedStore): AlertingRule {
  const ns = eq('namespace', stack.namespace);
  const up = UP[store];
  const metrics = Object.keys(EXPORTER_METRICS).filter((m) => EXPORTER_METRICS[m]!.store === store);
  const terms = metrics.map((m) => {
    const absent = `absent(${selector(m, ns)})`;
    const guarded = m === up ? absent : `${absent} and on (namespace) (${selector(up, ns)} == 1)`;
    return `label_replace(${guarded}, "metric", "${m}", "", "")`;
  });
  const exporter = store === 'postgres' ? 'postgres_exporter' : 'redis_exporter';
  return standardAlert(stack, store === 'postgres' ? 'PostgresMetricsAbsent' : 'RedisMetricsAbsent', {
    expr: terms.join(' or '),
    summary: `${exporter} reports no {{ $labels.metric }}`,
    description: `No series of {{ $labels.metric }} in namespace ${stack.namespace}: the ${store === 'postgres' ? 'PostgreSQL' : 'Redis'} alerts that read it cannot fire. Check the ${exporter} Deployment, its PodMonitor and its logs (a missing ${UP[store]}: it does not run or is not scraped; another metric: it cannot read it${store === 'postgres' ? ', or cannot open the connection each scrape of it takes: the server may have no connection left' : ''}).`,
  });
}

/** The datastore alerts of the stack: PostgreSQL's when it has `postgres`, Redis' when it has `redis`, each with its `absent()` companion. */
export function datastoreAlerts(stack: ResolvedStack): AlertingRule[] {
  const t = stack.monitoring.thresholds;
  const ns = eq('namespace', stack.namespace);
  const rules: AlertingRule[] = [];
  if (stack.postgres) {
    const max = stack.postgres.maxConnections;
    const limit = Math.floor(t.postgresConnectionRatio * max);
    rules.push(
      standardAlert(stack, 'PostgresDown', {
        expr: `${selector('pg_up', ns)} == 0`,
        summary: 'PostgreSQL is unreachable',
        description: 'postgres_exporter {{ $labels.pod }} cannot connect to PostgreSQL: every service using the database fails.',
      }),
      standardAlert(stack, 'PostgresConnectionsNearMax', {
        expr: `sum by (namespace) (${selector('pg_stat_database_numbackends', ns)}) > ${limit}`,
        summary: `PostgreSQL connections above ${num(t.postgresConnectionRatio * 100)}% of max_connections`,
        description: `{{ $value }} connections are open, of max_connections ${max}: connection pools will soon wait or fail (pool exhaustion). Check for leaked connections, lower the pools' sizes or raise max_connections.`,
      }),
      standardAlert(stack, 'PostgresReplicationLag', {
        expr: `max by (namespace, pod) (${selector('pg_replication_lag_seconds', ns)}) > ${t.replicationLagSeconds}`,
        summary: `PostgreSQL replication lags more than ${t.replicationLagSeconds}s`,
        description:
          'The replica postgres_exporter {{ $labels.pod }} reads is {{ $value | humanizeDuration }} behind the primary: reads from it are stale and a failover would lose that much.',
      }),
      absentGuard(stack, 'postgres'),
    );
  }
  if (stack.redis) {
    rules.push(
      standardAlert(stack, 'RedisDown', {
        expr: `${selector('redis_up', ns)} == 0`,
        summary: 'Redis is unreachable',
        description: 'redis_exporter {{ $labels.pod }} cannot connect to Redis.',
      }),
      standardAlert(stack, 'RedisMemoryNearMax', {
        expr: `max by (namespace, pod) (${selector('redis_memory_used_bytes', ns)}) / max by (namespace, pod) (${selector('redis_memory_max_bytes', ns)} > 0) > ${num(t.redisMemoryRatio)}`,
        summary: `Redis uses more than ${num(t.redisMemoryRatio * 100)}% of maxmemory`,
        description: `Redis uses {{ $value | humanizePercentage }} of maxmemory: with maxmemory-policy ${stack.redis.maxmemoryPolicy} it ${stack.redis.maxmemoryPolicy === 'noeviction' ? 'will refuse writes' : 'will evict keys'}.`,
      }),
      standardAlert(stack, 'RedisEvictingKeys', {
        expr: `sum by (namespace) (rate(${selector('redis_evicted_keys_total', ns)}[${RATE_WINDOW}])) > 0`,
        summary: 'Redis is evicting keys',
        description:
          'Redis evicts {{ $value | humanize }} keys per second to stay under maxmemory: the cache is too small for its working set.',
      }),
      absentGuard(stack, 'redis'),
    );
  }
  return rules;
}
