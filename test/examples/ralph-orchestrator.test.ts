/**
 * The Ralph Orchestrator guide ("Production Deployment Guide", seed 002)
 * against the example's synthesized manifests and its offline plans on AWS
 * (the guide's eksctl/aws commands) and GCP (its gcloud commands). Expected
 * values are the guide's, quoted next to each assertion.
 */
import { examples } from '../../examples';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { inputs } from '../support/plan';
import { type Manifest, find, synth } from '../support/synth';

const aws = examples['ralph-orchestrator'];
const gcp = examples['ralph-orchestrator-gcp'];
let objects: Manifest[];
let awsPlan: PlanResource[];
let gcpPlan: PlanResource[];

beforeAll(async () => {
  objects = synth(aws);
  [awsPlan, gcpPlan] = await Promise.all([plan(() => new ProductionStack(aws.name, aws)), plan(() => new ProductionStack(gcp.name, gcp))]);
});

const deployment = (): Manifest => find(objects, 'Deployment', 'ralph-orchestrator');
const container = (): Manifest => deployment().spec.template.spec.containers[0];
const rules = (): Manifest[] =>
  objects.filter((o) => o.kind === 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: Manifest) => g.rules as Manifest[]));

test('Deployment: namespace production, rolling update 1/0, required anti-affinity on the hostname', () => {
  const d = deployment();
  expect(d.metadata.namespace).toBe('production'); // "namespace: production"
  expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }); // "maxSurge: 1", "maxUnavailable: 0"
  // "podAntiAffinity: requiredDuringSchedulingIgnoredDuringExecution: ... topologyKey: kubernetes.io/hostname"
  const required = d.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  expect(required.map((t: Manifest) => t.topologyKey)).toEqual(['kubernetes.io/hostname']);
  expect(container().image).toBe('ghcr.io/mikeyobrien/ralph-orchestrator:v1.0.0'); // "image: ghcr.io/mikeyobrien/ralph-orchestrator:v1.0.0"
});

test('container: port 8080, resources, probes, secrets at /app/secrets with mode 0400', () => {
  expect(container().ports.map((p: Manifest) => p.containerPort)).toEqual([8080]); // "containerPort: 8080"
  // "requests: memory: "4Gi", cpu: "2"; limits: memory: "8Gi", cpu: "4""
  expect(container().resources).toEqual({ requests: { memory: '4Gi', cpu: '2' }, limits: { memory: '8Gi', cpu: '4' } });
  // "livenessProbe: httpGet: path: /health, port: 8080, initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3"
  expect(container().livenessProbe).toMatchObject({
    httpGet: { path: '/health', port: 8080 },
    initialDelaySeconds: 30,
    periodSeconds: 30,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  // "readinessProbe: httpGet: path: /ready, port: 8080, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3"
  expect(container().readinessProbe).toMatchObject({
    httpGet: { path: '/ready', port: 8080 },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  // "mountPath: /app/secrets, readOnly: true", "secretName: ralph-secrets, defaultMode: 0400"
  expect(container().volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/app/secrets', readOnly: true }));
  const volumes = deployment().spec.template.spec.volumes as Manifest[];
  expect(volumes.find((v) => v.secret?.secretName === 'ralph-secrets')?.secret.defaultMode).toBe(0o400);
});

test.each([
  ['AWS', () => objects],
  ['GCP', () => synth(gcp)],
])('%s: the configuration ralph-config as environment and as files mounted read-only at /app/config', (_, manifests) => {
  const all = manifests();
  const pod = find(all, 'Deployment', 'ralph-orchestrator').spec.template.spec;
  const ralph = pod.containers[0];
  // "volumeMounts: - name: config, mountPath: /app/config, readOnly: true"
  const mount = (ralph.volumeMounts as Manifest[]).find((m) => m.mountPath === '/app/config');
  expect(mount).toMatchObject({ readOnly: true });
  // "volumes: - name: config, configMap: name: ralph-config"
  const volume = (pod.volumes as Manifest[]).find((v) => v.name === mount?.name);
  const files = find(all, 'ConfigMap', volume?.configMap.name).data;
  // "envFrom: - configMapRef: name: ralph-config": the same ConfigMap in the guide, so the same keys and values
  expect(ralph.envFrom).toContainEqual({ configMapRef: { name: 'ralph-orchestrator-config' } });
  expect(files).toEqual(find(all, 'ConfigMap', 'ralph-orchestrator-config').data);
  expect(files).toMatchObject({ RALPH_AGENT: 'auto', LOG_LEVEL: 'INFO', CORS_ORIGINS: 'https://app.example.com' });
});

test('HPA: "Auto-scaling configured (2-10 instances)", at least the Deployment\'s replicas: 3', () => {
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'ralph-orchestrator').spec;
  expect(hpa.maxReplicas).toBe(10); // "(2-10 instances)"
  expect(hpa.minReplicas).toBeGreaterThanOrEqual(2); // "(2-10 instances)"; "replicas: 3"
});

test('environment from the guide, secrets from the secret manager', () => {
  // ".env.production"
  expect(find(objects, 'ConfigMap', 'ralph-orchestrator-config').data).toMatchObject({
    RALPH_AGENT: 'auto',
    RALPH_MAX_ITERATIONS: '1000',
    RALPH_MAX_RUNTIME: '28800', // "RALPH_MAX_RUNTIME=28800  # 8 hours"
    RALPH_MAX_TOKENS: '5000000',
    RALPH_MAX_COST: '500.0',
    DATABASE_POOL_SIZE: '20',
    DATABASE_MAX_OVERFLOW: '40',
    REDIS_POOL_SIZE: '50',
    REDIS_TTL: '3600',
    METRICS_PORT: '8080',
    LOG_LEVEL: 'INFO',
    API_RATE_LIMIT: '100/minute',
    ALLOWED_HOSTS: 'ralph.example.com',
    CORS_ORIGINS: 'https://app.example.com',
  });
  // "SECRET_KEY", "ENCRYPTION_KEY", "SENTRY_DSN", "# AI Service Keys (from secrets manager)"
  const env = container().env as Manifest[];
  for (const name of ['SECRET_KEY', 'ENCRYPTION_KEY', 'SENTRY_DSN', 'DATABASE_URL', 'REDIS_URL']) {
    expect(env.find((e) => e.name === name)?.valueFrom?.secretKeyRef).toBeDefined();
  }
});

test('the edge: ralph.example.com with TLS from letsencrypt-prod, rate limit 100, SSL redirect, CORS for the app', () => {
  // "kubernetes.io/ingress.class: nginx": ingress-nginx is retired; the stack's Gateway on Envoy Gateway serves the host
  const gateway = find(objects, 'Gateway', 'ralph');
  expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod'); // "cert-manager.io/cluster-issuer: letsencrypt-prod"
  expect(gateway.spec.listeners.filter((l: Manifest) => l.protocol === 'HTTPS').map((l: Manifest) => l.hostname)).toEqual([
    'ralph.example.com',
  ]); // "tls: - hosts: - ralph.example.com"
  // "nginx.ingress.kubernetes.io/rate-limit: "100""
  expect(find(objects, 'BackendTrafficPolicy', 'ralph-orchestrator').spec.rateLimit.local.rules[0].limit).toEqual({
    requests: 100,
    unit: 'Second',
  });
  // "ssl-redirect: "true"", "force-ssl-redirect: "true""
  expect(find(objects, 'HTTPRoute', 'ralph-https-redirect').spec.rules[0].filters[0]).toEqual({
    type: 'RequestRedirect',
    requestRedirect: { scheme: 'https', statusCode: 301 },
  });
  // "CORS_ORIGINS=https://app.example.com", also enforced at the edge
  const cors = find(objects, 'HTTPRoute', 'ralph-orchestrator')
    .spec.rules.flatMap((r: Manifest) => r.filters)
    .find((f: Manifest) => f.type === 'CORS');
  expect(cors.cors.allowOrigins).toEqual(['https://app.example.com']);
});

test('network policy: in from the gateway on 8080, out on 443, 5432 and 6379', () => {
  const policy = find(objects, 'NetworkPolicy', 'ralph-orchestrator').spec;
  expect(policy.policyTypes).toEqual(['Ingress', 'Egress']); // "policyTypes: - Ingress - Egress"
  // "namespaceSelector: matchLabels: name: ingress-nginx ... port: 8080": now the gateway's Envoy pods
  const fromGateway = policy.ingress.find((r: Manifest) => JSON.stringify(r.from).includes('envoy-gateway-system'));
  expect(fromGateway.ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  // "port: 443", "port: 5432  # PostgreSQL", "port: 6379  # Redis"
  const egressPorts = policy.egress.flatMap((r: Manifest) => r.ports.map((p: Manifest) => p.port));
  expect(egressPorts).toEqual(expect.arrayContaining([443, 5432, 6379]));
});

test("monitoring: 15 s scrapes, the guide's alert rules, PagerDuty, SLA targets", () => {
  expect(find(objects, 'ServiceMonitor', 'ralph-orchestrator').spec.endpoints[0].interval).toBe('15s'); // "scrape_interval: 15s"
  const alert = (name: string): Manifest | undefined => rules().find((r) => r.alert === name);
  // "alert: HighErrorRate, expr: rate(ralph_errors_total[5m]) > 0.1, for: 5m, severity: critical"
  expect(alert('HighErrorRate')).toMatchObject({ for: '5m', labels: { severity: 'critical' } });
  expect(alert('HighErrorRate')?.expr).toMatch(/^rate\(ralph_errors_total\{.*\}\[5m\]\) > 0\.1$/);
  // "alert: LongRunningTask, expr: ralph_task_duration_seconds > 14400, for: 1m, severity: warning"
  expect(alert('LongRunningTask')).toMatchObject({ for: '1m', labels: { severity: 'warning' } });
  expect(alert('LongRunningTask')?.expr).toMatch(/^ralph_task_duration_seconds\{.*\} > 14400$/);
  // "alert: HighMemoryUsage ... > 0.9, for: 5m, severity: warning"
  expect(alert('HighMemoryUsage')).toMatchObject({ for: '5m', labels: { severity: 'warning' } });
  expect(alert('HighMemoryUsage')?.expr).toContain('> 0.9');
  // "Alert received via PagerDuty"
  expect(JSON.stringify(find(objects, 'AlertmanagerConfig', 'ralph').spec.receivers)).toContain('pagerdutyConfigs');
  // "Uptime: 99.9%", "Response Time: < 500ms p95"
  const objectives = rules()
    .filter((r) => r.record === 'slo:objective:ratio')
    .map((r) => r.expr);
  expect(objectives).toEqual(expect.arrayContaining(['vector(0.999)', 'vector(0.95)']));
  const latency = rules().filter((r) => r.labels?.slo === 'latency' && r.record === 'slo:sli_error:ratio_rate1h');
  expect(latency.map((r) => r.expr.includes('http_request_duration_seconds_bucket') && r.expr.includes('le=~"0[.]5"'))).toEqual([true]);
});

test('backups: pg_dump often enough for the 1-hour RPO', () => {
  // "pg_dump $DATABASE_URL | gzip"; "RPO (Recovery Point Objective): 1 hour"
  const cron = find(objects, 'CronJob', 'ralph-pg-backup').spec;
  const [minute, hour] = cron.schedule.split(' ');
  expect(minute).toMatch(/^\d+$/);
  expect(hour).toBe('*'); // at least hourly
});

test('plan on AWS: the eksctl, RDS and ElastiCache commands', () => {
  // "--node-type m5.xlarge --nodes 3 --nodes-min 2 --nodes-max 10 --managed"
  const nodes = inputs(awsPlan, 'ralph-cluster-nodes');
  expect(nodes.instanceTypes).toEqual(['m5.xlarge']);
  // the guide's 3, 2 and 10 nodes cannot hold the stack: 4, 3 and 11 (node capacity; the arithmetic is in the spec)
  expect(nodes.scalingConfig).toEqual({ desiredSize: 4, minSize: 3, maxSize: 11 });
  expect(inputs(awsPlan, 'ralph-cluster-eks').region).toBe('us-west-2'); // "--region us-west-2"
  // "--db-instance-class db.t3.large --engine postgres --engine-version 15.4 --master-username ralph
  //  --allocated-storage 100 --backup-retention-period 30 --multi-az" (the major: RDS applies minors itself)
  expect(inputs(awsPlan, 'ralph-postgres-db')).toMatchObject({
    instanceClass: 'db.t3.large',
    engine: 'postgres',
    engineVersion: '15',
    username: 'ralph',
    allocatedStorage: 100,
    backupRetentionPeriod: 30,
    multiAz: true,
    dbName: 'ralph_production', // "CREATE DATABASE ralph_production;"
  });
  // "--engine redis --cache-node-type cache.r6g.large --num-cache-nodes 3"
  expect(inputs(awsPlan, 'ralph-redis-replication-group')).toMatchObject({
    engine: 'redis',
    nodeType: 'cache.r6g.large',
    numCacheClusters: 3,
  });
});

test('plan on GCP: the gcloud commands', () => {
  // "--machine-type n2-standard-4 --enable-autoscaling --min-nodes 2 --max-nodes 10 --enable-autorepair --enable-autoupgrade"
  const pool = inputs(gcpPlan, 'ralph-cluster-nodes');
  expect(pool.nodeConfig.machineType).toBe('n2-standard-4');
  // the guide's 2 to 10 nodes cannot hold the stack: 4 to 11 (node capacity; the arithmetic is in the spec)
  expect(pool.autoscaling).toMatchObject({ totalMinNodeCount: 4, totalMaxNodeCount: 11 });
  expect(pool.management).toEqual({ autoRepair: true, autoUpgrade: true });
  // "--database-version=POSTGRES_15 --cpu=4 --memory=16GB --region=us-central1 --availability-type=REGIONAL --backup --backup-start-time=03:00"
  const sql = inputs(gcpPlan, 'ralph-postgres-instance');
  expect(sql).toMatchObject({ databaseVersion: 'POSTGRES_15', region: 'us-central1' });
  expect(sql.settings).toMatchObject({
    tier: 'db-custom-4-16384',
    availabilityType: 'REGIONAL',
    backupConfiguration: { enabled: true, startTime: '03:00' },
  });
  // "--size=5 --region=us-central1 --tier=STANDARD_HA"
  expect(inputs(gcpPlan, 'ralph-redis-instance')).toMatchObject({ memorySizeGb: 5, region: 'us-central1', tier: 'STANDARD_HA' });
});

test('plan on AWS: failover.sh made declarative (health check, Route 53 zone, replica to promote, notification)', () => {
  // "curl -f https://ralph.example.com/health": Route 53 requests /health of each region, on the region's own host,
  // which its gateway routes to ralph-orchestrator (over TLS it would present that host, which no certificate covers)
  const checks = awsPlan.filter((r) => r.type === 'aws:route53/healthCheck:HealthCheck').map((r) => r.inputs);
  expect(checks.map((c) => [c.type, c.fqdn, c.port, c.resourcePath]).sort()).toEqual([
    ['HTTP', 'us-east-1.ralph.example.com', 80, '/health'],
    ['HTTP', 'us-west-2.ralph.example.com', 80, '/health'],
  ]);
  // "aws route53 change-resource-record-sets --hosted-zone-id Z123456": the record dr.activeRegion moves
  expect(inputs(awsPlan, 'ralph-standby-record-primary')).toMatchObject({
    zoneId: 'Z123456',
    name: 'ralph.example.com',
    // the primary region's gateway: its Network Load Balancer, read from the Envoy Service (a mock hostname here)
    records: [expect.stringMatching(/\.elb\.amazonaws\.com$/)],
    failoverRoutingPolicies: [{ type: 'PRIMARY' }],
  });
  // "aws rds promote-read-replica --db-instance-identifier ralph-standby-db": the replica exists to be promoted
  expect(inputs(awsPlan, 'ralph-standby-postgres-db')).toMatchObject({ identifier: 'ralph-standby-postgres', region: 'us-east-1' });
  expect(inputs(awsPlan, 'ralph-standby-postgres-db').replicateSourceDb).toMatch(/:db:ralph-postgres$/);
  // "aws sns publish ... Failover initiated to standby region": RDS publishes the promotion to the stack's topic
  expect(inputs(awsPlan, 'ralph-standby-events')).toMatchObject({ name: 'ralph-dr-events', region: 'us-east-1' });
});
