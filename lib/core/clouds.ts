/**
 * The cloud-specific types of the Pulumi side, by cloud, in a registry each cloud's module adds itself to
 * (module augmentation: `lib/aws` and `lib/stack/aws.ts` add `aws`, `lib/gcp` and `lib/stack/gcp.ts` add `gcp`). The shared
 * components (the stack, the add-ons, the NATS secrets, the service identities) name their cloud-typed
 * members through it rather than by importing both clouds, so their declarations import neither: a program
 * that imports one cloud's entry point (`production-stack/pulumi/aws`) type-checks that cloud's SDK only,
 * and sees its members typed for that cloud (`stack.cloud` is `AwsResources`); with both clouds loaded
 * (`production-stack/pulumi`) they are the union, to narrow on `cloud` as before.
 * @module
 */

import type { Cloud } from './spec/stack';

/**
 * The registry: `<cloud>.<name>` to a type, for instance `aws.resources`. Empty here; each cloud's modules add
 * their entries (one interface member per entry, so that several modules can add to one cloud).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface CloudTypes {}

/** Cloud `C`'s type `K`, or `never` when that cloud's module is not loaded. */
export type CloudType<C extends Cloud, K extends string> = `${C}.${K}` extends keyof CloudTypes ? CloudTypes[`${C}.${K}`] : never;

/** Type `K` of every loaded cloud that has one: the union to narrow on the cloud. */
export type AnyCloudType<K extends string> = { [C in Cloud]: CloudType<C, K> }[Cloud];

/** The cloud resources of a stack, by cloud: `AwsResources` or `GcpResources` (narrow on `cloud`). */
export type CloudResources = AnyCloudType<'resources'>;
