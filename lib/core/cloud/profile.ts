/** What differs between the clouds as data: one {@link CloudProfile} per cloud (`aws.ts`, `gcp.ts`). */
import type { Cloud } from '../spec/stack';

/** A cloud, as the code that is the same for both clouds needs to know it. */
export interface CloudProfile {
  readonly cloud: Cloud;
  /** The managed products' names, as warnings, errors and runbooks write them. */
  readonly names: {
    /** The support window Kubernetes minors are held to: `EKS standard support`, `GKE support`. */
    readonly kubernetesSupport: string;
    /** Managed PostgreSQL: `RDS`, `Cloud SQL`. */
    readonly postgres: string;
    /** Managed Redis: `ElastiCache`, `Memorystore`. */
    readonly redis: string;
  };
  /** The ServiceAccount annotation that binds a pod to a cloud identity (IRSA, Workload Identity). */
  readonly identityAnnotation: string;
  /** The object storage the backups go to, through the cloud's CLI and the pod's workload identity. */
  readonly storage: {
    /** URL scheme of a bucket: `s3`, `gs`. */
    readonly scheme: string;
    /** The CLI's image. */
    readonly cliImage: string;
    /** The command that copies a file to or from a bucket URL. */
    readonly copy: readonly string[];
    /** Its flag that prints errors only. */
    readonly quiet: string;
    /**
     * The bucket the standby region reads the backups from: a `replica` of its own (S3 replicates across
     * regions into another bucket, `<bucket>-replica`), or the `same` bucket (GCS: one dual-region bucket).
     */
    readonly standbyBucket: 'replica' | 'same';
  };
  /** Suffix of the Pulumi logical name of a database instance (a pinned name): RDS `db`, Cloud SQL `instance`. */
  readonly databaseInstanceSuffix: string;
  /** Annotations of the gateway's LoadBalancer Service. */
  readonly loadBalancerAnnotations: Readonly<Record<string, string>>;
  /**
   * The node pool size the cluster keeps whatever the load, which the capacity check holds the stack to: on EKS
   * `desiredSize` (the managed node group, which Karpenter adds to), on GKE `minSize` (the autoscaler's floor).
   */
  readonly baselineNodes: 'desiredSize' | 'minSize';
  /** Whether the cluster admits a GRPCRoute (GKE's managed Gateway API CRDs leave it out). */
  readonly grpcRoute: boolean;
  /**
   * Who installs the Gateway API CRDs: the cloud (GKE manages them, and refuses others), or Envoy Gateway's chart
   * beside its own (the gateway CRDs come from their own chart where the cloud keeps the Gateway API's).
   */
  readonly gatewayApiCrds: 'cloud' | 'chart';
  /**
   * What the managed cluster lacks and `pulumi up` installs on it: resource metrics for the HPAs (metrics-server:
   * EKS has none, GKE ships its own) and the node autoscaler (Karpenter: GKE autoscales its node pool).
   */
  readonly installs: { readonly metricsServer: boolean; readonly karpenter: boolean };
  /** The `global.platform` of Istio's charts, when the cloud needs one. */
  readonly istioPlatform?: 'gke';
  /**
   * Whether the cloud's APIs (tokens, secrets, images) answer inside the stack's networks too: on AWS, the VPC's
   * interface endpoints; so a pod's HTTPS egress to them includes those networks.
   */
  readonly apisInNetwork: boolean;
  /** The port the managed Redis serves its clients on, with TLS: ElastiCache 6379, Memorystore 6378. */
  readonly redisPort: number;
  /**
   * The `kubernetes` Service's addresses a pod's connection to the API server may be judged at, besides the
   * control plane's own (see `apiServerAddresses`): on EKS the Service address, in either range EKS picks.
   */
  readonly kubernetesServiceAddresses: readonly string[];
  /** Where a pod gets its cloud tokens outside the HTTPS egress: GKE's metadata server. */
  readonly metadataServer: readonly { readonly cidr: string; readonly port: number }[];
}
