/**
 * production-stack/pulumi: the Pulumi entry point. One typed spec to cloud
 * resources on AWS or GCP. It re-exports the pure core (spec types, defaults,
 * validation, naming) and the cloud components as the `aws` and `gcp`
 * namespaces. The cdk8s side is the package's main entry point.
 * @module production-stack/pulumi
 */
export * from './core';
export {
  ProductionStack,
  type ProductionStackArgs,
  type CloudResources,
  type AwsResources,
  type GcpResources,
  PRODUCTION_STACK_TYPE,
  stackLabels,
} from './stack/pulumi';
export type { PostgresInstanceSpec } from './datastores/postgres-instance';
export * as aws from './aws';
export * as gcp from './gcp';
export * as addons from './addons';
export {
  Workloads,
  type WorkloadsArgs,
  type WorkloadScale,
  WORKLOADS_TYPE,
  KubernetesObject,
  type KubernetesManifest,
  type DeployedManifest,
  holdsData,
} from './stack/workloads';
export { type ServiceIdentity } from './stack/service-identities';
export { type NatsSecrets, type RegionNatsSecret } from './stack/nats-secrets';
