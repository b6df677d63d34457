/**
 * Inputs whose change makes Pulumi replace a resource, by type token: the providers' ForceNew fields
 * (pulumi-aws and pulumi-gcp bridge the Terraform providers, whose schemas mark them) and any input of a random
 * password. The Pulumi tests compare these across plans (a resize, a failover, a re-seed) with
 * `replacementInputs`: a protected resource must keep them. A dotted path names a field inside an input
 * (`accessConfig.bootstrapClusterCreatorAdminPermissions`) when the rest of the input updates in place.
 *
 * Some changes replace a resource (or are refused) only one way: a downgrade, a shrink, a removal. Those
 * are {@link CONDITIONAL_FORCE_NEW}, which {@link replacements} applies to two plans.
 *
 * Sources (the providers' schemas, read for the versions in package.json: @pulumi/aws 7, @pulumi/gcp 9):
 * - AWS: hashicorp/terraform-provider-aws internal/service/rds/instance.go, elasticache/replication_group.go
 *   and engine_version.go, eks/cluster.go, eks/node_group.go;
 * - GCP: hashicorp/terraform-provider-google google/services/sql/resource_sql_database_instance.go,
 *   container/resource_container_cluster.go, container/resource_container_node_pool.go, container/node_config.go,
 *   redis/resource_redis_instance.go.
 */
import type { PlanResource } from '../../lib/plan';

/** AWS (and @pulumi/random). */
export const AWS_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  // rds/instance.go: ForceNew identifier, engine, db_name, username, kms_key_id, storage_encrypted, availability_zone,
  // character_set_name, snapshot_identifier, timezone (db_subnet_group_name moves the instance in place in newer
  // providers; kept here: a change of subnet group is a move across VPCs we never want)
  'aws:rds/instance:Instance': [
    'identifier',
    'engine',
    'dbName',
    'username',
    'kmsKeyId',
    'storageEncrypted',
    'dbSubnetGroupName',
    'availabilityZone',
    'characterSetName',
    'snapshotIdentifier',
    'timezone',
  ],
  'aws:rds/parameterGroup:ParameterGroup': ['name', 'family', 'description'],
  'aws:rds/subnetGroup:SubnetGroup': ['name'],
  // elasticache/replication_group.go: ForceNew replication_group_id, subnet_group_name, at_rest_encryption_enabled,
  // kms_key_id, port, snapshot_arns, snapshot_name, network_type, data_tiering_enabled, global_replication_group_id.
  // `engine` is not ForceNew (redis → valkey is in place); its downgrade and the version's are conditional, below.
  'aws:elasticache/replicationGroup:ReplicationGroup': [
    'replicationGroupId',
    'subnetGroupName',
    'atRestEncryptionEnabled',
    'kmsKeyId',
    'port',
    'snapshotArns',
    'snapshotName',
    'networkType',
    'dataTieringEnabled',
    'globalReplicationGroupId',
  ],
  'aws:elasticache/parameterGroup:ParameterGroup': ['name', 'family', 'description'],
  'aws:elasticache/subnetGroup:SubnetGroup': ['name'],
  'aws:ec2/securityGroup:SecurityGroup': ['name', 'description', 'vpcId'],
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': ['securityGroupId'],
  'aws:kms/key:Key': ['keyUsage', 'customerMasterKeySpec', 'multiRegion', 'region'],
  'aws:s3/bucket:Bucket': ['bucket', 'region'],
  // eks/cluster.go: ForceNew name, role_arn, bootstrap_self_managed_addons, access_config.bootstrap_cluster_creator_admin_permissions,
  // kubernetes_network_config.ip_family and service_ipv4_cidr, outpost_config; region (the v7 per-resource region).
  // vpc_config.subnet_ids and the version update in place; removing encryption_config is conditional, below.
  'aws:eks/cluster:Cluster': [
    'name',
    'roleArn',
    'region',
    'bootstrapSelfManagedAddons',
    'accessConfig.bootstrapClusterCreatorAdminPermissions',
    'kubernetesNetworkConfig.ipFamily',
    'kubernetesNetworkConfig.serviceIpv4Cidr',
    'outpostConfig',
  ],
  // eks/node_group.go: ForceNew cluster_name, node_group_name, node_group_name_prefix, node_role_arn, subnet_ids,
  // instance_types, ami_type, capacity_type, disk_size, remote_access, launch_template.id and .name (its version
  // updates in place: a new launch template version rolls the nodes)
  'aws:eks/nodeGroup:NodeGroup': [
    'clusterName',
    'nodeGroupName',
    'nodeGroupNamePrefix',
    'nodeRoleArn',
    'subnetIds',
    'instanceTypes',
    'amiType',
    'capacityType',
    'diskSize',
    'remoteAccess',
    'launchTemplate.id',
    'launchTemplate.name',
    'region',
  ],
  'aws:ec2/vpc:Vpc': ['cidrBlock', 'region'],
  // ec2/vpc_peering_connection.go and vpc_peering_connection_accepter.go: ForceNew vpc_id, peer_vpc_id, peer_owner_id,
  // peer_region; the acceptance's vpc_peering_connection_id
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection': ['vpcId', 'peerVpcId', 'peerOwnerId', 'peerRegion', 'region'],
  'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter': ['vpcPeeringConnectionId', 'region'],
  'aws:ec2/subnet:Subnet': ['cidrBlock', 'availabilityZone', 'vpcId'],
  'aws:route53/record:Record': ['zoneId', 'name', 'type', 'setIdentifier'],
  'aws:route53/healthCheck:HealthCheck': ['type', 'requestInterval'],
  'aws:sns/topic:Topic': ['name', 'region'],
  'aws:secretsmanager/secret:Secret': ['name'],
  'aws:secretsmanager/secretVersion:SecretVersion': ['secretId'],
  'random:index/randomPassword:RandomPassword': ['length', 'special', 'overrideSpecial', 'minLower', 'minUpper', 'minNumeric', 'keepers'],
};

/**
 * GCP. A Cloud SQL instance's `masterInstanceName` is left out: setting it replaces the instance, but removing
 * it (with `instanceType` CLOUD_SQL_INSTANCE) is the promotion, done in place; test/gcp/reseed.test.ts checks both.
 */
export const GCP_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  // sql/resource_sql_database_instance.go: ForceNew name, region, project, encryption_key_name, settings.collation,
  // settings.time_zone (database_version: kept, a major upgrade is a migration we plan on purpose); a disk shrink
  // and removing the private network are conditional, below
  'gcp:sql/databaseInstance:DatabaseInstance': [
    'name',
    'region',
    'databaseVersion',
    'project',
    'encryptionKeyName',
    'settings.collation',
    'settings.timeZone',
  ],
  'gcp:sql/database:Database': ['name', 'instance'],
  'gcp:sql/user:User': ['name', 'instance'],
  // redis/resource_redis_instance.go: ForceNew name, region, location_id, alternative_location_id, tier,
  // transit_encryption_mode, connect_mode, authorized_network, reserved_ip_range, customer_managed_key, project;
  // a redis_version downgrade is conditional, below
  'gcp:redis/instance:Instance': [
    'name',
    'region',
    'project',
    'locationId',
    'alternativeLocationId',
    'tier',
    'transitEncryptionMode',
    'connectMode',
    'authorizedNetwork',
    'reservedIpRange',
    'customerManagedKey',
  ],
  'gcp:compute/network:Network': ['name', 'autoCreateSubnetworks'],
  'gcp:compute/subnetwork:Subnetwork': ['network', 'region', 'ipCidrRange'],
  // container/resource_container_cluster.go: ForceNew name, location, project, network, subnetwork, networking_mode,
  // ip_allocation_policy, private_cluster_config.enable_private_nodes and master_ipv4_cidr_block, datapath_provider,
  // description, initial_node_count, node_config (the default pool's; both ignored here, the pool is removed),
  // default_max_pods_per_node, enable_autopilot, enable_kubernetes_alpha, cluster_ipv4_cidr
  'gcp:container/cluster:Cluster': [
    'name',
    'location',
    'project',
    'network',
    'subnetwork',
    'networkingMode',
    'ipAllocationPolicy',
    'privateClusterConfig.enablePrivateNodes',
    'privateClusterConfig.masterIpv4CidrBlock',
    'datapathProvider',
    'description',
    'initialNodeCount',
    'nodeConfig',
    'defaultMaxPodsPerNode',
    'enableAutopilot',
    'enableKubernetesAlpha',
    'clusterIpv4Cidr',
  ],
  // container/resource_container_node_pool.go: ForceNew name, name_prefix, cluster, location, project,
  // initial_node_count, max_pods_per_node, placement_policy, network_config.pod_range and create_pod_range;
  // container/node_config.go: ForceNew service_account, oauth_scopes, metadata, shielded_instance_config,
  // preemptible, spot, min_cpu_platform, local_ssd_count, guest_accelerator (machine_type, disk_size_gb,
  // disk_type, image_type, labels and resource_labels update in place)
  'gcp:container/nodePool:NodePool': [
    'name',
    'namePrefix',
    'cluster',
    'location',
    'project',
    'initialNodeCount',
    'maxPodsPerNode',
    'placementPolicy',
    'networkConfig.podRange',
    'networkConfig.createPodRange',
    'nodeConfig.serviceAccount',
    'nodeConfig.oauthScopes',
    'nodeConfig.metadata',
    'nodeConfig.shieldedInstanceConfig',
    'nodeConfig.preemptible',
    'nodeConfig.spot',
    'nodeConfig.minCpuPlatform',
    'nodeConfig.localSsdCount',
    'nodeConfig.guestAccelerators',
  ],
  'gcp:kms/cryptoKey:CryptoKey': ['keyRing', 'purpose'],
  'gcp:dns/recordSet:RecordSet': ['managedZone', 'name', 'type'],
  'gcp:dns/managedZone:ManagedZone': ['name', 'dnsName', 'visibility', 'project'],
  'gcp:compute/address:Address': ['name', 'region', 'address', 'addressType', 'networkTier', 'ipVersion', 'description', 'project'],
  'gcp:secretmanager/secret:Secret': ['secretId', 'replication'],
  'gcp:secretmanager/regionalSecret:RegionalSecret': ['secretId', 'location'],
  'gcp:pubsub/topic:Topic': ['name'],
  'gcp:storage/bucket:Bucket': ['name', 'location', 'customPlacementConfig'],
};

/** The value at a dotted path of a resource's inputs. */
export function inputAt(inputs: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), inputs);
}

/** A change of one input that replaces the resource, or that the cloud refuses, only in one direction. */
export interface ConditionalForceNew {
  /** Type token. */
  readonly type: string;
  /** The input (dotted path). */
  readonly input: string;
  /** What the provider does: replaces the resource, or fails the update. */
  readonly effect: 'replaces' | 'refused';
  /** Whether the change from `before` to `after` (both known values of the input) triggers it. */
  readonly when: (before: unknown, after: unknown) => boolean;
  /** Where the provider says so. */
  readonly source: string;
}

/** `[major, minor]` of a version string (`7.1`, `REDIS_7_2`, `POSTGRES_16`); undefined when it has none (`6.x`, `REDIS_6_X`). */
function versionOf(v: unknown): [number, number] | undefined {
  const m = typeof v === 'string' ? /(\d+)(?:[._](\d+))?/.exec(v.replace(/^[A-Z]+_/, '')) : null;
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** True when `after` is an older version than `before` (both readable). */
function downgrade(before: unknown, after: unknown): boolean {
  const [b, a] = [versionOf(before), versionOf(after)];
  return b !== undefined && a !== undefined && (a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]));
}

const smaller = (before: unknown, after: unknown) => typeof before === 'number' && typeof after === 'number' && after < before;
const removed = (before: unknown, after: unknown) =>
  before !== undefined && before !== null && (after === undefined || after === null || after === '');

/** Changes that replace a resource, or are refused, only one way. */
export const CONDITIONAL_FORCE_NEW: readonly ConditionalForceNew[] = [
  {
    type: 'aws:elasticache/replicationGroup:ReplicationGroup',
    input: 'engineVersion',
    effect: 'replaces',
    when: downgrade,
    source: 'terraform-provider-aws elasticache/engine_version.go customizeDiffEngineVersionForceNewOnDowngrade',
  },
  {
    type: 'aws:elasticache/replicationGroup:ReplicationGroup',
    input: 'engine',
    effect: 'replaces',
    when: (before, after) => before === 'valkey' && after === 'redis',
    source: 'terraform-provider-aws elasticache/replication_group.go customizeDiffEngineForceNewOnDowngrade',
  },
  {
    type: 'aws:rds/instance:Instance',
    input: 'engineVersion',
    effect: 'refused',
    when: downgrade,
    source: 'RDS ModifyDBInstance: a DB engine version cannot be downgraded (restore a snapshot instead)',
  },
  {
    type: 'aws:eks/cluster:Cluster',
    input: 'encryptionConfig',
    effect: 'replaces',
    when: removed,
    source: 'terraform-provider-aws eks/cluster.go ForceNewIfChange("encryption_config"): envelope encryption cannot be turned off',
  },
  {
    type: 'aws:eks/cluster:Cluster',
    input: 'version',
    effect: 'refused',
    when: downgrade,
    source: 'EKS UpdateClusterVersion: a control plane is never downgraded',
  },
  {
    type: 'gcp:sql/databaseInstance:DatabaseInstance',
    input: 'settings.diskSize',
    effect: 'replaces',
    when: smaller,
    source: 'terraform-provider-google sql/resource_sql_database_instance.go ForceNewIfChange("settings.0.disk_size", isDiskShrinkage)',
  },
  {
    type: 'gcp:sql/databaseInstance:DatabaseInstance',
    input: 'settings.ipConfiguration.privateNetwork',
    effect: 'replaces',
    when: removed,
    source: 'terraform-provider-google sql/resource_sql_database_instance.go privateNetworkCustomizeDiff',
  },
  {
    type: 'gcp:redis/instance:Instance',
    input: 'redisVersion',
    effect: 'replaces',
    when: downgrade,
    source: 'terraform-provider-google redis/resource_redis_instance.go ForceNewIfChange("redis_version", isRedisVersionDecreasing)',
  },
  {
    // the provider updates readReplicasMode in place (not immutable in magic-modules' Instance.yaml), and leaves it
    // as it is when unset (default_from_api); Memorystore refuses to turn read replicas off
    type: 'gcp:redis/instance:Instance',
    input: 'readReplicasMode',
    effect: 'refused',
    when: (before, after) => before === 'READ_REPLICAS_ENABLED' && after === 'READ_REPLICAS_DISABLED',
    source: 'Memorystore: "Once read replicas are enabled on an instance read replicas can no longer be disabled" (about-read-replicas)',
  },
];

/** One change between two plans that replaces a resource or that the cloud refuses. */
export interface Replacement {
  readonly type: string;
  readonly name: string;
  readonly input: string;
  readonly effect: 'replaces' | 'refused';
  readonly before: unknown;
  readonly after: unknown;
}

/** True when the resource ignores changes of the input (or of an input it sits in). */
function ignored(r: PlanResource, path: string): boolean {
  return (r.options.ignoreChanges ?? []).some((p) => path === p || path.startsWith(`${p}.`));
}

/**
 * The changes from `before` to `after` (two plans of one stack) that would replace a resource or be refused:
 * an unconditional ForceNew input whose value changes, or a conditional one whose change goes the wrong way,
 * for every resource in both plans (by type and name), but inputs the resource ignores (`ignoreChanges`).
 */
export function replacements(
  before: readonly PlanResource[],
  after: readonly PlanResource[],
  forceNew: Readonly<Record<string, readonly string[]>> = { ...AWS_FORCE_NEW, ...GCP_FORCE_NEW },
  conditional: readonly ConditionalForceNew[] = CONDITIONAL_FORCE_NEW,
): Replacement[] {
  const found: Replacement[] = [];
  for (const now of after) {
    const was = before.find((r) => r.type === now.type && r.name === now.name);
    if (!was) continue;
    const at = (path: string) => [inputAt(was.inputs, path), inputAt(now.inputs, path)] as const;
    for (const input of forceNew[now.type] ?? []) {
      const [b, a] = at(input);
      if (!ignored(now, input) && JSON.stringify(b) !== JSON.stringify(a))
        found.push({ type: now.type, name: now.name, input, effect: 'replaces', before: b, after: a });
    }
    for (const c of conditional.filter((x) => x.type === now.type)) {
      const [b, a] = at(c.input);
      if (!ignored(now, c.input) && c.when(b, a))
        found.push({ type: now.type, name: now.name, input: c.input, effect: c.effect, before: b, after: a });
    }
  }
  return found;
}
