/**
 * The Google service account of a service that calls GCP APIs
 * (`cloudAccess.gcp`): granted exactly the spec's roles on the project, and
 * impersonated by the service's ServiceAccount through Workload Identity.
 */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';
import { type WorkloadIdentityCluster, bindWorkloadIdentity, poolProject } from './addon-identity';
import { serviceAccountId } from './naming';

/** Arguments of {@link serviceAccount}. */
export interface ServiceAccountArgs {
  /** The cluster whose Workload Identity pool the ServiceAccount belongs to. */
  readonly cluster: WorkloadIdentityCluster;
  /** Namespace and name of the service's Kubernetes ServiceAccount. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Project roles granted, e.g. `roles/pubsub.publisher`. */
  readonly roles: readonly string[];
}

/** A service's Google service account, its role grants and Workload Identity binding, and the ServiceAccount annotation. */
export interface ServiceIdentity {
  readonly account: gcp.serviceaccount.Account;
  readonly grants: readonly gcp.projects.IAMMember[];
  readonly workloadIdentity: gcp.serviceaccount.IAMMember;
  readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
}

/** Creates `<name>` (the account), `<name>-<role>` grants and `<name>-workload-identity` as children of `parent`. */
export function serviceAccount(name: string, args: ServiceAccountArgs, parent: pulumi.Resource): ServiceIdentity {
  const opts = { parent };
  const pool = pulumi.output(args.cluster.workloadPool);
  const project = pool.apply(poolProject);
  const account = new gcp.serviceaccount.Account(
    name,
    { accountId: serviceAccountId(name), displayName: `Service ${args.namespace}/${args.serviceAccount}`, project },
    opts,
  );
  const grants = args.roles.map(
    (role) =>
      new gcp.projects.IAMMember(
        `${name}-${role
          .split('/')
          .pop()!
          .replace(/[^A-Za-z0-9]+/g, '-')
          .toLowerCase()}`,
        { project, role, member: account.member },
        opts,
      ),
  );
  const wi = bindWorkloadIdentity(name, account, pool, args.namespace, args.serviceAccount, opts);
  return { account, grants, workloadIdentity: wi.binding, serviceAccountAnnotations: wi.annotations };
}
