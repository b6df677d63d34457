/**
 * The cloud-specific types of the Pulumi side, by cloud, in a registry each cloud's module adds itself to
 * (module augmentation: `lib/stack/aws.ts` adds `aws`, `lib/stack/gcp.ts` adds `gcp`). The shared
 * components (the stack, the add-ons, the NATS secrets, the service identities) name their cloud-typed
 * members through it rather than by importing both clouds, so their declarations import neither: a program
 * that imports one cloud's entry point (`production-stack/pulumi/aws`) type-checks that cloud's SDK only,
 * and sees its members typed for that cloud (`stack.cloud` is `AwsResources`); with both clouds loaded
 * (`production-stack/pulumi`) they are the union, to narrow on `cloud` as before.
 * @module
 */

/** The registry: cloud name to its types. Empty here; each cloud's module adds its entry. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface CloudTypes {}

/** Cloud `C`'s type `K`, or `never` when that cloud is not loaded. */
export type CloudType<C extends string, K extends string> = C extends keyof CloudTypes
  ? K extends keyof CloudTypes[C]
    ? CloudTypes[C][K]
    : never
  : never;

/** Type `K` of every loaded cloud that has one: the union to narrow on the cloud. */
export type AnyCloudType<K extends string> = { [C in keyof CloudTypes]: CloudType<C, K> }[keyof CloudTypes];

/** The cloud resources of a stack, by cloud: `AwsResources` or `GcpResources` (narrow on `cloud`). */
export type CloudResources = AnyCloudType<'resources'>;
