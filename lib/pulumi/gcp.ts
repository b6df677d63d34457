/**
 * production-stack/pulumi/gcp: the Pulumi entry point of a stack on GCP. The same spec and components as
 * `production-stack/pulumi`, with the GCP components (`gcp`) and not the AWS ones, so a program
 * type-checks the GCP SDK only; its {@link ProductionStack} provisions GCP only, and `stack.cloud` is
 * typed `GcpResources`.
 * @module production-stack/pulumi/gcp
 */
import { ProductionStack as AnyCloudStack } from '../stack/pulumi';
import type { GcpResources } from '../stack/gcp';

export * from './shared';
export type { GcpResources } from '../stack/gcp';
export * as gcp from '../gcp';

/**
 * The {@link AnyCloudStack | ProductionStack} of a spec with `cloud: 'gcp'` (a spec for another cloud is a
 * validation problem at `cloud`): the same resources, names and type token.
 */
export class ProductionStack extends AnyCloudStack {
  protected static override readonly provisions = 'gcp';
  /** The cloud resources: network and cluster, on GCP (whatever else the program loads). */
  declare public readonly cloud: GcpResources;
}
