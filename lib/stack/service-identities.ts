/**
 * The cloud identities of the services that ask for `cloudAccess`: an IRSA
 * role on AWS, a Google service account on GCP, named `<stack>-<service>-irsa`
 * / `<stack>-<service>` (children of the stack), each annotated onto the
 * service's ServiceAccount by the Workloads.
 */
import type * as pulumi from '@pulumi/pulumi';
import * as aws from '../aws';
import type { ResolvedStack } from '../core/resolve';
import { cloudName, k8sNames } from '../core/naming';
import * as gcp from '../gcp';
import { cloudLabels } from './cloud-labels';
import type { CloudResources } from '../core/clouds';

/** A service's created identity: the annotations of its ServiceAccount, and the cloud resources behind them. */
export interface ServiceIdentity {
  readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
  readonly resources: readonly pulumi.Resource[];
}

/** Creates the identities, by service name (only services whose `cloudAccess` names the stack's cloud). */
export function serviceIdentities(
  spec: ResolvedStack,
  cloud: CloudResources,
  parent: pulumi.Resource,
): ReadonlyMap<string, ServiceIdentity> {
  const out = new Map<string, ServiceIdentity>();
  for (const s of spec.services) {
    const serviceAccount = k8sNames.workload(s.name);
    if (cloud.cloud === 'aws' && s.cloudAccess?.aws?.length) {
      const r = aws.serviceRole(
        cloudName(spec.name, `${s.name}-irsa`),
        {
          // the standby cluster's pods assume the same role (IAM is global)
          clusters: [cloud.cluster, ...(cloud.standby ? [cloud.standby.cluster] : [])],
          namespace: spec.namespace,
          serviceAccount,
          permissions: s.cloudAccess.aws,
          labels: cloudLabels(spec),
        },
        parent,
      );
      out.set(s.name, { serviceAccountAnnotations: r.serviceAccountAnnotations, resources: [r.role, r.policy] });
    } else if (cloud.cloud === 'gcp' && s.cloudAccess?.gcp?.length) {
      const r = gcp.serviceAccount(
        cloudName(spec.name, s.name),
        { cluster: cloud.cluster, namespace: spec.namespace, serviceAccount, roles: s.cloudAccess.gcp },
        parent,
      );
      out.set(s.name, { serviceAccountAnnotations: r.serviceAccountAnnotations, resources: [r.account, ...r.grants, r.workloadIdentity] });
    }
  }
  return out;
}
