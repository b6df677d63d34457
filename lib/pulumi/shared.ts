/**
 * What every Pulumi entry point exports (`production-stack/pulumi` and the per-cloud `/pulumi/aws` and
 * `/pulumi/gcp`): the pure core and the cloud-neutral components. The entry points add the cloud's
 * components and their `ProductionStack`.
 * @module
 */
export * from '../core';
export { type ProductionStackArgs, PRODUCTION_STACK_TYPE, cloudLabels } from '../stack/pulumi';
export type { CloudTypes, CloudType, AnyCloudType, CloudResources } from '../core/clouds';
export type { PostgresInstanceSpec } from '../datastores/postgres-instance';
export * as addons from '../addons';
export {
  Workloads,
  type WorkloadsArgs,
  type WorkloadScale,
  WORKLOADS_TYPE,
  KubernetesObject,
  type KubernetesManifest,
  type DeployedManifest,
  holdsData,
} from '../stack/workloads';
export { type ServiceIdentity } from '../stack/service-identities';
export { type NatsSecrets, type RegionNatsSecret } from '../stack/nats-secrets';
