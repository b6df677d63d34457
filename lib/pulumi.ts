/**
 * production-stack/pulumi: the Pulumi entry point. One typed spec to cloud
 * resources on AWS or GCP. It re-exports the pure core (spec types, defaults,
 * validation, naming) and the cloud components as the `aws` and `gcp`
 * namespaces. A program for one cloud type-checks faster from that cloud's
 * entry point (`production-stack/pulumi/aws`, `production-stack/pulumi/gcp`),
 * which loads that cloud's SDK only. The cdk8s side is the package's main entry point.
 * @module production-stack/pulumi
 */
export * from './pulumi/shared';
export { ProductionStack } from './stack/pulumi';
export type { AwsResources, GatewayTarget } from './stack/aws';
export type { GcpResources } from './stack/gcp';
export * as aws from './aws';
export * as gcp from './gcp';
