/** The Deployment (stateless servers and workers) or StatefulSet (services with storage) of a service. */
import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { imageVersion, selectorLabels, serviceLabels } from './labels';
import { PRESTOP_PATH, podTemplate, preStop } from './pod';
import { Deployment, StatefulSet } from './api-object';

/** Rollback history kept by the controller. */
export const REVISION_HISTORY_LIMIT = 10;

function metadata(stack: ResolvedStack, service: ResolvedService): k8s.ObjectMeta {
  return {
    name: k8sNames.workload(service.name),
    namespace: stack.namespace,
    labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
  };
}

/** Creates the service's Deployment or StatefulSet. */
export function workload(scope: Construct, stack: ResolvedStack, service: ResolvedService): k8s.KubeDeployment | k8s.KubeStatefulSet {
  const template = podTemplate(stack, service, k8sNames.workload(service.name));
  const selector = { matchLabels: selectorLabels(stack.name, service.name) };
  // An HPA owns the replica count: leaving it unset keeps re-applies from resetting it.
  const replicas = service.autoscaling || service.queue ? undefined : service.replicas;
  let obj: ApiObject & (k8s.KubeDeployment | k8s.KubeStatefulSet);
  if (service.storage) {
    const storage = service.storage;
    obj = new StatefulSet(scope, 'Workload', {
      metadata: metadata(stack, service),
      spec: {
        serviceName: k8sNames.workload(service.name),
        replicas,
        selector,
        template,
        revisionHistoryLimit: REVISION_HISTORY_LIMIT,
        podManagementPolicy: 'Parallel',
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(Math.max(1, service.maxUnavailable)) },
        },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: selectorLabels(stack.name, service.name) },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: storage.storageClass,
              resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
            },
          },
        ],
      },
    });
  } else {
    obj = new Deployment(scope, 'Workload', {
      metadata: metadata(stack, service),
      spec: {
        replicas,
        selector,
        template,
        revisionHistoryLimit: REVISION_HISTORY_LIMIT,
        progressDeadlineSeconds: 600,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromNumber(service.maxSurge),
            maxUnavailable: k8s.IntOrString.fromNumber(service.maxUnavailable),
          },
        },
      },
    });
  }
  const lifecycle = preStop(service);
  if (lifecycle) obj.addJsonPatch(JsonPatch.add(PRESTOP_PATH, lifecycle));
  return obj;
}
