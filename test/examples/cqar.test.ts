/**
 * The CQAR guide ("Deployment Guide", seed 004) against the example's
 * synthesized manifests and offline plan. Expected values are the guide's,
 * quoted next to each assertion.
 */
import { examples } from '../../examples';
import { type PlanResource, plan } from '../../lib/plan';
import { ProductionStack } from '../../lib/pulumi';
import { inputs } from '../support/plan';
import { type Manifest, find, synth } from '../support/synth';
import { parseNatsConf } from '../support/nats-conf';
import { subjectsOverlap } from '../../lib/core/validation/nats-producers';

const spec = examples.cqar;
let objects: Manifest[];
let planned: PlanResource[];

beforeAll(async () => {
  objects = synth(spec);
  planned = await plan(() => new ProductionStack(spec.name, spec));
});

const deployment = (): Manifest => find(objects, 'Deployment', 'cqar');
const container = (): Manifest => deployment().spec.template.spec.containers[0];

test('Deployment: ports, resources, probes, rollout and anti-affinity', () => {
  const d = deployment();
  expect(d.metadata.namespace).toBe('cqar'); // "namespace: cqar"
  expect(d.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 }); // "maxUnavailable: 0", "maxSurge: 1"
  expect(d.spec.template.spec.serviceAccountName).toBe('cqar'); // "serviceAccountName: cqar"
  expect(container().image).toBe('cqar:0.1.0'); // "image: cqar:0.1.0"
  // "name: grpc containerPort: 9090", "name: http containerPort: 8080", "name: metrics containerPort: 9091"
  expect(container().ports.map((p: Manifest) => [p.name, p.containerPort])).toEqual([
    ['grpc', 9090],
    ['http', 8080],
    ['metrics', 9091],
  ]);
  // "requests: cpu: 500m, memory: 512Mi; limits: cpu: 2000m, memory: 2Gi"
  expect(container().resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2000m', memory: '2Gi' } });
  // "livenessProbe: httpGet: path: /health/live, port: 8080, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3"
  expect(container().livenessProbe).toMatchObject({
    httpGet: { path: '/health/live', port: 8080 },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  // "readinessProbe: httpGet: path: /health/ready, port: 8080, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2"
  expect(container().readinessProbe).toMatchObject({
    httpGet: { path: '/health/ready', port: 8080 },
    initialDelaySeconds: 5,
    periodSeconds: 5,
    timeoutSeconds: 3,
    failureThreshold: 2,
  });
  // "preferredDuringSchedulingIgnoredDuringExecution: - weight: 100 ... topologyKey: kubernetes.io/hostname"
  const preferred = d.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  expect(preferred.map((t: Manifest) => [t.weight, t.podAffinityTerm.topologyKey])).toEqual([[100, 'kubernetes.io/hostname']]);
});

test("HPA: 3 to 10, CPU 70 %, memory 80 %, the guide's behaviour", () => {
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'cqar').spec;
  expect(hpa).toMatchObject({ minReplicas: 3, maxReplicas: 10 }); // "minReplicas: 3", "maxReplicas: 10"
  // "name: cpu ... averageUtilization: 70", "name: memory ... averageUtilization: 80"
  expect(hpa.metrics.map((m: Manifest) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
    ['cpu', 70],
    ['memory', 80],
  ]);
  // "scaleDown: stabilizationWindowSeconds: 300, policies: - type: Percent, value: 50, periodSeconds: 60"
  expect(hpa.behavior.scaleDown).toMatchObject({
    stabilizationWindowSeconds: 300,
    policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
  });
  // "scaleUp: stabilizationWindowSeconds: 0, policies: - type: Percent, value: 100, periodSeconds: 30"
  expect(hpa.behavior.scaleUp).toMatchObject({
    stabilizationWindowSeconds: 0,
    policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }],
  });
});

test("environment: the guide's core configuration, secrets from the secret manager", () => {
  expect(find(objects, 'ConfigMap', 'cqar-config').data).toMatchObject({
    SERVICE_ENV: 'production', // "SERVICE_ENV=production"
    SERVER_GRPC_PORT: '9090', // "SERVER_GRPC_PORT=9090"
    SERVER_SHUTDOWN_TIMEOUT: '30s', // "SERVER_SHUTDOWN_TIMEOUT=30s"
    DATABASE_SSL_MODE: 'require', // "DATABASE_SSL_MODE=require"
    DATABASE_MAX_CONNS: '25', // "DATABASE_MAX_CONNS=25"
    CACHE_POOL_SIZE: '10', // "CACHE_POOL_SIZE=10"
    EVENTBUS_STREAM_NAME: 'cqc_events', // "EVENTBUS_STREAM_NAME=cqc_events"
    EVENTBUS_CONSUMER_NAME: 'cqar', // "EVENTBUS_CONSUMER_NAME=cqar"
    LOG_FORMAT: 'json', // "LOG_FORMAT=json"
    METRICS_PORT: '9091', // "METRICS_PORT=9091"
    TRACING_SAMPLE_RATE: '0.1', // "TRACING_SAMPLE_RATE=0.1  # 10% sampling in production"
  });
  // "DATABASE_PASSWORD=${CQAR_DB_PASSWORD}  # From secret", "CACHE_PASSWORD=${CQAR_REDIS_PASSWORD}  # From secret", "AUTH_API_KEYS=${CQAR_API_KEYS}"
  const env = container().env as Manifest[];
  for (const name of ['DATABASE_PASSWORD', 'CACHE_PASSWORD', 'AUTH_API_KEYS', 'DATABASE_URL']) {
    expect(env.find((e) => e.name === name)?.valueFrom?.secretKeyRef).toBeDefined();
  }
});

test('gRPC Service, and a gRPC-aware load balancer for cqar.example.com that serves no plain HTTP', () => {
  // "name: grpc port: 9090"; the guide's GKE Ingress ("ingress.class: gce", a NEG) becomes the stack's Gateway on
  // Envoy Gateway ("gRPC-aware (Envoy, ...)"), behind GKE's passthrough load balancer
  const service = find(objects, 'Service', 'cqar');
  expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'grpc', port: 9090, appProtocol: 'kubernetes.io/h2c' }));
  // "host: cqar.example.com ... service: name: cqar-grpc, port: number: 9090"
  // on GKE an HTTPRoute of every path (GKE's managed Gateway API has no GRPCRoute), to the h2c port
  const route = find(objects, 'HTTPRoute', 'cqar');
  expect(route.spec.rules[0].matches).toBeUndefined();
  expect(route.spec.hostnames).toEqual(['cqar.example.com']);
  expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'cqar', port: 9090, weight: 1 }]);
  // "kubernetes.io/ingress.allow-http: "false"": plain HTTP only redirects to HTTPS (and carries ACME challenges)
  expect(find(objects, 'HTTPRoute', 'cqar-https-redirect').spec.rules).toEqual([
    { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
  ]);
  // "Connection draining: 30s"
  expect(find(objects, 'EnvoyProxy', 'cqar').spec.shutdown).toEqual({ drainTimeout: '30s', minDrainDuration: '30s' });
});

test('network policy: gRPC from cqmd and cqpm, metrics from monitoring, egress to 5432, NATS 4222 and 4317', () => {
  const policy = find(objects, 'NetworkPolicy', 'cqar').spec;
  const from = (ns: string): number[] =>
    policy.ingress
      .filter((r: Manifest) => r.from.some((f: Manifest) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === ns))
      .flatMap((r: Manifest) => r.ports.map((p: Manifest) => p.port));
  expect(from('cqmd')).toEqual([9090]); // "name: cqmd  # Allow cqmd service ... port: 9090"
  expect(from('cqpm')).toEqual([9090]); // "name: cqpm  # Allow cqpm service ... port: 9090"
  expect(from('monitoring')).toEqual([9091]); // "Restrict metrics port (9091) to monitoring namespace"
  // "PostgreSQL: Port 5432", "NATS: Port 4222", "OpenTelemetry Collector: Port 4317"
  const egress = policy.egress.flatMap((r: Manifest) => r.ports.map((p: Manifest) => p.port));
  expect(egress).toEqual(expect.arrayContaining([5432, 4222, 4317]));
});

test('RBAC: get and list on configmaps and secrets for ServiceAccount cqar', () => {
  // "resources: ["configmaps", "secrets"], verbs: ["get", "list"]": the secrets by name, its own (a Role reading
  // every Secret of the namespace would read the datastore credentials and the NATS users' passwords too)
  const role = objects.find((o) => o.kind === 'Role');
  expect(role?.rules).toContainEqual({ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] });
  expect(role?.rules).toContainEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'], resourceNames: ['cqar-secrets'] });
  const binding = objects.find((o) => o.kind === 'RoleBinding');
  expect(binding?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'cqar', namespace: 'cqar' }]); // "name: cqar, namespace: cqar"
});

test('migration Job: migrate -path /app/migrations ... up', () => {
  // 'migrate -path /app/migrations -database "$DATABASE_URL" up'
  const jobs = objects.filter((o) => o.kind === 'Job' && o.metadata.name.includes('-migrate-'));
  expect(jobs.map((j) => j.spec.template.spec.containers[0].command)).toEqual([
    ['migrate', '-path', '/app/migrations', '-database', '$(DATABASE_URL)', 'up'],
  ]);
});

test('NATS JetStream: 3 nodes, 2Gi, 50Gi, stream kept 7 days or 10GB, ack within 30 s', () => {
  const nats = find(objects, 'StatefulSet', 'nats').spec;
  expect(nats.replicas).toBe(3); // "Clustering: 3+ nodes for quorum-based replication"
  expect(nats.template.spec.containers[0].resources.requests.memory).toBe('2Gi'); // "Memory: 2Gi minimum"
  expect(nats.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('50Gi'); // "Storage: 50Gi for stream retention"
  expect(nats.template.spec.containers[0].image).toMatch(/^nats:2\.1\d/); // "NATS JetStream 2.10+"
  const stream = objects.find((o) => o.kind === 'Stream')?.spec;
  expect(stream).toMatchObject({ name: 'cqc_events', maxAge: '168h', maxBytes: 10 * 1024 ** 3 }); // "Stream retention: 7 days or 10GB"
  const consumer = objects.find((o) => o.kind === 'Consumer')?.spec;
  // "EVENTBUS_CONSUMER_NAME=cqar", "EVENTBUS_MAX_DELIVER=3", "Consumer acknowledgment: 30s timeout", "EVENTBUS_MAX_ACK_PENDING=1000"
  expect(consumer).toMatchObject({ durableName: 'cqar', streamName: 'cqc_events', maxDeliver: 3, ackWait: '30s', maxAckPending: 1000 });
});

test('NATS: every consumed stream has a producer, the CQC event bus, allowed to publish its subjects only', () => {
  // "EVENTBUS_STREAM_NAME=cqc_events", "EVENTBUS_CONSUMER_NAME=cqar": the guide names no producer; the example's
  // outside publisher `cqc-event-bus` (an assumption, see the README) is the one NATS user that may write to it
  const users = parseNatsConf(find(objects, 'ConfigMap', 'nats-config').data['nats.conf']).authorization.users as Manifest[];
  const streams = new Map(objects.filter((o) => o.kind === 'Stream').map((o) => [o.spec.name, o.spec.subjects as string[]]));
  for (const consumer of objects.filter((o) => o.kind === 'Consumer')) {
    const subjects = streams.get(consumer.spec.streamName)!;
    const producers = users
      .filter((u) => (u.permissions.publish.allow as string[]).some((x) => subjects.some((s) => subjectsOverlap(x, s))))
      .map((u) => u.user);
    expect([consumer.spec.durableName, producers]).toEqual(['cqar', ['cqc-event-bus']]);
  }
  expect(users.find((u) => u.user === 'cqc-event-bus')!.permissions).toEqual({
    publish: { allow: ['cqc.events.>'] },
    subscribe: { allow: ['_INBOX_cqc-event-bus.>'] },
  });
  // cqar itself hears its replies (the messages it pulls from `cqar` among them) on its own inbox, whose prefix its
  // Deployment gives it beside EVENTBUS_SERVERS; no other user may subscribe there
  expect(users.find((u) => u.user === 'cqar')!.permissions.subscribe).toEqual({ allow: ['_INBOX_cqar.>'] });
  expect(deployment().spec.template.spec.containers[0].env).toContainEqual({ name: 'NATS_INBOX_PREFIX', value: '_INBOX_cqar' });
  // admitted to the client port from its namespace; its password from the secret manager
  const ingress = find(objects, 'NetworkPolicy', 'nats').spec.ingress as Manifest[];
  expect(ingress).toContainEqual({
    from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cqc' } } }],
    ports: [{ protocol: 'TCP', port: 4222 }],
  });
  const es = find(objects, 'ExternalSecret', 'cqar-nats').spec;
  expect(es.data).toContainEqual({ secretKey: 'cqc-event-bus', remoteRef: { key: 'cqar-production-nats', property: 'cqc-event-bus' } });
  // its own credential, in Secret Manager, for the publishing team
  expect(inputs(planned, 'cqar-nats-publisher-cqc-event-bus-secret').secretId).toBe('cqar-production-nats-publisher-cqc-event-bus');
  expect(inputs(planned, 'cqar-nats-publisher-cqc-event-bus-secret-version').secretData).toBe('[secret]');
});

test('backups: the CronJob at 0 2 * * *', () => {
  expect(find(objects, 'CronJob', 'cqar-pg-backup').spec.schedule).toBe('0 2 * * *'); // 'schedule: "0 2 * * *"  # Daily at 2 AM'
});

test('plan: Cloud SQL PostgreSQL 14+ with 4 cores, 8Gi+, 100Gi SSD, HA, 30 daily backups, WAL archiving and the tuning', () => {
  const sql = inputs(planned, 'cqar-postgres-instance');
  expect(Number(sql.databaseVersion.replace('POSTGRES_', ''))).toBeGreaterThanOrEqual(14); // "PostgreSQL 14+"
  const [, cpus, memoryMb] = /^db-custom-(\d+)-(\d+)$/.exec(sql.settings.tier) ?? [];
  expect(Number(cpus)).toBeGreaterThanOrEqual(4); // "CPU: 4 cores minimum"
  expect(Number(memoryMb)).toBeGreaterThanOrEqual(8 * 1024); // "Memory: 8Gi minimum"
  expect(sql.settings).toMatchObject({
    diskSize: 100, // "Storage: 100Gi+ SSD"
    diskType: 'PD_SSD',
    availabilityType: 'REGIONAL', // "Multi-AZ deployment for high availability"
    // "Backup: Daily automated backups with 30-day retention", "Type: Full backup + WAL archiving"
    backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 30 } },
  });
  const flags = Object.fromEntries((sql.settings.databaseFlags as Manifest[]).map((f) => [f.name, f.value]));
  // postgresql.conf, in Cloud SQL's units (8 kB pages, seconds, MB)
  expect(flags).toMatchObject({
    shared_buffers: String((2 * 1024 * 1024) / 8), // "shared_buffers = 2GB"
    effective_cache_size: String((6 * 1024 * 1024) / 8), // "effective_cache_size = 6GB"
    work_mem: String(16 * 1024), // "work_mem = 16MB"
    wal_buffers: String((16 * 1024) / 8), // "wal_buffers = 16MB"
    checkpoint_timeout: String(15 * 60), // "checkpoint_timeout = 15min"
    max_wal_size: String(2 * 1024), // "max_wal_size = 2GB"
    random_page_cost: '1.1', // "random_page_cost = 1.1  # SSD"
    effective_io_concurrency: '200', // "effective_io_concurrency = 200"
    log_min_duration_statement: '1000', // "log_min_duration_statement = 1000  # Log queries >1s"
  });
  expect(inputs(planned, 'cqar-postgres-database').name).toBe('cqar_prod'); // "CREATE DATABASE cqar_prod;"
  expect(inputs(planned, 'cqar-postgres-user').name).toBe('cqar_prod_user'); // "CREATE USER cqar_prod_user"
  // "Redis 7+", "Memory: 4Gi minimum", "Persistence: RDB snapshots", "Sentinel for HA", "Eviction policy: `allkeys-lru`",
  // "At least 3 nodes for high availability": a primary and 2 read replicas (which need 5 GB)
  const redis = inputs(planned, 'cqar-redis-instance');
  expect(redis.redisVersion).toMatch(/^REDIS_7_/);
  expect(redis.memorySizeGb).toBeGreaterThanOrEqual(4);
  expect(1 + redis.replicaCount).toBeGreaterThanOrEqual(3);
  expect(redis).toMatchObject({
    tier: 'STANDARD_HA',
    replicaCount: 2,
    readReplicasMode: 'READ_REPLICAS_ENABLED',
    memorySizeGb: 5,
    persistenceConfig: { persistenceMode: 'RDB' },
    redisConfigs: { 'maxmemory-policy': 'allkeys-lru' },
  });
});
