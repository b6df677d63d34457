/** What ProductionStack provisions on AWS. */
import * as pulumi from '@pulumi/pulumi';
import * as aws from '../aws';
import { type ResolvedStack, cloudRedisSettings } from '../core/resolve';
import { postgresRoles } from '../core/postgres-roles';
import { cloudName, datastoreRemoteKey, k8sNames } from '../core/naming';
import { cloudLabels } from './cloud-labels';
import { instanceSettings, primarySeed, replicaSettings, standbyRoles } from './replica';

declare module '../core/clouds' {
  /** The stack's AWS resources in the registry of cloud types (see `CloudTypes`; the components' are in `lib/aws`). */
  interface CloudTypes {
    'aws.resources': AwsResources;
  }
}

/** What a stack provisions on AWS. */
export interface AwsResources {
  readonly cloud: 'aws';
  /** The VPC. */
  readonly network: aws.Network;
  /** The EKS cluster. */
  readonly cluster: aws.Cluster;
  /** RDS Postgres, when the spec has `postgres`. */
  readonly postgres?: aws.Postgres;
  /** ElastiCache Redis, when the spec has `redis`. */
  readonly redis?: aws.Redis;
  /**
   * The logical backups' S3 bucket (`<stack>-backups`), when `dr.logicalBackups`; with the IRSA
   * roles of the `<stack>-backup` ServiceAccount (read and write) and of `<stack>-restore-drill` (read)
   * unless the spec gives `dr.backupIdentity`.
   */
  readonly backups?: aws.BackupBucket;
  /**
   * The standby region (`<stack>-standby`), when the spec has `dr.standbyRegion`: its network and
   * cluster, the database's cross-region replica, a Redis, the failover DNS record and notifications.
   */
  readonly standby?: aws.Standby;
  /**
   * The failover record's targets still to be given, one per region `dr.dns.targets` names none for:
   * the host name of that region's gateway load balancer, which exists once the region's objects are
   * deployed (ProductionStack reads it and gives it).
   */
  readonly gatewayTargets: readonly GatewayTarget[];
}

/** A region's failover target given once its gateway is deployed (see {@link AwsResources.gatewayTargets}). */
export interface GatewayTarget {
  /** The region. */
  readonly region: string;
  /** Gives the target: the host name of the region's gateway load balancer. */
  readonly resolve: (hostname: pulumi.Output<string>) => void;
}

/**
 * Provisions the AWS resources of `spec` as children of `parent`: the network, the
 * cluster, and the datastores the spec asks for, each admitting only the cluster's
 * security group and writing its connection document to Secrets Manager under
 * `datastoreRemoteKey(stack, environment, store)`, where External Secrets reads it;
 * and, with logical backups, their bucket (see {@link provisionBackups}).
 */
export function provisionAws(spec: ResolvedStack, parent: pulumi.Resource): AwsResources {
  const c = spec.cluster;
  const tags = cloudLabels(spec);
  const network = new aws.Network(
    cloudName(spec.name, 'network'),
    {
      cidr: c.networkCidr,
      availabilityZones: c.availabilityZones,
      ...c.aws,
      // the private subnets carry the cluster's name for Karpenter (the cluster is named after its component)
      clusterName: cloudName(spec.name, 'cluster'),
      region: spec.region,
      labels: tags,
    },
    { parent },
  );
  const cluster = new aws.Cluster(
    cloudName(spec.name, 'cluster'),
    {
      network,
      kubernetesVersion: c.kubernetesVersion,
      publicAccessCidrs: c.publicAccessCidrs,
      nodes: c.nodes,
      region: spec.region,
      labels: tags,
    },
    { parent },
  );
  const seed = primarySeed(spec);
  const postgres =
    spec.postgres &&
    provisionPostgres(
      spec,
      spec.postgres,
      network,
      cluster,
      parent,
      seed && { sourceArn: seed.source, promoted: seed.promoted, generation: seed.generation },
    );
  const redis = spec.redis && provisionRedis(spec, spec.redis, network, cluster, parent);
  const gatewayTargets: GatewayTarget[] = [];
  const standby =
    spec.dr.standbyRegion === undefined
      ? undefined
      : provisionStandby(spec, spec.dr.standbyRegion, { network, cluster }, postgres, parent, gatewayTargets);
  if (seed && standby?.postgres) seed.resolve(standby.postgres.instance.arn);
  const backups = spec.dr.logicalBackups ? provisionBackups(spec, [cluster, ...(standby ? [standby.cluster] : [])], parent) : undefined;
  return {
    cloud: 'aws',
    network,
    cluster,
    ...(postgres ? { postgres } : {}),
    ...(redis ? { redis } : {}),
    ...(backups ? { backups } : {}),
    ...(standby ? { standby } : {}),
    gatewayTargets,
  };
}

/**
 * The standby region, `dr.standbyRegion`, as `dr.mode` asks and with `dr.activeRegion` deciding which
 * region serves (see {@link aws.Standby}): the same network and cluster settings, the VPC on
 * `dr.aws.standbyNetworkCidr` peered with the `primary`'s, a replica of `postgres`
 * and a Redis writing their connection documents under the same Secrets Manager names in the standby
 * region, the failover record of `dr.dns`, and the topics `<stack>-dr-events` and `<stack>-dr-health`.
 * The record's target of a region `dr.dns.targets` names none for is its gateway's load balancer, given
 * later: each is added to `gatewayTargets`.
 */
export function provisionStandby(
  spec: ResolvedStack,
  standbyRegion: string,
  primary: NonNullable<aws.StandbyArgs['primary']>,
  postgres: aws.Postgres | undefined,
  parent: pulumi.Resource,
  gatewayTargets: GatewayTarget[] = [],
): aws.Standby {
  const c = spec.cluster;
  const dns = spec.dr.dns;
  const targets: Record<string, pulumi.Input<string>> = { ...dns?.targets };
  for (const region of dns ? [spec.region, standbyRegion].filter((r) => targets[r] === undefined) : []) {
    const [hostname, resolve] = pulumi.deferredOutput<string>();
    targets[region] = hostname;
    gatewayTargets.push({ region, resolve });
  }
  return new aws.Standby(
    cloudName(spec.name, 'standby'),
    {
      ...standbyRoles(spec, standbyRegion),
      network: {
        cidr: spec.dr.aws?.standbyNetworkCidr,
        availabilityZones: c.availabilityZones,
        ...c.aws,
      },
      // the peering is the deployer's path to a private endpoint; public ones resolve to public addresses outside their VPC
      ...(c.publicAccessCidrs.length === 0 ? { primary } : {}),
      cluster: { kubernetesVersion: c.kubernetesVersion, publicAccessCidrs: c.publicAccessCidrs, nodes: c.nodes },
      ...(postgres && spec.postgres
        ? {
            postgres: {
              ...replicaSettings(spec.postgres),
              source: postgres,
              secretKey: datastoreRemoteKey(spec.name, spec.environment, 'postgres'),
            },
          }
        : {}),
      ...(spec.redis
        ? { redis: { ...cloudRedisSettings(spec.redis, 'aws'), secretKey: datastoreRemoteKey(spec.name, spec.environment, 'redis') } }
        : {}),
      ...(dns ? { dns: { zoneId: dns.zoneId, name: dns.name, targets, healthCheckPath: dns.healthCheckPath, hosts: dns.hosts } } : {}),
      eventsTopicName: cloudName(spec.name, 'dr-events'),
      healthTopicName: cloudName(spec.name, 'dr-health'),
      labels: cloudLabels(spec),
    },
    { parent },
  );
}

/**
 * The bucket of the logical backups, `dr.backupBucket`, replicated to `dr.standbyRegion` when
 * set; and the IRSA roles of the backup's ServiceAccount (`<namespace>/<stack>-backup`, read and write)
 * and the restore drill's (`<namespace>/<stack>-restore-drill`, read) on `clusters` (the primary's and the
 * standby's, whose jobs use the replica), unless the spec brings its own identity in `dr.backupIdentity`,
 * which both jobs then use as given.
 */
export function provisionBackups(spec: ResolvedStack, clusters: readonly aws.Cluster[], parent: pulumi.Resource): aws.BackupBucket {
  return new aws.BackupBucket(
    cloudName(spec.name, 'backups'),
    {
      bucketName: spec.dr.backupBucket,
      retentionDays: spec.dr.backupRetentionDays,
      region: spec.region,
      standbyRegion: spec.dr.standbyRegion,
      ...(spec.dr.backupIdentity === undefined
        ? {
            serviceAccount: { clusters, namespace: spec.namespace, name: k8sNames.backupServiceAccount(spec.name) },
            drillServiceAccount: { clusters, namespace: spec.namespace, name: k8sNames.restoreDrillServiceAccount(spec.name) },
          }
        : {}),
      labels: cloudLabels(spec),
    },
    { parent },
  );
}

function provisionPostgres(
  spec: ResolvedStack,
  pg: NonNullable<ResolvedStack['postgres']>,
  network: aws.Network,
  cluster: aws.Cluster,
  parent: pulumi.Resource,
  seed: aws.PostgresSeed | undefined,
): aws.Postgres {
  // The opt-out is a validation matter only.
  const { allowSingleZoneInProduction: _optOut, ...settings } = instanceSettings(pg);
  return new aws.Postgres(
    cloudName(spec.name, 'postgres'),
    {
      ...settings,
      network,
      clients: cluster,
      secretKey: datastoreRemoteKey(spec.name, spec.environment, 'postgres'),
      roles: postgresRoles(spec).map((r) => r.name),
      ...(seed ? { seed } : {}),
      region: spec.region,
      labels: cloudLabels(spec),
    },
    { parent },
  );
}

function provisionRedis(
  spec: ResolvedStack,
  r: NonNullable<ResolvedStack['redis']>,
  network: aws.Network,
  cluster: aws.Cluster,
  parent: pulumi.Resource,
): aws.Redis {
  return new aws.Redis(
    cloudName(spec.name, 'redis'),
    {
      ...cloudRedisSettings(r, 'aws'),
      network,
      clients: cluster,
      secretKey: datastoreRemoteKey(spec.name, spec.environment, 'redis'),
      region: spec.region,
      labels: cloudLabels(spec),
    },
    { parent },
  );
}
