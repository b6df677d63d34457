/**
 * The parts of `@pulumi/gcp` the library uses, each imported from its own module: the package's root
 * declares every Google Cloud service, and a program importing this library type-checks whatever the
 * library's declarations import (see `sdk/aws`). The library imports the GCP SDK from here alone.
 * @module
 */
export * as compute from '@pulumi/gcp/compute';
export * as container from '@pulumi/gcp/container';
export * as dns from '@pulumi/gcp/dns';
export * as kms from '@pulumi/gcp/kms';
export * as logging from '@pulumi/gcp/logging';
export * as organizations from '@pulumi/gcp/organizations';
export * as projects from '@pulumi/gcp/projects';
export * as pubsub from '@pulumi/gcp/pubsub';
export * as redis from '@pulumi/gcp/redis';
export * as secretmanager from '@pulumi/gcp/secretmanager';
export * as serviceaccount from '@pulumi/gcp/serviceaccount';
export * as servicenetworking from '@pulumi/gcp/servicenetworking';
export * as sql from '@pulumi/gcp/sql';
export * as storage from '@pulumi/gcp/storage';
export * as types from '@pulumi/gcp/types';
