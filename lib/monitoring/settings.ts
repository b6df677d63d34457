/**
 * Every threshold, duration and window of the generated rules, dashboards and
 * routes, in one place. The thresholds a stack may change are in
 * `monitoring.thresholds` (see `AlertThresholds`, defaults in `DEFAULTS`);
 * these are the fixed ones.
 */

/** Severity of an alert; routes and inhibition key on it. */
export type Severity = 'critical' | 'warning' | 'info';

/** How long each standard alert's condition must hold, and its severity. */
export const STANDARD_ALERTS = {
  /** A container waits in CrashLoopBackOff (kube-prometheus' KubePodCrashLooping). */
  PodCrashLooping: { for: '15m', severity: 'warning' },
  /** A pod not owned by a Job is not ready. */
  PodNotReady: { for: '15m', severity: 'warning' },
  /** A Deployment has fewer available replicas than it wants, and no rollout is progressing. */
  DeploymentReplicasMismatch: { for: '15m', severity: 'warning' },
  /** A StatefulSet has fewer ready replicas than it wants, and no rollout is progressing. */
  StatefulSetReplicasMismatch: { for: '15m', severity: 'warning' },
  /** Working set over `thresholds.memoryRatio` of the limit (the Ralph guide's HighMemoryUsage: > 0.9 for 5m, warning). */
  HighMemoryUsage: { for: '5m', severity: 'warning' },
  /** Share of CPU periods throttled over `thresholds.cpuThrottlingRatio`. */
  CpuThrottlingHigh: { for: '15m', severity: 'warning' },
  /** An HPA has run at its maximum: the service cannot scale further. */
  HpaAtMaxReplicas: { for: '15m', severity: 'warning' },
  /** A volume over `thresholds.volumeUsageRatio` full. */
  PersistentVolumeFillingUp: { for: '5m', severity: 'warning' },
  /** A Job (migration, or a CronJob's run) failed. */
  JobFailed: { for: '15m', severity: 'warning' },
  /** A TLS certificate expires within `thresholds.certificateExpiryDays`. */
  CertificateExpiringSoon: { for: '1h', severity: 'warning' },
  /** cert-manager cannot issue or renew a certificate. */
  CertificateNotReady: { for: '10m', severity: 'warning' },
  /** postgres_exporter cannot reach PostgreSQL. */
  PostgresDown: { for: '5m', severity: 'critical' },
  /** Connections over `thresholds.postgresConnectionRatio` of `postgres.maxConnections`: pools will soon wait or fail. */
  PostgresConnectionsNearMax: { for: '5m', severity: 'warning' },
  /** A replica lags more than `thresholds.replicationLagSeconds`. */
  PostgresReplicationLag: { for: '5m', severity: 'warning' },
  /** A metric the PostgreSQL alerts read has no series: postgres_exporter is not running or not scraped, or cannot read it. */
  PostgresMetricsAbsent: { for: '10m', severity: 'warning' },
  /** redis_exporter cannot reach Redis. */
  RedisDown: { for: '5m', severity: 'critical' },
  /** Memory over `thresholds.redisMemoryRatio` of maxmemory. */
  RedisMemoryNearMax: { for: '15m', severity: 'warning' },
  /** Redis evicts keys to stay under maxmemory. */
  RedisEvictingKeys: { for: '15m', severity: 'warning' },
  /** A metric the Redis alerts read has no series: redis_exporter is not running or not scraped. */
  RedisMetricsAbsent: { for: '10m', severity: 'warning' },
  /** Share of a service's requests that fail with a server error (HTTP 5xx, or a gRPC server-side code). */
  RequestErrorRateHigh: { for: '5m', severity: 'critical' },
  /** Share of a service's requests refused by rate limiting (HTTP 429, gRPC RESOURCE_EXHAUSTED). */
  RateLimitTriggered: { for: '10m', severity: 'warning' },
} as const satisfies Record<string, { readonly for: string; readonly severity: Severity }>;

/** `for` of a spec's own alert that gives none (`AlertSpec.for`). */
export const DEFAULT_ALERT_FOR = '5m';

/** Name of a standard alert. */
export type StandardAlert = keyof typeof STANDARD_ALERTS;

/** Fixed thresholds of the request alerts (services without an SLO still get these). */
export const REQUEST_THRESHOLDS = {
  /** Share of requests failing with a server error. */
  errorRatio: 0.05,
  /** Share of requests refused by rate limiting. */
  rateLimitedRatio: 0.01,
} as const;

/** Range of the rates in alerts and dashboard panels. */
export const RATE_WINDOW = '5m';

/** Range over which a Deployment or StatefulSet counts as not rolling out (no updated replicas). */
export const ROLLOUT_WINDOW = '10m';

/** Range over which a container counts as crash looping. */
export const CRASH_LOOP_WINDOW = '5m';

/** Quantiles of the latency panels. */
export const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;

export { BURN_RATE_POLICY } from '../core/burn-rate';

/** The short window of a burn-rate alert is this fraction of its long window (5m for 1h). */
export const SHORT_WINDOW_DIVISOR = 12;

/** Alertmanager timings of the stack's routes. */
export const ROUTING = {
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: { critical: '4h', warning: '12h' },
} as const;

/** Grafana dashboards: time range, refresh and panel heights. */
export const DASHBOARD = {
  schemaVersion: 39,
  timeFrom: 'now-6h',
  refresh: '1m',
  panelHeight: 8,
  statHeight: 5,
} as const;
