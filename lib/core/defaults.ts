/**
 * Production defaults, taken from the seed guides, and the merge of a spec
 * with them. Defaults are merged into what the user gives, never replace it.
 */
import type { PostgresSpec, RedisSpec } from './spec/datastores';
import type { RestoreDrillCheck, StandbyMode } from './spec/dr';
import type { CronJobSpec, MigrationSpec } from './spec/jobs';
import type { AlertRoutingSpec, AlertThresholds, RequestMetricsSpec, SloSpec } from './spec/monitoring';
import type { NatsConsumerSpec, NatsPublisherSpec, NatsSpec, NatsStreamSpec, NatsTlsSpec } from './spec/nats';
import type { AutoscalingSpec, PortProtocol, PortSpec, ProbeSpec, QueueSpec, ScalingBehavior, ServiceSpec } from './spec/service';
import type { Cloud, ProductionStackProps } from './spec/stack';
import { type ResolvedEdge, resolveEdge } from './edge';
import { defaultBackupBucket } from './naming';
import { portProtocol } from './ports';
import { failoverHealthCheckPath, standbyNetworkCidr } from './standby';

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
  /** kubectl image of the init container that waits for a migration Job. */
  kubectlImage: 'registry.k8s.io/kubectl:v1.33.4',
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
    port: 5432,
  },
  redis: {
    engineVersion: '7.1',
    nodeType: 'cache.r6g.large',
    /** ElastiCache: a primary and two replicas; Memorystore: `STANDARD_HA`'s primary and replica (1 node without highAvailability). */
    nodes: { aws: 3, gcp: 2 },
    memorySizeGiB: 5,
    maxmemoryPolicy: 'allkeys-lru',
    snapshotRetentionDays: 7,
    port: 6379,
  },
  nats: {
    image: 'nats:2.10.24-alpine',
    exporterImage: 'natsio/prometheus-nats-exporter:0.15.0',
    /** Signals the server to reload when its certificate is renewed (with `nats.tls`). */
    reloaderImage: 'natsio/nats-server-config-reloader:0.16.0',
    controllerNamespace: 'nats-system',
    replicas: 3,
    memory: '2Gi',
    storage: '50Gi',
    clientPort: 4222,
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
    /** Uploads and downloads the backups on AWS. */
    awsCliImage: 'amazon/aws-cli:2.22.35',
    /** Uploads and downloads the backups on GCP. */
    gcloudCliImage: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim',
    /** What runs in the standby region while passive. */
    standbyMode: 'pilot-light',
    /** Loss bound of managed point-in-time recovery (RDS and Cloud SQL replay their write-ahead log about every 5 minutes). */
    pitrRpoMinutes: 5,
  },
} as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A port with its protocol decided. */
export interface ResolvedPort extends PortSpec {
  readonly protocol: PortProtocol;
}

/** A service with every default applied. */
export interface ResolvedService extends Omit<
  Required<ServiceSpec>,
  | 'ports'
  | 'replicas'
  | 'autoscaling'
  | 'queue'
  | 'probes'
  | 'resources'
  | 'command'
  | 'args'
  | 'configFiles'
  | 'storage'
  | 'route'
  | 'postgres'
  | 'redis'
  | 'nats'
  | 'rbac'
  | 'antiAffinity'
  | 'metrics'
  | 'minAvailable'
  | 'cloudIdentity'
  | 'cloudAccess'
  | 'migration'
  | 'requestMetrics'
  | 'slo'
> {
  readonly ports: readonly ResolvedPort[];
  /** Replicas when not autoscaled; the HPA minimum otherwise. */
  readonly replicas: number;
  readonly autoscaling?: Required<Pick<AutoscalingSpec, 'minReplicas' | 'maxReplicas' | 'cpuUtilization'>> &
    AutoscalingSpec & { readonly scaleUp: ScalingBehavior; readonly scaleDown: ScalingBehavior };
  /** The queue KEDA scales the worker on (then `replicas` is the queue's minimum). */
  readonly queue?: QueueSpec & { readonly targetPerReplica: number };
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu?: string; readonly memory: string };
  };
  readonly probes: { readonly liveness?: ProbeSpec; readonly readiness?: ProbeSpec; readonly startup?: ProbeSpec };
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly configFiles?: ServiceSpec['configFiles'];
  readonly storage?: ServiceSpec['storage'];
  readonly postgres?: ServiceSpec['postgres'];
  readonly redis?: ServiceSpec['redis'];
  readonly nats?: ServiceSpec['nats'];
  readonly rbac?: ServiceSpec['rbac'];
  readonly antiAffinity?: ServiceSpec['antiAffinity'];
  readonly metrics?: Required<NonNullable<ServiceSpec['metrics']>>;
  readonly minAvailable?: number;
  readonly cloudIdentity?: string;
  readonly cloudAccess?: ServiceSpec['cloudAccess'];
  readonly migration?: Required<Omit<MigrationSpec, 'args'>> & Pick<MigrationSpec, 'args'>;
  readonly requestMetrics: Required<RequestMetricsSpec>;
  readonly slo?: Pick<SloSpec, 'availability' | 'latency'> & { readonly windowDays: number };
}

/** A cron job with every default applied. */
export interface ResolvedCronJob
  extends Required<Omit<CronJobSpec, 'args' | 'postgres' | 'redis' | 'resources'>>, Pick<CronJobSpec, 'args' | 'postgres' | 'redis'> {
  readonly resources: ResolvedService['resources'];
}

/** The spec with every default applied: what the constructs build from. */
export interface ResolvedStack {
  readonly name: string;
  readonly environment: NonNullable<ProductionStackProps['environment']>;
  readonly cloud: Cloud;
  readonly region: string;
  readonly namespace: string;
  readonly cluster: {
    readonly kubernetesVersion: string;
    readonly networkCidr: string;
    readonly availabilityZones: number;
    readonly publicAccessCidrs: readonly string[];
    readonly singleNatGateway: boolean;
    readonly interfaceEndpoints: boolean;
    readonly nodes: {
      readonly instanceType: string;
      readonly desiredSize: number;
      readonly minSize: number;
      readonly maxSize: number;
      readonly diskSizeGiB: number;
    };
  };
  readonly serviceMesh?: 'istio';
  readonly services: readonly ResolvedService[];
  /** The public edge: the gateway and every route. */
  readonly edge: ResolvedEdge;
  readonly cronJobs: readonly ResolvedCronJob[];
  readonly secretStore: string;
  readonly secrets: readonly Required<NonNullable<ProductionStackProps['secrets']>[number]>[];
  readonly postgres?: Required<PostgresSpec>;
  readonly redis?: Required<RedisSpec>;
  readonly nats?: Required<Omit<NatsSpec, 'storageClass' | 'tls' | 'streams' | 'consumers' | 'publishers'>> & {
    readonly storageClass?: string;
    readonly tls?: NatsTlsSpec;
    readonly streams: readonly Required<NatsStreamSpec>[];
    readonly consumers: readonly (Required<Omit<NatsConsumerSpec, 'filterSubject'>> & { filterSubject?: string })[];
    readonly publishers: readonly NatsPublisherSpec[];
  };
  readonly monitoring: {
    readonly prometheusSelector: Readonly<Record<string, string>>;
    readonly namespace: string;
    readonly tracing?: { readonly endpoint: string; readonly sampleRatio: number };
    readonly thresholds: Required<AlertThresholds>;
    readonly alerting?: AlertRoutingSpec & { readonly warning: AlertRoutingSpec['critical']; readonly groupBy: readonly string[] };
    readonly runbookBaseUrl?: string;
    readonly grafanaDashboardLabels: Readonly<Record<string, string>>;
    readonly ruleInterval?: string;
  };
  readonly dr: {
    readonly objectives: NonNullable<NonNullable<ProductionStackProps['dr']>['objectives']>;
    readonly backupSchedule: string;
    readonly backupRetentionDays: number;
    readonly standbyRegion?: string;
    /** The standby VPC's range on AWS; set exactly when `standbyRegion` is, on AWS. */
    readonly standbyNetworkCidr?: string;
    /** What runs in the standby region while passive; set exactly when `standbyRegion` is. */
    readonly mode?: StandbyMode;
    /** The region that serves: `region` unless the stack has failed over to `standbyRegion`. */
    readonly activeRegion: string;
    /** Re-seeds of the database pair after failovers (see `regionDatabases`); set exactly when `standbyRegion` is. */
    readonly reseeds?: number;
    /** The active region's writers are stopped (see `regionScale`): a planned failover's first step. */
    readonly drain: boolean;
    /** The failover record; only with a standby region. */
    readonly dns?: {
      readonly zoneId: string;
      readonly name: string;
      /** The targets the spec gives, by region (both or none); without them, each region's gateway address, known once deployed. */
      readonly targets: Readonly<Record<string, string>>;
      /** Path of the health checks (see `failoverHealthCheckPath`). */
      readonly healthCheckPath: string;
      /** The other hosts that fail over with `name`. */
      readonly hosts: readonly string[];
    };
    /** True when the stack has PostgreSQL and logical backups are not turned off. */
    readonly logicalBackups: boolean;
    readonly backupBucket: string;
    readonly backupIdentity?: string;
    readonly restoreDrill: { readonly schedule: string; readonly checks: readonly RestoreDrillCheck[] };
  };
}

function defaultProbes(spec: ServiceSpec, ports: readonly ResolvedPort[]): ResolvedService['probes'] {
  const given = spec.probes ?? {};
  const http = ports.find((p) => p.protocol === 'http' && p.name !== 'metrics');
  const grpc = ports.find((p) => p.protocol === 'grpc');
  const derive = (path: string): ProbeSpec | undefined =>
    http ? { type: 'http', path, port: http.name } : grpc ? { type: 'grpc', port: grpc.name } : undefined;
  const liveness = given.liveness ?? derive(DEFAULTS.service.livenessPath);
  const readiness = given.readiness ?? derive(DEFAULTS.service.readinessPath);
  const startup =
    given.startup ??
    (liveness
      ? {
          ...liveness,
          initialDelaySeconds: 0,
          periodSeconds: DEFAULTS.service.startup.periodSeconds,
          failureThreshold: DEFAULTS.service.startup.failureThreshold,
          successThreshold: 1,
        }
      : undefined);
  return { liveness, readiness, startup };
}

function resolveAutoscaling(a: AutoscalingSpec | undefined): ResolvedService['autoscaling'] {
  if (!a) return undefined;
  return {
    ...a,
    cpuUtilization: a.cpuUtilization ?? DEFAULTS.service.cpuUtilization,
    scaleUp: a.scaleUp ?? DEFAULTS.service.scaleUp,
    scaleDown: a.scaleDown ?? DEFAULTS.service.scaleDown,
  };
}

function resolveService(spec: ServiceSpec): ResolvedService {
  const d = DEFAULTS.service;
  const ports = (spec.ports ?? []).map((p) => ({ ...p, protocol: portProtocol(p) }));
  const autoscaling = resolveAutoscaling(spec.autoscaling);
  const metricsPort = spec.metrics?.port ?? ports.find((p) => p.name === 'metrics')?.name;
  const resolved: Mutable<ResolvedService> = {
    name: spec.name,
    image: spec.image,
    role: spec.role ?? 'server',
    command: spec.command,
    args: spec.args,
    ports,
    replicas: autoscaling?.minReplicas ?? spec.queue?.minReplicas ?? spec.replicas ?? d.replicas,
    autoscaling,
    queue: spec.queue && { ...spec.queue, targetPerReplica: spec.queue.targetPerReplica ?? d.queueTargetPerReplica },
    resources: {
      requests: {
        cpu: spec.resources?.requests?.cpu ?? d.requests.cpu,
        memory: spec.resources?.requests?.memory ?? d.requests.memory,
      },
      limits: {
        cpu: spec.resources?.limits ? spec.resources.limits.cpu : d.limits.cpu,
        memory: spec.resources?.limits?.memory ?? d.limits.memory,
      },
    },
    probes: defaultProbes(spec, ports),
    env: spec.env ?? {},
    secretEnv: spec.secretEnv ?? {},
    secretMounts: spec.secretMounts ?? [],
    configFiles: spec.configFiles,
    writablePaths: spec.writablePaths ?? d.writablePaths,
    storage: spec.storage,
    allowFrom: spec.allowFrom ?? [],
    egress: spec.egress ?? [],
    postgres: spec.postgres,
    redis: spec.redis,
    nats: spec.nats,
    rbac: spec.rbac,
    maxSurge: spec.maxSurge ?? d.maxSurge,
    maxUnavailable: spec.maxUnavailable ?? d.maxUnavailable,
    antiAffinity: spec.antiAffinity,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? d.terminationGracePeriodSeconds,
    preStopSleepSeconds: spec.preStopSleepSeconds ?? d.preStopSleepSeconds,
    runAsUser: spec.runAsUser ?? d.runAsUser,
    minAvailable: spec.minAvailable,
    serveFromReplica: spec.serveFromReplica ?? false,
    cloudIdentity: spec.cloudIdentity,
    cloudAccess: spec.cloudAccess,
    requestMetrics: { ...DEFAULTS.monitoring.requestMetrics, ...spec.requestMetrics },
    slo: spec.slo && { ...spec.slo, windowDays: spec.slo.windowDays ?? DEFAULTS.monitoring.sloWindowDays },
    alerts: spec.alerts ?? [],
    migration: spec.migration && {
      command: spec.migration.command,
      args: spec.migration.args,
      image: spec.migration.image ?? spec.image,
      timeoutSeconds: spec.migration.timeoutSeconds ?? DEFAULTS.migration.timeoutSeconds,
      backoffLimit: spec.migration.backoffLimit ?? DEFAULTS.migration.backoffLimit,
    },
    metrics: metricsPort
      ? {
          port: metricsPort,
          path: spec.metrics?.path ?? DEFAULTS.monitoring.metricsPath,
          interval: spec.metrics?.interval ?? DEFAULTS.monitoring.interval,
        }
      : undefined,
  };
  return resolved;
}

function resolveCronJob(job: CronJobSpec): ResolvedCronJob {
  const d = DEFAULTS.cronJob;
  return {
    name: job.name,
    image: job.image,
    schedule: job.schedule,
    timeZone: job.timeZone ?? d.timeZone,
    command: job.command,
    args: job.args,
    env: job.env ?? {},
    secretEnv: job.secretEnv ?? {},
    postgres: job.postgres,
    redis: job.redis,
    egress: job.egress ?? [],
    resources: {
      requests: { cpu: job.resources?.requests?.cpu ?? d.requests.cpu, memory: job.resources?.requests?.memory ?? d.requests.memory },
      limits: { cpu: job.resources?.limits?.cpu, memory: job.resources?.limits?.memory ?? d.limits.memory },
    },
    concurrencyPolicy: job.concurrencyPolicy ?? d.concurrencyPolicy,
    startingDeadlineSeconds: job.startingDeadlineSeconds ?? d.startingDeadlineSeconds,
    activeDeadlineSeconds: job.activeDeadlineSeconds ?? d.activeDeadlineSeconds,
    backoffLimit: job.backoffLimit ?? d.backoffLimit,
    historyLimit: job.historyLimit ?? d.historyLimit,
    runAsUser: job.runAsUser ?? DEFAULTS.service.runAsUser,
  };
}

/** The role of the stack's Redis: as the spec says, else `queue` when a service drains a Redis queue, else `cache`. */
export function redisRole(redis: RedisSpec, services: readonly { readonly queue?: { readonly redis?: unknown } }[]): 'cache' | 'queue' {
  return redis.role ?? (services.some((s) => s.queue?.redis !== undefined) ? 'queue' : 'cache');
}

/**
 * The node count of a Redis: as the spec says, else 3 on AWS (a primary and two replicas) and on GCP 2
 * (`STANDARD_HA`: a primary and a replica), or 1 without highAvailability (`BASIC`).
 */
export function redisNodes(cloud: Cloud, redis: Pick<RedisSpec, 'nodes' | 'highAvailability'>): number {
  if (redis.nodes !== undefined) return redis.nodes;
  if (cloud === 'gcp' && redis.highAvailability === false) return 1;
  return DEFAULTS.redis.nodes[cloud];
}

/** The eviction policy of a Redis: as the spec says, else `noeviction` for a queue (no job dropped), `allkeys-lru` for a cache. */
export function maxmemoryPolicy(redis: Pick<RedisSpec, 'role' | 'maxmemoryPolicy'>): string {
  return redis.maxmemoryPolicy ?? (redis.role === 'queue' ? 'noeviction' : DEFAULTS.redis.maxmemoryPolicy);
}

/** Applies every default to a spec. Call {@link validate} first: resolving assumes a valid spec. */
export function resolve(props: ProductionStackProps): ResolvedStack {
  const cloud = props.cloud;
  const c = props.cluster ?? {};
  const n = c.nodes ?? {};
  const pg = props.postgres;
  const rd = props.redis;
  const nats = props.nats;
  const mon = props.monitoring ?? {};
  const services = props.services.map(resolveService);
  const edge = resolveEdge(props, props.namespace ?? props.name, DEFAULTS.monitoring.metricsPath);
  return {
    name: props.name,
    environment: props.environment ?? DEFAULTS.environment,
    cloud,
    region: props.region,
    namespace: props.namespace ?? props.name,
    cluster: {
      kubernetesVersion: c.kubernetesVersion ?? DEFAULTS.kubernetesVersion,
      networkCidr: c.networkCidr ?? DEFAULTS.networkCidr,
      availabilityZones: c.availabilityZones ?? DEFAULTS.availabilityZones,
      publicAccessCidrs: c.publicAccessCidrs ?? [],
      singleNatGateway: c.singleNatGateway ?? false,
      interfaceEndpoints: c.interfaceEndpoints ?? true,
      nodes: {
        instanceType: n.instanceType ?? DEFAULTS.nodes.instanceType[cloud],
        desiredSize: n.desiredSize ?? DEFAULTS.nodes.desiredSize,
        minSize: n.minSize ?? DEFAULTS.nodes.minSize,
        maxSize: n.maxSize ?? DEFAULTS.nodes.maxSize,
        diskSizeGiB: n.diskSizeGiB ?? DEFAULTS.nodes.diskSizeGiB,
      },
    },
    serviceMesh: props.serviceMesh,
    services,
    edge,
    cronJobs: (props.cronJobs ?? []).map(resolveCronJob),
    secretStore: props.secretStore ?? DEFAULTS.secretStore[cloud],
    secrets: (props.secrets ?? []).map((s) => ({
      ...s,
      properties: s.properties ?? {},
      refreshMinutes: s.refreshMinutes ?? DEFAULTS.secretRefreshMinutes,
    })),
    postgres: pg && {
      engineVersion: pg.engineVersion ?? DEFAULTS.postgres.engineVersion,
      instanceClass: pg.instanceClass ?? DEFAULTS.postgres.instanceClass[cloud],
      storageGiB: pg.storageGiB ?? DEFAULTS.postgres.storageGiB,
      maxStorageGiB: pg.maxStorageGiB ?? DEFAULTS.postgres.maxStorageGiB,
      highAvailability: pg.highAvailability ?? true,
      allowSingleZoneInProduction: pg.allowSingleZoneInProduction ?? false,
      backupRetentionDays: pg.backupRetentionDays ?? DEFAULTS.postgres.backupRetentionDays,
      backupWindow: pg.backupWindow ?? DEFAULTS.postgres.backupWindow,
      databaseName: pg.databaseName ?? props.name.replace(/-/g, '_'),
      username: pg.username ?? DEFAULTS.postgres.username,
      maxConnections: pg.maxConnections ?? DEFAULTS.postgres.maxConnections,
      parameters: pg.parameters ?? {},
      extensions: pg.extensions ?? [],
      schemas: pg.schemas ?? [],
      searchPath: pg.searchPath ?? [],
    },
    redis: rd && {
      engineVersion: rd.engineVersion ?? DEFAULTS.redis.engineVersion,
      nodeType: rd.nodeType ?? DEFAULTS.redis.nodeType,
      nodes: redisNodes(cloud, rd),
      memorySizeGiB: rd.memorySizeGiB ?? DEFAULTS.redis.memorySizeGiB,
      role: redisRole(rd, services),
      maxmemoryPolicy: maxmemoryPolicy({ ...rd, role: redisRole(rd, services) }),
      snapshotRetentionDays: rd.snapshotRetentionDays ?? DEFAULTS.redis.snapshotRetentionDays,
      highAvailability: rd.highAvailability ?? true,
      allowSingleZoneInProduction: rd.allowSingleZoneInProduction ?? false,
    },
    nats: nats && {
      image: nats.image ?? DEFAULTS.nats.image,
      replicas: nats.replicas ?? DEFAULTS.nats.replicas,
      memory: nats.memory ?? DEFAULTS.nats.memory,
      storage: nats.storage ?? DEFAULTS.nats.storage,
      storageClass: nats.storageClass,
      tls: nats.tls,
      controllerNamespace: nats.controllerNamespace ?? DEFAULTS.nats.controllerNamespace,
      streams: (nats.streams ?? []).map((s) => ({
        name: s.name,
        subjects: s.subjects,
        maxAgeHours: s.maxAgeHours ?? DEFAULTS.nats.stream.maxAgeHours,
        maxBytes: s.maxBytes ?? DEFAULTS.nats.stream.maxBytes,
        replicas: s.replicas ?? DEFAULTS.nats.stream.replicas,
        retainOnDelete: s.retainOnDelete ?? true,
      })),
      consumers: (nats.consumers ?? []).map((c2) => ({
        name: c2.name,
        stream: c2.stream,
        ackWaitSeconds: c2.ackWaitSeconds ?? DEFAULTS.nats.consumer.ackWaitSeconds,
        maxDeliver: c2.maxDeliver ?? DEFAULTS.nats.consumer.maxDeliver,
        maxAckPending: c2.maxAckPending ?? DEFAULTS.nats.consumer.maxAckPending,
        filterSubject: c2.filterSubject,
      })),
      publishers: (nats.publishers ?? []).map((e) => ({
        name: e.name,
        subjects: e.subjects,
        namespace: e.namespace,
        ...(e.podLabels ? { podLabels: e.podLabels } : {}),
      })),
    },
    monitoring: {
      prometheusSelector: mon.prometheusSelector ?? DEFAULTS.monitoring.prometheusSelector,
      namespace: mon.namespace ?? DEFAULTS.monitoring.namespace,
      tracing: mon.tracing && {
        endpoint: mon.tracing.endpoint,
        sampleRatio: mon.tracing.sampleRatio ?? DEFAULTS.monitoring.sampleRatio,
      },
      thresholds: { ...DEFAULTS.monitoring.thresholds, ...mon.thresholds },
      alerting: mon.alerting && {
        ...mon.alerting,
        warning: mon.alerting.warning ?? mon.alerting.critical,
        groupBy: mon.alerting.groupBy ?? DEFAULTS.monitoring.groupBy,
      },
      runbookBaseUrl: mon.runbookBaseUrl,
      grafanaDashboardLabels: mon.grafanaDashboardLabels ?? DEFAULTS.monitoring.grafanaDashboardLabels,
      ruleInterval: mon.ruleInterval,
    },
    dr: {
      objectives: props.dr?.objectives ?? [],
      backupSchedule: props.dr?.backupSchedule ?? DEFAULTS.dr.backupSchedule,
      backupRetentionDays: props.dr?.backupRetentionDays ?? DEFAULTS.dr.backupRetentionDays,
      standbyRegion: props.dr?.standbyRegion,
      ...standby(props, services, edge),
      drain: props.dr?.drain ?? false,
      logicalBackups: props.postgres !== undefined && props.dr?.logicalBackups !== false,
      backupBucket: props.dr?.backupBucket ?? defaultBackupBucket(props.name, props.environment ?? DEFAULTS.environment),
      backupIdentity: props.dr?.backupIdentity,
      restoreDrill: {
        schedule: props.dr?.restoreDrill?.schedule ?? DEFAULTS.dr.restoreDrillSchedule,
        checks: props.dr?.restoreDrill?.checks ?? [DEFAULTS.dr.restoreDrillCheck],
      },
    },
  };
}

/** The standby settings of `dr`: the mode and DNS only with a standby region; the active region always. */
function standby(
  props: ProductionStackProps,
  services: readonly ResolvedService[],
  edge: ResolvedEdge,
): Pick<ResolvedStack['dr'], 'mode' | 'activeRegion' | 'dns' | 'reseeds' | 'standbyNetworkCidr'> {
  const dr = props.dr;
  const activeRegion = dr?.activeRegion ?? props.region;
  const standbyRegion = dr?.standbyRegion;
  if (standbyRegion === undefined) return { activeRegion };
  const dns = dr?.dns && {
    zoneId: dr.dns.zoneId,
    name: dr.dns.name,
    targets: { ...dr.dns.targets },
    healthCheckPath: dr.dns.healthCheckPath ?? failoverHealthCheckPath(dr.dns.name, edge.routes, services),
    hosts: [...(dr.dns.hosts ?? [])],
  };
  // on AWS the standby has a VPC of its own, peered with the primary's (on GCP a subnet of the same VPC)
  const network =
    props.cloud === 'aws'
      ? { standbyNetworkCidr: dr?.standbyNetworkCidr ?? standbyNetworkCidr(props.cluster?.networkCidr ?? DEFAULTS.networkCidr) }
      : {};
  return { mode: dr?.mode ?? DEFAULTS.dr.standbyMode, activeRegion, reseeds: dr?.reseeds ?? 0, ...network, ...(dns ? { dns } : {}) };
}
