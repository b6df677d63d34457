/** HorizontalPodAutoscaler (autoscaling/v2) with CPU/memory targets and full scaling behaviour. */
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import type { ScalingBehavior } from '../core/spec/service';
import { imageVersion, serviceLabels } from './labels';
import { HorizontalPodAutoscaler } from './api-object';

function behavior(b: ScalingBehavior, select: 'Max' | 'Min'): k8s.HpaScalingRulesV2 {
  return {
    stabilizationWindowSeconds: b.stabilizationWindowSeconds,
    selectPolicy: select,
    policies: b.policies?.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
  };
}

function utilization(name: 'cpu' | 'memory', averageUtilization: number): k8s.MetricSpecV2 {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}

/** Creates the HPA of an autoscaled service. */
export function autoscaler(scope: Construct, stack: ResolvedStack, service: ResolvedService): k8s.KubeHorizontalPodAutoscalerV2 {
  const a = service.autoscaling!;
  const metrics = [utilization('cpu', a.cpuUtilization)];
  if (a.memoryUtilization !== undefined) metrics.push(utilization('memory', a.memoryUtilization));
  return new HorizontalPodAutoscaler(scope, 'Autoscaler', {
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: service.storage ? 'StatefulSet' : 'Deployment',
        name: k8sNames.workload(service.name),
      },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics,
      behavior: { scaleUp: behavior(a.scaleUp, 'Max'), scaleDown: behavior(a.scaleDown, 'Min') },
    },
  });
}
