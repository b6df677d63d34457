/**
 * The IRSA role of a service that calls AWS APIs (`cloudAccess.aws`): trusted
 * only by the service's ServiceAccount through the OIDC providers of the
 * clusters it runs on (the primary's and, with a standby region, the
 * standby's: IAM roles are global, so one role serves both), allowed exactly
 * the spec's actions on the spec's resources.
 */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsPermission } from '../core/spec/service';
import { type IrsaCluster, clustersTrustPolicy } from './addon-identity';
import type { PolicyDocument } from './policies';
import { type Tags, named } from './tags';
import { AWS } from '../core/cloud/aws';

/** The inline policy of a service role: one statement per permission. */
export function servicePolicy(permissions: readonly AwsPermission[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: permissions.map((p) => ({ Effect: 'Allow' as const, Action: [...p.actions], Resource: [...p.resources] })),
  };
}

/** Arguments of {@link serviceRole}. */
export interface ServiceRoleArgs {
  /** The clusters whose OIDC providers issue the ServiceAccount's tokens. */
  readonly clusters: readonly IrsaCluster[];
  /** Namespace and name of the service's ServiceAccount. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** What the role may do. */
  readonly permissions: readonly AwsPermission[];
  /** Labels (AWS tags), besides `Name`. */
  readonly labels?: Tags;
}

/** A service's IRSA role, its policy, and the annotation of its ServiceAccount. */
export interface ServiceRole {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
}

/** Creates `<name>` (the role) and `<name>-policy` as children of `parent`. */
export function serviceRole(name: string, args: ServiceRoleArgs, parent: pulumi.Resource): ServiceRole {
  const role = new aws.iam.Role(
    name,
    {
      description: `Service ${args.namespace}/${args.serviceAccount} (IRSA)`,
      assumeRolePolicy: clustersTrustPolicy(args.clusters, args.namespace, args.serviceAccount),
      tags: named(args.labels ?? {}, name),
    },
    { parent },
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    { role: role.id, policy: JSON.stringify(servicePolicy(args.permissions)) },
    { parent },
  );
  return {
    role,
    policy,
    serviceAccountAnnotations: role.arn.apply((arn): Record<string, string> => ({ [AWS.identityAnnotation]: arn })),
  };
}
