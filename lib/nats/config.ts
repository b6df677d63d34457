/** The nats-server configuration of a stack's cluster, built as data. */
import type { ResolvedStack } from '../core/resolve';
import { CONTROLLER_USER, natsInbox } from '../core/nats-users';
import { ROUTE_POOL_SIZE } from '../core/nats-routes';
import { parseQuantity } from '../core/quantity';
import { subjectProblem } from '../core/validation/nats-permissions';
import { subjectsOverlap } from '../core/validation/nats-producers';
import { NATS_MONITOR_PORT, NATS_NAME } from '../k8s/nats-address';
import { type ConfValue, EnvRef } from './conf';

/** Ports of a NATS server. */
export const NATS_PORTS = { client: 4222, cluster: 6222, monitor: NATS_MONITOR_PORT, metrics: 7777 } as const;

/** Where the server writes its PID, for the lame-duck signal of the preStop hook. */
export const PID_FILE = '/var/run/nats/nats.pid';

/** Share of the pod memory JetStream's memory store may use. */
const MEMORY_STORE_SHARE = 0.5;
/** Share of the volume JetStream's file store may fill (the filesystem needs the rest). */
const FILE_STORE_SHARE = 0.9;

/** Where the servers mount their certificate, with `nats.tls`. */
export const TLS_DIR = '/etc/nats-tls';

/** The server's TLS block: its certificate, and the CA it verifies peers with (routes authenticate each other). */
function tls(): Record<string, ConfValue> {
  return { cert_file: `${TLS_DIR}/tls.crt`, key_file: `${TLS_DIR}/tls.key`, ca_file: `${TLS_DIR}/ca.crt`, timeout: 3 };
}

/** Name of the headless Service that gives each server a stable DNS name for routes. */
export const HEADLESS_NAME = `${NATS_NAME}-headless`;

/**
 * The secret-manager key of an outside publisher's own secret, `<stack>/<environment>/nats-publisher/<name>`,
 * beside the stack's NATS secret `datastoreRemoteKey(stack, environment, 'nats')`: the publishing team is
 * granted this one, which holds its credential alone ({@link PublisherCredential}).
 */
export function natsPublisherRemoteKey(stack: string, environment: string, name: string): string {
  return `${stack}/${environment}/nats-publisher/${name}`;
}

/** An outside publisher whose credential a `NatsSecret` also stores alone, in a secret of its own. */
export interface NatsPublisherSecretArgs {
  /** Its NATS user: one of the secret's users (the source's with a source). */
  readonly user: string;
  /**
   * The secret-manager key of its own secret: ProductionStack gives `natsPublisherRemoteKey(stack, environment,
   * user)`, which the publishing team is granted.
   */
  readonly key: string;
  /** The NATS client URL stored with the credential. */
  readonly url: string;
}

/** What an outside publisher's own secret holds (JSON): everything its client needs to connect. */
export interface PublisherCredential {
  /** Its NATS user. */
  readonly user: string;
  /** Its password. */
  readonly password: string;
  /** The NATS client URL, cluster-internal (`tls://` with `nats.tls`). */
  readonly url: string;
  /** The inbox prefix its client must set ({@link publisherInbox}). */
  readonly inboxPrefix: string;
}

/**
 * How the Pulumi side generates each NATS user's password (`@pulumi/random` RandomPassword arguments): 48
 * letters (about 270 bits), no digits or symbols. nats-server parses the value of a `$VARIABLE` from the
 * environment as a configuration value: one starting with a digit or a `-` is lexed as a number (and refused,
 * or read as a number), and `#`, `,`, `;`, `}`, `]`, quotes and blanks cut it short; a value of letters only is
 * always read whole, as a string.
 */
export const NATS_PASSWORD = { length: 48, numeric: false, special: false } as const;

/** The environment variable holding a user's password inside the NATS pods. */
export function passwordEnv(user: string): string {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The route URL of every server of the cluster (with `nats.tls`, the `cluster.tls` block makes the routes TLS). */
export function routes(stack: ResolvedStack): string[] {
  const n = stack.nats!;
  return Array.from(
    { length: n.replicas },
    (_, i) => `nats://${NATS_NAME}-${i}.${HEADLESS_NAME}.${stack.namespace}.svc.cluster.local:${NATS_PORTS.cluster}`,
  );
}

/** JetStream API subjects a service needs to read one durable consumer (pull or bound push). */
function consumerSubjects(stream: string, consumer: string): string[] {
  return [
    `$JS.API.CONSUMER.INFO.${stream}.${consumer}`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
    `$JS.ACK.${stream}.${consumer}.>`,
    `$JS.API.STREAM.INFO.${stream}`,
  ];
}

/** A user of nats.conf: its name, its password (a `$VARIABLE` of the pods) and what it may publish and subscribe to. */
type NatsUser = {
  readonly user: string;
  readonly password: EnvRef;
  readonly permissions: {
    readonly publish: { readonly allow: string[] };
    readonly subscribe: { readonly allow: string[] };
  };
};

/**
 * One user per service that uses NATS, allowed exactly its subjects and consumers, with replies on its own inbox;
 * one per outside publisher, allowed to publish to exactly its subjects and to hear replies on its own inbox; and
 * the controller, with replies on the default `_INBOX`, which no other client uses.
 */
export function users(stack: ResolvedStack): ConfValue[] {
  const n = stack.nats!;
  const streamOf = new Map(n.consumers.map((c) => [c.name, n.streams.find((s) => s.name === c.stream)!.name]));
  const list: NatsUser[] = [];
  for (const s of stack.services) {
    if (!s.nats) continue;
    const consumers = (s.nats.consumers ?? []).flatMap((c) => consumerSubjects(streamOf.get(c)!, c));
    for (const [use, subject] of [
      ...(s.nats.publish ?? []).map((x) => ['publish', x] as const),
      ...(s.nats.subscribe ?? []).map((x) => ['subscribe', x] as const),
    ]) {
      // validation refuses these; a spec that skipped it still never reaches nats.conf with them
      const problem = subjectProblem(subject, use, '<stream subject>');
      if (problem) throw new Error(`NATS user ${s.name}, ${use}: ${problem.replace('{value}', JSON.stringify(subject))}`);
    }
    list.push({
      user: s.name,
      password: new EnvRef(passwordEnv(s.name)),
      permissions: {
        publish: { allow: [...(s.nats.publish ?? []), ...consumers, '$JS.API.INFO'] },
        // replies on its own inbox only: under `_INBOX.>` it would read every client's (what another service
        // pulls from a consumer this one may not read, every JetStream API reply)
        subscribe: { allow: [...(s.nats.subscribe ?? []), `${natsInbox(s.name)}.>`] },
        // no `allow_responses`: the reply subject is the sender's choice, so whoever may publish to a subject the
        // service subscribes to could aim its answer at any subject of the account, the JetStream API's too
        // (`$JS.API.STREAM.DELETE.<stream>`); request/reply between services is not supported
      },
    });
  }
  for (const p of n.publishers) {
    for (const subject of p.subjects) {
      const problem = subjectProblem(subject, 'publish', '<stream subject>');
      if (problem) throw new Error(`NATS publisher ${p.name}: ${problem.replace('{value}', JSON.stringify(subject))}`);
    }
    // publish to its subjects only; replies (JetStream's acknowledgements) on its own inbox only
    list.push({
      user: p.name,
      password: new EnvRef(passwordEnv(p.name)),
      permissions: { publish: { allow: [...p.subjects] }, subscribe: { allow: [`${natsInbox(p.name)}.>`] } },
    });
  }
  list.push({
    user: CONTROLLER_USER,
    password: new EnvRef(passwordEnv(CONTROLLER_USER)),
    permissions: { publish: { allow: ['$JS.API.>'] }, subscribe: { allow: ['_INBOX.>'] } },
  });
  privateInboxes(list);
  return list;
}

/**
 * Throws when a user may subscribe to a subject of another user's inbox, where that one's replies arrive
 * (validation refuses `_INBOX` subjects and a publisher named like a service: a spec that skipped it).
 */
function privateInboxes(list: readonly NatsUser[]): void {
  const inbox = (u: NatsUser) => (u.user === CONTROLLER_USER ? '_INBOX.>' : `${natsInbox(u.user)}.>`);
  for (const u of list) {
    for (const other of list) {
      if (other === u) continue;
      const reads = u.permissions.subscribe.allow.find((x) => subjectsOverlap(x, inbox(other)));
      if (reads !== undefined)
        throw new Error(`NATS user ${u.user} may subscribe to ${JSON.stringify(reads)}, where user ${other.user} receives its replies`);
    }
  }
}

/** The whole server configuration. */
export function natsConfig(stack: ResolvedStack): Record<string, ConfValue> {
  const n = stack.nats!;
  const memory = parseQuantity(n.memory) ?? 0;
  const storage = parseQuantity(n.storage) ?? 0;
  return {
    server_name: new EnvRef('SERVER_NAME'),
    port: NATS_PORTS.client,
    http_port: NATS_PORTS.monitor,
    pid_file: PID_FILE,
    lame_duck_duration: '30s',
    lame_duck_grace_period: '10s',
    jetstream: {
      store_dir: '/data',
      max_memory_store: Math.floor(memory * MEMORY_STORE_SHARE),
      max_file_store: Math.floor(storage * FILE_STORE_SHARE),
    },
    cluster: {
      name: stack.name,
      port: NATS_PORTS.cluster,
      routes: routes(stack),
      pool_size: ROUTE_POOL_SIZE,
      connect_retries: 120,
      ...(n.tls ? { tls: { ...tls(), verify: true } } : {}),
    },
    ...(n.tls ? { tls: tls() } : {}),
    authorization: { users: users(stack) },
  };
}
