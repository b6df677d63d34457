/** The spec with every default applied: the types the constructs and components build from. */
import type { AwsRedisSpec, GcpRedisSpec, PostgresSpec, RedisSpec } from '../spec/datastores';
import type { AwsDisasterRecoverySpec, RestoreDrillCheck, StandbyMode } from '../spec/dr';
import type { CronJobSpec, MigrationSpec } from '../spec/jobs';
import type { AlertRoutingSpec, AlertThresholds, RequestMetricsSpec, SloSpec } from '../spec/monitoring';
import type { NatsConsumerSpec, NatsPublisherSpec, NatsSpec, NatsStreamSpec, NatsTlsSpec } from '../spec/nats';
import type { AutoscalingSpec, PortProtocol, PortSpec, ProbeSpec, QueueSpec, ScalingBehavior, ServiceSpec } from '../spec/service';
import type { AwsClusterSpec, Cloud, NodePoolSpec, ProductionStackProps } from '../spec/stack';
import type { ResolvedEdge } from './edge';

/** A node pool with every default applied. */
export type ResolvedNodePool = Required<NodePoolSpec>;

/**
 * Redis with every default applied; each cloud's settings are resolved whatever the cloud (only that cloud's
 * side reads them).
 */
export type ResolvedRedis = Required<Omit<RedisSpec, 'aws' | 'gcp'>> & {
  readonly aws: Required<AwsRedisSpec>;
  readonly gcp: Required<GcpRedisSpec>;
};

/** A port with its protocol decided. */
export interface ResolvedPort extends PortSpec {
  readonly protocol: PortProtocol;
}

/** A container's requests and limits with their defaults (a CPU limit only when given, for a cron job). */
export interface ResolvedResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu?: string; readonly memory: string };
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
  readonly queue?: QueueSpec & {
    readonly targetPerReplica: number;
    /** How KEDA's autoscaler scales the worker up and down (the spec's autoscaling defaults). */
    readonly scaleUp: ScalingBehavior;
    readonly scaleDown: ScalingBehavior;
  };
  readonly resources: ResolvedResources;
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
    readonly nodes: ResolvedNodePool;
    /** The network settings of AWS, resolved whatever the cloud (only the AWS side reads them). */
    readonly aws: Required<AwsClusterSpec>;
  };
  readonly serviceMesh?: 'istio';
  readonly services: readonly ResolvedService[];
  /** The public edge: the gateway and every route. */
  readonly edge: ResolvedEdge;
  readonly cronJobs: readonly ResolvedCronJob[];
  readonly secretStore: string;
  readonly secrets: readonly Required<NonNullable<ProductionStackProps['secrets']>[number]>[];
  readonly postgres?: Required<PostgresSpec>;
  readonly redis?: ResolvedRedis;
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
    /** How often Prometheus scrapes what the stack runs besides the services (the exporters, NATS): 30s. */
    readonly scrapeInterval: string;
  };
  readonly dr: {
    readonly objectives: NonNullable<NonNullable<ProductionStackProps['dr']>['objectives']>;
    readonly backupSchedule: string;
    readonly backupRetentionDays: number;
    readonly standbyRegion?: string;
    /** The standby VPC's range; set exactly when `standbyRegion` is, on AWS. */
    readonly aws?: Required<AwsDisasterRecoverySpec>;
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
