/**
 * QBITEL, from its "Production Deployment Checklist" (seeds/003).
 * The guide's settings are referenced inline as `guide:`.
 */
import type { ProductionStackProps, ServiceSpec } from 'production-stack';

/** guide 6.1: database and Redis connection variables; the passwords come from the secret manager. */
const datastores: Pick<ServiceSpec, 'postgres' | 'redis'> = {
  // guide 9.3: pool_size 50 + max_overflow 20 overflows the guide's own max_connections 200 (9.2) at 3 services x 10
  // replicas (2,100): each replica gets 5 (30 x 5 + the migration's 5 + 20 reserved <= 200). Keep the guide's pools
  // only behind a pooler such as PgBouncer.
  postgres: {
    maxConnections: 5,
    env: { host: 'DATABASE_HOST', port: 'DATABASE_PORT', database: 'DATABASE_NAME', user: 'DATABASE_USER', password: 'DATABASE_PASSWORD' },
  },
  redis: { env: { host: 'REDIS_HOST', port: 'REDIS_PORT', password: 'REDIS_PASSWORD' } },
};

const env = {
  TLS_ENABLED: 'false', // guide 6.1 says true, but Istio mTLS and the ingress terminate TLS and no certificate is mounted (README)
  TLS_CERT_FILE: '/etc/qbitel/certs/server.crt',
  TLS_KEY_FILE: '/etc/qbitel/certs/server.key',
  QBITEL_LLM_PROVIDER: 'ollama',
  QBITEL_LLM_ENDPOINT: 'http://ollama:11434',
  QBITEL_AIRGAPPED_MODE: 'false',
  LOG_LEVEL: 'INFO',
  METRICS_ENABLED: 'true',
  SIEM_TYPE: 'splunk',
  S3_BUCKET: 'qbitel-marketplace',
};

const secretEnv = {
  JWT_SECRET: { secret: 'qbitel-secrets', key: 'jwt-secret' },
  ENCRYPTION_KEY: { secret: 'qbitel-secrets', key: 'encryption-key' },
  SENTRY_DSN: { secret: 'qbitel-secrets', key: 'sentry-dsn' },
  SPLUNK_HEC_URL: { secret: 'qbitel-secrets', key: 'splunk-hec-url' },
  SPLUNK_HEC_TOKEN: { secret: 'qbitel-secrets', key: 'splunk-hec-token' },
  STRIPE_API_KEY: { secret: 'qbitel-secrets', key: 'stripe-api-key' },
  STRIPE_WEBHOOK_SECRET: { secret: 'qbitel-secrets', key: 'stripe-webhook-secret' },
};

/** guide 6.2: /healthz liveness, /readyz readiness on the API port (8000), /metrics on 9090. */
const ports = [
  { name: 'http', port: 8000 },
  { name: 'metrics', port: 9090 },
];

export const spec: ProductionStackProps = {
  name: 'qbitel',
  cloud: 'aws',
  region: 'us-east-1',
  namespace: 'qbitel', // guide 4.1: namespace qbitel
  // The guide names no node sizes, and the default 3 × m5.xlarge cannot hold it: at their minimum replicas the
  // services, NATS, the Envoy proxies and their sidecars, the add-ons (istiod 2 × 500m and Karpenter 2 × 1 vCPU
  // among them), the cluster's own pods and one rollout's surge request 26.1 vCPU and 56 GiB in 51 pods. An
  // m5.2xlarge offers pods 7.6 vCPU and 28.4 GiB (8 vCPU less the kubelet's 90m and 280m of DaemonSets, istio-cni
  // among them; 32 GiB less the VM's 7.5% and the kubelet's 993 MiB), so 4 of them (30.5 vCPU); the readiness
  // report prints the arithmetic.
  cluster: { nodes: { instanceType: 'm5.2xlarge', desiredSize: 4, minSize: 4, maxSize: 12 } },
  serviceMesh: 'istio', // guide 4.3: Istio with mTLS between services (the mesh itself lives in qbitel-service-mesh / istio-system)
  secrets: [
    {
      name: 'qbitel-secrets',
      remoteKey: 'qbitel/production/app',
      keys: ['jwt-secret', 'encryption-key', 'sentry-dsn', 'splunk-hec-url', 'splunk-hec-token', 'stripe-api-key', 'stripe-webhook-secret'],
    },
    {
      // guide 6.1 "Notifications": PAGERDUTY_ROUTING_KEY and SLACK_WEBHOOK_URL, here for alert routing
      name: 'qbitel-alerting',
      remoteKey: 'qbitel/production/alerting',
      keys: ['pagerduty-routing-key', 'slack-webhook-url'],
    },
  ],
  monitoring: {
    // guide 1: "TLS certificates valid and not expiring within 30 days"
    thresholds: { certificateExpiryDays: 30 },
    // guide 5.4: "PagerDuty/OpsGenie integration configured", "Slack notifications configured" (the channel is ours)
    alerting: {
      critical: [
        { type: 'pagerduty', routingKey: { secret: 'qbitel-alerting', key: 'pagerduty-routing-key' } },
        { type: 'slack', webhookUrl: { secret: 'qbitel-alerting', key: 'slack-webhook-url' }, channel: '#qbitel-alerts' },
      ],
      warning: [{ type: 'slack', webhookUrl: { secret: 'qbitel-alerting', key: 'slack-webhook-url' }, channel: '#qbitel-alerts' }],
    },
    // guide 5.3: "OpenTelemetry/Jaeger configured", "Trace sampling rate set": OTLP to an OpenTelemetry collector
    // (which can export to Jaeger); the guide names no collector or rate: this address and 10 % are assumed
    tracing: { endpoint: 'http://otel-collector.observability.svc:4317', sampleRatio: 0.1 },
  },
  postgres: {
    engineVersion: '15', // guide 3.1: PostgreSQL 15+
    databaseName: 'qbitel_prod', // guide 6.1: DATABASE_NAME=qbitel_prod
    maxConnections: 200, // guide 9.2
    parameters: {
      shared_buffers: '4GB',
      effective_cache_size: '12GB',
      work_mem: '64MB',
      maintenance_work_mem: '1GB',
    },
  },
  redis: {}, // guide 3.2: Redis with a password (AUTH) and persistence
  // guide 3.3: a message queue with retention policies and consumer lag monitoring: NATS JetStream
  nats: {
    replicas: 3,
    streams: [{ name: 'qbitel-events', subjects: ['qbitel.events.>'], maxAgeHours: 168, maxBytes: '10Gi', replicas: 3 }],
    consumers: [{ name: 'qbitel-worker', stream: 'qbitel-events', ackWaitSeconds: 30, maxDeliver: 3, maxAckPending: 1000 }],
  },
  dr: {
    objectives: [
      { scenario: 'database', rtoMinutes: 30, rpoMinutes: 360 }, // guide 10.2
      { scenario: 'application', rtoMinutes: 5, rpoMinutes: 0 },
      { scenario: 'cluster', rtoMinutes: 120, rpoMinutes: 360 },
    ],
    backupSchedule: '0 */6 * * *', // guide 10.1: database backups every 6 hours
  },
  // guide 2.2: TLS 1.3 enabled, HSTS headers configured
  edge: { minTlsVersion: '1.3', hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: true } },
  services: [
    {
      name: 'ai-engine',
      image: 'ghcr.io/qbitel/ai-engine:2.1.0',
      ports,
      // guide 9.1: AI Engine 2 / 4 CPU, 4Gi / 8Gi
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      antiAffinity: 'preferred', // guide 4.2: anti-affinity rules applied
      env,
      secretEnv,
      ...datastores,
      allowFrom: [{ service: 'api-server', ports: ['http'] }],
      // guide 7.1: `alembic upgrade head` before the new version serves
      migration: { command: ['alembic', 'upgrade', 'head'] },
    },
    {
      name: 'api-server',
      image: 'ghcr.io/qbitel/api-server:2.1.0',
      ports,
      // guide 9.1: API Server 1 / 2 CPU, 2Gi / 4Gi
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      antiAffinity: 'preferred',
      env,
      secretEnv,
      ...datastores,
      nats: { publish: ['qbitel.events.>'] },
      // guide 2.2: CORS restricted (the console's own origin only); TLS 1.3 and HSTS are the edge's (`edge`)
      route: { host: 'qbitel.example.com', cors: { allowOrigins: ['https://qbitel.example.com'] } },
    },
    {
      name: 'worker',
      image: 'ghcr.io/qbitel/worker:2.1.0',
      role: 'worker',
      ports,
      // guide 9.1: Worker 2 / 4 CPU, 4Gi / 8Gi
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } },
      // guide 3.3 "Consumer lag monitoring enabled" and 4.2 "Horizontal Pod Autoscaler (HPA) configured": the worker
      // drains the JetStream consumer qbitel-worker, so KEDA scales it on that consumer's lag (100 messages a replica)
      queue: { nats: { consumer: 'qbitel-worker' }, targetPerReplica: 100, minReplicas: 3, maxReplicas: 10 },
      antiAffinity: 'preferred',
      env,
      secretEnv,
      ...datastores,
      nats: { consumers: ['qbitel-worker'] },
    },
  ],
};
