/**
 * The AWS identities of the add-ons: IAM roles for their ServiceAccounts (IRSA),
 * each trusted only by that ServiceAccount's tokens from the cluster's OIDC
 * provider. External Secrets' ClusterSecretStore may only read the stack's secrets;
 * cert-manager may only write the ACME challenge records of the failover name.
 */
import * as aws from '../sdk/aws';
import * as pulumi from '@pulumi/pulumi';
import { AWS_SECRET_NAME } from '../core/validation/remote-keys';
import type { PolicyDocument } from './policies';
import { type Tags, named } from './tags';

import type { IrsaCluster } from './cluster-refs';
import { AWS } from '../core/cloud/aws';

export type { IrsaCluster } from './cluster-refs';

/** Actions the controller needs to read a secret: its value and its metadata (versions, tags). */
export const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] as const;

/** Secrets Manager key prefix of a stack's own secrets (`<stack>/<environment>/`), under which the Pulumi side writes them. */
export function stackSecretPrefix(stack: string, environment: string): string {
  return `${stack}/${environment}/`;
}

/**
 * Trust policy of an IRSA role: only tokens of `system:serviceaccount:<namespace>:<name>`
 * issued for STS by the cluster's OIDC provider may assume it.
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  oidcProviderUrl: string,
  namespace: string,
  serviceAccount: string,
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${oidcProviderUrl}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${oidcProviderUrl}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
}

/**
 * The trust policy (JSON) of an IRSA role that `system:serviceaccount:<namespace>:<name>` assumes
 * from any of `clusters` (the primary's and a standby's: IAM roles are global): one
 * {@link irsaTrustPolicy} statement per cluster.
 */
export function clustersTrustPolicy(clusters: readonly IrsaCluster[], namespace: string, serviceAccount: string): pulumi.Output<string> {
  return pulumi.all(clusters.map((c) => pulumi.all([c.oidcProviderArn, c.oidcProviderUrl]))).apply((providers) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: providers.flatMap(([arn, url]) => irsaTrustPolicy(arn, url, namespace, serviceAccount).Statement),
    }),
  );
}

/** Where a stack's secrets are: partition, region and account of the ARNs. */
export interface SecretLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * ARNs of the secrets a stack reads: every secret under its prefix, and each
 * other remote key it declares (Secrets Manager appends `-` and six random
 * characters to a secret's name in its ARN). Throws on a key or prefix that is
 * not a Secrets Manager name: `*`, `?` or `${...}` in one would widen the policy
 * to other secrets (validation refuses them first).
 */
export function secretArns(where: SecretLocation, prefix: string, remoteKeys: readonly string[]): string[] {
  for (const name of [prefix, ...remoteKeys]) {
    if (!AWS_SECRET_NAME.test(name))
      throw new Error(
        `${JSON.stringify(name)} is not a Secrets Manager secret name: it would put a wildcard into the External Secrets policy`,
      );
  }
  const base = `arn:${where.partition}:secretsmanager:${where.region}:${where.accountId}:secret:`;
  const others = [...new Set(remoteKeys)].filter((k) => !k.startsWith(prefix)).sort();
  return [`${base}${prefix}*`, ...others.map((k) => `${base}${k}-??????`)];
}

/**
 * What the controller may do: read exactly those secrets, and decrypt with
 * the customer KMS keys that encrypt some of them (the datastores'
 * connection secrets), only through Secrets Manager in their region.
 */
export function secretsReadPolicy(arns: readonly string[], keyArns: readonly string[] = [], region?: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadStackSecrets', Effect: 'Allow', Action: [...SECRET_READ_ACTIONS], Resource: [...arns] },
      ...(keyArns.length > 0
        ? [
            {
              Sid: 'DecryptStackSecrets',
              Effect: 'Allow' as const,
              Action: ['kms:Decrypt'],
              Resource: [...keyArns],
              Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
            },
          ]
        : []),
    ],
  };
}

/** Arguments of {@link externalSecretsRole}. */
export interface ExternalSecretsRoleArgs {
  /** The cluster whose OIDC provider issues the ServiceAccount's tokens. */
  readonly cluster: IrsaCluster;
  /** Namespace of the ServiceAccount the ClusterSecretStore authenticates as (External Secrets'). */
  readonly namespace: string;
  /**
   * Name of the ServiceAccount the ClusterSecretStore authenticates as: a ServiceAccount of its own
   * (`EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT`), never the controller's, whose credentials a namespaced SecretStore
   * without `auth` would use.
   */
  readonly serviceAccount: string;
  /** Key prefix of the stack's own secrets, e.g. `shop/production/` (see {@link stackSecretPrefix}). */
  readonly secretPrefix: string;
  /** Remote keys the stack reads outside its prefix. */
  readonly remoteKeys: readonly string[];
  /** Region of the secrets. */
  readonly region: pulumi.Input<string>;
  /**
   * Customer KMS keys that encrypt secrets the controller reads (the datastores' connection secrets).
   * @default - none: every secret it reads uses the AWS-managed key
   */
  readonly decryptKeyArns?: readonly pulumi.Input<string>[];
  /**
   * Labels of the role (AWS tags), besides `Name`.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/** An add-on's IRSA role and its one inline policy. */
export interface IrsaRole {
  /** The role. */
  readonly role: aws.iam.Role;
  /** Its one inline policy. */
  readonly policy: aws.iam.RolePolicy;
  /** Annotations of the ServiceAccount that assumes it. */
  readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
}

/** The IRSA role of External Secrets' ClusterSecretStore and its inline policy (read the stack's secrets). */
export type ExternalSecretsRole = IrsaRole;

/** The ServiceAccount an add-on's IRSA role is for, and the role's tags. */
export interface IrsaSubject {
  /** The cluster whose OIDC provider issues the ServiceAccount's tokens. */
  readonly cluster: IrsaCluster;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** Name of the ServiceAccount. */
  readonly serviceAccount: string;
  /**
   * Labels of the role (AWS tags), besides `Name`.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/**
 * Creates the role `<name>-role`, assumable only by the subject's ServiceAccount, and its inline
 * policy `<name>-policy` (`policy`, as JSON).
 */
export function irsaRole(
  name: string,
  subject: IrsaSubject,
  description: string,
  policy: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): IrsaRole {
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description,
      assumeRolePolicy: pulumi
        .all([subject.cluster.oidcProviderArn, subject.cluster.oidcProviderUrl])
        .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, subject.namespace, subject.serviceAccount))),
      tags: named(subject.labels ?? {}, `${name}-role`),
    },
    opts,
  );
  return {
    role,
    policy: new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy }, opts),
    serviceAccountAnnotations: role.arn.apply((arn): Record<string, string> => ({ [AWS.identityAnnotation]: arn })),
  };
}

/**
 * Creates the IRSA role `<name>-role` and its policy `<name>-policy` of
 * External Secrets' ClusterSecretStore (the ServiceAccount `args.serviceAccount`,
 * whose tokens the controller requests for the store), as children of `parent`.
 */
export function externalSecretsRole(name: string, args: ExternalSecretsRoleArgs, parent: pulumi.Resource): ExternalSecretsRole {
  const opts = { parent };
  const partition = aws.getPartitionOutput({}, opts).partition;
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  const policy = pulumi
    .all([partition, pulumi.output(args.region), accountId, pulumi.all([...(args.decryptKeyArns ?? [])])])
    .apply(([p, region, account, keys]) =>
      JSON.stringify(
        secretsReadPolicy(secretArns({ partition: p, region, accountId: account }, args.secretPrefix, args.remoteKeys), keys, region),
      ),
    );
  const description = `External Secrets ClusterSecretStore (${args.namespace}/${args.serviceAccount}): reads the stack's secrets`;
  return irsaRole(name, args, description, policy, opts);
}

/** Name of the TXT record of a host's ACME DNS-01 challenge, as Route 53 normalizes it in IAM conditions (lowercase, no final dot). */
export function acmeChallengeRecordName(host: string): string {
  return `_acme-challenge.${host.toLowerCase().replace(/\.$/, '')}`;
}

/**
 * What cert-manager's Route 53 DNS-01 solver may do in one hosted zone: write and delete the TXT
 * records of the hosts' challenges (`_acme-challenge.<host>`) and nothing else
 * (`route53:ChangeResourceRecordSetsRecordTypes` and `...NormalizedRecordNames` hold for every change of
 * a request), list the zone's records, and follow its changes until they are in sync. Not
 * `route53:ListHostedZonesByName`: the solver names the zone (`hostedZoneID`), so it never looks it up.
 */
export function route53Dns01Policy(partition: string, zoneId: string, hosts: readonly string[]): PolicyDocument {
  const zone = `arn:${partition}:route53:::hostedzone/${zoneId}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AcmeChallengeRecords',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets'],
        Resource: [zone],
        Condition: {
          'ForAllValues:StringEquals': {
            'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'],
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...new Set(hosts.map(acmeChallengeRecordName))].sort(),
          },
        },
      },
      { Sid: 'ReadZoneRecords', Effect: 'Allow', Action: ['route53:ListResourceRecordSets'], Resource: [zone] },
      { Sid: 'FollowChanges', Effect: 'Allow', Action: ['route53:GetChange'], Resource: [`arn:${partition}:route53:::change/*`] },
    ],
  };
}

/** Arguments of {@link certManagerDnsRole}. */
export interface CertManagerDnsRoleArgs {
  /** The cluster whose OIDC provider issues the ServiceAccount's tokens. */
  readonly cluster: IrsaCluster;
  /** Namespace of cert-manager's controller. */
  readonly namespace: string;
  /** Name of cert-manager's controller ServiceAccount. */
  readonly serviceAccount: string;
  /** Route 53 hosted zone that holds the hosts. */
  readonly zoneId: string;
  /** The hosts whose certificates are issued through DNS-01. */
  readonly hosts: readonly string[];
  /**
   * Labels of the role (AWS tags), besides `Name`.
   * @default - only `Name`
   */
  readonly labels?: Tags;
}

/**
 * Creates the IRSA role `<name>-role` of cert-manager's controller and its policy `<name>-policy`
 * ({@link route53Dns01Policy}), as children of `parent`: the ambient credentials of its Route 53
 * DNS-01 solver.
 */
export function certManagerDnsRole(name: string, args: CertManagerDnsRoleArgs, parent: pulumi.Resource): IrsaRole {
  const opts = { parent };
  const partition = aws.getPartitionOutput({}, opts).partition;
  const policy = partition.apply((p) => JSON.stringify(route53Dns01Policy(p, args.zoneId, args.hosts)));
  const description = `cert-manager (${args.namespace}/${args.serviceAccount}): solves ACME DNS-01 challenges in Route 53 zone ${args.zoneId}`;
  return irsaRole(name, args, description, policy, opts);
}
