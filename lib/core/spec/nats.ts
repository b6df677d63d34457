/**
 * A JetStream stream. Every stream is created with `deny_purge` and `deny_delete` (NACK `denyPurge`,
 * `denyDelete`): nats-server refuses `$JS.API.STREAM.PURGE.<stream>` and `$JS.API.STREAM.MSG.DELETE.<stream>` for
 * it, to every user, the JetStream controller too. All NATS users share one account and the server never checks a
 * publish's reply subject, so a user publishing into any stream could have JetStream reflect its acknowledgement
 * (`{"stream":…,"seq":n}`) to `$JS.API.STREAM.PURGE.<stream>`, which reads it as a purge request and empties that
 * stream below sequence n. Limits still expire messages (`maxAgeHours`, `maxBytes`). Both are one-way: nats-server
 * refuses to turn them off on an existing stream ("stream configuration update can not cancel deny purge"), so a
 * stream can only be emptied by deleting and recreating it.
 */
export interface NatsStreamSpec {
  /** Stream name (letters, digits, `-` and `_`). */
  readonly name: string;
  /** Subjects captured, e.g. `cqc.events.>` (never a subject whose first token starts with `_INBOX`: the clients' reply inboxes). */
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

/**
 * A producer outside the stack: another team's system that publishes to the stack's streams (an event bus,
 * a partner's publisher). The library creates it a NATS user allowed to publish to exactly `subjects` and to
 * receive the server's replies (a JetStream publish acknowledgement) on its own inbox, `_INBOX_<name>.>`: it
 * may subscribe to nothing else, so it can neither read a stream nor see other clients' replies, and its own
 * messages go to `subjects` only. Its client sets that inbox prefix (nats.go
 * `nats.CustomInboxPrefix("_INBOX_<name>")`, nats.js `inboxPrefix`, nats.py `inbox_prefix`).
 *
 * What it cannot be kept from (every NATS user is in one account): nats-server checks the subject of a publish,
 * never its reply subject, and JetStream sends a publish's acknowledgement to that reply subject, whatever it is.
 * So a publisher that gives another subject as the reply makes JetStream write the acknowledgement there (its
 * JSON, `{"stream":"<stream>","seq":<n>}`, not the publisher's content): another stream capturing that subject
 * stores it, and the JetStream API takes it as a request of the account (to `$JS.API.STREAM.PURGE.<stream>` it
 * would purge that stream's messages below sequence n: the stack's streams deny purges and message deletes, see
 * `NatsStreamSpec`). A service subscribed to one of its subjects does not answer its requests (see
 * `NatsClient.subscribe`). nats-server 2.9.10 shows each
 * (test/nats/nats-server.test.ts); only separate NATS accounts would prevent it, which the library does not
 * build: grant a publisher only to a party trusted with the stack's streams.
 *
 * Its password is generated with the other NATS users' and stored, besides the stack's NATS secret, alone in
 * a secret of its own, `<stack>/<environment>/nats-publisher/<name>` in the cloud's secret manager (on GCP
 * the ID `<stack>-<environment>-nats-publisher-<name>`): a JSON document of `user`, `password`, `url` and
 * `inboxPrefix`, never in a manifest. Grant the publishing team read access to that secret alone (on AWS,
 * with `kms:Decrypt` on the stack's NATS key): the stack's NATS secret holds every user's password.
 *
 * NATS is cluster-internal (a ClusterIP Service): the publisher runs in another namespace of the same
 * cluster, and the NATS servers' NetworkPolicy admits exactly its pods to the client port (4222), at
 * `nats://nats.<namespace>.svc.cluster.local:4222` (`tls://` with `nats.tls`, trusting the issuer's CA). Its
 * own namespace's policies must let it out to the stack's NATS pods; with `serviceMesh: 'istio'` it must
 * be in the mesh (the servers require mTLS).
 */
export interface NatsPublisherSpec {
  /**
   * NATS user name (a DNS-1123 label): not the name of a service of the stack, nor `jetstream-controller`.
   */
  readonly name: string;
  /**
   * Subjects it may publish to, such as `cqc.events.>`: each captured by a stream (or subscribed to by a
   * service). Not a subject that starts with a wildcard, nor the server's own (`$JS.`, `$SYS.`) or `_INBOX` ones.
   */
  readonly subjects: readonly string[];
  /**
   * Namespace of its pods, in the stack's cluster: not the stack's own (a workload there is a service of
   * the stack, with `nats.publish`).
   */
  readonly namespace: string;
  /**
   * Labels of its pods in `namespace`: the NetworkPolicy admits only those.
   * @default - every pod of `namespace`
   */
  readonly podLabels?: Readonly<Record<string, string>>;
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
  /**
   * Producers outside the stack (see {@link NatsPublisherSpec}). Every stream needs a producer: a service
   * whose `nats.publish` overlaps one of its subjects, or a publisher here; validation refuses a stream
   * nothing can publish to, which would never hold a message for its consumers.
   * @default - none: only the stack's services publish
   */
  readonly publishers?: readonly NatsPublisherSpec[];
}
