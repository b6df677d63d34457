/**
 * Streams and consumers as resources of the NATS JetStream controller (NACK,
 * jetstream.nats.io/v1beta2), reached through an Account with the controller's
 * credentials. A stream removed from the spec keeps its data
 * (`preventDelete`) unless the spec said `retainOnDelete: false`. Every stream denies purges and message deletes
 * (`denyPurge`, `denyDelete`; see `NatsStreamSpec`): within the one account, any user publishing into a stream
 * could have JetStream's acknowledgement reflected to `$JS.API.STREAM.PURGE.<stream>` and purge it.
 */
import { CONTROLLER_USER, CONTROLLER_USER_KEY } from '../core/nats-users';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { parseQuantity } from '../core/quantity';
import {
  ConsumerSpecAckPolicy,
  ConsumerSpecDeliverPolicy,
  ConsumerSpecReplayPolicy,
  StreamSpecDiscard,
  StreamSpecRetention,
  StreamSpecStorage,
} from '../imports/jetstream.nats.io';
import { JetStreamAccount, JetStreamConsumer, JetStreamStream } from '../k8s/api-object';
import { stackLabels } from '../k8s/labels';
import { NATS_TLS_SECRET, natsUrl } from '../k8s/nats-address';

/** A Kubernetes object name for a JetStream name (which may hold `_`). */
export function resourceName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/** Creates the Account, Streams and Consumers. */
export function streamResources(scope: Construct, stack: ResolvedStack): (JetStreamAccount | JetStreamStream | JetStreamConsumer)[] {
  const n = stack.nats!;
  const ns = stack.namespace;
  const labels = stackLabels(stack.name);
  const account = `${stack.name}-nats`;
  if (n.streams.length === 0) return [];
  return [
    new JetStreamAccount(scope, 'Account', {
      metadata: { name: account, namespace: ns, labels },
      spec: {
        name: account,
        servers: [natsUrl(stack)],
        user: { secret: { name: k8sNames.datastoreSecret(stack.name, 'nats') }, user: CONTROLLER_USER_KEY, password: CONTROLLER_USER },
        ...(n.tls ? { tls: { secret: { name: NATS_TLS_SECRET }, ca: 'ca.crt' } } : {}),
      },
    }),
    ...n.streams.map(
      (s) =>
        new JetStreamStream(scope, `Stream-${s.name}`, {
          metadata: { name: resourceName(s.name), namespace: ns, labels },
          spec: {
            account,
            name: s.name,
            subjects: [...s.subjects],
            retention: StreamSpecRetention.LIMITS,
            storage: StreamSpecStorage.FILE,
            replicas: s.replicas,
            maxAge: `${s.maxAgeHours}h`,
            maxBytes: Math.floor(parseQuantity(s.maxBytes) ?? 0),
            discard: StreamSpecDiscard.OLD,
            duplicateWindow: '2m',
            preventDelete: s.retainOnDelete,
            // one-way (nats-server refuses to lift them on an existing stream): closes the acknowledgement
            // reflected to `$JS.API.STREAM.PURGE.<stream>`; limits still expire messages
            denyDelete: true,
            denyPurge: true,
          },
        }),
    ),
    ...n.consumers.map(
      (c) =>
        new JetStreamConsumer(scope, `Consumer-${c.name}`, {
          metadata: { name: resourceName(c.name), namespace: ns, labels },
          spec: {
            account,
            streamName: c.stream,
            durableName: c.name,
            deliverPolicy: ConsumerSpecDeliverPolicy.ALL,
            ackPolicy: ConsumerSpecAckPolicy.EXPLICIT,
            ackWait: `${c.ackWaitSeconds}s`,
            maxDeliver: c.maxDeliver,
            maxAckPending: c.maxAckPending,
            replayPolicy: ConsumerSpecReplayPolicy.INSTANT,
            filterSubject: c.filterSubject,
          },
        }),
    ),
  ];
}
