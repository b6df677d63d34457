/**
 * The AWS side of ProductionStack: the VPC, the EKS cluster (and Karpenter's AWS side), RDS Postgres and ElastiCache Redis, as Pulumi components.
 * @module aws
 */
export {
  Network,
  type NetworkArgs,
  DEFAULT_FLOW_LOG_RETENTION_DAYS,
  INTERFACE_ENDPOINT_PORT,
  INTERFACE_ENDPOINT_SERVICES,
  endpointServiceName,
} from './network';
export {
  Cluster,
  type ClusterArgs,
  type ClusterNetwork,
  CONTROL_PLANE_LOG_TYPES,
  DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
  apiEndpointAccess,
  controlPlaneLogGroupName,
  issuerHostPath,
} from './cluster';
export { subnetLayout, type SubnetLayout, MIN_VPC_PREFIX, MAX_SUBNET_PREFIX, MAX_ZONES } from '../core/subnets';
export { amiTypeFor, type AmiType } from './ami';
export { eksKubeconfig, type EksKubeconfigArgs } from './kubeconfig';
export { LOG_RETENTION_DAYS } from './logs';
export { type ResolvedNodePool } from '../core/resolve';
export { resolveNodePool, type NodePoolOwner } from '../core/validation/node-pool';
export type { Tags } from './tags';
export { pickZones } from '../core/zones';
export {
  Postgres,
  type PostgresArgs,
  type PostgresSeed,
  type RdsParameter,
  POSTGRES_PORT,
  POSTGRES_LOG_EXPORTS,
  DYNAMIC_POSTGRES_PARAMETERS,
  postgresFamily,
  postgresParameters,
  rdsParameterValue,
} from './postgres';
export {
  Redis,
  type RedisArgs,
  REDIS_PORT,
  DEFAULT_SNAPSHOT_WINDOW,
  MAX_REPLICATION_GROUP_ID_LENGTH,
  redisFamily,
  replicationGroupId,
} from './redis';
export { NatsSecret, type NatsSecretArgs, AWS_NATS_SECRET_TYPE } from './nats-secret';
export {
  type DatastoreClients,
  type DatastoreNetwork,
  RDS_CA_IDENTIFIER,
  elastiCacheCaBundle,
  majorVersion,
  maintenanceWindowAfter,
  rdsCaBundle,
} from './datastore';
export * from './addon-identity';
export { API_ENDPOINT_PORT, type PeeredCluster, type ClusterPeering, peerClusterNetworks } from './peering';
export {
  BackupBucket,
  type BackupBucketArgs,
  type BackupServiceAccount,
  type BackupLocation,
  type ReplicationEnds,
  AWS_BACKUP_BUCKET_TYPE,
  BACKUP_KEY_PREFIX,
  BACKUP_OBJECT_ACTIONS,
  BACKUP_KEY_ACTIONS,
  RESTORE_OBJECT_ACTIONS,
  RESTORE_KEY_ACTIONS,
  ABORT_INCOMPLETE_UPLOAD_DAYS,
  DEFAULT_NONCURRENT_VERSION_DAYS,
  backupAccessPolicy,
  restoreAccessPolicy,
  backupLifecycleRules,
  replicationPolicy,
  tlsOnlyBucketPolicy,
  type HardenedBucket,
} from './backup-bucket';
export type { PolicyDocument, PolicyStatement } from './policies';
export * from './service-identity';
export {
  karpenterController,
  karpenterControllerPolicy,
  interruptionQueuePolicy,
  INTERRUPTION_EVENTS,
  INTERRUPTION_QUEUE_RETENTION_SECONDS,
  type KarpenterCluster,
  type KarpenterController,
  type KarpenterControllerArgs,
  type KarpenterPolicyScope,
} from './karpenter';
export { PostgresReplica, type PostgresReplicaArgs } from './postgres-replica';
export {
  Standby,
  type StandbyArgs,
  type FailoverDnsArgs,
  type FailoverRecord,
  failoverTarget,
  STANDBY_TYPE,
  DATABASE_EVENT_CATEGORIES,
  ROUTE53_METRICS_REGION,
  failoverRecords,
} from './standby';
export { FAILOVER_RECORD_TTL, WARM_STANDBY_SHARE, PILOT_LIGHT_NODES, standbyNodes } from '../core/standby';

declare module '../core/clouds' {
  /** The AWS components' entries in the registry of cloud types (see `CloudTypes`), read by the shared add-ons and stack. */
  interface CloudTypes {
    'aws.natsSecret': import('./nats-secret').NatsSecret;
    'aws.externalSecretsRole': import('./addon-identity').ExternalSecretsRole;
    'aws.certManagerRole': import('./addon-identity').IrsaRole;
    'aws.karpenter': import('./karpenter').KarpenterController;
  }
}
