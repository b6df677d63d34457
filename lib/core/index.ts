/**
 * The pure core: the spec's types, defaults, validation and naming. No cdk8s
 * or Pulumi import, so both backends (and plain tools) can use it.
 * @module core
 */
export * from './spec/stack';
export * from './spec/service';
export * from './spec/edge';
export { encodedPathPattern, ENVOY_GATEWAY, ENVOY_PROXY_LABELS, envoyProxyLabels, envoyServiceName } from './edge';
export * from './spec/datastores';
export * from './spec/nats';
export * from './spec/secrets';
export * from './spec/monitoring';
export * from './spec/dr';
export * from './spec/jobs';
export {
  DEFAULTS,
  resolve,
  type ResolvedStack,
  type ResolvedService,
  type ResolvedPort,
  type ResolvedCronJob,
  type ResolvedEdge,
  type ResolvedRoute,
  type ResolvedNodePool,
  type ResolvedResources,
  resolveCluster,
  resolveCronJob,
  resolveDr,
  resolveEdge,
  resolveEnvironment,
  resolveMonitoring,
  resolveNats,
  resolvePostgres,
  resolveRedis,
  resolveService,
  resolveStream,
} from './resolve';
export { portProtocol, POSTGRES_PORT, REDIS_PORT, NATS_CLIENT_PORT } from './ports';
export { IMAGES } from './images';
export { cloudProfile, CLOUD_PROFILES, type CloudProfile } from './cloud';
export type { WorkloadScale } from './standby';
export { resolveNodePool, type NodePoolOwner } from './validation/node-pool';
export { check, validate, type ValidateOptions, formatProblem, ValidationError, type Problem } from './validation';
export { k8sNames, datastoreRemoteKey, cloudName, DATASTORE_KEYS, secretId, secretManagerName, SECRET_ID } from './naming';
export {
  POSTGRES_CA_DIR,
  POSTGRES_CA_FILE,
  type PostgresConnection,
  type PostgresConnectionArgs,
  type PostgresRoleConnection,
  type RedisConnection,
  postgresUrl,
  postgresConnection,
  postgresProperty,
  credentialsDigest,
  redisConnection,
} from './datastore-connection';
export {
  BACKUP_ROLE,
  MIGRATE_ROLE,
  MONITOR_ROLE,
  POSTGRES_GROUPS,
  type PostgresAccess,
  type PostgresRole,
  clientRole,
  needsBootstrap,
  postgresRoles,
} from './postgres-roles';
export { type DatabaseSetup, bootstrapSql, verifierVariable } from './postgres-bootstrap';
export {
  EXPORTERS,
  EXPORTER_METRICS,
  EXPORTER_SETTINGS_SINCE,
  EXPORTER_POSTGRES_CONNECTIONS,
  EXPORTER_PORT_NAME,
  EXPORTER_RESOURCES,
  type ExportedStore,
  type ExporterImage,
  type ExporterMetric,
  exportedStores,
} from './exporters';
export { scramVerifier } from './scram';
export {
  CLUSTER_DNS,
  EKS_KUBERNETES_SERVICE_IPS,
  GKE_METADATA_SERVER,
  apiServerAddresses,
  clusterNetworks,
  datastoreEndpoints,
  type DatastoreEndpoint,
  type EgressDestination,
  MEMORYSTORE_TLS_PORT,
  tracingDestination,
} from './endpoints';
export { NON_PUBLIC_BLOCKS, publicExcept } from './cidr';
export { cronIntervalMinutes } from './cron';
export {
  KUBERNETES_SUPPORT,
  POSTGRES_SUPPORT,
  REDIS_SUPPORT,
  SUPPORT_WARNING_DAYS,
  kubernetesSupport,
  postgresSupport,
  redisSupport,
  supportedKubernetes,
  newestSupportedKubernetes,
  type KubernetesSupport,
  type RedisSupport,
} from './support';
export { recoveryPoint, type RecoveryPoint, PITR_RPO_MINUTES } from './recovery';
export { architectureDiagram } from './diagram';
export { failoverRunbook } from './runbook';
export {
  standbyNodes,
  standbyActive,
  regionDatabases,
  passiveIsFailoverTarget,
  databaseInstanceOptions,
  type RegionDatabase,
  type StandbyRoles,
  PILOT_LIGHT_NODES,
  WARM_STANDBY_SHARE,
  FAILOVER_RECORD_TTL,
} from './standby';
export { parseQuantity, quantityGiB } from './quantity';
export {
  POSTGRES_PARAMETERS,
  convertParameter,
  isStaticParameter,
  type PostgresParameter,
  type ConvertedParameter,
} from './postgres-parameters';
export { isUnresolved } from './tokens';
export { promqlProblem } from './promql';
export { isCidr, isCronSchedule } from './formats';
export { CLOUD_NAME_LIMITS, maxStackName, type CloudNameLimit, type NameContext } from './cloud-names';
export {
  KARPENTER_CATEGORIES,
  KARPENTER_DISCOVERY_TAG,
  KARPENTER_INSTANCE_TYPES,
  ec2InstanceShape,
  karpenterLimits,
  type Ec2InstanceShape,
  type KarpenterLimits,
  type KarpenterPoolSizes,
} from './karpenter';
export { isSecretLikeEnvName } from './names';
