/**
 * The Q&A agent, from its "Production Deployment Considerations" (seeds/001).
 * The guide's settings are referenced inline as `guide:`.
 */
import type { ProductionStackProps } from 'production-stack';

export const spec: ProductionStackProps = {
  name: 'qna-agent',
  cloud: 'aws',
  region: 'us-east-1',
  // guide, Option B (recommended): External Secrets from the `vault-backend` ClusterSecretStore
  secretStore: 'vault-backend',
  secrets: [
    {
      name: 'qna-agent-secrets',
      remoteKey: 'secret/qna-agent',
      keys: ['openai-api-key'],
      properties: { 'openai-api-key': 'api_key' },
      refreshMinutes: 60, // guide: refreshInterval: 1h
    },
  ],
  // guide, section 4, Solution B (recommended): an external PostgreSQL instead of SQLite on a PVC
  postgres: {},
  monitoring: {
    // guide: "TODO: Distributed Tracing" -> done: OpenTelemetry to a collector
    tracing: { endpoint: 'http://otel-collector.observability.svc:4317', sampleRatio: 0.1 },
  },
  // guide: certificates from the letsencrypt-prod ClusterIssuer
  edge: { clusterIssuer: 'letsencrypt-prod' },
  services: [
    {
      name: 'qna-agent',
      image: 'ghcr.io/example/qna-agent:1.0.0',
      ports: [{ name: 'http', port: 8000 }], // guide: "Application always runs on HTTP (port 8000)"
      // guide: "TODO: Metrics (Prometheus)" -> done: prometheus-fastapi-instrumentator on /metrics
      metrics: { port: 'http', path: '/metrics' },
      // guide: http_requests_total{method, endpoint, status} and http_request_duration_seconds
      requestMetrics: { requests: 'http_requests_total', duration: 'http_request_duration_seconds', statusLabel: 'status' },
      // guide: llm_calls_total{status="success|error"}; the threshold and duration are ours (the guide states none)
      alerts: [
        {
          name: 'LlmCallFailures',
          expr: 'sum by (service) (rate(llm_calls_total{status="error"}[5m])) / sum by (service) (rate(llm_calls_total[5m])) > 0.05',
          for: '5m',
          severity: 'critical',
          summary: 'LLM calls are failing',
          description:
            '{{ $value | humanizePercentage }} of LLM calls fail: answers cannot be generated. Check the provider and OPENAI_API_KEY.',
        },
      ],
      probes: {
        liveness: {
          type: 'http',
          path: '/health',
          port: 8000,
          initialDelaySeconds: 10,
          periodSeconds: 15,
          timeoutSeconds: 5,
          failureThreshold: 3,
        },
        readiness: {
          type: 'http',
          path: '/ready',
          port: 8000,
          initialDelaySeconds: 5,
          periodSeconds: 10,
          timeoutSeconds: 5,
          failureThreshold: 3,
        },
        startup: { type: 'http', path: '/health', port: 8000, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 30 },
      },
      terminationGracePeriodSeconds: 30, // guide: graceful shutdown
      resources: {
        requests: { memory: '256Mi', cpu: '100m' },
        limits: { memory: '512Mi', cpu: '500m' },
      },
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
      env: { LOG_FORMAT: 'json' }, // guide: structured JSON logging in production
      secretEnv: { OPENAI_API_KEY: { secret: 'qna-agent-secrets', key: 'openai-api-key' } },
      postgres: { env: { url: 'DATABASE_URL' } },
      // guide: "Mount knowledge base as ConfigMap"
      configFiles: {
        mountPath: '/app/knowledge',
        files: { 'refund-policy.txt': 'Our refund policy allows returns within 30 days...\n' },
      },
      route: { host: 'qna-api.example.com' },
      egress: [{ internet: true, ports: [443] }], // the LLM provider's HTTPS API
    },
  ],
};
