/** A ServiceAccount per service, and a least-privilege Role/RoleBinding when it needs the Kubernetes API. */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { WAIT_FOR_JOBS_RULE } from './jobs';
import { imageVersion, serviceLabels } from './labels';
import { Role, RoleBinding, ServiceAccount } from './api-object';
import { cloudProfile } from '../core/cloud';

/** The identity objects of a service. */
export interface Identity {
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly role?: k8s.KubeRole;
  readonly roleBinding?: k8s.KubeRoleBinding;
}

/** The annotation binding the ServiceAccount to a cloud identity: IRSA on AWS, Workload Identity on GKE. */
export function cloudIdentityAnnotations(stack: ResolvedStack, cloudIdentity: string | undefined): Record<string, string> | undefined {
  if (!cloudIdentity) return undefined;
  return { [cloudProfile(stack.cloud).identityAnnotation]: cloudIdentity };
}

/** Creates the service's identity. */
export function identity(scope: Construct, stack: ResolvedStack, service: ResolvedService): Identity {
  const name = k8sNames.workload(service.name);
  const metadata = { name, namespace: stack.namespace, labels: serviceLabels(stack.name, service.name, imageVersion(service.image)) };
  const serviceAccount = new ServiceAccount(scope, 'ServiceAccount', {
    metadata: { ...metadata, annotations: cloudIdentityAnnotations(stack, service.cloudIdentity) },
    automountServiceAccountToken: service.rbac !== undefined,
  });
  const rules = [...(service.rbac ?? []), ...(service.migration ? [WAIT_FOR_JOBS_RULE] : [])];
  if (rules.length === 0) return { serviceAccount };
  const role = new Role(scope, 'Role', {
    metadata,
    rules: rules.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
      resourceNames: 'resourceNames' in r && r.resourceNames ? [...r.resourceNames] : undefined,
    })),
  });
  const roleBinding = new RoleBinding(scope, 'RoleBinding', {
    metadata,
    subjects: [{ kind: 'ServiceAccount', name, namespace: stack.namespace }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
  });
  return { serviceAccount, role, roleBinding };
}
