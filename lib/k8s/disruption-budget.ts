/** PodDisruptionBudget that protects availability without ever blocking a node drain. */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { imageVersion, selectorLabels, serviceLabels } from './labels';
import { PodDisruptionBudget } from './api-object';

/**
 * Creates the PDB of a service: by default one pod at a time may be evicted,
 * whatever the replica count (so a single replica can still be drained); with
 * `minAvailable`, validation has checked it leaves a pod evictable. A datastore exporter's is the default's. Unhealthy
 * pods may always be evicted, so a crash-looping pod never wedges a drain.
 */
export function disruptionBudget(
  scope: Construct,
  stack: ResolvedStack,
  service: Pick<ResolvedService, 'name' | 'image' | 'minAvailable'>,
): k8s.KubePodDisruptionBudget {
  return new PodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
    },
    spec: {
      ...(service.minAvailable !== undefined
        ? { minAvailable: k8s.IntOrString.fromNumber(service.minAvailable) }
        : { maxUnavailable: k8s.IntOrString.fromNumber(1) }),
      selector: { matchLabels: selectorLabels(stack.name, service.name) },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
