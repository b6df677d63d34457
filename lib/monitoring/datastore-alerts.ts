/**
 * Alerts on the stack's PostgreSQL and Redis, over the metric names of the
 * standard Prometheus exporters:
 *
 * - PostgreSQL: prometheus-community/postgres_exporter (v0.13 or later, for
 *   `pg_replication_lag_seconds`): `pg_up`, `pg_stat_activity_count`,
 *   `pg_replication_lag_seconds`;
 * - Redis: oliver006/redis_exporter: `redis_up`, `redis_memory_used_bytes`,
 *   `redis_memory_max_bytes`, `redis_evicted_keys_total`.
 *
 * The databases are managed (RDS or Cloud SQL, ElastiCache or Memorystore), so
 * the exporters run next to the stack: deploy them in the stack's namespace
 * (e.g. the prometheus-postgres-exporter and prometheus-redis-exporter charts,
 * with a ServiceMonitor), pointing at the endpoints the secrets carry, so that
 * their series carry the stack's `namespace`. Where the cloud's monitoring
 * integration is used instead (CloudWatch or Cloud Monitoring through YACE or
 * stackdriver-exporter), its metrics have other names and these rules stay
 * silent: record them under these names, or alert in the cloud.
 */
import type { ResolvedStack } from '../core/defaults';
import { eq, num, selector } from './promql';
import { type AlertingRule, standardAlert } from './rules';
import { RATE_WINDOW } from './settings';

/** The datastore alerts of the stack: PostgreSQL's when it has `postgres`, Redis' when it has `redis`. */
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
        description: 'postgres_exporter {{ $labels.instance }} cannot connect to PostgreSQL: every service using the database fails.',
      }),
      standardAlert(stack, 'PostgresConnectionsNearMax', {
        expr: `sum by (namespace) (${selector('pg_stat_activity_count', ns)}) > ${limit}`,
        summary: `PostgreSQL connections above ${num(t.postgresConnectionRatio * 100)}% of max_connections`,
        description: `{{ $value }} connections are open, of max_connections ${max}: connection pools will soon wait or fail (pool exhaustion). Check for leaked connections, lower the pools' sizes or raise max_connections.`,
      }),
      standardAlert(stack, 'PostgresReplicationLag', {
        expr: `max by (namespace, instance) (${selector('pg_replication_lag_seconds', ns)}) > ${t.replicationLagSeconds}`,
        summary: `PostgreSQL replication lags more than ${t.replicationLagSeconds}s`,
        description:
          'Replica {{ $labels.instance }} is {{ $value | humanizeDuration }} behind the primary: reads from it are stale and a failover would lose that much.',
      }),
    );
  }
  if (stack.redis) {
    rules.push(
      standardAlert(stack, 'RedisDown', {
        expr: `${selector('redis_up', ns)} == 0`,
        summary: 'Redis is unreachable',
        description: 'redis_exporter {{ $labels.instance }} cannot connect to Redis.',
      }),
      standardAlert(stack, 'RedisMemoryNearMax', {
        expr: `max by (namespace, instance) (${selector('redis_memory_used_bytes', ns)}) / max by (namespace, instance) (${selector('redis_memory_max_bytes', ns)} > 0) > ${num(t.redisMemoryRatio)}`,
        summary: `Redis uses more than ${num(t.redisMemoryRatio * 100)}% of maxmemory`,
        description: `Redis {{ $labels.instance }} uses {{ $value | humanizePercentage }} of maxmemory: with maxmemory-policy ${stack.redis.maxmemoryPolicy} it ${stack.redis.maxmemoryPolicy === 'noeviction' ? 'will refuse writes' : 'will evict keys'}.`,
      }),
      standardAlert(stack, 'RedisEvictingKeys', {
        expr: `sum by (namespace, instance) (rate(${selector('redis_evicted_keys_total', ns)}[${RATE_WINDOW}])) > 0`,
        summary: 'Redis is evicting keys',
        description:
          'Redis {{ $labels.instance }} evicts {{ $value | humanize }} keys per second to stay under maxmemory: the cache is too small for its working set.',
      }),
    );
  }
  return rules;
}
