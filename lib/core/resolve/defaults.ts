/**
 * The defaults of the spec, from the seed guides: the one table of them. Only the resolvers beside this file
 * read it ({@link resolve} and the per-section `resolve*` functions, which the Pulumi components call too);
 * every `@default` tag of the spec's documentation is held to their output by test/core/defaults-doc.test.ts.
 */

/** The stack's defaults, by section of the spec. */
export const DEFAULTS = {
  environment: 'production',
  /** The newest minor version both EKS and GKE support (see lib/core/support.ts; a test pins the choice). */
  kubernetesVersion: '1.35',
  networkCidr: '10.0.0.0/16',
  availabilityZones: 3,
  nodes: {
    instanceType: { aws: 'm5.xlarge', gcp: 'n2-standard-4' },
    desiredSize: 3,
    minSize: 2,
    maxSize: 10,
    diskSizeGiB: 100,
  },
  service: {
    replicas: 3,
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '2', memory: '2Gi' },
    cpuUtilization: 70,
    /** Messages waiting per replica of a worker scaled on its queue (KEDA's `lagThreshold` default). */
    queueTargetPerReplica: 10,
    scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] },
    scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
    maxSurge: 1,
    maxUnavailable: 0,
    terminationGracePeriodSeconds: 30,
    preStopSleepSeconds: 5,
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    livenessPath: '/healthz',
    readinessPath: '/readyz',
    startup: { periodSeconds: 5, failureThreshold: 30 },
    clientConnections: 10,
  },
  migration: { timeoutSeconds: 600, backoffLimit: 3 },
  cronJob: {
    timeZone: 'Etc/UTC',
    requests: { cpu: '100m', memory: '256Mi' },
    limits: { memory: '1Gi' },
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 300,
    activeDeadlineSeconds: 3600,
    backoffLimit: 2,
    historyLimit: 3,
  },
  secretRefreshMinutes: 60,
  secretStore: { aws: 'aws-secrets-manager', gcp: 'gcp-secret-manager' },
  postgres: {
    engineVersion: '15',
    instanceClass: { aws: 'db.r6g.xlarge', gcp: 'db-custom-4-16384' },
    storageGiB: 100,
    maxStorageGiB: 1000,
    backupRetentionDays: 30,
    backupWindow: '03:00-04:00',
    username: 'app',
    maxConnections: 200,
  },
  redis: {
    engineVersion: '7.1',
    nodeType: 'cache.r6g.large',
    /** ElastiCache: a primary and two replicas; Memorystore: `STANDARD_HA`'s primary and replica (1 node without highAvailability). */
    nodes: { aws: 3, gcp: 2 },
    memorySizeGiB: 5,
    maxmemoryPolicy: 'allkeys-lru',
    snapshotRetentionDays: 7,
  },
  nats: {
    image: 'nats:2.10.24-alpine',
    controllerNamespace: 'nats-system',
    replicas: 3,
    memory: '2Gi',
    storage: '50Gi',
    stream: { maxAgeHours: 168, maxBytes: '10Gi', replicas: 3 },
    consumer: { ackWaitSeconds: 30, maxDeliver: 3, maxAckPending: 1000 },
  },
  monitoring: {
    prometheusSelector: { release: 'kube-prometheus-stack' },
    namespace: 'monitoring',
    metricsPath: '/metrics',
    interval: '30s',
    sampleRatio: 0.1,
    grafanaDashboardLabels: { grafana_dashboard: '1' },
    thresholds: {
      memoryRatio: 0.9,
      cpuThrottlingRatio: 0.25,
      volumeUsageRatio: 0.85,
      certificateExpiryDays: 14,
      postgresConnectionRatio: 0.8,
      replicationLagSeconds: 30,
      redisMemoryRatio: 0.9,
    },
    requestMetrics: {
      requests: 'http_requests_total',
      duration: 'http_request_duration_seconds',
      statusLabel: 'code',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    },
    sloWindowDays: 30,
    groupBy: ['alertname', 'service'],
  },
  dr: {
    backupSchedule: '0 2 * * *',
    backupRetentionDays: 30,
    restoreDrillSchedule: '0 5 * * 0',
    restoreDrillCheck: {
      name: 'has-tables',
      sql: "SELECT count(*) > 0 FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    },
    /** What runs in the standby region while passive. */
    standbyMode: 'pilot-light',
  },
} as const;

/** The edge's defaults. */
export const EDGE_DEFAULTS = {
  path: '/',
  clusterIssuer: 'letsencrypt-prod',
  minTlsVersion: '1.2',
  hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: false },
  replicas: 2,
  drainSeconds: 60,
  /**
   * Seconds an HTTP route waits for a response. A gRPC route waits without limit by default (streams may
   * last; Envoy's own default, which Envoy Gateway leaves in place unless told, would cut every call at 15 s).
   */
  timeoutSeconds: 60,
  cors: {
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization'],
    maxAgeSeconds: 5,
    allowCredentials: false,
  },
  healthCheckIntervalSeconds: 5,
} as const;

/** Default variable names of the datastore clients and NATS. */
export const CLIENT_ENV_DEFAULTS = {
  postgres: { url: 'DATABASE_URL' },
  redis: { url: 'REDIS_URL' },
  nats: { urlEnv: 'NATS_URL', userEnv: 'NATS_USER', passwordEnv: 'NATS_PASSWORD', inboxPrefixEnv: 'NATS_INBOX_PREFIX' },
  natsCaFile: 'NATS_CA_FILE',
} as const;
