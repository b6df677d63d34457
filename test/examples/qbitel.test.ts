/**
 * The QBITEL guide ("Production Deployment Checklist", seed 003) against the
 * example's synthesized manifests and offline plan. Expected values are the
 * guide's, quoted next to each assertion.
 */
import { examples } from '../../examples';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { inputs } from '../support/plan';
import { type Manifest, find, synth } from '../support/synth';

const spec = examples.qbitel;
let objects: Manifest[];
let planned: PlanResource[];

beforeAll(async () => {
  objects = synth(spec);
  planned = await plan(() => new ProductionStack(spec.name, spec));
});

const container = (name: string): Manifest => find(objects, 'Deployment', name).spec.template.spec.containers[0];

// 9.1 Recommended Resource Limits: "| Component | CPU Request | CPU Limit | Memory Request | Memory Limit |"
test.each([
  ['ai-engine', '2', '4', '4Gi', '8Gi'], // "| AI Engine | 2 | 4 | 4Gi | 8Gi |"
  ['api-server', '1', '2', '2Gi', '4Gi'], // "| API Server | 1 | 2 | 2Gi | 4Gi |"
  ['worker', '2', '4', '4Gi', '8Gi'], // "| Worker | 2 | 4 | 4Gi | 8Gi |"
])('%s: requests %s CPU, limit %s CPU, requests %s, limit %s', (name, cpuRequest, cpuLimit, memoryRequest, memoryLimit) => {
  expect(container(name).resources).toEqual({
    requests: { cpu: cpuRequest, memory: memoryRequest },
    limits: { cpu: cpuLimit, memory: memoryLimit },
  });
});

test.each(['ai-engine', 'api-server', 'worker'])('%s: HPA (KEDA for the worker), PDB, anti-affinity, /healthz and /readyz', (name) => {
  // "Horizontal Pod Autoscaler (HPA) configured", "Pod Disruption Budgets (PDB) set", "Anti-affinity rules applied"
  // the worker drains a queue: KEDA's ScaledObject drives its HPA ("Consumer lag monitoring enabled")
  const scaler = name === 'worker' ? find(objects, 'ScaledObject', name) : find(objects, 'HorizontalPodAutoscaler', name);
  expect(scaler.spec.scaleTargetRef.name).toBe(name);
  expect(find(objects, 'PodDisruptionBudget', name).spec).toBeDefined();
  expect(find(objects, 'Deployment', name).spec.template.spec.affinity.podAntiAffinity).toBeDefined();
  // "`GET /healthz` | Liveness probe", "`GET /readyz` | Readiness probe"
  expect(container(name).livenessProbe.httpGet.path).toBe('/healthz');
  expect(container(name).readinessProbe.httpGet.path).toBe('/readyz');
});

test('the worker scales on the lag of its JetStream consumer, through KEDA', () => {
  // guide 3.3 "Consumer lag monitoring enabled"; nats.consumers: qbitel-worker of the stream qbitel-events
  expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).not.toContain('worker');
  const so = find(objects, 'ScaledObject', 'worker');
  expect(so.spec).toMatchObject({ minReplicaCount: 3, maxReplicaCount: 10 });
  expect(so.spec.triggers).toEqual([
    {
      type: 'nats-jetstream',
      metadata: {
        natsServerMonitoringEndpoint: 'nats-headless.qbitel.svc.cluster.local:8222',
        account: '$G',
        stream: 'qbitel-events',
        consumer: 'qbitel-worker',
        lagThreshold: '100',
      },
    },
  ]);
});

test('cluster setup: namespace qbitel with quotas, network policies and pod security', () => {
  // "Namespaces created (`qbitel`, ...)", "Resource quotas applied", "Network policies configured", "Pod security policies/standards applied"
  const namespace = find(objects, 'Namespace', 'qbitel');
  expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  expect(objects.filter((o) => o.kind === 'ResourceQuota')).toHaveLength(1);
  expect(find(objects, 'NetworkPolicy', 'default-deny').spec.policyTypes).toEqual(['Ingress', 'Egress']);
});

test('Istio: sidecars injected, mTLS between services', () => {
  // "Envoy sidecars injecting properly", "mTLS enabled between services"
  expect(find(objects, 'Namespace', 'qbitel').metadata.labels['istio-injection']).toBe('enabled');
  expect(find(objects, 'PeerAuthentication', 'default').spec.mtls.mode).toBe('STRICT');
});

test.each(['ai-engine', 'api-server', 'worker'])(
  '%s: traces to the OpenTelemetry collector, sampled, through its network policy',
  (name) => {
    // 5.3 "OpenTelemetry/Jaeger configured", "Trace sampling rate set"
    const env = Object.fromEntries(
      (container(name).env as Manifest[]).filter((e) => e.name.startsWith('OTEL_')).map((e) => [e.name, e.value]),
    );
    expect(env).toEqual({
      OTEL_SERVICE_NAME: name,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability.svc:4317',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
      OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=qbitel,deployment.environment=production,service.version=2.1.0',
    });
    // "Service dependencies visible": the service's pods may reach the collector, in namespace observability, on 4317 only
    const egress = find(objects, 'NetworkPolicy', name).spec.egress as Manifest[];
    const toCollector = egress.filter((r) =>
      r.to.some((t: Manifest) => t.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'observability'),
    );
    expect(toCollector).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
        ports: [{ protocol: 'TCP', port: 4317 }],
      },
    ]);
  },
);

test('database migration: alembic upgrade head', () => {
  // "alembic upgrade head"
  const jobs = objects.filter((o) => o.kind === 'Job' && o.metadata.name.includes('-migrate-'));
  expect(jobs.map((j) => j.spec.template.spec.containers[0].command)).toEqual([['alembic', 'upgrade', 'head']]);
});

test('environment: secrets from the secrets manager, plain settings in the ConfigMap', () => {
  const env = container('api-server').env as Manifest[];
  // "DATABASE_PASSWORD=<from-secrets-manager>", "REDIS_PASSWORD=<from-secrets-manager>", "JWT_SECRET", "ENCRYPTION_KEY"
  for (const name of ['DATABASE_PASSWORD', 'REDIS_PASSWORD', 'JWT_SECRET', 'ENCRYPTION_KEY', 'DATABASE_HOST', 'REDIS_HOST']) {
    expect(env.find((e) => e.name === name)?.valueFrom?.secretKeyRef).toBeDefined();
  }
  // "QBITEL_LLM_PROVIDER=ollama", "LOG_LEVEL=INFO", "METRICS_ENABLED=true", "SIEM_TYPE=splunk", "S3_BUCKET=qbitel-marketplace"
  expect(find(objects, 'ConfigMap', 'api-server-config').data).toMatchObject({
    QBITEL_LLM_PROVIDER: 'ollama',
    LOG_LEVEL: 'INFO',
    METRICS_ENABLED: 'true',
    SIEM_TYPE: 'splunk',
    S3_BUCKET: 'qbitel-marketplace',
  });
});

test('metrics on 9090, certificates alerted 30 days ahead, PagerDuty and Slack', () => {
  // "curl http://<service-url>:9090/metrics"
  expect(container('api-server').ports).toContainEqual({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
  expect(find(objects, 'ServiceMonitor', 'api-server').spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
  // "TLS certificates valid and not expiring within 30 days"
  const rules = objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((r) => r.spec.groups.flatMap((g: Manifest) => g.rules as Manifest[]));
  expect(rules.find((r) => r.alert === 'CertificateExpiringSoon')?.expr).toContain('< 30 * 86400');
  // "PagerDuty/OpsGenie integration configured", "Slack notifications configured"
  const receivers = JSON.stringify(find(objects, 'AlertmanagerConfig', 'qbitel').spec.receivers);
  expect(receivers).toContain('pagerdutyConfigs');
  expect(receivers).toContain('slackConfigs');
});

test('backups every 6 hours', () => {
  // "Database backups: Every 6 hours"
  expect(find(objects, 'CronJob', 'qbitel-pg-backup').spec.schedule).toBe('0 */6 * * *');
});

test('plan: PostgreSQL 15+ tuned as in 9.2, encrypted, with automated backups; Redis with a password and persistence', () => {
  const db = inputs(planned, 'qbitel-postgres-db');
  expect(Number(db.engineVersion)).toBeGreaterThanOrEqual(15); // "PostgreSQL 15+ deployed"
  expect(db.dbName).toBe('qbitel_prod'); // "DATABASE_NAME=qbitel_prod"
  expect(db.storageEncrypted).toBe(true); // "Database encryption at rest enabled"
  expect(db.backupRetentionPeriod).toBeGreaterThan(0); // "Automated backups enabled", "Point-in-time recovery"
  // 9.2 in RDS units: shared_buffers and effective_cache_size in 8 kB pages, work_mem and maintenance_work_mem in kB
  const params = Object.fromEntries((inputs(planned, 'qbitel-postgres-params').parameters as Manifest[]).map((p) => [p.name, p.value]));
  expect(params).toMatchObject({
    max_connections: '200', // "max_connections: 200"
    shared_buffers: String((4 * 1024 * 1024) / 8), // "shared_buffers: 4GB"
    effective_cache_size: String((12 * 1024 * 1024) / 8), // "effective_cache_size: 12GB"
    work_mem: String(64 * 1024), // "work_mem: 64MB"
    maintenance_work_mem: String(1024 * 1024), // "maintenance_work_mem: 1GB"
  });
  // "Redis password set", "Redis persistence configured"
  const redis = inputs(planned, 'qbitel-redis-replication-group');
  expect(redis.authToken).toBe('[secret]');
  expect(redis.snapshotRetentionLimit).toBeGreaterThan(0);
});
