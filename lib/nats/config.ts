/** The nats-server configuration of a stack's cluster, built as data. */
import type { ResolvedStack } from '../core/defaults';
import { parseQuantity } from '../core/quantity';
import { subjectProblem } from '../core/validation/nats-permissions';
import { NATS_MONITOR_PORT, NATS_NAME } from '../k8s/nats-address';
import { type ConfValue, EnvRef } from './conf';

/** Ports of a NATS server. */
export const NATS_PORTS = { client: 4222, cluster: 6222, monitor: NATS_MONITOR_PORT, metrics: 7777 } as const;

/** The NATS user of the JetStream controller (NACK), which manages streams and consumers. */
export const CONTROLLER_USER = 'jetstream-controller';

/** Route connections between each pair of servers (NATS 2.10 pooling), set explicitly so alerts can count them. */
export const ROUTE_POOL_SIZE = 3;

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
 * The NATS users, in the order of the server configuration ({@link users}): one per service with a NATS
 * client (named after it), then the JetStream controller. Each is a key of the stack's secret-manager
 * entry `datastoreRemoteKey(stack, environment, 'nats')` holding the user's password, which the Pulumi side
 * writes and the ExternalSecret `<stack>-nats` syncs under the same key.
 */
export function natsUsers(stack: ResolvedStack): string[] {
  return [...stack.services.filter((s) => s.nats).map((s) => s.name), CONTROLLER_USER];
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

/** One user per service that uses NATS, allowed exactly its subjects and consumers; and the controller. */
export function users(stack: ResolvedStack): ConfValue[] {
  const n = stack.nats!;
  const streamOf = new Map(n.consumers.map((c) => [c.name, n.streams.find((s) => s.name === c.stream)!.name]));
  const list: ConfValue[] = [];
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
        subscribe: { allow: [...(s.nats.subscribe ?? []), '_INBOX.>'] },
      },
    });
  }
  list.push({
    user: CONTROLLER_USER,
    password: new EnvRef(passwordEnv(CONTROLLER_USER)),
    permissions: { publish: { allow: ['$JS.API.>'] }, subscribe: { allow: ['_INBOX.>'] } },
  });
  return list;
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
