/**
 * production-stack: the cdk8s entry point. One typed spec to hardened
 * Kubernetes YAML. Importing it never loads the Pulumi SDKs; the Pulumi side
 * is `production-stack/pulumi`.
 * @module production-stack
 */
export * from './core';
export * from './k8s';
export * from './nats';
export * from './monitoring';
export * from './dr';
export { ProductionStack, type ChartOptions } from './stack/k8s';
