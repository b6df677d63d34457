/** The defaults of the stack's NATS cluster, its streams and consumers. */
import type { NatsSpec, NatsStreamSpec } from '../spec/nats';
import { DEFAULTS } from './defaults';
import type { ResolvedStack } from './types';

type ResolvedNats = NonNullable<ResolvedStack['nats']>;

/** The NATS servers' settings with their defaults: three nodes of 2Gi and 50Gi, the controller in nats-system. */
export function resolveNatsServers(
  nats: Omit<NatsSpec, 'streams' | 'consumers' | 'publishers'>,
): Omit<ResolvedNats, 'streams' | 'consumers' | 'publishers'> {
  const d = DEFAULTS.nats;
  return {
    image: nats.image ?? d.image,
    replicas: nats.replicas ?? d.replicas,
    memory: nats.memory ?? d.memory,
    storage: nats.storage ?? d.storage,
    storageClass: nats.storageClass,
    tls: nats.tls,
    controllerNamespace: nats.controllerNamespace ?? d.controllerNamespace,
  };
}

/** NATS with every default applied. */
export function resolveNats(nats: NatsSpec): ResolvedNats {
  const d = DEFAULTS.nats;
  return {
    ...resolveNatsServers(nats),
    streams: (nats.streams ?? []).map(resolveStream),
    consumers: (nats.consumers ?? []).map((c) => ({
      name: c.name,
      stream: c.stream,
      ackWaitSeconds: c.ackWaitSeconds ?? d.consumer.ackWaitSeconds,
      maxDeliver: c.maxDeliver ?? d.consumer.maxDeliver,
      maxAckPending: c.maxAckPending ?? d.consumer.maxAckPending,
      filterSubject: c.filterSubject,
    })),
    publishers: (nats.publishers ?? []).map((e) => ({
      name: e.name,
      subjects: e.subjects,
      namespace: e.namespace,
      ...(e.podLabels ? { podLabels: e.podLabels } : {}),
    })),
  };
}

/** A JetStream stream with its defaults: a week and 10Gi at most, on three replicas, kept when removed from the spec. */
export function resolveStream(s: NatsStreamSpec): Required<NatsStreamSpec> {
  const d = DEFAULTS.nats.stream;
  return {
    name: s.name,
    subjects: s.subjects,
    maxAgeHours: s.maxAgeHours ?? d.maxAgeHours,
    maxBytes: s.maxBytes ?? d.maxBytes,
    replicas: s.replicas ?? d.replicas,
    retainOnDelete: s.retainOnDelete ?? true,
  };
}
