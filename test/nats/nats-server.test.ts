/**
 * The NATS configuration the library synthesizes, proven on the real engine: for every example stack with NATS
 * and a synthetic stack that uses every NATS option of the spec, a 3-node nats-server JetStream cluster on
 * loopback (test/support/nats-server.ts: the stack's own nats.conf, container args, env and mounts, rewritten for
 * loopback by one function), the streams and consumers created as NACK would create them from the Stream and
 * Consumer resources, every configured user's permissions probed on the server, request/reply between services
 * refused, what one account's users can still do through reply subjects (pinned, so that a change is noticed) and
 * what the stack's streams refuse of it (purges, message deletes), and the loss of a server.
 *
 * Needs nats-server (Debian's package, `apt-get install nats-server`; bash scripts/engines.sh installs it): without it the
 * tests fail, they do not skip.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  DiscardPolicy,
  Events,
  type JetStreamManager,
  type NatsConnection,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type Subscription,
  connect,
} from 'nats';
import { type ProductionStackProps, type ResolvedService, resolve } from 'production-stack';
import { publisherInbox } from 'production-stack/core/nats-users';
import { natsRouteConnections } from 'production-stack/core/nats-routes';
import { examples } from '../../examples';
import { parseNatsConf } from '../support/nats-conf';
import {
  CONF_KEYS,
  LoopbackNatsCluster,
  atLeast,
  loopbackConf,
  monitor,
  natsPassword,
  natsServerVersion,
  versionedKeys,
  waitFor,
} from '../support/nats-server';
import { baseSpec } from '../support/spec';
import { type Manifest, find, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

jest.setTimeout(60_000);

/**
 * A stack that uses every NATS option of the spec: TLS, streams and consumers with every field, publish, subscribe
 * and consumers; and api publishing on `quotes.get`, which worker subscribes to (a request there gets no answer:
 * request/reply between services is not supported).
 */
function everyOption(): ProductionStackProps {
  const spec = baseSpec();
  const [api, worker, web] = spec.services;
  return {
    ...spec,
    name: 'every',
    nats: {
      image: 'nats:2.10.24-alpine',
      replicas: 3,
      memory: '1Gi',
      storage: '20Gi',
      storageClass: 'gp3',
      controllerNamespace: 'nack',
      tls: { clusterIssuer: 'internal-ca' },
      streams: [
        { name: 'orders', subjects: ['orders.>'], maxAgeHours: 24, maxBytes: '2Gi', replicas: 3, retainOnDelete: false },
        { name: 'audit_log', subjects: ['audit.*', 'audit.archive.>'], maxAgeHours: 720, maxBytes: '512Mi', replicas: 1 },
      ],
      consumers: [
        { name: 'fulfil', stream: 'orders', ackWaitSeconds: 5, maxDeliver: 5, maxAckPending: 50, filterSubject: 'orders.created' },
        { name: 'billing', stream: 'orders' },
        { name: 'auditor', stream: 'audit_log', filterSubject: 'audit.*' },
      ],
      // a producer outside the stack, the only one of audit.archive.>
      publishers: [{ name: 'archiver', subjects: ['audit.archive.>'], namespace: 'archive', podLabels: { app: 'archiver' } }],
    },
    services: [
      {
        ...api!,
        nats: {
          publish: ['orders.>', 'audit.api', 'quotes.get'],
          subscribe: ['replies.api'],
          urlEnv: 'EVENTS_URL',
          userEnv: 'EVENTS_USER',
          passwordEnv: 'EVENTS_PASSWORD',
          inboxPrefixEnv: 'EVENTS_INBOX_PREFIX',
        },
      },
      { ...worker!, nats: { subscribe: ['orders.*', 'quotes.*'], publish: ['replies.api'], consumers: ['fulfil'] } },
      {
        ...worker!,
        name: 'auditor',
        storage: undefined,
        replicas: undefined,
        queue: { nats: { consumer: 'auditor' }, minReplicas: 1, maxReplicas: 3 },
        nats: { consumers: ['auditor', 'billing'] },
      },
      web!,
    ],
  };
}

/** A user of nats.conf: its password (as its secret key carries it) and its grants (the `allow` lists of nats.conf). */
interface User {
  readonly user: string;
  readonly password: string;
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
  /** What the spec says the user may do, for the users the spec describes (a service, an outside publisher, the controller). */
  readonly intended?: { readonly publish: readonly string[]; readonly subscribe: readonly string[] };
  /**
   * The inbox prefix its client sets: a service's, from the environment its workload gives it (`nats.inboxPrefixEnv`,
   * `NATS_INBOX_PREFIX`); an outside publisher's, what its own secret carries (`inboxPrefix`); none for the
   * controller (NACK keeps the default `_INBOX`).
   */
  readonly inboxPrefix?: string;
}

/**
 * What the spec says each user may do, written from the spec independently of lib/nats/config.ts: a service, its
 * `nats.publish` and `nats.subscribe`, the JetStream API of each of its `nats.consumers` (read its info, pull
 * from it, acknowledge, read its stream's info) and the API's own info, with replies on its own inbox,
 * `_INBOX_<service>`, and no answer to what it receives (no `allow_responses`); an outside publisher, its subjects, with replies on its own inbox; the controller (NACK), the JetStream API, with
 * replies on the default `_INBOX`.
 */
function intendedGrants(spec: ProductionStackProps, controller: string): Map<string, NonNullable<User['intended']>> {
  const stack = resolve(spec);
  const n = stack.nats!;
  const grants = new Map<string, NonNullable<User['intended']>>();
  for (const s of stack.services) {
    if (!s.nats) continue;
    const consumers = (s.nats.consumers ?? []).flatMap((name) => {
      const stream = n.consumers.find((c) => c.name === name)!.stream;
      return [
        `$JS.API.CONSUMER.INFO.${stream}.${name}`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.${name}`,
        `$JS.ACK.${stream}.${name}.>`,
        `$JS.API.STREAM.INFO.${stream}`,
      ];
    });
    grants.set(s.name, {
      publish: [...(s.nats.publish ?? []), ...consumers, '$JS.API.INFO'],
      subscribe: [...(s.nats.subscribe ?? []), `_INBOX_${s.name}.>`],
    });
  }
  for (const p of n.publishers) grants.set(p.name, { publish: p.subjects, subscribe: [`_INBOX_${p.name}.>`] });
  grants.set(controller, { publish: ['$JS.API.>'], subscribe: ['_INBOX.>'] });
  return grants;
}

/**
 * The NATS connection a service's workload (its Deployment or StatefulSet) gives its container: the user and the
 * inbox prefix, from the variables its spec names (or the documented defaults).
 */
function serviceClient(objects: readonly Manifest[], service: ResolvedService): { user: string; inboxPrefix: string } {
  const workload = objects.find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === service.name);
  if (!workload) throw new Error(`no Deployment or StatefulSet ${service.name}`);
  const env = new Map<string, Manifest>(workload.spec.template.spec.containers[0].env.map((e: Manifest) => [e.name, e]));
  const value = (name: string) => {
    const v = env.get(name)?.value;
    if (typeof v !== 'string') throw new Error(`${workload.kind} ${service.name}: no plain variable ${name}`);
    return v;
  };
  return {
    user: value(service.nats!.userEnv ?? 'NATS_USER'),
    inboxPrefix: value(service.nats!.inboxPrefixEnv ?? 'NATS_INBOX_PREFIX'),
  };
}

/** One stack under test: its objects, its users with the passwords its Secret would carry, and its cluster once started. */
interface Case {
  readonly name: string;
  readonly spec: ProductionStackProps;
  readonly objects: Manifest[];
  readonly conf: Record<string, any>;
  /** The `<stack>-nats` Secret as External Secrets would write it: one password per key, plus the template's data. */
  readonly secret: Record<string, string>;
  readonly users: readonly User[];
  readonly streams: readonly Manifest[];
  readonly consumers: readonly Manifest[];
  cluster?: LoopbackNatsCluster;
}

function prepare(name: string, spec: ProductionStackProps): Case {
  const objects = synth(spec);
  const sts = find(objects, 'StatefulSet', 'nats');
  const conf = parseNatsConf(
    find(objects, 'ConfigMap', sts.spec.template.spec.volumes.find((v: any) => v.name === 'config').configMap.name).data['nats.conf'],
  );
  const env: Manifest[] = sts.spec.template.spec.containers.find((c: any) => c.name === 'nats').env;
  const secretName = env.find((e) => e.valueFrom?.secretKeyRef)!.valueFrom.secretKeyRef.name;
  const es = find(objects, 'ExternalSecret', secretName).spec;
  const secret: Record<string, string> = {
    ...Object.fromEntries(es.data.map((d: { secretKey: string }) => [d.secretKey, natsPassword()])),
    ...(es.target?.template?.data ?? {}),
  };
  // each user of nats.conf, with the password the server reads from its $VARIABLE, which the pod takes from a secret key
  const account = objects.find((o) => o.kind === 'Account');
  const intended = intendedGrants(spec, account ? secret[account.spec.user.user]! : 'jetstream-controller');
  const stack = resolve(spec);
  const clients = new Map(stack.services.filter((s) => s.nats).map((s) => [s.name, serviceClient(objects, s)]));
  const users = (conf.authorization.users as any[]).map((u) => {
    const from = env.find((e) => e.name === u.password.$var)?.valueFrom?.secretKeyRef;
    if (!from) throw new Error(`${name}: user ${u.user}'s password ${u.password.$var} comes from no secret key of the nats container`);
    const client = clients.get(u.user);
    if (client && client.user !== u.user) throw new Error(`${name}: service ${u.user}'s workload logs in as ${client.user}`);
    const publisher = stack.nats!.publishers.some((p) => p.name === u.user);
    return {
      user: u.user as string,
      password: secret[from.key]!,
      publish: (u.permissions?.publish?.allow ?? []) as string[],
      subscribe: (u.permissions?.subscribe?.allow ?? []) as string[],
      intended: intended.get(u.user),
      inboxPrefix: client?.inboxPrefix ?? (publisher ? publisherInbox(u.user) : undefined),
    };
  });
  return {
    name,
    spec,
    objects,
    conf,
    secret,
    users,
    streams: objects.filter((o) => o.kind === 'Stream'),
    consumers: objects.filter((o) => o.kind === 'Consumer'),
  };
}

const cases: Case[] = [
  ...Object.entries(examples)
    .filter(([, spec]) => spec.nats)
    .map(([name, spec]) => prepare(name, spec)),
  prepare('every option', everyOption()),
];

// ---------------------------------------------------------------------------------------------------------------
// NACK's translation of its resources to JetStream API configuration (jetstream.nats.io/v1beta2).

/** A Go duration (`168h`, `2m`, `30s`, `1h30m`, `500ms`), as NACK parses it (time.ParseDuration), in nanoseconds. */
function goDuration(d: string): number {
  const unit: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
  const parts = [...d.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|ns|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== d) throw new Error(`not a Go duration: ${d}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0);
}

/** A CR enum value, checked against the JetStream API's values. */
function oneOf<T extends string>(values: Record<string, T>, v: string, field: string): T {
  if (!Object.values(values).includes(v as T)) throw new Error(`${field}: ${v} is none of ${Object.values(values).join(', ')}`);
  return v as T;
}

/** Fields of the Stream and Consumer resources that are NACK's own, not JetStream configuration. */
const NACK_ONLY = new Set(['account', 'preventDelete', 'preventUpdate', 'streamName']);

/** Throws on a field of a resource the translation below does not know (so that none is silently left out). */
function knownFields(kind: string, spec: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(spec).filter((k) => !known.includes(k) && !NACK_ONLY.has(k));
  if (unknown.length) throw new Error(`${kind} fields the test does not translate to JetStream: ${unknown.join(', ')}`);
}

/** The JetStream stream configuration NACK creates for a Stream resource. */
function streamConfig(cr: Manifest): Partial<StreamConfig> {
  const s = cr.spec;
  knownFields('Stream', s, [
    'name',
    'subjects',
    'retention',
    'storage',
    'replicas',
    'maxAge',
    'maxBytes',
    'discard',
    'duplicateWindow',
    'denyDelete',
    'denyPurge',
  ]);
  return {
    name: s.name,
    subjects: s.subjects,
    retention: oneOf(RetentionPolicy, s.retention, 'retention'),
    storage: oneOf(StorageType, s.storage, 'storage'),
    num_replicas: s.replicas,
    max_age: goDuration(s.maxAge),
    max_bytes: s.maxBytes,
    discard: oneOf(DiscardPolicy, s.discard, 'discard'),
    duplicate_window: goDuration(s.duplicateWindow),
    ...(s.denyDelete !== undefined ? { deny_delete: s.denyDelete } : {}),
    ...(s.denyPurge !== undefined ? { deny_purge: s.denyPurge } : {}),
  };
}

/** The JetStream consumer configuration NACK creates for a Consumer resource (a pull consumer: no deliverSubject). */
function consumerConfig(cr: Manifest): Partial<ConsumerConfig> {
  const c = cr.spec;
  knownFields('Consumer', c, [
    'durableName',
    'deliverPolicy',
    'ackPolicy',
    'ackWait',
    'maxDeliver',
    'maxAckPending',
    'replayPolicy',
    'filterSubject',
  ]);
  return {
    durable_name: c.durableName,
    deliver_policy: oneOf(DeliverPolicy, c.deliverPolicy, 'deliverPolicy'),
    ack_policy: oneOf(AckPolicy, c.ackPolicy, 'ackPolicy'),
    ack_wait: goDuration(c.ackWait),
    max_deliver: c.maxDeliver,
    max_ack_pending: c.maxAckPending,
    replay_policy: oneOf(ReplayPolicy, c.replayPolicy, 'replayPolicy'),
    ...(c.filterSubject !== undefined ? { filter_subject: c.filterSubject } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Subjects.

/** Whether the permission `pattern` matches `subject` token by token (a `*` or `>` of the subject is a plain token). */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** A concrete subject of a pattern (`*` one token, `>` two). */
function instance(pattern: string, tag = 'x'): string {
  return pattern
    .split('.')
    .map((t) => (t === '*' ? tag : t === '>' ? `${tag}.y` : t))
    .join('.');
}

/** Subjects to probe: every user's grants, every stream's subjects, the JetStream API of every stream and consumer, and foreign ones. */
function probes(c: Case): { publish: string[]; subscribe: string[] } {
  const grants = c.users.flatMap((u) => [...u.publish, ...u.subscribe, ...(u.intended?.publish ?? []), ...(u.intended?.subscribe ?? [])]);
  const streamSubjects = c.streams.flatMap((s) => s.spec.subjects as string[]);
  const api = c.streams.flatMap((s) => {
    const n = s.spec.name;
    return [
      `$JS.API.STREAM.INFO.${n}`,
      `$JS.API.STREAM.MSG.GET.${n}`,
      // names that do not exist, so that a user allowed them creates, deletes and purges nothing
      `$JS.API.STREAM.CREATE.${n}_probe`,
      `$JS.API.STREAM.DELETE.${n}_probe`,
      `$JS.API.STREAM.PURGE.${n}_probe`,
      `$JS.API.CONSUMER.CREATE.${n}.probe`,
      `$JS.API.CONSUMER.DELETE.${n}.probe`,
      `$JS.API.CONSUMER.MSG.NEXT.${n}.probe`,
      ...c.consumers
        .filter((x) => x.spec.streamName === n)
        .flatMap((x) => [
          `$JS.API.CONSUMER.INFO.${n}.${x.spec.durableName}`,
          `$JS.API.CONSUMER.MSG.NEXT.${n}.${x.spec.durableName}`,
          `$JS.ACK.${n}.${x.spec.durableName}.1.999999.999999.1700000000000000000.0`,
        ]),
    ];
  });
  const foreign = [
    'zz.not.granted',
    '$JS.API.INFO',
    '$JS.API.STREAM.LIST',
    '$JS.API.STREAM.NAMES',
    '$SYS.REQ.SERVER.PING',
    '_INBOX.probe.1',
  ];
  const concrete = [...grants, ...streamSubjects].flatMap((p) => {
    const prefix = p.replace(/\.(>|\*)$/, '');
    return [instance(p), instance(p, 'other'), ...(prefix !== p && !/[*>]/.test(prefix) ? [prefix] : [])];
  });
  const publish = [...new Set([...concrete, ...api, ...foreign])].filter((s) => !/(^|\.)[*>](\.|$)/.test(s));
  const subscribe = [...new Set([...grants, ...streamSubjects, ...concrete, ...api, ...foreign, '>', '$JS.API.>', '$SYS.>', '_INBOX.>'])];
  return { publish, subscribe };
}

// ---------------------------------------------------------------------------------------------------------------
// Clients.

const connections: NatsConnection[] = [];

/**
 * A connection to the cluster's running nodes as `u`, with the inbox prefix its client is given, over TLS trusting
 * the certificate Secret's CA when the servers serve TLS.
 */
async function login(c: Case, u: User, password = u.password): Promise<NatsConnection> {
  const cl = c.cluster!;
  const prefix = u.inboxPrefix;
  const nc = await connect({
    servers: cl.clientUrls(),
    user: u.user,
    pass: password,
    name: `${c.name}/${u.user}`,
    ...(prefix ? { inboxPrefix: prefix } : {}),
    timeout: 5000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
    ...(cl.tls ? { tls: { caFile: path.join(cl.tlsDir!, 'ca.crt') } } : {}),
  });
  connections.push(nc);
  return nc;
}

/** The permission violations the server reports on `nc`, as `publish:<subject>` and `subscription:<subject>`. */
function violations(nc: NatsConnection): Set<string> {
  const seen = new Set<string>();
  void (async () => {
    for await (const s of nc.status()) {
      const ctx = (s as { permissionContext?: { operation: string; subject: string } }).permissionContext;
      if (s.type === Events.Error && ctx) seen.add(`${ctx.operation}:${ctx.subject}`);
    }
  })();
  return seen;
}

/** Waits until the server answered everything sent on `nc` so far (its errors come before the PONG), and their status events ran. */
async function settled(nc: NatsConnection): Promise<void> {
  await nc.flush();
  await new Promise((r) => setImmediate(r));
}

/** The user a NACK Account resource logs in as: its user name and password from the keys of the Secret it names. */
function controllerLogin(c: Case, account: Manifest): User {
  const s = account.spec.user;
  const user = c.secret[s.user];
  const password = c.secret[s.password];
  if (user === undefined || password === undefined)
    throw new Error(`Account ${account.metadata.name}: the Secret lacks ${s.user} or ${s.password}`);
  const u = c.users.find((x) => x.user === user);
  if (!u) throw new Error(`Account ${account.metadata.name}: user ${user} is not in nats.conf`);
  expect(u.password).toBe(password);
  return u;
}

const managers = new Map<string, JetStreamManager>();

/** The JetStream manager of NACK for a stack: logged in as its Account says. */
async function nack(c: Case): Promise<JetStreamManager> {
  if (!managers.has(c.name)) {
    const account = find(c.objects, 'Account', c.streams[0]!.spec.account);
    const nc = await login(c, controllerLogin(c, account));
    managers.set(c.name, await nc.jetstreamManager({ timeout: 5000 }));
  }
  return managers.get(c.name)!;
}

/** The subject of the first message of `sub` within `ms`, or 'nothing'. */
async function firstSubject(sub: Subscription, ms: number): Promise<string> {
  const timer = setTimeout(() => sub.unsubscribe(), ms);
  try {
    for await (const m of sub) return m.subject;
    return 'nothing';
  } finally {
    clearTimeout(timer);
  }
}

/** Users who may publish to a subject, by the server's grants. */
const publishersOf = (c: Case, subject: string) => c.users.filter((u) => u.publish.some((p) => matches(p, subject)));

/**
 * A subject within the patterns `within` (a consumer's filter, a stream's subjects) that a user may publish to, and
 * that user; or, when no user may, an instance of the first pattern.
 */
function publishable(c: Case, within: readonly string[], tag: string): { subject: string; publisher?: User } {
  const candidates = [...within, ...c.users.flatMap((u) => u.publish)].map((p) => instance(p, tag));
  for (const subject of candidates) {
    if (!within.some((w) => matches(w, subject))) continue;
    const publisher = publishersOf(c, subject)[0];
    if (publisher) return { subject, publisher };
  }
  return { subject: instance(within[0]!, tag) };
}

// ---------------------------------------------------------------------------------------------------------------

test('nats-server is installed (Debian package nats-server)', () => {
  expect(natsServerVersion().text).toMatch(/^v2\./);
});

beforeAll(async () => {
  natsServerVersion();
  const started = await Promise.allSettled(
    cases.map(async (c) => {
      c.cluster = await LoopbackNatsCluster.start(c.objects, c.secret, c.name.replace(/\W/g, '-'));
      await c.cluster.waitForMetaLeader();
    }),
  );
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}, 90_000);

afterAll(async () => {
  await Promise.allSettled(connections.map((nc) => nc.close()));
  await Promise.allSettled(cases.map((c) => c.cluster?.stop()));
});

test('the stacks under test: every example with NATS (cqar, qbitel), and one with every NATS option and TLS', () => {
  expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(['cqar', 'qbitel', 'every option']));
  const every = cases.find((c) => c.name === 'every option')!;
  expect(every.conf.tls).toBeDefined();
  expect(every.consumers.filter((x) => x.spec.filterSubject)).toHaveLength(2);
  expect(every.users.map((u) => u.user)).toEqual(['api', 'worker', 'auditor', 'archiver', 'jetstream-controller']);
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('runs on nats-server as synthesized, rewritten for loopback only where it must be', () => {
    const cl = c.cluster!;
    const keys = new Set(cl.nodes[0]!.conf.rewritten.map((r) => r.key));
    const tls = c.conf.tls
      ? ['tls.cert_file', 'tls.key_file', 'tls.ca_file', 'cluster.tls.cert_file', 'cluster.tls.key_file', 'cluster.tls.ca_file']
      : [];
    expect([...keys].sort()).toEqual(
      ['port', 'http_port', 'pid_file', 'jetstream.store_dir', 'cluster.port', 'cluster.routes', ...tls].sort(),
    );
    // keys left out only for an older server, and only those the table marks so
    for (const n of cl.nodes) {
      const older = versionedKeys().filter(
        (k) => has(c.conf, k.key) && !atLeast(natsServerVersion(), ...(k.since.split('.').map(Number) as [number, number])),
      );
      expect(n.conf.stripped).toEqual(older.map((k) => k.key));
      expect(cl.alive()).toContain(n);
    }
  });

  test('each key left out for the installed server is one it refuses', () => {
    const cl = c.cluster!;
    const node = cl.nodes[0]!;
    for (const key of node.conf.stripped) {
      const newest = { major: 99, minor: 0, patch: 0, text: 'v99.0.0' };
      const whole = loopbackConf(cl.text, node, { ...cl.ctx!, server: newest });
      const file = path.join(cl.root, `refused-${key}.conf`);
      fs.writeFileSync(file, whole.text);
      const r = spawnSync('nats-server', ['-t', '-c', file], { env: node.env, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toContain(`unknown field "${key.split('.').at(-1)}"`);
    }
  });

  test('the servers form one cluster: route connections per server as the alert expects of the version', async () => {
    const cl = c.cluster!;
    const replicas = cl.nodes.length;
    // nats-server 2.10+: pool_size routes plus the system account's own route to each peer; 2.9: one route per peer
    const expected = atLeast(natsServerVersion(), 2, 10) ? natsRouteConnections(replicas) : replicas - 1;
    const counts = await waitFor('every route', 15_000, async () => {
      const v = await Promise.all(cl.nodes.map((n) => monitorRoutes(n.ports.monitor!)));
      return v.every((x) => x === expected) ? v : undefined;
    }).catch(async () => Promise.all(cl.nodes.map((n) => monitorRoutes(n.ports.monitor!))));
    expect(counts).toEqual(cl.nodes.map(() => expected));
  });

  test('the controller, logged in as the Account says, creates every Stream and Consumer as NACK would', async () => {
    const jsm = await nack(c);
    for (const s of c.streams) {
      const want = streamConfig(s);
      await jsm.streams.add({ ...want }); // (nats.js adds keys to the object it is given)
      const info = await jsm.streams.info(s.spec.name);
      expect(info.config).toMatchObject(want);
      expect(1 + (info.cluster?.replicas?.length ?? 0)).toBe(s.spec.replicas);
    }
    for (const x of c.consumers) {
      const want = consumerConfig(x);
      await jsm.consumers.add(x.spec.streamName, { ...want });
      const info = await jsm.consumers.info(x.spec.streamName, x.spec.durableName);
      expect(info.config).toMatchObject(want);
    }
  });

  test('each user logs in with the password its secret key carries, and is refused with another', async () => {
    for (const u of c.users) {
      const nc = await login(c, u);
      expect(nc.info?.server_name).toMatch(/^nats-\d$/);
      await expect(login(c, u, natsPassword())).rejects.toThrow(/AUTHORIZATION_VIOLATION|Authorization Violation/i);
    }
  });

  test('each user may publish and subscribe exactly where the spec says (a user the spec does not describe: its grants), and is refused elsewhere', async () => {
    const { publish, subscribe } = probes(c);
    const report: string[] = [];
    for (const u of c.users) {
      const may = u.intended ?? u;
      let accepted = 0;
      const nc = await login(c, u);
      const refused = violations(nc);
      await settled(nc);
      for (const s of publish) nc.publish(s, 'probe');
      const subs = subscribe.map((s) => nc.subscribe(s, { callback: () => {} }));
      await settled(nc);
      for (const [op, list, allow] of [
        ['publish', publish, may.publish],
        ['subscription', subscribe, may.subscribe],
      ] as const) {
        for (const s of list) {
          const allowed = allow.some((p) => matches(p, s));
          if (allowed === refused.has(`${op}:${s}`))
            report.push(`${u.user} ${op} ${s}: ${allowed ? 'refused though intended' : 'accepted though not intended'}`);
          if (!refused.has(`${op}:${s}`)) accepted++;
        }
      }
      // the probes have teeth: the server refused some and accepted some of each user's
      expect(refused.size).toBeGreaterThan(0);
      expect(accepted).toBeGreaterThan(0);
      subs.forEach((s) => s.unsubscribe());
      await nc.close();
    }
    expect(report).toEqual([]);
  });

  test('no user may answer what it receives (no allow_responses), and every stream denies purges and message deletes', async () => {
    expect((c.conf.authorization.users as any[]).filter((u) => u.permissions?.allow_responses !== undefined)).toEqual([]);
    const jsm = await nack(c);
    for (const s of c.streams) {
      const { config } = await jsm.streams.info(s.spec.name);
      expect([s.spec.name, config.deny_purge, config.deny_delete]).toEqual([s.spec.name, true, true]);
    }
  });

  test('each service publishes, subscribes and reads its consumers as its spec says', async () => {
    const stack = resolve(c.spec);
    const jsm = await nack(c);
    for (const s of stack.services.filter((x) => x.nats)) {
      const u = c.users.find((x) => x.user === s.name)!;
      expect(u).toBeDefined();
      const nc = await login(c, u);
      const refused = violations(nc);
      const js = nc.jetstream({ timeout: 5000 });
      // publish: a subject of a stream is stored (the JetStream ack comes back on its _INBOX)
      for (const p of s.nats!.publish ?? []) {
        const subject = instance(p, `pub-${s.name}`);
        const stream = c.streams.find((x) => (x.spec.subjects as string[]).some((y) => matches(y, subject)));
        if (stream) expect((await js.publish(subject, `from ${s.name}`)).stream).toBe(stream.spec.name);
        else nc.publish(subject, `from ${s.name}`);
      }
      // subscribe: what another user publishes there arrives
      for (const p of s.nats!.subscribe ?? []) {
        const subject = instance(p, `sub-${s.name}`);
        const sub = nc.subscribe(p, { max: 1 });
        await settled(nc);
        const publisher = publishersOf(c, subject)[0];
        if (publisher) {
          const other = await login(c, publisher);
          other.publish(subject, 'hello');
          await other.flush();
          expect(await firstSubject(sub, 3000)).toBe(subject);
        }
      }
      // consumers: a message of the consumer's subjects is delivered through the JetStream API, and acknowledged
      for (const name of s.nats!.consumers ?? []) {
        const cr = c.consumers.find((x) => x.spec.durableName === name)!;
        const stream = c.streams.find((x) => x.spec.name === cr.spec.streamName)!;
        const { subject, publisher } = publishable(
          c,
          cr.spec.filterSubject ? [cr.spec.filterSubject] : stream.spec.subjects,
          `for-${name}`,
        );
        const consumer = await js.consumers.get(stream.spec.name, name);
        if (publisher) {
          const other = await login(c, publisher);
          const payload = `for ${name} ${Date.now()}`;
          await other.jetstream().publish(subject, payload);
          const got = await waitFor(`${payload} on ${name}`, 10_000, async () => {
            const m = await consumer.next({ expires: 1000 });
            if (!m) return undefined;
            m.ack();
            return m.string() === payload ? m : undefined;
          });
          expect(got.subject).toBe(subject);
          await settled(nc);
          await waitFor(`the ack on ${name}`, 5000, async () =>
            (await jsm.consumers.info(stream.spec.name, name)).num_ack_pending === 0 ? true : undefined,
          );
        } else {
          // no user may publish to what it reads: the pull is accepted all the same (no permission violation, below)
          (await consumer.next({ expires: 1000 }))?.ack();
        }
      }
      await settled(nc);
      expect([...refused]).toEqual([]);
      await nc.close();
    }
  });
});

/** Route connections of a node, from its monitoring endpoint (what the exporter exports as gnatsd_varz_routes). */
async function monitorRoutes(portNumber: number): Promise<number> {
  return (await monitor(portNumber, '/varz')).routes;
}

/** Whether the parsed config has the key at `dotted` (no list items). */
function has(conf: Record<string, any>, dotted: string): boolean {
  let v: any = conf;
  for (const k of dotted.split('.')) v = v && typeof v === 'object' ? v[k] : undefined;
  return v !== undefined;
}

// Each service's replies reach it alone: its inbox is `_INBOX_<service>` (its workload gives it the prefix), the one
// it may subscribe to. Before, every service could subscribe to `_INBOX.>`, every client's inbox, and received the
// messages another service pulled from a consumer it may not read (and every JetStream API reply).
test("a service is refused the other clients' inboxes, and does not receive what another service pulls from a consumer", async () => {
  const c = cases.at(-1)!;
  const stack = resolve(c.spec);
  const reader = stack.services.find((s) => s.nats?.consumers?.length)!;
  const name = reader.nats!.consumers![0]!;
  const spy = stack.services.find((s) => s.nats && s.name !== reader.name && !s.nats.consumers?.includes(name))!;
  const spyUser = c.users.find((u) => u.user === spy.name)!;
  const readerUser = c.users.find((u) => u.user === reader.name)!;
  const cr = c.consumers.find((x) => x.spec.durableName === name)!;
  const stream = c.streams.find((x) => x.spec.name === cr.spec.streamName)!;
  const { subject, publisher } = publishable(c, cr.spec.filterSubject ? [cr.spec.filterSubject] : stream.spec.subjects, 'inbox-spy');
  const payload = `for ${reader.name} only ${Date.now()}`;
  // each has its own prefix, from its workload's environment
  expect([spyUser.inboxPrefix, readerUser.inboxPrefix]).toEqual([`_INBOX_${spy.name}`, `_INBOX_${reader.name}`]);
  // the spy listens on every inbox: the controller's (the default), the reader's, the outside publishers' and its own
  const sc = await login(c, spyUser);
  const refused = violations(sc);
  const seen: string[] = [];
  const others = ['_INBOX.>', ...c.users.filter((u) => u !== spyUser && u.inboxPrefix).map((u) => `${u.inboxPrefix}.>`)];
  // (its own inbox also gets the replies to its other connections, such as the publish below: what matters is the reader's message)
  const record = (own: boolean) => (e: unknown, m: { subject: string; string(): string }) => {
    if (!e && (!own || m.string() === payload)) seen.push(`${spy.name} got ${m.subject}`);
  };
  for (const s of others) sc.subscribe(s, { callback: record(false) });
  sc.subscribe(`${spyUser.inboxPrefix}.>`, { callback: record(true) });
  await settled(sc);
  expect(others).toContain(`_INBOX_${reader.name}.>`);
  expect([...refused].sort()).toEqual(others.map((s) => `subscription:${s}`).sort());
  await (await login(c, publisher!)).jetstream().publish(subject, payload);
  // the reader, with its own prefix, pulls the message (and gets the JetStream API's replies) on its inbox
  const rc = await login(c, readerUser);
  const readerRefused = violations(rc);
  const consumer = await rc.jetstream().consumers.get(stream.spec.name, name);
  await waitFor(`${payload} on ${name}`, 10_000, async () => {
    const m = await consumer.next({ expires: 1000 });
    m?.ack();
    return m?.string() === payload ? true : undefined;
  });
  await settled(rc);
  await settled(sc);
  expect([...readerRefused]).toEqual([]);
  expect(seen).toEqual([]);
});

test('a client left on the default inbox prefix is refused its replies: its JetStream publish gets no acknowledgement', async () => {
  const c = cases.at(-1)!;
  const u = c.users.find((x) => x.user === resolve(c.spec).services.find((s) => s.nats?.publish?.length)!.name)!;
  const nc = await login(c, { ...u, inboxPrefix: undefined });
  const refused = violations(nc);
  const subject = instance(u.publish[0]!, 'default-inbox');
  await expect(nc.jetstream({ timeout: 2000 }).publish(subject, 'x')).rejects.toThrow();
  await settled(nc);
  expect([...refused]).toContainEqual(expect.stringMatching(/^subscription:_INBOX\.[A-Za-z0-9]+\.\*$/));
});

/** The messages a stream holds, by sequence: subject and payload. */
async function storedIn(jsm: JetStreamManager, stream: string): Promise<{ subject: string; data: string }[]> {
  const { first_seq: first, last_seq: last, messages } = (await jsm.streams.info(stream)).state;
  if (!messages) return [];
  const out: { subject: string; data: string }[] = [];
  for (let seq = first; seq <= last; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (m) out.push({ subject: m.subject, data: new TextDecoder().decode(m.data) });
  }
  return out;
}

// Request/reply between services is not supported: a service may not publish to another's inbox, and has no
// allow_responses (the requester chooses the reply subject, which could be the JetStream API's), so its answer is
// refused and the requester gets none: request/reply fails closed.
test("request/reply fails closed: a service that receives a request may not answer it on the requester's inbox", async () => {
  const c = cases.at(-1)!;
  const stack = resolve(c.spec);
  const requester = c.users.find((u) => u.user === 'api')!;
  const responder = c.users.find((u) => u.user === 'worker')!;
  expect(stack.services.find((s) => s.name === 'api')!.nats!.publish).toContain('quotes.get');
  expect(stack.services.find((s) => s.name === 'worker')!.nats!.subscribe).toContain('quotes.*');
  const rc = await login(c, responder);
  const refused = violations(rc);
  const received: string[] = [];
  rc.subscribe('quotes.*', {
    callback: (e, m) => {
      if (e || !m.reply) return;
      received.push(m.reply);
      m.respond(new TextEncoder().encode(`quote for ${m.string()}`));
    },
  });
  await settled(rc);
  const ac = await login(c, requester);
  const requesterRefused = violations(ac);
  // the request arrives, its answer to the requester's inbox is refused, and the requester times out
  await expect(ac.request('quotes.get', new TextEncoder().encode('a widget'), { timeout: 2000 })).rejects.toThrow(/TIMEOUT/i);
  await settled(rc);
  expect(received).toHaveLength(1);
  expect(received[0]).toMatch(/^_INBOX_api\./);
  expect([...refused]).toEqual([`publish:${received[0]}`]);
  // unprompted, to the requester's inbox, or to the subject of the request: refused too
  rc.publish(`${requester.inboxPrefix}.forged.1`, 'forged');
  rc.publish('quotes.get', 'not its subject');
  await settled(rc);
  expect([...refused].sort()).toEqual([`publish:${received[0]}`, `publish:${requester.inboxPrefix}.forged.1`, 'publish:quotes.get'].sort());
  await settled(ac);
  expect([...requesterRefused]).toEqual([]);
  // (the answering connection goes: the other tests' requests are not its)
  await rc.close();
});

// A pulled message's reply subject is its JetStream acknowledgement's, which the reader is granted: what a producer
// gave as the reply of its publish is not delivered through the stream, and the reader may not publish there.
test("a consumer's reader may acknowledge what it pulls, and not publish the producer's reply subject or the message's subject", async () => {
  const c = cases.at(-1)!;
  const reader = c.users.find((u) => u.user === 'worker')!;
  const producer = c.users.find((u) => u.user === 'api')!;
  const cr = c.consumers.find((x) => x.spec.durableName === 'fulfil')!;
  const subject = cr.spec.filterSubject as string;
  const payload = `pulled with a reply ${Date.now()}`;
  // the producer publishes with a reply subject of its choosing (JetStream's ack goes there: no one listens)
  const pc = await login(c, producer);
  pc.publish(subject, payload, { reply: 'zz.producer.reply' });
  await settled(pc);
  const rc = await login(c, reader);
  const refused = violations(rc);
  const consumer = await rc.jetstream().consumers.get(cr.spec.streamName, 'fulfil');
  const got = await waitFor(`${payload} on fulfil`, 10_000, async () => {
    const m = await consumer.next({ expires: 1000 });
    if (!m) return undefined;
    if (m.string() !== payload) {
      m.ack();
      return undefined;
    }
    return m;
  });
  expect(got.info.stream).toBe(cr.spec.streamName);
  await got.ackAck();
  rc.publish('zz.producer.reply', 'x');
  rc.publish(subject, 'x');
  rc.publish('audit.x', 'x');
  await settled(rc);
  expect([...refused].sort()).toEqual(['publish:audit.x', `publish:${subject}`, 'publish:zz.producer.reply'].sort());
});

// PINNED, a property of NATS this configuration cannot close (one account for every user): nats-server checks the
// publish permission of a message's subject, never of its reply subject (server/client.go: only `_R_.`, `$JS.ACK.`
// and `$GNR.` replies are refused), and JetStream answers a publish on the reply subject, a pull with the message.
// So a user makes JetStream write where it may not: an acknowledgement (its JSON, not the user's content) into
// another stream, a request to the JetStream API (a purge of a stream without deny_purge), a pulled message into
// another subject. What the configuration does close is pinned beside it: the stack's streams deny purges and
// message deletes, so the reflected acknowledgement leaves them whole; and a service may not answer a request (no
// allow_responses), so a requester cannot aim its answer at `$JS.API.STREAM.DELETE.<stream>`. Should a server
// version or a configuration change any of these, this fails: then correct what the docs say of it
// (lib/core/spec/nats.ts, lib/core/spec/service.ts, lib/core/validation/nats-producers.ts, README.md's NATS section).
test("PINNED: a user makes JetStream publish to a reply subject the user may not publish to; the stack's streams refuse the reflected purge and delete, and a service's answer is refused", async () => {
  const c = cases.at(-1)!;
  const jsm = await nack(c);
  // a stream no user may publish to (the controller creates it without deny_purge, unlike the stack's streams)
  await jsm.streams.add({ name: 'reflected', subjects: ['reflected.>'], num_replicas: 1 });
  try {
    expect((await jsm.streams.info('reflected')).config.deny_purge).toBeFalsy();
    const publisher = c.users.find((u) => u.user === 'archiver')!;
    expect(publisher.publish).toEqual(['audit.archive.>']);
    const pc = await login(c, publisher);
    const refused = violations(pc);
    pc.publish('reflected.direct', 'refused');
    // its publish to its own subject, with the other stream's subject as the reply: JetStream's ack is stored there
    pc.publish('audit.archive.reflect', 'mine', { reply: 'reflected.ack' });
    await settled(pc);
    expect([...refused]).toEqual(['publish:reflected.direct']);
    const stored = await waitFor('the reflected ack', 5000, async () => {
      const m = await storedIn(jsm, 'reflected');
      return m.length ? m : undefined;
    });
    expect(stored.map((m) => m.subject)).toEqual(['reflected.ack']);
    expect(JSON.parse(stored[0]!.data)).toMatchObject({ stream: 'audit_log', seq: expect.any(Number) });
    // its ack sent to the JetStream API is the account's request: `{"stream":…,"seq":N}` purges `reflected` below N
    pc.publish('audit.archive.reflect', 'mine', { reply: '$JS.API.STREAM.PURGE.reflected' });
    await settled(pc);
    await waitFor('the purge', 5000, async () => ((await jsm.streams.info('reflected')).state.messages === 0 ? true : undefined));
    expect([...refused]).toEqual(['publish:reflected.direct']);

    // the stack's own stream denies purges and message deletes: the same reflection, at it, removes nothing
    const audit = c.streams.find((x) => x.spec.name === 'audit_log')!;
    expect([audit.spec.denyPurge, audit.spec.denyDelete]).toEqual([true, true]);
    // (a message of its own subjects, then one whose ack reaches the API: a purge below it, a delete of it)
    const js = pc.jetstream({ timeout: 5000 });
    await js.publish('audit.archive.kept', 'kept');
    const before = (await jsm.streams.info('audit_log')).state;
    expect(before.messages).toBeGreaterThan(1);
    pc.publish('audit.archive.reflect', 'mine', { reply: '$JS.API.STREAM.PURGE.audit_log' });
    pc.publish('audit.archive.reflect', 'mine', { reply: '$JS.API.STREAM.MSG.DELETE.audit_log' });
    await settled(pc);
    await waitFor('both reflected publishes stored', 5000, async () =>
      (await jsm.streams.info('audit_log')).state.last_seq === before.last_seq + 2 ? true : undefined,
    );
    // (the reflected requests reach the API after the acks: give them the time the purge of `reflected` took)
    await new Promise((r) => setTimeout(r, 1000));
    const after = (await jsm.streams.info('audit_log')).state;
    // every message is still there: nothing purged below the first reflected publish, nothing deleted
    expect(after.first_seq).toBe(before.first_seq);
    expect(after.messages).toBe(before.messages + 2);
    expect(after.num_deleted ?? 0).toBe(before.num_deleted ?? 0);
    // and the server says so to the stack's controller too: both refused whatever the requester
    await expect(jsm.streams.purge('audit_log')).rejects.toThrow(/purge/i);
    await expect(jsm.streams.deleteMessage('audit_log', after.last_seq)).rejects.toThrow(/delete/i);
    expect((await jsm.streams.info('audit_log')).state.messages).toBe(after.messages);
    // and for good: the server refuses to lift either on the existing stream (only recreating it empties it)
    const { config } = await jsm.streams.info('audit_log');
    await expect(jsm.streams.update('audit_log', { ...config, deny_purge: false })).rejects.toThrow(/can not cancel deny purge/);
    await expect(jsm.streams.update('audit_log', { ...config, deny_delete: false })).rejects.toThrow(/can not cancel deny message deletes/);
    expect([...refused]).toEqual(['publish:reflected.direct']);

    // a consumer's reader pulls with the other stream's subject as the reply: the message is delivered, and stored, there
    const reader = c.users.find((u) => u.user === 'worker')!;
    const producer = c.users.find((u) => u.user === 'api')!;
    const payload = `pulled elsewhere ${Date.now()}`;
    await (await login(c, producer)).jetstream().publish('orders.created', payload);
    const rc = await login(c, reader);
    const readerRefused = violations(rc);
    rc.publish('$JS.API.CONSUMER.MSG.NEXT.orders.fulfil', JSON.stringify({ batch: 1, expires: 2e9 }), { reply: 'reflected.pulled' });
    await settled(rc);
    // (JetStream delivers to the reply subject with the message's own subject: the copy keeps it)
    const pulled = await waitFor('the pulled message', 5000, async () =>
      (await storedIn(jsm, 'reflected')).find((m) => m.data === payload),
    );
    expect(pulled.subject).toBe('orders.created');
    expect([...readerRefused]).toEqual([]);

    // a requester gives the JetStream API as its request's reply: the service's empty answer, which would delete
    // `reflected`, is refused (no allow_responses), and the stream survives
    const rs = await login(c, reader);
    const responderRefused = violations(rs);
    rs.subscribe('quotes.*', { callback: (e, m) => !e && m.reply && m.respond() });
    await settled(rs);
    const ac = await login(c, producer);
    const requesterRefused = violations(ac);
    ac.publish('quotes.get', 'say nothing', { reply: '$JS.API.STREAM.DELETE.reflected' });
    ac.publish('quotes.get', 'say nothing', { reply: 'reflected.answer' });
    await settled(ac);
    await waitFor('both answers refused', 5000, async () => (responderRefused.size === 2 ? true : undefined));
    expect([...responderRefused].sort()).toEqual(['publish:$JS.API.STREAM.DELETE.reflected', 'publish:reflected.answer']);
    expect([...requesterRefused]).toEqual([]);
    expect(await jsm.streams.names().next()).toContain('reflected');
    expect((await storedIn(jsm, 'reflected')).find((m) => m.subject === 'reflected.answer')).toBeUndefined();
    await rs.close();
  } finally {
    await jsm.streams.delete('reflected').catch(() => undefined);
  }
});

describe('with the leader of a replicated stream killed', () => {
  /** Per stack: the R3 stream, its killed leader and new leader. */
  const failover = new Map<string, { stream: string; killed: string; leader: string }>();

  beforeAll(async () => {
    await Promise.all(
      cases.map(async (c) => {
        const jsm = await nack(c);
        const stream = c.streams.find((s) => s.spec.replicas === 3)!;
        const name = stream.spec.name;
        const killed = (await jsm.streams.info(name)).cluster!.leader!;
        await c.cluster!.kill(killed);
        const leader = await waitFor(`a new leader of ${name}`, 30_000, async () => {
          const l = (await jsm.streams.info(name)).cluster?.leader;
          return l && l !== killed ? l : undefined;
        });
        for (const x of c.consumers.filter((y) => y.spec.streamName === name)) {
          await waitFor(`a leader of consumer ${x.spec.durableName}`, 30_000, async () => {
            const l = (await jsm.consumers.info(name, x.spec.durableName)).cluster?.leader;
            return l && l !== killed ? l : undefined;
          });
        }
        failover.set(c.name, { stream: name, killed, leader });
      }),
    );
  }, 90_000);

  test.each(cases.map((c) => [c.name, c] as const))(
    '%s: the stream still takes a publish, and its consumer delivers it',
    async (_name, c) => {
      const f = failover.get(c.name)!;
      expect(f.leader).not.toBe(f.killed);
      const stream = c.streams.find((s) => s.spec.name === f.stream)!;
      const cr = c.consumers.find((x) => x.spec.streamName === f.stream)!;
      const { subject, publisher } = publishable(
        c,
        cr.spec.filterSubject ? [cr.spec.filterSubject] : stream.spec.subjects,
        'after-failover',
      );
      const reader = resolve(c.spec).services.find((s) => s.nats?.consumers?.includes(cr.spec.durableName));
      const readerUser = c.users.find((u) => u.user === reader?.name)!;
      const rc = await login(c, readerUser);
      const consumer = await rc.jetstream().consumers.get(f.stream, cr.spec.durableName);
      // every stream has a producer (validation), a service or an outside publisher, each a user of nats.conf
      expect(publisher).toBeDefined();
      const pc = await login(c, publisher!);
      const payload = `after failover ${Date.now()}`;
      const ack = await pc.jetstream({ timeout: 5000 }).publish(subject, payload);
      expect(ack.stream).toBe(f.stream);
      const got = await waitFor(`${payload} after failover`, 15_000, async () => {
        const m = await consumer.next({ expires: 1000 });
        if (!m) return undefined;
        m.ack();
        return m.string() === payload ? m.string() : undefined;
      });
      expect(got).toBe(payload);
    },
  );
});

test('the loopback rewrite knows one key newer than 2.9, and fails on a key it does not know', () => {
  for (const rule of Object.values(CONF_KEYS)) expect(rule.what).not.toBe('');
  expect(versionedKeys()).toEqual([{ key: 'cluster.pool_size', since: '2.10', without: expect.stringContaining('one route per peer') }]);
  const c = cases[0]!;
  const cl = c.cluster!;
  expect(() => loopbackConf(`${cl.text}"no_such_key": 1\n`, cl.nodes[0]!, cl.ctx!)).toThrow(
    /keys the loopback rewrite does not know: no_such_key/,
  );
  const nested = cl.text.replace('"cluster": {\n', '"cluster": {\n  "compression": "s2_auto"\n');
  expect(() => loopbackConf(nested, cl.nodes[0]!, cl.ctx!)).toThrow(/does not know: cluster.compression/);
});
