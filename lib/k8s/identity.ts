/** A ServiceAccount per service, and a least-privilege Role/RoleBinding when it needs the Kubernetes API. */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/defaults';
import { k8sNames } from '../core/naming';
import { imageVersion, serviceLabels } from './labels';
import { Role, RoleBinding, ServiceAccount } from './api-object';

/** The identity objects of a service. */
export interface Identity {
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly role?: k8s.KubeRole;
  readonly roleBinding?: k8s.KubeRoleBinding;
}

/** Creates the service's identity. */
export function identity(scope: Construct, stack: ResolvedStack, service: ResolvedService): Identity {
  const name = k8sNames.workload(service.name);
  const metadata = { name, namespace: stack.namespace, labels: serviceLabels(stack.name, service.name, imageVersion(service.image)) };
  const serviceAccount = new ServiceAccount(scope, 'ServiceAccount', {
    metadata,
    automountServiceAccountToken: service.rbac !== undefined,
  });
  if (!service.rbac) return { serviceAccount };
  const role = new Role(scope, 'Role', {
    metadata,
    rules: service.rbac.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
      resourceNames: r.resourceNames ? [...r.resourceNames] : undefined,
    })),
  });
  const roleBinding = new RoleBinding(scope, 'RoleBinding', {
    metadata,
    subjects: [{ kind: 'ServiceAccount', name, namespace: stack.namespace }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
  });
  return { serviceAccount, role, roleBinding };
}
