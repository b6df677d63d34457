/**
 * Ralph Orchestrator, from its "Production Deployment Guide" (seeds/002).
 * The guide's settings are referenced inline as `guide:`. The same spec runs
 * on AWS (the guide's eksctl/aws commands) and on GCP (its gcloud commands):
 * see `specFor`.
 */
import type { Cloud, ProductionStackProps } from 'production-stack';

const regions: Record<Cloud, string> = { aws: 'us-west-2', gcp: 'us-central1' };

/**
 * guide: the plain settings of .env.production, the ConfigMap `ralph-config`, which the guide's Deployment reads
 * twice: as environment (`envFrom: configMapRef`) and as files, one per key, in its volume `config` mounted
 * read-only at /app/config. The secrets are `ralph-secrets`'s.
 */
const config: Readonly<Record<string, string>> = {
  RALPH_AGENT: 'auto',
  RALPH_MAX_ITERATIONS: '1000',
  RALPH_MAX_RUNTIME: '28800', // 8 hours
  RALPH_MAX_TOKENS: '5000000',
  RALPH_MAX_COST: '500.0',
  DATABASE_POOL_SIZE: '20',
  DATABASE_MAX_OVERFLOW: '40',
  REDIS_POOL_SIZE: '50',
  REDIS_TTL: '3600',
  ENABLE_METRICS: 'true',
  METRICS_PORT: '8080',
  LOG_LEVEL: 'INFO',
  API_RATE_LIMIT: '100/minute',
  ALLOWED_HOSTS: 'ralph.example.com',
  CORS_ORIGINS: 'https://app.example.com',
};

/** The guide's stack on one cloud. */
export function specFor(cloud: Cloud): ProductionStackProps {
  return {
    name: 'ralph',
    cloud,
    region: regions[cloud],
    namespace: 'production', // guide: `namespace: production`
    cluster: {
      // guide: `--version 1.28`, past standard support: the library refuses it (see README)
      kubernetesVersion: '1.35',
      nodes: {
        instanceType: cloud === 'aws' ? 'm5.xlarge' : 'n2-standard-4', // guide: --node-type / --machine-type
        // guide: --nodes 3 / --num-nodes 3, --nodes-min 2 / --min-nodes 2 and --nodes-max 10 / --max-nodes 10,
        // which cannot hold it. The orchestrator's pods (2 vCPU each, one per node: required anti-affinity) leave a
        // node 1.7 vCPU (EKS: 4 less the kubelet's 80m and 180m of DaemonSets) or 1.5 (GKE: 400m of DaemonSets)
        // for the rest: at 3 replicas and a rollout's surge, 4 of them need 4 nodes, and the add-ons, system
        // pods and the other services (12.9 vCPU in all on AWS with Karpenter's 2 x 1 vCPU, 10.9 on GCP) fit on 4 too.
        // At its 10 replicas a rollout (maxUnavailable 0) needs an 11th node for its surge pod. So 4 nodes at
        // least on both clouds and 11 at most; the readiness report prints the arithmetic.
        desiredSize: 4,
        minSize: cloud === 'aws' ? 3 : 4,
        maxSize: 11,
        diskSizeGiB: 100, // guide: "100GB SSD for application and logs"
      },
    },
    secrets: [
      {
        name: 'ralph-secrets',
        remoteKey: 'ralph/production/app',
        keys: ['secret-key', 'encryption-key', 'sentry-dsn', 'claude-api-key', 'gemini-api-key'],
      },
      {
        // Alert routing's credential, apart from the app's secrets (which are mounted into its pods)
        name: 'ralph-alerting',
        remoteKey: 'ralph/production/alerting',
        keys: ['pagerduty-routing-key'],
      },
    ],
    monitoring: {
      ruleInterval: '15s', // guide: evaluation_interval: 15s
      // guide: HighMemoryUsage, memory over its limit "> 0.9" for 5m (warning): the standard HighMemoryUsage alert
      thresholds: { memoryRatio: 0.9 },
      // guide: "Alert received via PagerDuty"; warnings go there too (PagerDuty events carry severity warning)
      alerting: { critical: [{ type: 'pagerduty', routingKey: { secret: 'ralph-alerting', key: 'pagerduty-routing-key' } }] },
      // guide: "Check runbook for known issues"
      runbookBaseUrl: 'https://ralph.example.com/runbooks',
    },
    postgres: {
      engineVersion: '15', // guide: --engine-version 15.4 / POSTGRES_15 (a major: RDS applies minors itself)
      instanceClass: cloud === 'aws' ? 'db.t3.large' : 'db-custom-4-16384', // guide: db.t3.large / --cpu=4 --memory=16GB
      storageGiB: 100, // guide: --allocated-storage 100
      backupRetentionDays: 30, // guide: --backup-retention-period 30
      backupWindow: '03:00-04:00', // guide: --backup-start-time=03:00
      highAvailability: true, // guide: --multi-az / --availability-type=REGIONAL
      username: 'ralph', // guide: --master-username ralph
      databaseName: 'ralph_production', // guide: CREATE DATABASE ralph_production
      // The guide sets no max_connections: 10 instances x 60 (pool_size 20 + max_overflow 40) = 600, plus 10% reserved
      maxConnections: 700,
      // guide 5: CREATE EXTENSION "uuid-ossp", "pg_stat_statements"; CREATE SCHEMA ralph, audit; search_path ralph, public
      // (the bootstrap Job does it as the master: pg_stat_statements is not an extension the schema's owner may create)
      extensions: ['uuid-ossp', 'pg_stat_statements'],
      schemas: ['ralph', 'audit'],
      searchPath: ['ralph', 'public'],
    },
    redis: {
      aws: { nodeType: 'cache.r6g.large' }, // guide: --cache-node-type cache.r6g.large (ElastiCache)
      ...(cloud === 'aws' ? { nodes: 3 } : {}), // guide: --num-cache-nodes 3 (ElastiCache)
      gcp: { memorySizeGiB: 5 }, // guide: gcloud redis instances create --size=5 (Memorystore)
      engineVersion: '7.1', // guide: redis_6_x is end of life; 7.1 (see README)
      role: 'cache', // guide: "Redis cluster for caching" (Flask-Caching and the rate limiter's counters): evicted keys are rebuilt
    },
    dr: {
      objectives: [{ scenario: 'region', rtoMinutes: 240, rpoMinutes: 60 }], // guide: RTO 4 hours, RPO 1 hour
      // guide: backup.sh (pg_dump to S3, 30 days); run hourly so that the backups replicated to the standby region
      // hold the 1-hour RPO too (the standby's database replica bounds it at minutes)
      backupSchedule: '0 * * * *',
      backupRetentionDays: 30,
      standbyRegion: cloud === 'aws' ? 'us-east-1' : 'us-east1',
      // guide: failover.sh checks https://ralph.example.com/health, then changes the Route 53 zone Z123456: failover
      // records `dr.activeRegion` flips, Route 53 requesting /health of each region (its own host, <region>.ralph...)
      ...(cloud === 'aws' ? { dns: { zoneId: 'Z123456', name: 'ralph.example.com', healthCheckPath: '/health' } } : {}),
    },
    // guide 4: certificates from the letsencrypt-prod ClusterIssuer
    edge: { clusterIssuer: 'letsencrypt-prod' },
    services: [
      {
        name: 'ralph-orchestrator',
        image: 'ghcr.io/mikeyobrien/ralph-orchestrator:v1.0.0',
        // guide: one container port, 8080, serving the API, /health, /ready and /metrics
        ports: [{ name: 'http', port: 8080 }],
        metrics: { port: 'http', interval: '15s' }, // guide: scrape_interval: 15s
        // guide: replicas: 3, "Auto-scaling configured (2-10 instances)"; the HPA keeps the guide's 3 as its floor
        autoscaling: { minReplicas: 3, maxReplicas: 10 },
        maxSurge: 1,
        maxUnavailable: 0,
        antiAffinity: 'required', // guide: requiredDuringScheduling... on kubernetes.io/hostname
        resources: {
          requests: { memory: '4Gi', cpu: '2' },
          limits: { memory: '8Gi', cpu: '4' },
        },
        probes: {
          liveness: {
            type: 'http',
            path: '/health',
            port: 8080,
            initialDelaySeconds: 30,
            periodSeconds: 30,
            timeoutSeconds: 5,
            failureThreshold: 3,
          },
          readiness: {
            type: 'http',
            path: '/ready',
            port: 8080,
            initialDelaySeconds: 10,
            periodSeconds: 10,
            timeoutSeconds: 5,
            failureThreshold: 3,
          },
        },
        env: config, // guide: `envFrom: configMapRef: ralph-config`
        secretEnv: {
          SECRET_KEY: { secret: 'ralph-secrets', key: 'secret-key' },
          ENCRYPTION_KEY: { secret: 'ralph-secrets', key: 'encryption-key' },
          SENTRY_DSN: { secret: 'ralph-secrets', key: 'sentry-dsn' },
          CLAUDE_API_KEY: { secret: 'ralph-secrets', key: 'claude-api-key' },
          GEMINI_API_KEY: { secret: 'ralph-secrets', key: 'gemini-api-key' },
        },
        // guide: pool_size 20 + max_overflow 40 = 60 connections per replica
        postgres: { maxConnections: 60, env: { url: 'DATABASE_URL' } },
        redis: { maxConnections: 50, env: { url: 'REDIS_URL' } },
        // guide: volume `config` (ConfigMap ralph-config) mounted read-only at /app/config
        configFiles: { mountPath: '/app/config', files: config },
        // guide: secrets mounted read-only at /app/secrets with defaultMode 0400
        secretMounts: [{ secret: 'ralph-secrets', mountPath: '/app/secrets', mode: 0o400 }],
        // guide: RotatingFileHandler writes /var/log/ralph/app.log; the root filesystem is read-only
        writablePaths: ['/tmp', '/var/log/ralph'],
        // guide 4: TLS host ralph.example.com, SSL redirect (the gateway's), `rate-limit: "100"` (not an ingress-nginx
        // annotation: it was ignored; the gateway enforces 100/s per client IP, see README); CORS_ORIGINS=https://app.example.com
        route: { host: 'ralph.example.com', rateLimit: { requestsPerSecond: 100 }, cors: { allowOrigins: ['https://app.example.com'] } },
        egress: [{ internet: true, ports: [443] }], // guide: egress 443 (AI provider APIs)
        // guide, SLA Targets: "Uptime: 99.9%", "Error Rate: < 0.1%" (the availability objective) and "Response Time: < 500ms p95"
        // (0.5 must be a bucket of http_request_duration_seconds; it is one of the Prometheus clients' defaults)
        slo: { availability: 99.9, latency: { thresholdSeconds: 0.5, percent: 95 } },
        // guide: monitoring/alerts.yml, group ralph_alerts (HighMemoryUsage is the standard alert, see `monitoring`)
        alerts: [
          {
            name: 'HighErrorRate',
            expr: 'rate(ralph_errors_total[5m]) > 0.1',
            for: '5m',
            severity: 'critical',
            summary: 'High error rate detected',
            description: 'Error rate is {{ $value }} errors/sec',
          },
          {
            name: 'LongRunningTask',
            expr: 'ralph_task_duration_seconds > 14400',
            for: '1m',
            severity: 'warning',
            summary: 'Task running longer than 4 hours',
            description: 'Task {{ $labels.task_id }} has been running for {{ $value }} seconds',
          },
        ],
      },
    ],
  };
}

/** The AWS variant, the guide's primary path. */
export const spec = specFor('aws');
