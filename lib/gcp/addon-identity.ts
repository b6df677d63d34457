/**
 * The GCP identities of the add-ons: External Secrets' ClusterSecretStore, a
 * Google service account allowed to read Secret Manager secrets, which the
 * store's own Kubernetes ServiceAccount (never the controller's) impersonates
 * through Workload Identity; cert-manager's Cloud DNS solver.
 */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { SECRET_ID } from '../core/naming';
import { serviceAccountId } from './naming';

import type { WorkloadIdentityCluster } from './cluster-refs';
import { GCP } from '../core/cloud/gcp';

export type { WorkloadIdentityCluster } from './cluster-refs';

/** Role that reads secret versions (and nothing else: no listing, no writing). */
export const SECRET_ACCESSOR_ROLE = 'roles/secretmanager.secretAccessor';
/** Role that lets a Kubernetes ServiceAccount act as a Google service account. */
export const WORKLOAD_IDENTITY_USER_ROLE = 'roles/iam.workloadIdentityUser';

/** The project of a Workload Identity pool (`<project>.svc.id.goog`). */
export function poolProject(workloadPool: string): string {
  return workloadPool.replace(/\.svc\.id\.goog$/, '');
}

/** The IAM member of a Kubernetes ServiceAccount under Workload Identity. */
export function workloadIdentityMember(workloadPool: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${workloadPool}[${namespace}/${serviceAccount}]`;
}

/**
 * Lets the Kubernetes ServiceAccount `<namespace>/<serviceAccount>` act as
 * `account` (the `<name>-workload-identity` binding), and the annotation that
 * tells GKE to do so.
 */
export function bindWorkloadIdentity(
  name: string,
  account: gcp.serviceaccount.Account,
  workloadPool: pulumi.Input<string>,
  namespace: string,
  serviceAccount: string,
  opts: pulumi.CustomResourceOptions,
): { binding: gcp.serviceaccount.IAMMember; annotations: pulumi.Output<Record<string, string>> } {
  const binding = new gcp.serviceaccount.IAMMember(
    `${name}-workload-identity`,
    {
      serviceAccountId: account.name,
      role: WORKLOAD_IDENTITY_USER_ROLE,
      member: pulumi.output(workloadPool).apply((p) => workloadIdentityMember(p, namespace, serviceAccount)),
    },
    opts,
  );
  return { binding, annotations: account.email.apply((email): Record<string, string> => ({ [GCP.identityAnnotation]: email })) };
}

/**
 * The IAM condition limiting the secret accessor role to the stack's secrets: each secret ID the stack's
 * ExternalSecrets read, by its exact name, with its versions; the regional secrets of `location` when given (a
 * standby region's), the global ones otherwise. No prefix: a secret ID joins its parts with `-`, so a prefix
 * `<stack>-<environment>-` would also take the secrets of a stack named `<stack>-<environment>`.
 */
export function secretsCondition(projectNumber: string, secretIds: readonly string[], location?: string): string {
  // each part is quoted into the CEL expression: only the characters of a resource name may reach it
  for (const id of secretIds) {
    if (!SECRET_ID.test(id))
      throw new Error(`${JSON.stringify(id)} is not a Secret Manager secret ID (${SECRET_ID.source}): refusing it in an IAM condition`);
  }
  if (secretIds.length === 0) throw new Error('no secret ID to grant: the condition would grant nothing');
  if (!/^\d+$/.test(projectNumber) || (location !== undefined && !/^[a-z][a-z0-9-]*$/.test(location)))
    throw new Error(
      `project ${JSON.stringify(projectNumber)} or location ${JSON.stringify(location)} cannot be part of a secret's resource name`,
    );
  const base = `projects/${projectNumber}/${location === undefined ? '' : `locations/${location}/`}secrets/`;
  return [...new Set(secretIds)]
    .sort()
    .map((id) => `resource.name == "${base}${id}" || resource.name.startsWith("${base}${id}/")`)
    .join(' || ');
}

/** An add-on controller's Kubernetes ServiceAccount, which impersonates a Google service account through Workload Identity. */
export interface AddonSubject {
  /** The cluster whose Kubernetes ServiceAccount impersonates the Google one. */
  readonly cluster: WorkloadIdentityCluster;
  /** Namespace of the controller's ServiceAccount. */
  readonly namespace: string;
  /** Name of the controller's ServiceAccount. */
  readonly serviceAccount: string;
  /**
   * Project of the Google service account and of what it is granted.
   * @default - the project of the cluster's Workload Identity pool
   */
  readonly project?: pulumi.Input<string>;
}

/** The Google service account of an add-on's controller. */
export interface AddonServiceAccount {
  /** The Google service account. */
  readonly account: gcp.serviceaccount.Account;
  /** The Kubernetes ServiceAccount's right to impersonate it. */
  readonly workloadIdentity: gcp.serviceaccount.IAMMember;
  /** Annotations of the Kubernetes ServiceAccount. */
  readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
  /** Project of the account and of what it is granted. */
  readonly project: pulumi.Output<string>;
}

/**
 * Creates the Google service account `<name>-sa` described as `displayName`, and the Workload Identity
 * binding of the subject's Kubernetes ServiceAccount (`<name>-workload-identity`), as children of `parent`.
 */
function addonServiceAccount(name: string, subject: AddonSubject, displayName: string, parent: pulumi.Resource): AddonServiceAccount {
  const opts = { parent };
  const pool = pulumi.output(subject.cluster.workloadPool);
  const project = subject.project !== undefined ? pulumi.output(subject.project) : pool.apply(poolProject);
  const account = new gcp.serviceaccount.Account(`${name}-sa`, { accountId: serviceAccountId(name), displayName, project }, opts);
  const wi = bindWorkloadIdentity(name, account, pool, subject.namespace, subject.serviceAccount, opts);
  return { account, workloadIdentity: wi.binding, serviceAccountAnnotations: wi.annotations, project };
}

/** Arguments of {@link externalSecretsServiceAccount}. */
export interface ExternalSecretsServiceAccountArgs extends AddonSubject {
  /** The secret IDs the stack's ExternalSecrets read: the only ones the store may read. */
  readonly secretIds: readonly string[];
  /**
   * Region of the regional secrets the controller reads (a standby region's).
   * @default - global secrets
   */
  readonly location?: string;
}

/** The Google identity of External Secrets' ClusterSecretStore. */
export interface ExternalSecretsServiceAccount extends AddonServiceAccount {
  /** Its read access to the stack's secrets; none when the stack reads none. */
  readonly secretAccessor?: gcp.projects.IAMMember;
}

/**
 * Creates the Google service account `<name>-sa` of External Secrets'
 * ClusterSecretStore, its `roles/secretmanager.secretAccessor` grant
 * (`<name>-secret-accessor`) and the Workload Identity binding of the store's
 * Kubernetes ServiceAccount `args.serviceAccount` (`<name>-workload-identity`:
 * a ServiceAccount of its own, `EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT`, never
 * the controller's, whose credentials a namespaced SecretStore without `auth`
 * would use), as children of `parent`.
 */
export function externalSecretsServiceAccount(
  name: string,
  args: ExternalSecretsServiceAccountArgs,
  parent: pulumi.Resource,
): ExternalSecretsServiceAccount {
  const identity = addonServiceAccount(
    name,
    args,
    `External Secrets ClusterSecretStore (${args.namespace}/${args.serviceAccount})`,
    parent,
  );
  const project = identity.project;
  const projectNumber = gcp.organizations.getProjectOutput({ projectId: project }, { parent }).number;
  const secretAccessor =
    args.secretIds.length === 0
      ? undefined
      : new gcp.projects.IAMMember(
          `${name}-secret-accessor`,
          {
            project,
            role: SECRET_ACCESSOR_ROLE,
            member: identity.account.member,
            condition: {
              title: 'stack-secrets',
              description: "Only the secrets the stack's ExternalSecrets read",
              expression: projectNumber.apply((n) => secretsCondition(n, args.secretIds, args.location)),
            },
          },
          { parent },
        );
  return { ...identity, ...(secretAccessor ? { secretAccessor } : {}) };
}

/**
 * Role that changes a Cloud DNS managed zone's record sets: what cert-manager's Cloud DNS solver needs, granted
 * on the challenge zone only (see `acmeChallengeZone`).
 */
export const DNS_ADMIN_ROLE = 'roles/dns.admin';

/** Arguments of {@link certManagerDnsServiceAccount}. */
export interface CertManagerDnsServiceAccountArgs extends AddonSubject {
  /**
   * Cloud DNS managed zone where cert-manager writes the challenge records (its name), in the project: the
   * challenge zone of `acmeChallengeZone`, never the zone of the hosts.
   */
  readonly managedZone: pulumi.Input<string>;
}

/** The Google identity of cert-manager's Cloud DNS solver. */
export interface CertManagerDnsServiceAccount extends AddonServiceAccount {
  /** Its `roles/dns.admin` on the one managed zone. */
  readonly zoneAdmin: gcp.dns.DnsManagedZoneIamMember;
}

/**
 * Creates the Google service account `<name>-sa` of cert-manager's controller, its
 * `roles/dns.admin` on the challenge zone only (`<name>-dns`: the ACME DNS-01 challenges' TXT
 * records, through the Cloud DNS solver's ambient credentials) and the Workload Identity binding of
 * the controller's Kubernetes ServiceAccount (`<name>-workload-identity`), as children of `parent`.
 */
export function certManagerDnsServiceAccount(
  name: string,
  args: CertManagerDnsServiceAccountArgs,
  parent: pulumi.Resource,
): CertManagerDnsServiceAccount {
  const identity = addonServiceAccount(
    name,
    args,
    `cert-manager (${args.namespace}/${args.serviceAccount}): ACME DNS-01 in its challenge zone`,
    parent,
  );
  const zoneAdmin = new gcp.dns.DnsManagedZoneIamMember(
    `${name}-dns`,
    { project: identity.project, managedZone: args.managedZone, role: DNS_ADMIN_ROLE, member: identity.account.member },
    { parent },
  );
  return { ...identity, zoneAdmin };
}
