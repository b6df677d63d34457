/**
 * KEDA's ScaledObject (keda.sh/v1alpha1) of a worker with a `queue`, in place of its HPA: KEDA's operator polls
 * the queue and drives an HPA of its own (named like the workload) on the queue's length. A NATS JetStream
 * consumer is read from the servers' monitoring endpoint (`/jsz`, plain HTTP inside the cluster); a Redis list
 * over TLS with the password of the datastore Secret `<stack>-redis`, through a TriggerAuthentication (never
 * a literal secret). Field names are those of KEDA 2.20's scalers (`nats-jetstream`, `redis`).
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { KEDA_POLLING_SECONDS, NATS_GLOBAL_ACCOUNT } from '../core/keda';
import { k8sNames } from '../core/naming';
import type { ScalingBehavior } from '../core/spec/service';
import { imageVersion, serviceLabels } from './labels';
import { NATS_MONITOR_PORT, NATS_NAME } from './nats-address';

/** KEDA's API version of ScaledObjects and TriggerAuthentications. */
export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/**
 * Where KEDA reads JetStream's consumer state: the headless Service, so that in a cluster KEDA can reach the
 * consumer's leader as `<server>.<host>` (the server names are the pod names: `nats-0.nats-headless...`).
 */
export function natsMonitoringEndpoint(stack: ResolvedStack): string {
  return `${NATS_NAME}-headless.${stack.namespace}.svc.cluster.local:${NATS_MONITOR_PORT}`;
}

/** Name of the TriggerAuthentication of a worker's Redis queue. */
export function triggerAuthenticationName(service: string): string {
  return `${k8sNames.workload(service)}-queue`;
}

function behavior(b: ScalingBehavior, select: 'Max' | 'Min'): Record<string, unknown> {
  return { stabilizationWindowSeconds: b.stabilizationWindowSeconds, selectPolicy: select, policies: b.policies };
}

/** The trigger of the worker's queue, and the TriggerAuthentication it needs (Redis). */
function trigger(scope: Construct, stack: ResolvedStack, service: ResolvedService, labels: Record<string, string>) {
  const q = service.queue!;
  const threshold = String(q.targetPerReplica);
  if (q.nats) {
    const consumer = stack.nats?.consumers.find((c) => c.name === q.nats!.consumer);
    if (!consumer) throw new Error(`services ${service.name}: queue consumer ${q.nats.consumer} is not in nats.consumers`);
    return {
      trigger: {
        type: 'nats-jetstream',
        metadata: {
          natsServerMonitoringEndpoint: natsMonitoringEndpoint(stack),
          account: NATS_GLOBAL_ACCOUNT,
          stream: consumer.stream,
          consumer: consumer.name,
          lagThreshold: threshold,
        },
      },
      auth: undefined,
    };
  }
  const secret = k8sNames.datastoreSecret(stack.name, 'redis');
  const name = triggerAuthenticationName(service.name);
  const auth = new ApiObject(scope, 'TriggerAuthentication', {
    apiVersion: KEDA_API_VERSION,
    kind: 'TriggerAuthentication',
    metadata: { name, namespace: stack.namespace, labels },
    spec: {
      // KEDA's redis scaler reads the CA's text from `ca` (keda-scalers redis_scaler.go) and verifies the server with it
      secretTargetRef: (['host', 'port', 'password', 'ca'] as const).map((key) => ({ parameter: key, name: secret, key })),
    },
  });
  return {
    // both clouds serve TLS only (ElastiCache's transit encryption, Memorystore's SERVER_AUTHENTICATION)
    trigger: {
      type: 'redis',
      metadata: { listName: q.redis!.list, listLength: threshold, enableTLS: 'true' },
      authenticationRef: { name },
    },
    auth,
  };
}

/** The ScaledObject of a worker with a queue (and its TriggerAuthentication, for a Redis list). */
export function scaledObject(
  scope: Construct,
  stack: ResolvedStack,
  service: ResolvedService,
): { scaledObject: ApiObject; triggerAuthentication?: ApiObject } {
  const q = service.queue!;
  const name = k8sNames.workload(service.name);
  const labels = serviceLabels(stack.name, service.name, imageVersion(service.image));
  const { trigger: t, auth } = trigger(scope, stack, service, labels);
  const so = new ApiObject(scope, 'ScaledObject', {
    apiVersion: KEDA_API_VERSION,
    kind: 'ScaledObject',
    metadata: { name, namespace: stack.namespace, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: service.storage ? 'StatefulSet' : 'Deployment', name },
      minReplicaCount: q.minReplicas,
      maxReplicaCount: q.maxReplicas,
      pollingInterval: KEDA_POLLING_SECONDS,
      advanced: {
        horizontalPodAutoscalerConfig: {
          name,
          behavior: {
            scaleUp: behavior(q.scaleUp, 'Max'),
            scaleDown: behavior(q.scaleDown, 'Min'),
          },
        },
      },
      triggers: [t],
    },
  });
  return { scaledObject: so, triggerAuthentication: auth };
}
