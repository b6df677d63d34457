import type { MigrationSpec } from './jobs';
import type { ServiceRouteSpec } from './edge';
import type { AlertSpec, RequestMetricsSpec, SloSpec } from './monitoring';

/** What a port speaks; decides probes, Service appProtocol and the kind of route (HTTPRoute or GRPCRoute) that reaches it. */
export type PortProtocol = 'http' | 'grpc' | 'tcp';

/** A port the service's container listens on. */
export interface PortSpec {
  /** Port name (IANA service name: at most 15 lowercase letters, digits or `-`), e.g. `http`, `grpc`, `metrics`. */
  readonly name: string;
  /** Container port, 1 to 65535. */
  readonly port: number;
  /**
   * What the port speaks.
   * @default - `grpc` for a port named `grpc`, otherwise `http`
   */
  readonly protocol?: PortProtocol;
}

/** CPU and memory of one container. Quantities use Kubernetes notation (`500m`, `2`, `512Mi`, `2Gi`). */
export interface ResourceQuantities {
  /** CPU, e.g. `500m` or `2`. */
  readonly cpu?: string;
  /** Memory, e.g. `512Mi` or `4Gi`. */
  readonly memory?: string;
}

/** Requests and limits of the service's container. */
export interface ResourcesSpec {
  /**
   * What the scheduler reserves.
   * @default { cpu: '500m', memory: '512Mi' }
   */
  readonly requests?: ResourceQuantities;
  /**
   * The most the container may use. A memory limit is always set; a CPU limit
   * only where given (CPU limits throttle, and the guides set them).
   * @default { cpu: '2', memory: '2Gi' }
   */
  readonly limits?: ResourceQuantities;
}

/** Timings shared by every probe kind (Kubernetes' own fields and defaults). */
export interface ProbeTimings {
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 1 */
  readonly successThreshold?: number;
}

/** An HTTP GET probe. */
export interface HttpProbe extends ProbeTimings {
  readonly type: 'http';
  /**
   * Request path, e.g. `/healthz` or `/healthz?verbose=1`: `/` then letters, digits, `-._~:@+,=` or
   * `%XX` escapes, with no `//`, `.` or `..` segment and no `%2F`, then optionally `?` and one query
   * parameter.
   */
  readonly path: string;
  /**
   * Port name or number; must be one of the service's ports.
   * @default - the service's first http port
   */
  readonly port?: string | number;
}

/** A gRPC health-checking probe (`grpc.health.v1.Health/Check`). */
export interface GrpcProbe extends ProbeTimings {
  readonly type: 'grpc';
  /**
   * Port name or number; must be one of the service's ports.
   * @default - the service's first grpc port
   */
  readonly port?: string | number;
  /**
   * The `service` field of the health check request.
   * @default - the server's overall health
   */
  readonly service?: string;
}

/** A TCP connect probe. */
export interface TcpProbe extends ProbeTimings {
  readonly type: 'tcp';
  /** Port name or number; must be one of the service's ports. */
  readonly port: string | number;
}

/** A command run in the container; healthy when it exits 0. */
export interface ExecProbe extends ProbeTimings {
  readonly type: 'exec';
  readonly command: readonly string[];
}

/** A probe of any kind. */
export type ProbeSpec = HttpProbe | GrpcProbe | TcpProbe | ExecProbe;

/** The container's startup, liveness and readiness probes. */
export interface ProbesSpec {
  /**
   * Restarts the container when it fails.
   * @default - GET `/healthz` on the first http port, or a gRPC health check on the first grpc port
   */
  readonly liveness?: ProbeSpec;
  /**
   * Takes the pod out of its Service while it fails.
   * @default - GET `/readyz` on the first http port, or a gRPC health check on the first grpc port
   */
  readonly readiness?: ProbeSpec;
  /**
   * Holds liveness and readiness off until the app has started.
   * @default - the liveness check every 5s, up to 30 failures (150s to start)
   */
  readonly startup?: ProbeSpec;
}

/** One scaling policy of an HPA behaviour. */
export interface ScalingPolicy {
  readonly type: 'Percent' | 'Pods';
  readonly value: number;
  readonly periodSeconds: number;
}

/** How fast an HPA may scale in one direction. */
export interface ScalingBehavior {
  /** Seconds of recommendations considered before scaling. */
  readonly stabilizationWindowSeconds?: number;
  /** The policies; the HPA picks the largest change (`selectPolicy: Max`) for scale-up and the smallest for scale-down. */
  readonly policies?: readonly ScalingPolicy[];
}

/** A HorizontalPodAutoscaler (autoscaling/v2) for the service. */
export interface AutoscalingSpec {
  /** Fewest replicas, at least 1 (2 or more keeps the service available through a drain). */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, percent of the request.
   * @default 70
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilization, percent of the request.
   * @default - no memory target
   */
  readonly memoryUtilization?: number;
  /**
   * Scale-up behaviour.
   * @default { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }] }
   */
  readonly scaleUp?: ScalingBehavior;
  /**
   * Scale-down behaviour.
   * @default { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] }
   */
  readonly scaleDown?: ScalingBehavior;
}

/** A durable JetStream consumer of the stack's NATS (`nats.consumers`) a worker drains. */
export interface NatsQueueSpec {
  /** Name of a consumer of `nats.consumers`, which the service also lists in `nats.consumers`. */
  readonly consumer: string;
}

/** A list of the stack's Redis a worker drains (`LPUSH` by producers, `BRPOP`/`LMOVE` by the worker). */
export interface RedisQueueSpec {
  /** Key of the list: 1 to 256 letters, digits or `-_.:{}/`. */
  readonly list: string;
}

/**
 * The queue a worker drains: KEDA scales it on the queue's length (a ScaledObject in place of the HPA).
 * Exactly one of `nats` or `redis`.
 */
export interface QueueSpec {
  /**
   * A NATS JetStream consumer: scaled on its lag (messages not yet delivered, KEDA's `nats-jetstream` scaler).
   * @default - not a NATS queue
   */
  readonly nats?: NatsQueueSpec;
  /**
   * A Redis list: scaled on its length (KEDA's `redis` scaler, over TLS with the stack's Redis password).
   * @default - not a Redis queue
   */
  readonly redis?: RedisQueueSpec;
  /**
   * Messages waiting per replica: KEDA asks for ceil(waiting / targetPerReplica) replicas, within the range.
   * @default 10
   */
  readonly targetPerReplica?: number;
  /** Fewest replicas, at least 1 (no scale to zero: the PodDisruptionBudget and the readiness of the pipeline rely on one). */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
}

/** A workload allowed to call the service, by NetworkPolicy. */
export type CallerSpec =
  | {
      /** Another service of this stack. */
      readonly service: string;
      /** Port names it may reach. @default - all of the service's ports */
      readonly ports?: readonly string[];
    }
  | {
      /** Every pod of another namespace (matched by `kubernetes.io/metadata.name`). */
      readonly namespace: string;
      /** Port names it may reach. @default - all of the service's ports */
      readonly ports?: readonly string[];
    };

/** A destination the service may send traffic to beyond DNS and the stack's own datastores. */
export type EgressSpec =
  | {
      /**
       * The internet: `0.0.0.0/0` except the private (RFC 1918), carrier-grade NAT and link-local ranges and the
       * cluster's network, so never the VPC, its internal load balancers and endpoints, or a metadata server.
       */
      readonly internet: true;
      /**
       * TCP ports.
       * @default - every port (TCP and UDP): SMTP, IMAP, SSH, databases...
       */
      readonly ports?: readonly number[];
    }
  | {
      /**
       * An IP range. A public range leaves out the private, carrier-grade NAT and link-local ranges and the
       * cluster's network inside it (`0.0.0.0/0` is `internet`); a private range is taken as it is, but for the
       * cluster's own network when it is wider (name the network, or a range in it, to reach the VPC).
       */
      readonly cidr: string;
      /**
       * TCP ports.
       * @default - every port
       */
      readonly ports?: readonly number[];
    }
  | {
      /** Every pod of a namespace. */
      readonly namespace: string;
      /**
       * TCP ports.
       * @default - every port
       */
      readonly ports?: readonly number[];
    };

/** A value read from a secret of the stack (see {@link ProductionStackProps.secrets}). */
export interface SecretKeyRef {
  /** Name of a secret in the stack's `secrets`. */
  readonly secret: string;
  /** Key inside that secret. */
  readonly key: string;
}

/** A stack secret mounted as files. */
export interface SecretMount {
  /** Name of a secret in the stack's `secrets`. */
  readonly secret: string;
  /** Directory the keys appear in, one file per key. */
  readonly mountPath: string;
  /**
   * File mode of the files.
   * @default 0o400
   */
  readonly mode?: number;
}

/** Config files mounted read-only from a ConfigMap. */
export interface ConfigFilesSpec {
  /** Directory the files appear in. */
  readonly mountPath: string;
  /** File name to content. */
  readonly files: Readonly<Record<string, string>>;
}

/** A persistent volume per replica; makes the service a StatefulSet. */
export interface StorageSpec {
  /** Size, e.g. `10Gi`. */
  readonly size: string;
  /** Where it is mounted. */
  readonly mountPath: string;
  /**
   * StorageClass.
   * @default - the cluster's default class
   */
  readonly storageClass?: string;
}

/**
 * Environment variable names a PostgreSQL connection is exposed under. Every container with a connection
 * also mounts the server's CA at `POSTGRES_CA_FILE`, which the URL names.
 */
export interface PostgresEnv {
  /** Full `postgresql://` URL that verifies the server: `sslmode=verify-full`, `sslrootcert` the mounted CA. */
  readonly url?: string;
  /** DNS name of the server, which its certificate holds. */
  readonly host?: string;
  readonly port?: string;
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  /** The server's CA bundle, PEM (for a client configured with the CA's text rather than a file). */
  readonly ca?: string;
}

/** The service's use of the stack's PostgreSQL. */
export interface PostgresClient {
  /**
   * Connections each replica opens at most (pool size plus overflow); the
   * connection budget sums this over every replica.
   * @default 10
   */
  readonly maxConnections?: number;
  /**
   * What its database role may do: `readwrite` (SELECT, INSERT, UPDATE, DELETE on the application's tables,
   * its sequences) or `readonly` (SELECT), as a login role of its own; or `owner`, for an application that migrates
   * its own schema when it starts (Django, Rails or Prisma in its entrypoint): it connects as `app_migrate`, the
   * schema's owner, as the migration Jobs do. Prefer a `migration` and `readwrite`: a compromised pod of an owner
   * may drop every table. Never the master user.
   * @default 'readwrite'
   */
  readonly access?: 'readwrite' | 'readonly' | 'owner';
  /**
   * Which environment variables carry the connection.
   * @default { url: 'DATABASE_URL' }
   */
  readonly env?: PostgresEnv;
}

/** Environment variable names a Redis connection is exposed under. */
export interface RedisEnv {
  /** Full `rediss://` URL with the AUTH token. */
  readonly url?: string;
  readonly host?: string;
  readonly port?: string;
  readonly password?: string;
  /** The server's CA bundle, PEM: what a TLS client must trust (`tls: { ca }` in ioredis and node-redis). */
  readonly ca?: string;
}

/** The service's use of the stack's Redis. */
export interface RedisClient {
  /**
   * Connections each replica opens at most.
   * @default 10
   */
  readonly maxConnections?: number;
  /**
   * Which environment variables carry the connection.
   * @default { url: 'REDIS_URL' }
   */
  readonly env?: RedisEnv;
}

/**
 * The service's use of the stack's NATS: a NATS user named after the service, allowed exactly these subjects
 * and consumers. Its connection comes in its environment: the URL, the user, the password and the inbox prefix.
 *
 * **The client must set the inbox prefix** it is given (`NATS_INBOX_PREFIX`, `_INBOX_<service>`): the service may
 * subscribe to its own inbox only, so a client left on the default `_INBOX` is refused (a permissions violation)
 * on its first request, JetStream publish or pull. See {@link NatsClient.inboxPrefixEnv}.
 */
export interface NatsClient {
  /**
   * Environment variable carrying the comma-separated server URLs.
   * @default 'NATS_URL'
   */
  readonly urlEnv?: string;
  /**
   * Subjects the service may publish to, such as `orders.>`. Not a subject that starts with a wildcard (`>`,
   * `*.>`), nor the server's own (`$JS.`, `$SYS.`), nor one whose first token starts with `_INBOX` (`_INBOX.`,
   * `_INBOX_<name>.`: the clients' reply inboxes, where publishing would forge replies).
   * @default - none
   */
  readonly publish?: readonly string[];
  /**
   * Subjects the service may subscribe to (not one that starts with a wildcard, nor `$JS.`, `$SYS.`..., nor an
   * `_INBOX` one: its own inbox is granted, see {@link NatsClient.inboxPrefixEnv}, and the others are other
   * clients' replies).
   *
   * Request/reply between services is not supported: the service may not answer what it receives here. The
   * requester's reply subject is another service's inbox (`_INBOX_<requester>.…`), where this one may not publish
   * (the server refuses the answer, a permissions violation); and nats-server's `allow_responses`, which would let
   * it answer once, is withheld, because the reply subject is the sender's choice, unchecked by the server:
   * whoever may publish to these subjects could aim the answer at the JetStream API (an empty answer to
   * `$JS.API.STREAM.DELETE.<stream>` deletes that stream). Exchange messages through streams instead.
   * @default - none
   */
  readonly subscribe?: readonly string[];
  /**
   * Durable JetStream consumers (of `nats.consumers`) the service reads from.
   * @default - none
   */
  readonly consumers?: readonly string[];
  /**
   * Environment variable carrying the service's NATS user name.
   * @default 'NATS_USER'
   */
  readonly userEnv?: string;
  /**
   * Environment variable carrying the service's NATS password (from External Secrets).
   * @default 'NATS_PASSWORD'
   */
  readonly passwordEnv?: string;
  /**
   * Environment variable carrying the service's inbox prefix, `_INBOX_<service>`, which **its NATS client must
   * set**: nats.go `nats.CustomInboxPrefix(os.Getenv("NATS_INBOX_PREFIX"))`, nats.js
   * `connect({ inboxPrefix: process.env.NATS_INBOX_PREFIX })`, nats.py `connect(inbox_prefix=...)`, Java
   * `Options.Builder().inboxPrefix(...)`, Rust async-nats `ConnectOptions::custom_inbox_prefix`.
   *
   * The service's NATS user may subscribe to `_INBOX_<service>.>` and no other inbox: the server sends every reply
   * there (a JetStream publish acknowledgement, the JetStream API's, the messages pulled from a consumer), and no other client can subscribe to them, so none reads them. They are not
   * closed the other way: the server does not check a message's reply subject, so another client can have JetStream
   * (an acknowledgement, a message it pulls) send a message into this inbox. A client
   * left on the default prefix, `_INBOX`, gets a permissions violation on its first request, JetStream publish or
   * pull, and no reply (the request times out).
   * Before this, every service could subscribe to `_INBOX.>`, so read the replies of every other client,
   * messages pulled from consumers it may not read included: an application that does not set the prefix breaks.
   * @default 'NATS_INBOX_PREFIX'
   */
  readonly inboxPrefixEnv?: string;
}

/** A Kubernetes API permission for the service's ServiceAccount (a Role rule). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** @default - all objects of those resources */
  readonly resourceNames?: readonly string[];
}

/** How replicas are kept apart. */
export type AntiAffinity = 'required' | 'preferred';

/** One AWS IAM permission of a service: actions on resources. */
export interface AwsPermission {
  /** IAM actions, e.g. `s3:GetObject`, or a prefix of actions (`s3:Get*`); none by which the service could escalate (IAM writes, `sts:AssumeRole`...). */
  readonly actions: readonly string[];
  /**
   * Full resource ARNs, e.g. `arn:aws:s3:::my-bucket/*`: not `*`, nor every resource of a service or of a type
   * (`secret:*`, `key/*`; a prefix such as `secret:shop/app-*` is fine), nor the stack's backup bucket or its
   * datastores' secrets.
   */
  readonly resources: readonly string[];
}

/** The cloud permissions of a service, for the cloud the stack runs on. */
export interface CloudAccessSpec {
  /**
   * AWS: statements of the IRSA role's inline policy.
   * @default - none
   */
  readonly aws?: readonly AwsPermission[];
  /**
   * GCP: IAM roles granted to the service's Google service account on the project, e.g. `roles/pubsub.publisher`
   * (not a basic role, nor one that impersonates service accounts or administers IAM, nor one that would reach every
   * secret, object, database, VM or the Kubernetes API of the project: `lib/core/validation/cloud-access.ts`).
   * @default - none
   */
  readonly gcp?: readonly string[];
}

/** One service of the application. */
export interface ServiceSpec {
  /** Name: a DNS-1123 label, unique in the stack. Names the Deployment, Service and everything else of it. */
  readonly name: string;
  /** Container image with a tag or digest (never `:latest`). */
  readonly image: string;
  /**
   * A `server` gets a Service and may be routed to from the edge; a `worker` runs without a Service.
   * @default 'server'
   */
  readonly role?: 'server' | 'worker';
  /**
   * Container command (entrypoint).
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Container arguments.
   * @default - the image's command
   */
  readonly args?: readonly string[];
  /**
   * Ports the container listens on.
   * @default - none (a worker)
   */
  readonly ports?: readonly PortSpec[];
  /**
   * Fixed replica count. Mutually exclusive with `autoscaling` and `queue`.
   * @default 3 when `autoscaling` is not set
   */
  readonly replicas?: number;
  /**
   * Autoscaling. Mutually exclusive with `replicas`.
   * @default - fixed replicas
   */
  readonly autoscaling?: AutoscalingSpec;
  /**
   * The queue a worker (`role: 'worker'`) drains; KEDA scales the worker on its length, between the queue's
   * `minReplicas` and `maxReplicas`. Mutually exclusive with `replicas` and `autoscaling` (one owner of the
   * replica count).
   * @default - not scaled on a queue
   */
  readonly queue?: QueueSpec;
  /**
   * Requests and limits.
   * @default - see {@link ResourcesSpec}
   */
  readonly resources?: ResourcesSpec;
  /**
   * Probes.
   * @default - see {@link ProbesSpec}
   */
  readonly probes?: ProbesSpec;
  /**
   * Plain configuration, put in the service's ConfigMap. A secret-like name
   * (`*_PASSWORD`, `*_SECRET`, `*_TOKEN`, `*_KEY`, `*_PASS`, `*_PEM`, ...) or value
   * (a private key, a URL with a password, a token) is refused here: use `secretEnv`.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Environment variables read from the stack's secrets.
   * @default - none
   */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /**
   * Secrets mounted as files.
   * @default - none
   */
  readonly secretMounts?: readonly SecretMount[];
  /**
   * Config files mounted from a ConfigMap.
   * @default - none
   */
  readonly configFiles?: ConfigFilesSpec;
  /**
   * Writable directories (emptyDir) on the otherwise read-only root filesystem.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * A persistent volume per replica (the service becomes a StatefulSet).
   * @default - no persistent storage
   */
  readonly storage?: StorageSpec;
  /**
   * Public HTTPS entry through the stack's gateway: the short form of a route (see `edge.routes` for
   * several services on one host, canaries and matches).
   * @default - not exposed outside the cluster
   */
  readonly route?: ServiceRouteSpec;
  /**
   * Who may call the service besides the gateway (for the routes that reach it).
   * @default - nobody else
   */
  readonly allowFrom?: readonly CallerSpec[];
  /**
   * Destinations the service may reach besides DNS and the datastores it uses.
   * @default - none
   */
  readonly egress?: readonly EgressSpec[];
  /**
   * Use of the stack's PostgreSQL: wires credentials and egress.
   * @default - does not use PostgreSQL
   */
  readonly postgres?: PostgresClient;
  /**
   * Use of the stack's Redis.
   * @default - does not use Redis
   */
  readonly redis?: RedisClient;
  /**
   * Use of the stack's NATS.
   * @default - does not use NATS
   */
  readonly nats?: NatsClient;
  /**
   * Kubernetes API permissions; when set the ServiceAccount token is mounted
   * and a Role/RoleBinding grants exactly these rules. Rules by which the
   * service could act beyond them are refused (reading every Secret, creating
   * workloads or pods, exec, minting tokens, `escalate`/`bind`/`impersonate`,
   * writing RBAC, NetworkPolicies, Services...: `lib/core/validation/rbac.ts`);
   * Secrets are read by name (`resourceNames`), never the library's.
   * @default - no API access, token not mounted
   */
  readonly rbac?: readonly RbacRule[];
  /**
   * Rolling update surge.
   * @default 1
   */
  readonly maxSurge?: number;
  /**
   * Rolling update unavailability.
   * @default 0
   */
  readonly maxUnavailable?: number;
  /**
   * Keep replicas on different nodes by pod anti-affinity, hard or soft. Zone
   * and node topology spread constraints are always set.
   * @default - topology spread only
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * Seconds a pod has to finish in-flight work after SIGTERM.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds the pod keeps serving after it is taken out of endpoints (a native
   * preStop `sleep`, Kubernetes 1.30+), so that load balancers stop sending first.
   * @default 5
   */
  readonly preStopSleepSeconds?: number;
  /**
   * UID (and GID) the container runs as; must not be 0.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * Serve from the standby region's read replica while it is a passive warm standby (`dr.mode: 'warm-standby'`):
   * the service only reads the database, so it may run there, at a third of its replicas, and answer the
   * clients the failover record sends when the active region fails its health check. A service that writes
   * (to the database, a queue or anything shared) stays at zero in the passive region until the flip, as it
   * would fail, or write where the failover loses it, on every request it takes. The service routed at `/`
   * of each failover host must serve from the replica (or the warm standby's health check could never pass).
   * It must not be able to write: a `postgres.access` of `readonly`, no `migration`, no `queue`, no NATS
   * `publish`; and it needs a warm standby.
   * @default false
   */
  readonly serveFromReplica?: boolean;
  /**
   * Pods that must stay up during voluntary disruptions (drains, upgrades).
   * It must leave at least one pod evictable, or node drains hang.
   * @default - one pod may be unavailable at a time (`maxUnavailable: 1`)
   */
  readonly minAvailable?: number;
  /**
   * Cloud identity of the ServiceAccount, when you manage it yourself: an IAM
   * role ARN on AWS (IRSA) or a Google service account email on GCP (Workload
   * Identity). To have the Pulumi side create one, use `cloudAccess` instead.
   * @default - no cloud identity
   */
  readonly cloudIdentity?: string;
  /**
   * Cloud APIs the service calls. The Pulumi side creates its identity with
   * exactly these permissions (an IRSA role `<stack>-<service>-irsa` on AWS
   * trusted only by the service's ServiceAccount; a Google service account
   * `<stack>-<service>` with Workload Identity on GCP) and annotates the
   * ServiceAccount with it. No keys anywhere.
   * @default - no cloud access
   */
  readonly cloudAccess?: CloudAccessSpec;
  /**
   * A database migration that completes before this version serves traffic.
   * @default - no migration
   */
  readonly migration?: MigrationSpec;
  /**
   * Metrics endpoint for Prometheus.
   * @default - `/metrics` on the port named `metrics`, when there is one
   */
  readonly metrics?: MetricsEndpoint;
  /**
   * Names of the service's request metrics, for error-rate, latency and SLO rules.
   * @default - see {@link RequestMetricsSpec}
   */
  readonly requestMetrics?: RequestMetricsSpec;
  /**
   * Service level objectives; the library generates recording rules and multi-window burn-rate alerts.
   * @default - no SLO
   */
  readonly slo?: SloSpec;
  /**
   * Application alerts (the guides' own rules), added to the stack's PrometheusRule.
   * @default - none
   */
  readonly alerts?: readonly AlertSpec[];
}

/** Where Prometheus scrapes a service. */
export interface MetricsEndpoint {
  /** Port name. */
  readonly port: string;
  /**
   * Path: an HTTP path as a probe's (see `HttpProbe.path`), without a query.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Scrape interval.
   * @default '30s'
   */
  readonly interval?: string;
}
