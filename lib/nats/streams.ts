/**
 * Streams and consumers as resources of the NATS JetStream controller (NACK,
 * jetstream.nats.io/v1beta2), reached through an Account with the controller's
 * credentials. A stream removed from the spec keeps its data
 * (`preventDelete`) unless the spec said `retainOnDelete: false`.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/defaults';
import { k8sNames } from '../core/naming';
import { parseQuantity } from '../core/quantity';
import { stackLabels } from '../k8s/labels';
import { NATS_TLS_SECRET, natsUrl } from '../k8s/nats-address';
import { CONTROLLER_USER } from './config';

/** Key of the NATS secret holding the controller's user name (templated by External Secrets). */
export const CONTROLLER_USER_KEY = `${CONTROLLER_USER}-user`;

/** A Kubernetes object name for a JetStream name (which may hold `_`). */
export function resourceName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

const API_VERSION = 'jetstream.nats.io/v1beta2';

/** Creates the Account, Streams and Consumers. */
export function streamResources(scope: Construct, stack: ResolvedStack): ApiObject[] {
  const n = stack.nats!;
  const ns = stack.namespace;
  const labels = stackLabels(stack.name);
  const account = `${stack.name}-nats`;
  const objects: ApiObject[] = [];
  if (n.streams.length === 0) return objects;
  objects.push(
    new ApiObject(scope, 'Account', {
      apiVersion: API_VERSION,
      kind: 'Account',
      metadata: { name: account, namespace: ns, labels },
      spec: {
        name: account,
        servers: [natsUrl(stack)],
        user: { secret: { name: k8sNames.datastoreSecret(stack.name, 'nats') }, user: CONTROLLER_USER_KEY, password: CONTROLLER_USER },
        ...(n.tls ? { tls: { secret: { name: NATS_TLS_SECRET }, ca: 'ca.crt' } } : {}),
      },
    }),
  );
  for (const s of n.streams) {
    objects.push(
      new ApiObject(scope, `Stream-${s.name}`, {
        apiVersion: API_VERSION,
        kind: 'Stream',
        metadata: { name: resourceName(s.name), namespace: ns, labels },
        spec: {
          account,
          name: s.name,
          subjects: [...s.subjects],
          retention: 'limits',
          storage: 'file',
          replicas: s.replicas,
          maxAge: `${s.maxAgeHours}h`,
          maxBytes: Math.floor(parseQuantity(s.maxBytes) ?? 0),
          discard: 'old',
          duplicateWindow: '2m',
          preventDelete: s.retainOnDelete,
        },
      }),
    );
  }
  for (const c of n.consumers) {
    objects.push(
      new ApiObject(scope, `Consumer-${c.name}`, {
        apiVersion: API_VERSION,
        kind: 'Consumer',
        metadata: { name: resourceName(c.name), namespace: ns, labels },
        spec: {
          account,
          streamName: c.stream,
          durableName: c.name,
          deliverPolicy: 'all',
          ackPolicy: 'explicit',
          ackWait: `${c.ackWaitSeconds}s`,
          maxDeliver: c.maxDeliver,
          maxAckPending: c.maxAckPending,
          replayPolicy: 'instant',
          filterSubject: c.filterSubject,
        },
      }),
    );
  }
  return objects;
}
