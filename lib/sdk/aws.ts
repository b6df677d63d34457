/**
 * The parts of `@pulumi/aws` the library uses, each imported from its own module. The package's root
 * declares every AWS service (about 11 MB of types besides the shared input and output types), and a
 * program importing this library type-checks whatever the library's declarations import: imported by
 * module, a user's project checks only these. The library imports the AWS SDK from here alone (a lint
 * rule refuses `@pulumi/aws` elsewhere).
 * @module
 */
export * as cloudwatch from '@pulumi/aws/cloudwatch';
export * as ec2 from '@pulumi/aws/ec2';
export * as eks from '@pulumi/aws/eks';
export * as elasticache from '@pulumi/aws/elasticache';
export * as iam from '@pulumi/aws/iam';
export * as kms from '@pulumi/aws/kms';
export * as rds from '@pulumi/aws/rds';
export * as route53 from '@pulumi/aws/route53';
export * as s3 from '@pulumi/aws/s3';
export * as secretsmanager from '@pulumi/aws/secretsmanager';
export * as sns from '@pulumi/aws/sns';
export * as sqs from '@pulumi/aws/sqs';
export * as vpc from '@pulumi/aws/vpc';
export * as types from '@pulumi/aws/types';
export { getAvailabilityZonesOutput } from '@pulumi/aws/getAvailabilityZones';
export { getCallerIdentityOutput } from '@pulumi/aws/getCallerIdentity';
export { getPartitionOutput } from '@pulumi/aws/getPartition';
export { getRegionOutput } from '@pulumi/aws/getRegion';
