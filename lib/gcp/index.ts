/**
 * The GCP side of ProductionStack: the VPC, the GKE cluster, Cloud SQL and Memorystore, as Pulumi components.
 * @module gcp
 */
export { Network, type NetworkArgs, PODS_RANGE_NAME, SERVICES_RANGE_NAME, DEFAULT_FLOW_LOG_SAMPLING } from './network';
export {
  Cluster,
  type ClusterArgs,
  type ClusterNetwork,
  type PeerSubnet,
  type ReleaseChannel,
  NODE_SERVICE_ACCOUNT_ROLES,
  CLOUD_PLATFORM_SCOPE,
  SECRETS_KEY_ROTATION,
  apiEndpointAccess,
  gkeServiceAgent,
} from './cluster';
export {
  secondaryRanges,
  type SecondaryRanges,
  type SecondaryRangeOptions,
  DEFAULT_PODS_PREFIX,
  DEFAULT_SERVICES_PREFIX,
  privateServicesRange,
  DEFAULT_PRIVATE_SERVICES_PREFIX,
} from '../core/gcp-ranges';
export { serviceAccountId, SERVICE_ACCOUNT_ID } from './naming';
export { initialNodesPerZone } from './nodes';
export { gkeKubeconfig, type GkeKubeconfigArgs } from './kubeconfig';
export { type PrivateServiceAccess, SERVICE_NETWORKING } from './private-services';
export { Postgres, type PostgresArgs, type PostgresSeed, POSTGRES_PASSWORD_LENGTH, QUERY_INSIGHTS } from './postgres';
export { Redis, type RedisArgs, REDIS_MAINTENANCE_WINDOW, DEFAULT_RDB_SNAPSHOT_PERIOD } from './redis';
export { NatsSecret, type NatsSecretArgs, GCP_NATS_SECRET_TYPE } from './nats-secret';
export {
  type MaintenanceWindow,
  type DailyWindow,
  type DatabaseFlag,
  CLOUD_SQL_DAYS,
  ENTERPRISE_LOG_RETENTION_DAYS,
  ENTERPRISE_PLUS_LOG_RETENTION_DAYS,
  PARAMETER_UNITS,
  cloudSqlVersion,
  cloudSqlEdition,
  cloudSqlFlagValue,
  databaseFlags,
  defaultMaintenanceWindow,
  parseWindow,
  transactionLogRetentionDays,
} from './cloudsql';
export {
  MEMORYSTORE_VERSIONS,
  MAXMEMORY_POLICIES,
  MEMORYSTORE_TLS_PORT,
  MEMORYSTORE_MAX_REPLICAS,
  READ_REPLICAS_MIN_GIB,
  READ_REPLICAS_MIN_NODES,
  type MemorystoreNodes,
  type MemorystoreProblem,
  type RdbSnapshotPeriod,
  memorystoreNodeProblems,
  memorystoreNodes,
  memorystoreVersion,
} from './memorystore';
export { SECRET_ID, secretId, caBundle, connectionSecret, type ConnectionSecret, type ConnectionSecretArgs } from './secrets';
export * from './addon-identity';
export { acmeChallengeZone, acmeChallengeName, type AcmeChallengeZone, type AcmeChallengeZoneArgs, ACME_RECORD_TTL } from './acme-zone';
export {
  BackupBucket,
  type BackupBucketArgs,
  type BackupServiceAccount,
  type BucketLocation,
  GCP_BACKUP_BUCKET_TYPE,
  BACKUP_OBJECT_ROLE,
  RESTORE_OBJECT_ROLE,
  DEFAULT_NONCURRENT_VERSION_DAYS,
  DEFAULT_SOFT_DELETE_SECONDS,
  backupBucketLocation,
  backupLifecycleRules,
} from './backup-bucket';
export * from './service-identity';
export {
  ProjectServices,
  type ProjectServicesArgs,
  type ProjectServiceUse,
  PROJECT_SERVICES,
  GCP_PROJECT_SERVICES_TYPE,
  RESOURCE_MANAGER_SERVICE,
  SECRET_MANAGER_SERVICE,
  ZONES_LOOKUP,
  PROJECT_LOOKUP,
  servicesOf,
  requireProjectServices,
} from './project-services';
export { regionalSubnet, type RegionalSubnet, type RegionalSubnetArgs } from './network';
export { instanceSettings, type InstanceSettingsArgs } from './postgres';
export { PostgresReplica, type PostgresReplicaArgs } from './postgres-replica';
export {
  CLOUD_SQL_CA_MODE,
  CLOUD_SQL_CERTIFICATE_ROTATION,
  INSTANCE_RECORD_TTL,
  type InstanceDnsName,
  type InstanceDnsNameArgs,
  instanceDnsName,
  privateServicesDnsName,
} from './cloudsql-dns';
export {
  Standby,
  type StandbyArgs,
  type CloudDnsFailoverArgs,
  GCP_STANDBY_TYPE,
  EXTRA_PROBE_REGIONS,
  probeRegions,
  failoverRouting,
  standbySubnetRanges,
} from './standby';
export { FAILOVER_RECORD_TTL } from '../core/standby';

declare module '../core/clouds' {
  /** The GCP components' entries in the registry of cloud types (see `CloudTypes`), read by the shared add-ons and stack. */
  interface CloudTypes {
    'gcp.natsSecret': import('./nats-secret').NatsSecret;
    'gcp.certManagerServiceAccount': import('./addon-identity').CertManagerDnsServiceAccount;
    'gcp.externalSecretsServiceAccount': import('./addon-identity').ExternalSecretsServiceAccount;
  }
}
