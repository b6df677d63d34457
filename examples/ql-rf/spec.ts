/**
 * QL-RF, from its "Production Deployment Notes" (seeds/000).
 * The guide's settings are referenced inline as `guide:`.
 */
import type { ProductionStackProps } from 'production-stack';

/** Shared by both QL-RF services: the guide's required configuration. */
const llm = {
  RF_ENV: 'production', // guide: "Must be production"
  RF_LLM_PROVIDER: 'azure_anthropic', // guide: "Azure Anthropic (Recommended)"
  RF_LLM_AZURE_ANTHROPIC_ENDPOINT: 'https://your-resource.services.ai.azure.com',
  RF_LLM_MODEL: 'claude-sonnet-4-5',
  RF_NOTIFICATION_APP_BASE_URL: 'https://control-tower.quantumlayer.dev',
  RF_ORCHESTRATOR_DEV_MODE: 'false', // guide: "never enable in production"
};

/** Database pool (guide: "Database Connection Pool"). */
const pool = {
  RF_DATABASE_MAX_OPEN_CONNS: '25',
  RF_DATABASE_MAX_IDLE_CONNS: '5',
  RF_DATABASE_CONN_MAX_LIFETIME: '5m',
};

/** guide: "Horizontal Pod Autoscaling": CPU 70%, memory 80%, scale-down stabilization 5 minutes. */
const autoscaling = {
  minReplicas: 3,
  maxReplicas: 10,
  cpuUtilization: 70,
  memoryUtilization: 80,
  scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
} as const;

/**
 * guide, Monitoring Checklist: "Alert rules are set up for: High error rates (5xx responses), LLM API failures,
 * Database connection pool exhaustion, Rate limit triggers". Every service with metrics gets the standard
 * RequestErrorRateHigh (5xx) and RateLimitTriggered (HTTP 429, the guide's rate limiter's answer) alerts, and the
 * stack PostgresConnectionsNearMax (pool exhaustion: 80% of max_connections 600); LLM API failures are the
 * orchestrator's own metric. The guide names no LLM metric (`rf_llm_requests_total{status}` is assumed) and no
 * threshold or duration (5% for 5m are ours).
 */
const llmAlerts = [
  {
    name: 'LlmApiFailures',
    expr: 'sum by (service) (rate(rf_llm_requests_total{status="error"}[5m])) / sum by (service) (rate(rf_llm_requests_total[5m])) > 0.05',
    for: '5m',
    severity: 'critical',
    summary: 'LLM API calls are failing',
    description: '{{ $value | humanizePercentage }} of LLM API calls fail: check the provider (RF_LLM_PROVIDER) and the API key.',
  },
] as const;

/** guide: health endpoints `/healthz` and `/readyz` are monitored. */
const probes = {
  liveness: { type: 'http', path: '/healthz' },
  readiness: { type: 'http', path: '/readyz' },
} as const;

const secretEnv = {
  RF_CLERK_SECRET_KEY: { secret: 'ql-rf-secrets', key: 'clerk-secret-key' },
  RF_CLERK_PUBLISHABLE_KEY: { secret: 'ql-rf-secrets', key: 'clerk-publishable-key' },
  RF_LLM_API_KEY: { secret: 'ql-rf-secrets', key: 'llm-api-key' },
};

export const spec: ProductionStackProps = {
  name: 'ql-rf',
  cloud: 'aws', // guide: AWS SSM patching is the implemented connector
  region: 'us-east-1',
  secrets: [
    {
      name: 'ql-rf-secrets',
      remoteKey: 'ql-rf/production/app',
      keys: ['clerk-secret-key', 'clerk-publishable-key', 'llm-api-key'],
    },
  ],
  postgres: {
    databaseName: 'qlrf', // guide: RF_DATABASE_URL "postgres://user:pass@host:5432/qlrf?sslmode=require"
    // The guide sets no max_connections: 2 services x 10 replicas x 25 (RF_DATABASE_MAX_OPEN_CONNS) = 500, plus 10% reserved
    maxConnections: 600,
  },
  redis: {},
  services: [
    {
      // guide: "kubectl scale deployment/ql-rf-api", served at https://api.quantumlayer.dev
      name: 'ql-rf-api',
      image: 'ghcr.io/quantumlayerhq/ql-rf-api:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      metrics: { port: 'http' }, // guide: "/metrics endpoint is being scraped"
      autoscaling,
      probes,
      env: { ...llm, ...pool },
      secretEnv,
      postgres: { maxConnections: 25, env: { url: 'RF_DATABASE_URL' } },
      redis: { env: { url: 'RF_REDIS_URL' } },
      // guide: "100 requests/second per IP with burst of 200", API read/write timeouts 30s
      // (Envoy's local limit has no separate burst: the burst of 200 stays with the API's own middleware)
      route: { host: 'api.quantumlayer.dev', rateLimit: { requestsPerSecond: 100 }, timeoutSeconds: 30 },
    },
    {
      // guide: "Orchestrator: Read 30s, Write 60s (longer for LLM responses)"
      name: 'ql-rf-orchestrator',
      image: 'ghcr.io/quantumlayerhq/ql-rf-orchestrator:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      metrics: { port: 'http' },
      autoscaling,
      probes,
      env: { ...llm, ...pool },
      secretEnv,
      postgres: { maxConnections: 25, env: { url: 'RF_DATABASE_URL' } },
      redis: { env: { url: 'RF_REDIS_URL' } },
      allowFrom: [{ service: 'ql-rf-api' }],
      egress: [{ internet: true, ports: [443] }], // the LLM provider's HTTPS API
      alerts: llmAlerts, // guide: "LLM API failures" (the orchestrator is the service that calls the LLM provider)
    },
  ],
};
