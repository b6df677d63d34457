/** A JetStream stream. */
export interface NatsStreamSpec {
  /** Stream name (letters, digits, `-` and `_`). */
  readonly name: string;
  /** Subjects captured, e.g. `cqc.events.>`. */
  readonly subjects: readonly string[];
  /**
   * Longest a message is kept, in hours.
   * @default 168 (7 days)
   */
  readonly maxAgeHours?: number;
  /**
   * Most bytes kept, a quantity such as `10Gi` (`-1` is not allowed: bound every stream).
   * @default '10Gi'
   */
  readonly maxBytes?: string;
  /**
   * Copies across the cluster, at most the node count.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Keep the stream's data when it is removed from the spec.
   * @default true
   */
  readonly retainOnDelete?: boolean;
}

/** A durable JetStream consumer. */
export interface NatsConsumerSpec {
  /** Durable name. */
  readonly name: string;
  /** Stream it reads. */
  readonly stream: string;
  /**
   * Seconds before an unacknowledged message is redelivered.
   * @default 30
   */
  readonly ackWaitSeconds?: number;
  /**
   * Deliveries before a message is given up.
   * @default 3
   */
  readonly maxDeliver?: number;
  /**
   * Unacknowledged messages in flight at most.
   * @default 1000
   */
  readonly maxAckPending?: number;
  /**
   * Only messages on these subjects.
   * @default - all of the stream's subjects
   */
  readonly filterSubject?: string;
}

/** TLS of the NATS cluster. */
export interface NatsTlsSpec {
  /** cert-manager ClusterIssuer (a private CA) that signs the servers' certificate. */
  readonly clusterIssuer: string;
}

/** NATS JetStream, run in the cluster as a StatefulSet. */
export interface NatsSpec {
  /**
   * NATS server image (2.10 or later; an image with `nats-server` on the PATH, for the lame-duck preStop hook).
   * @default 'nats:2.10.24-alpine'
   */
  readonly image?: string;
  /**
   * Cluster nodes: an odd number, 3 or more in production, for quorum.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Memory per node (request and limit). JetStream's memory store may use
   * half of it, and the Go runtime is told to stay within 90% (GOMEMLIMIT).
   * @default '2Gi'
   */
  readonly memory?: string;
  /**
   * JetStream file storage per node (the volume; JetStream may fill 90% of it).
   * @default '50Gi'
   */
  readonly storage?: string;
  /**
   * StorageClass of the JetStream volumes.
   * @default - the cluster's default class
   */
  readonly storageClass?: string;
  /**
   * Namespace of the NATS JetStream controller (NACK) that reconciles the
   * Stream and Consumer resources; admitted to the client port.
   * @default 'nats-system'
   */
  readonly controllerNamespace?: string;
  /**
   * TLS for clients and routes, with a certificate from cert-manager. The
   * certificate names cluster-internal DNS names, so the issuer must be a
   * private CA (a cert-manager `CA` or Vault issuer), not an ACME one.
   * Services reach NATS over `tls://` and trust the CA mounted from the
   * certificate's Secret (`NATS_CA_FILE`).
   * @default - no TLS: NATS traffic stays inside the namespace's NetworkPolicies (or the mesh's mTLS)
   */
  readonly tls?: NatsTlsSpec;
  /**
   * Streams.
   * @default - none
   */
  readonly streams?: readonly NatsStreamSpec[];
  /**
   * Consumers.
   * @default - none
   */
  readonly consumers?: readonly NatsConsumerSpec[];
}
