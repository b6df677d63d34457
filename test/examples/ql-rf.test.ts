/**
 * The QL-RF guide ("Production Deployment Notes", seed 000) against the
 * example's synthesized manifests and offline plan. Expected values are the
 * guide's, quoted next to each assertion.
 */
import { examples } from '../../examples';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { inputs } from '../support/plan';
import { type Manifest, find, synth } from '../support/synth';

const spec = examples['ql-rf'];
const SERVICES = ['ql-rf-api', 'ql-rf-orchestrator'];
let objects: Manifest[];
let planned: PlanResource[];

beforeAll(async () => {
  objects = synth(spec);
  planned = await plan(() => new ProductionStack(spec.name, spec));
});

const container = (name: string): Manifest => find(objects, 'Deployment', name).spec.template.spec.containers[0];
const alertNames = (): string[] =>
  objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((r) => r.spec.groups.flatMap((g: Manifest) => g.rules.map((x: Manifest) => x.alert)));

test.each(SERVICES)('%s: required environment variables and the connection pool', (name) => {
  expect(find(objects, 'ConfigMap', `${name}-config`).data).toMatchObject({
    RF_ENV: 'production', // "`RF_ENV` | Must be `production`"
    RF_NOTIFICATION_APP_BASE_URL: 'https://control-tower.quantumlayer.dev', // "Example | `https://control-tower.quantumlayer.dev`"
    RF_LLM_PROVIDER: 'azure_anthropic', // "# Azure Anthropic (Recommended) RF_LLM_PROVIDER=azure_anthropic"
    RF_LLM_MODEL: 'claude-sonnet-4-5', // "RF_LLM_MODEL=claude-sonnet-4-5"
    RF_ORCHESTRATOR_DEV_MODE: 'false', // "DevMode (`RF_ORCHESTRATOR_DEV_MODE=true`) ... never enable in production"
    RF_DATABASE_MAX_OPEN_CONNS: '25', // "RF_DATABASE_MAX_OPEN_CONNS=25"
    RF_DATABASE_MAX_IDLE_CONNS: '5', // "RF_DATABASE_MAX_IDLE_CONNS=5"
    RF_DATABASE_CONN_MAX_LIFETIME: '5m', // "RF_DATABASE_CONN_MAX_LIFETIME=5m"
  });
  // "RF_CLERK_SECRET_KEY", "RF_CLERK_PUBLISHABLE_KEY", "RF_LLM_API_KEY", "RF_DATABASE_URL", "RF_REDIS_URL": from secrets, never literal
  const env = container(name).env as Manifest[];
  for (const v of ['RF_CLERK_SECRET_KEY', 'RF_CLERK_PUBLISHABLE_KEY', 'RF_LLM_API_KEY', 'RF_DATABASE_URL', 'RF_REDIS_URL']) {
    expect(env.find((e) => e.name === v)).toEqual({ name: v, valueFrom: { secretKeyRef: expect.any(Object) } });
  }
});

test.each(SERVICES)('%s: HPA with CPU 70%%, memory 80%%, 5-minute scale-down stabilization', (name) => {
  const hpa = find(objects, 'HorizontalPodAutoscaler', name).spec;
  // "CPU target: 70%", "Memory target: 80%"
  expect(hpa.metrics.map((m: Manifest) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
    ['cpu', 70],
    ['memory', 80],
  ]);
  expect(hpa.behavior.scaleDown.stabilizationWindowSeconds).toBe(5 * 60); // "Scale-down stabilization: 5 minutes"
});

test.each(SERVICES)('%s: /healthz and /readyz probes, /metrics scraped', (name) => {
  // "Health check endpoints (`/healthz`, `/readyz`) are monitored"
  expect(container(name).livenessProbe.httpGet.path).toBe('/healthz');
  expect(container(name).readinessProbe.httpGet.path).toBe('/readyz');
  // "Prometheus metrics endpoint (`/metrics`) is being scraped"
  expect(find(objects, 'ServiceMonitor', name).spec.endpoints[0].path).toBe('/metrics');
});

test('the API route: 100 requests/s per client IP answered 429 beyond, a 30 s timeout, TLS for api.quantumlayer.dev', () => {
  const policy = find(objects, 'BackendTrafficPolicy', 'ql-rf-api').spec;
  // "100 requests/second per IP" ("with burst of 200": the API's own middleware; Envoy's local limit holds one second)
  expect(policy.rateLimit.local.rules).toEqual([
    { clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }], limit: { requests: 100, unit: 'Second' } },
  ]);
  expect(policy.timeout).toEqual({ http: { requestTimeout: '30s' } }); // "API: Read 30s, Write 30s"
  // "curl https://api.quantumlayer.dev/readyz"
  expect(find(objects, 'HTTPRoute', 'ql-rf-api').spec.hostnames).toEqual(['api.quantumlayer.dev']);
  const listener = find(objects, 'Gateway', 'ql-rf').spec.listeners.find((l: Manifest) => l.hostname === 'api.quantumlayer.dev');
  expect(listener.protocol).toBe('HTTPS');
});

test('rollback: deployment/ql-rf-api in namespace ql-rf keeps its previous revisions', () => {
  // "kubectl scale deployment/ql-rf-api", "kubectl get pods -n ql-rf"
  const deployment = find(objects, 'Deployment', 'ql-rf-api');
  expect(deployment.metadata.namespace).toBe('ql-rf');
  expect(deployment.spec.revisionHistoryLimit).toBeGreaterThan(0);
});

test('alert rules for 5xx errors, LLM API failures, pool exhaustion and rate limit triggers', () => {
  // "High error rates (5xx responses)", "LLM API failures", "Database connection pool exhaustion", "Rate limit triggers"
  expect(alertNames()).toEqual(
    expect.arrayContaining(['RequestErrorRateHigh', 'LlmApiFailures', 'PostgresConnectionsNearMax', 'RateLimitTriggered']),
  );
});

test('plan: PostgreSQL database qlrf on 5432 with SSL required, Redis on 6379 with a password', () => {
  // "postgres://user:pass@host:5432/qlrf?sslmode=require"
  const db = inputs(planned, 'ql-rf-postgres-db');
  expect(db).toMatchObject({ engine: 'postgres', dbName: 'qlrf', port: 5432 });
  const params = inputs(planned, 'ql-rf-postgres-params').parameters as Manifest[];
  expect(params).toContainEqual(expect.objectContaining({ name: 'rds.force_ssl', value: '1' }));
  // "redis://:password@host:6379/0"
  const redis = inputs(planned, 'ql-rf-redis-replication-group');
  expect(redis).toMatchObject({ engine: 'redis', port: 6379, authToken: '[secret]' });
});
