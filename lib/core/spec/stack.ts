import type { PostgresSpec, RedisSpec } from './datastores';
import type { DisasterRecoverySpec } from './dr';
import type { EdgeSpec } from './edge';
import type { CronJobSpec } from './jobs';
import type { MonitoringSpec } from './monitoring';
import type { NatsSpec } from './nats';
import type { SecretSpec } from './secrets';
import type { ServiceSpec } from './service';

/** The cloud a stack provisions on. */
export type Cloud = 'aws' | 'gcp';

/**
 * The environment a stack runs in. `production` turns on the checks that
 * refuse non-HA or insecure choices unless they are explicitly opted out of.
 */
export type Environment = 'production' | 'staging' | 'development';

/** The worker nodes of the cluster. */
export interface NodePoolSpec {
  /**
   * EC2 instance type on AWS, Compute Engine machine type on GCP.
   * @default - `m5.xlarge` on AWS, `n2-standard-4` on GCP (the guides' values)
   */
  readonly instanceType?: string;
  /**
   * Nodes to start with.
   * @default 3
   */
  readonly desiredSize?: number;
  /**
   * Fewest nodes the autoscaler keeps.
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Most nodes the autoscaler adds.
   * @default 10
   */
  readonly maxSize?: number;
  /**
   * Root disk of each node, in GiB.
   * @default 100
   */
  readonly diskSizeGiB?: number;
}

/** The Kubernetes cluster (EKS or GKE) the stack runs on. */
export interface ClusterSpec {
  /**
   * Kubernetes minor version, pinned so upgrades are deliberate. Validation refuses a version past the cloud's
   * support (lib/core/support.ts); the readiness report warns 90 days before its end.
   * @default '1.35'
   */
  readonly kubernetesVersion?: string;
  /**
   * The managed node group (EKS) or node pool (GKE).
   * @default - see {@link NodePoolSpec}
   */
  readonly nodes?: NodePoolSpec;
  /**
   * CIDR of the VPC (AWS) or of the primary subnet (GCP).
   * @default '10.0.0.0/16'
   */
  readonly networkCidr?: string;
  /**
   * How many availability zones the network and nodes span.
   * @default 3
   */
  readonly availabilityZones?: number;
  /**
   * CIDRs allowed to reach the Kubernetes API from the internet. The API
   * endpoint is private unless this lists at least one CIDR.
   * @default - private endpoint only
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Settings of the EKS cluster's network that GKE has no counterpart of.
   * @default - see {@link AwsClusterSpec}
   */
  readonly aws?: AwsClusterSpec;
}

/** The cluster's network on AWS: its NAT gateways and interface endpoints. */
export interface AwsClusterSpec {
  /**
   * Share one NAT gateway between all zones instead of one per zone. Cheaper,
   * but losing that zone cuts egress for every zone: an explicit cost opt-out.
   * (GCP's Cloud NAT is a managed regional service.)
   * @default false
   */
  readonly singleNatGateway?: boolean;
  /**
   * Interface endpoints for ECR, STS, Secrets Manager and CloudWatch Logs
   * in the private subnets, so nodes and pods reach them without NAT. They are
   * billed per zone-hour (about $110 a month over three zones in us-east-1):
   * `false` is an explicit cost opt-out. The S3 gateway endpoint is free and
   * always created. GKE reaches Google APIs through Private Google Access.
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
}

/**
 * The whole production deployment of one application: the cluster it runs
 * on, its services, its datastores, NATS, monitoring and disaster recovery.
 *
 * The same props build the cdk8s `ProductionStack` chart (Kubernetes YAML) and
 * the Pulumi `ProductionStack` component (cloud resources plus the same
 * Kubernetes objects).
 */
export interface ProductionStackProps {
  /**
   * Name of the stack: a DNS-1123 label. It prefixes every cloud resource and
   * is part of every resource's name, so changing it replaces them.
   */
  readonly name: string;
  /**
   * The environment.
   * @default 'production'
   */
  readonly environment?: Environment;
  /** The cloud the Pulumi side provisions on. */
  readonly cloud: Cloud;
  /** The cloud region, a region name of `cloud`: e.g. `us-west-2` (AWS) or `us-central1` (GCP). */
  readonly region: string;
  /**
   * Kubernetes namespace for the stack's workloads.
   * @default - the stack's name
   */
  readonly namespace?: string;
  /**
   * The cluster.
   * @default - see {@link ClusterSpec}
   */
  readonly cluster?: ClusterSpec;
  /** The application's services. */
  readonly services: readonly ServiceSpec[];
  /**
   * The public edge: the gateway, its TLS settings, and routes besides the services' own `route`.
   * @default - a gateway for the services' routes (when any service has one), with the defaults of {@link EdgeSpec}
   */
  readonly edge?: EdgeSpec;
  /**
   * Service mesh. With `istio`, sidecars are injected into the namespace (use
   * the Istio CNI plugin: the restricted profile forbids the istio-init
   * container's NET_ADMIN), mTLS between pods is STRICT (PERMISSIVE only on
   * metrics ports, for a Prometheus outside the mesh), every Service gets an
   * ISTIO_MUTUAL DestinationRule, and the gateway's Envoy replicas join the mesh to reach the Services.
   * @default - no mesh
   */
  readonly serviceMesh?: 'istio';
  /**
   * Scheduled jobs.
   * @default - none
   */
  readonly cronJobs?: readonly CronJobSpec[];
  /**
   * Secrets kept in the cloud secret manager and synced into the namespace
   * by External Secrets. Services reference them by name.
   * @default - none
   */
  readonly secrets?: readonly SecretSpec[];
  /**
   * The External Secrets ClusterSecretStore every secret is read through.
   * @default - `aws-secrets-manager` on AWS, `gcp-secret-manager` on GCP (created by the Pulumi side)
   */
  readonly secretStore?: string;
  /**
   * Managed PostgreSQL (RDS or Cloud SQL).
   * @default - no database
   */
  readonly postgres?: PostgresSpec;
  /**
   * Managed Redis (ElastiCache or Memorystore).
   * @default - no Redis
   */
  readonly redis?: RedisSpec;
  /**
   * NATS JetStream, run in the cluster.
   * @default - no NATS
   */
  readonly nats?: NatsSpec;
  /**
   * Prometheus, alerting and tracing settings.
   * @default - see {@link MonitoringSpec}
   */
  readonly monitoring?: MonitoringSpec;
  /**
   * Backups, recovery objectives and the standby region.
   * @default - backups as the datastores state, no standby region
   */
  readonly dr?: DisasterRecoverySpec;
}
