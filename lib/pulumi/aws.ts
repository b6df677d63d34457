/**
 * production-stack/pulumi/aws: the Pulumi entry point of a stack on AWS. The same spec and components as
 * `production-stack/pulumi`, with the AWS components (`aws`) and not the GCP ones, so a program
 * type-checks the AWS SDK only; its {@link ProductionStack} provisions AWS only, and `stack.cloud` is
 * typed `AwsResources`.
 * @module production-stack/pulumi/aws
 */
import { ProductionStack as AnyCloudStack } from '../stack/pulumi';
import type { AwsResources } from '../stack/aws';

export * from './shared';
export type { AwsResources, GatewayTarget } from '../stack/aws';
export * as aws from '../aws';

/**
 * The {@link AnyCloudStack | ProductionStack} of a spec with `cloud: 'aws'` (a spec for another cloud is a
 * validation problem at `cloud`): the same resources, names and type token.
 */
export class ProductionStack extends AnyCloudStack {
  protected static override readonly provisions = 'aws';
  /** The cloud resources: network and cluster, on AWS (whatever else the program loads). */
  declare public readonly cloud: AwsResources;
}
