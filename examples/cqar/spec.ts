/**
 * CQAR, from its "Deployment Guide" (seeds/004).
 * The guide's settings are referenced inline as `guide:`.
 */
import type { ProductionStackProps } from 'production-stack';

export const spec: ProductionStackProps = {
  name: 'cqar',
  // guide: the gRPC service is fronted by a Google Cloud load balancer (GCE ingress, NEG)
  cloud: 'gcp',
  region: 'us-central1',
  namespace: 'cqar',
  // the three NATS servers (guide: 3+ for quorum) run one per node: the pool keeps at least three
  cluster: { nodes: { minSize: 3 } },
  secrets: [
    {
      name: 'cqar-secrets',
      remoteKey: 'cqar/production/api-keys',
      keys: ['api-keys'], // guide: AUTH_API_KEYS=${CQAR_API_KEYS}
    },
  ],
  postgres: {
    engineVersion: '15', // guide: PostgreSQL 14+
    instanceClass: 'db-custom-4-16384', // guide: 4 cores, 8Gi minimum
    storageGiB: 100, // guide: 100Gi+ SSD
    backupRetentionDays: 30, // guide: daily automated backups with 30-day retention
    highAvailability: true, // guide: Multi-AZ deployment
    databaseName: 'cqar_prod',
    username: 'cqar_prod_user',
    // guide: postgresql.conf max_connections = 200, but "Total connections = replicas × 25 (ensure db max_connections
    // sufficient)": the HPA's 10 replicas x 25 + the migration's 25 = 275, plus 10% reserved (see README)
    maxConnections: 320,
    parameters: {
      shared_buffers: '2GB',
      effective_cache_size: '6GB',
      work_mem: '16MB',
      wal_buffers: '16MB',
      checkpoint_timeout: '15min',
      max_wal_size: '2GB',
      random_page_cost: 1.1,
      effective_io_concurrency: 200,
      log_min_duration_statement: 1000,
    },
  },
  redis: {
    engineVersion: '7.1', // guide: Redis 7+
    nodes: 3, // guide: "At least 3 nodes for high availability": a primary and 2 read replicas (Memorystore STANDARD_HA)
    gcp: { memorySizeGiB: 5 }, // guide: 4Gi minimum; Memorystore's read replicas need 5 GB or more
    maxmemoryPolicy: 'allkeys-lru', // guide: eviction policy allkeys-lru
  },
  nats: {
    replicas: 3, // guide: 3+ nodes for quorum-based replication
    memory: '2Gi', // guide: 2Gi minimum
    storage: '50Gi', // guide: 50Gi for stream retention
    streams: [{ name: 'cqc_events', subjects: ['cqc.events.>'], maxAgeHours: 168, maxBytes: '10Gi', replicas: 3 }], // guide: 7 days or 10GB
    consumers: [{ name: 'cqar', stream: 'cqc_events', ackWaitSeconds: 30, maxDeliver: 3, maxAckPending: 1000 }],
    // guide: CQAR only reads cqc_events (EVENTBUS_STREAM_NAME, EVENTBUS_CONSUMER_NAME=cqar) and names no producer of
    // cqc.events.>: the CQC events come from outside CQAR's stack. Assumed here: the CQC event bus's publisher, in
    // namespace cqc of the same cluster, which may publish to cqc.events.> only; its credential is the Secret Manager
    // secret cqar-production-nats-publisher-cqc-event-bus (validation refuses a stream nothing may publish to)
    publishers: [{ name: 'cqc-event-bus', subjects: ['cqc.events.>'], namespace: 'cqc' }],
  },
  monitoring: {
    tracing: { endpoint: 'http://otel-collector.observability.svc:4317', sampleRatio: 0.1 }, // guide: TRACING_SAMPLE_RATE=0.1
  },
  dr: { backupSchedule: '0 2 * * *', backupRetentionDays: 30 }, // guide: CronJob "0 2 * * *", 30 days
  // guide, Load Balancer: connection draining 30 s
  edge: { drainSeconds: 30 },
  services: [
    {
      name: 'cqar',
      image: 'cqar:0.1.0',
      ports: [
        { name: 'grpc', port: 9090 },
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9091 },
      ],
      // guide: `replicas: 3` ("Production: 3+ replicas") and the HorizontalPodAutoscaler cqar-hpa, which owns the count
      autoscaling: {
        minReplicas: 3,
        maxReplicas: 10,
        cpuUtilization: 70,
        memoryUtilization: 80,
        scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
        scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] },
      },
      maxSurge: 1,
      maxUnavailable: 0,
      antiAffinity: 'preferred', // guide: preferredDuringScheduling, weight 100, kubernetes.io/hostname
      resources: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '2000m', memory: '2Gi' },
      },
      probes: {
        liveness: {
          type: 'http',
          path: '/health/live',
          port: 8080,
          initialDelaySeconds: 10,
          periodSeconds: 10,
          timeoutSeconds: 5,
          failureThreshold: 3,
        },
        readiness: {
          type: 'http',
          path: '/health/ready',
          port: 8080,
          initialDelaySeconds: 5,
          periodSeconds: 5,
          timeoutSeconds: 3,
          failureThreshold: 2,
        },
      },
      // guide: METRICS_PORT=9091 scraped by Prometheus. The service speaks gRPC: its request metrics are the gRPC
      // server's (go-grpc-middleware names, assumed: the guide names none), judged by gRPC codes rather than HTTP statuses
      requestMetrics: { requests: 'grpc_server_handled_total', duration: 'grpc_server_handling_seconds', statusLabel: 'grpc_code' },
      // guide: SERVER_SHUTDOWN_TIMEOUT=30s: the grace period covers the 5s preStop pause plus 30s of draining
      terminationGracePeriodSeconds: 40,
      env: {
        SERVICE_NAME: 'cqar',
        SERVICE_VERSION: '0.1.0',
        SERVICE_ENV: 'production',
        SERVER_HTTP_PORT: '8080',
        SERVER_GRPC_PORT: '9090',
        SERVER_SHUTDOWN_TIMEOUT: '30s',
        DATABASE_SSL_MODE: 'require',
        DATABASE_MAX_CONNS: '25',
        DATABASE_MIN_CONNS: '5',
        DATABASE_MAX_CONN_LIFETIME: '15m',
        DATABASE_MAX_CONN_IDLE_TIME: '5m',
        DATABASE_CONNECT_TIMEOUT: '5s',
        DATABASE_QUERY_TIMEOUT: '30s',
        CACHE_DB: '0',
        CACHE_DEFAULT_TTL: '60m',
        CACHE_MAX_RETRIES: '3',
        CACHE_MIN_IDLE_CONNS: '5',
        CACHE_POOL_SIZE: '10',
        EVENTBUS_BACKEND: 'jetstream',
        EVENTBUS_STREAM_NAME: 'cqc_events',
        EVENTBUS_CONSUMER_NAME: 'cqar',
        EVENTBUS_MAX_DELIVER: '3',
        EVENTBUS_ACK_WAIT: '30s',
        EVENTBUS_MAX_ACK_PENDING: '1000',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        LOG_ADD_CALLER: 'false',
        METRICS_ENABLED: 'true',
        METRICS_PORT: '9091',
        TRACING_ENABLED: 'true',
        TRACING_ENDPOINT: 'otel-collector.observability.svc:4317',
        TRACING_SAMPLE_RATE: '0.1',
      },
      secretEnv: { AUTH_API_KEYS: { secret: 'cqar-secrets', key: 'api-keys' } },
      postgres: {
        maxConnections: 25, // guide: 25 connections per CQAR replica
        env: {
          url: 'DATABASE_URL',
          host: 'DATABASE_HOST',
          port: 'DATABASE_PORT',
          database: 'DATABASE_DATABASE',
          user: 'DATABASE_USER',
          password: 'DATABASE_PASSWORD',
        },
      },
      // guide: the cqar-migrate Job (`migrate -path /app/migrations -database "$DATABASE_URL" up`), run before the new version serves
      migration: { command: ['migrate', '-path', '/app/migrations', '-database', '$(DATABASE_URL)', 'up'] },
      redis: { maxConnections: 10, env: { host: 'CACHE_HOST', port: 'CACHE_PORT', password: 'CACHE_PASSWORD' } },
      // guide: EVENTBUS_SERVERS, reading the durable consumer `cqar` of stream `cqc_events`
      nats: { urlEnv: 'EVENTBUS_SERVERS', consumers: ['cqar'] },
      // guide: RBAC Role cqar-role: get/list configmaps and secrets; the secrets by name (its own), since a Role
      // that reads every Secret of the namespace reads the datastore credentials and the NATS users' passwords too
      rbac: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'], resourceNames: ['cqar-secrets'] },
      ],
      // guide: only cqmd and cqpm may call the gRPC port
      allowFrom: [
        { namespace: 'cqmd', ports: ['grpc'] },
        { namespace: 'cqpm', ports: ['grpc'] },
      ],
      // guide, Load Balancer: gRPC-aware (Envoy), health check grpc.health.v1.Health/Check (draining: `edge`)
      route: { host: 'cqar.example.com', port: 'grpc', healthCheck: {} },
    },
  ],
};
