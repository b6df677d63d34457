/**
 * Runs the NATS configuration the library synthesizes on real nats-server processes (Debian: `apt-get install
 * nats-server`; bash scripts/engines.sh installs it), on loopback: a 3-node JetStream cluster per stack, built from the stack's own
 * objects — the `nats.conf` of its ConfigMap, the nats container's args, env, ports and volume mounts of its
 * StatefulSet, and passwords where its Secret would carry them.
 *
 * Only what cannot work on loopback is rewritten, by one function, {@link loopbackConf}, whose table
 * {@link CONF_KEYS} names every key of nats.conf it knows and what it does with it; a key missing from it fails
 * the test rather than reaching the server unexamined. Without nats-server, {@link natsServerVersion} throws (the
 * tests fail, they do not skip).
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { issueCertificate } from './certificates';
import { freePorts } from './ports';
import * as os from 'os';
import * as path from 'path';
import { type ConfValue, EnvRef, renderConf } from 'production-stack/nats/conf';
import { parseNatsConf } from './nats-conf';
import type { Manifest } from './synth';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The installed nats-server's version. */
export interface NatsServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly text: string;
}

let version: NatsServerVersion | undefined;

/** The installed nats-server's version; throws, naming the package, when there is none. */
export function natsServerVersion(): NatsServerVersion {
  if (version) return version;
  const r = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  const m = /v(\d+)\.(\d+)\.(\d+)/.exec(r.stdout ?? '');
  if (r.error || r.status !== 0 || !m) {
    throw new Error(
      `nats-server not found (${r.error?.message ?? r.stderr}): apt-get install nats-server (Debian's package; bash scripts/engines.sh installs it)`,
    );
  }
  version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: m[0] };
  return version;
}

/** Whether `v` is at least `major.minor`. */
export function atLeast(v: NatsServerVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** Where one node of the loopback cluster listens, and its directories. */
export interface LoopbackNode {
  /** The pod ordinal (`nats-<index>`). */
  readonly index: number;
  /** The pod name, which the pod's `SERVER_NAME` (its `metadata.name`) carries. */
  readonly name: string;
  /** Local port of each named container port (`client`, `cluster`, `monitor`). */
  readonly ports: Readonly<Record<string, number>>;
  /** Local directory of each volume mount path of the nats container. */
  readonly mounts: Readonly<Record<string, string>>;
}

/** What {@link loopbackConf} needs of the stack's objects and of the other nodes. */
export interface LoopbackContext {
  /** The StatefulSet's container ports, by number (what the config's ports must be). */
  readonly containerPorts: Readonly<Record<number, string>>;
  /** Route URL host of pod `i`: `<statefulset>-<i>.<serviceName>.<namespace>.svc.cluster.local`. */
  readonly routeHost: RegExp;
  /** Every node of the cluster, by ordinal. */
  readonly nodes: readonly LoopbackNode[];
  /** The installed server. */
  readonly server: NatsServerVersion;
}

type Rewrite = (value: any, node: LoopbackNode, ctx: LoopbackContext, key: string) => any;

/** One key of nats.conf: why it is kept, or how it is rewritten; `since`, a key older servers refuse. */
interface KeyRule {
  readonly what: string;
  readonly rewrite?: Rewrite;
  /** The server version that introduced the key: an older server gets the config without it (`without` says what that means). */
  readonly since?: { readonly version: [number, number]; readonly without: string };
}

const keep = (what: string): KeyRule => ({ what });

/** A port of the config: must be one of the container's ports, and becomes that port's local number. */
const port: Rewrite = (value, node, ctx, key) => {
  const name = ctx.containerPorts[value];
  if (!name) throw new Error(`nats.conf ${key}: ${value} is not a port of the nats container (${JSON.stringify(ctx.containerPorts)})`);
  return node.ports[name];
};

/** A file or directory of the config: must be under a volume mount of the container (else it is not there in the pod). */
const mounted: Rewrite = (value: string, node, _ctx, key) => {
  const mount = Object.keys(node.mounts).find((m) => value === m || value.startsWith(`${m}/`));
  if (!mount)
    throw new Error(`nats.conf ${key}: ${value} is under no volume mount of the nats container (${Object.keys(node.mounts).join(', ')})`);
  return node.mounts[mount] + value.slice(mount.length);
};

/** The route URLs: one per pod, in ordinal order, on the cluster port; each becomes that node's loopback address. */
const routes: Rewrite = (value: string[], _node, ctx, key) => {
  if (value.length !== ctx.nodes.length) throw new Error(`nats.conf ${key}: ${value.length} routes for ${ctx.nodes.length} servers`);
  return value.map((u, i) => {
    const url = new URL(u);
    const m = ctx.routeHost.exec(url.hostname);
    if (!m || Number(m[1]) !== i) throw new Error(`nats.conf ${key}[${i}]: ${u} is not the route of pod ${i}`);
    const target = ctx.nodes[i]!;
    const local = port(Number(url.port), target, ctx, `${key}[${i}]`);
    return `${url.protocol}//127.0.0.1:${local}`;
  });
};

/**
 * Every key of nats.conf the library writes (a path: `cluster.tls.cert_file`; `[]` an item of a list), and what
 * {@link loopbackConf} does with it. A block's own entry covers the block, its keys have their own. A key that is
 * not here fails the run: add it, saying why it is kept or how it is rewritten, and with `since` if the server
 * introduced it after 2.9 (Debian's nats-server is 2.9.10; the image the library deploys, 2.10).
 */
export const CONF_KEYS: Readonly<Record<string, KeyRule>> = {
  server_name: keep('$SERVER_NAME: each process gets its pod name, as the pod from metadata.name'),
  port: { what: 'client port: a free local port', rewrite: port },
  http_port: { what: 'monitoring port: a free local port', rewrite: port },
  pid_file: { what: "under the pod's pid volume: that volume's local directory", rewrite: mounted },
  lame_duck_duration: keep('kept'),
  lame_duck_grace_period: keep('kept'),
  jetstream: keep('block'),
  'jetstream.store_dir': { what: "the pod's data volume: that volume's local directory", rewrite: mounted },
  'jetstream.max_memory_store': keep('kept: a limit, not an allocation'),
  'jetstream.max_file_store': keep('kept: a limit the streams reserve their maxBytes from, not an allocation'),
  cluster: keep('block'),
  'cluster.name': keep('kept'),
  'cluster.port': { what: 'route port: a free local port', rewrite: port },
  'cluster.routes': { what: "each pod's DNS name: that node's 127.0.0.1 and route port", rewrite: routes },
  'cluster.pool_size': {
    what: 'kept on 2.10+',
    since: {
      version: [2, 10],
      // 2.9 fails the config with `unknown field "pool_size"`: route pooling came with 2.10
      without: 'route pooling is 2.10 (docs.nats.io, v2 routes): a 2.9 server keeps one route per peer and refuses the key',
    },
  },
  'cluster.connect_retries': keep('kept'),
  'cluster.tls': keep('block'),
  'cluster.tls.cert_file': { what: "under the pod's TLS volume: that volume's local directory", rewrite: mounted },
  'cluster.tls.key_file': { what: "under the pod's TLS volume: that volume's local directory", rewrite: mounted },
  'cluster.tls.ca_file': { what: "under the pod's TLS volume: that volume's local directory", rewrite: mounted },
  'cluster.tls.timeout': keep('kept'),
  'cluster.tls.verify': keep('kept'),
  tls: keep('block'),
  'tls.cert_file': { what: "under the pod's TLS volume: that volume's local directory", rewrite: mounted },
  'tls.key_file': { what: "under the pod's TLS volume: that volume's local directory", rewrite: mounted },
  'tls.ca_file': { what: "under the pod's TLS volume: that volume's local directory", rewrite: mounted },
  'tls.timeout': keep('kept'),
  authorization: keep('block'),
  'authorization.users': keep('kept'),
  'authorization.users[]': keep('kept'),
  'authorization.users[].user': keep('kept'),
  'authorization.users[].password': keep('$NATS_PASSWORD_<USER>: from the env, as in the pod'),
  'authorization.users[].permissions': keep('kept'),
  'authorization.users[].permissions.publish': keep('kept'),
  'authorization.users[].permissions.publish.allow': keep('kept'),
  'authorization.users[].permissions.publish.deny': keep('kept'),
  'authorization.users[].permissions.subscribe': keep('kept'),
  'authorization.users[].permissions.subscribe.allow': keep('kept'),
  'authorization.users[].permissions.subscribe.deny': keep('kept'),
};

/** The keys of {@link CONF_KEYS} an older server does not know, and what the run does without them. */
export function versionedKeys(): { key: string; since: string; without: string }[] {
  return Object.entries(CONF_KEYS)
    .filter(([, r]) => r.since)
    .map(([key, r]) => ({ key, since: r.since!.version.join('.'), without: r.since!.without }));
}

/** The parsed config as the library's own values (`$VAR` as an EnvRef), to render it back with its renderer. */
function asConfValue(v: any): ConfValue {
  if (Array.isArray(v)) return v.map(asConfValue);
  if (v && typeof v === 'object') {
    if (Object.keys(v).length === 1 && typeof v.$var === 'string') return new EnvRef(v.$var);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asConfValue(x)]));
  }
  return v;
}

/** Renders parsed config as the library renders it. */
export function renderParsed(conf: Record<string, any>): string {
  return renderConf(asConfValue(conf) as Record<string, ConfValue>);
}

/** What {@link loopbackConf} made of one node's config. */
export interface LoopbackConf {
  /** The config to run. */
  readonly text: string;
  /** Keys left out for the installed server's version. */
  readonly stripped: string[];
  /** Each rewritten key: before and after. */
  readonly rewritten: { key: string; from: unknown; to: unknown }[];
}

/**
 * THE rewrite of a synthesized `nats.conf` for node `node` of a loopback cluster: parses it, checks that the
 * library's renderer gives the same text back from the parse (so that nothing is lost on the way), applies
 * {@link CONF_KEYS} — ports to free local ports, file paths to the local directory of their volume mount, route
 * URLs to the nodes' loopback addresses, keys newer than the installed server left out — and renders it again.
 * Throws on a key it does not know.
 */
export function loopbackConf(text: string, node: LoopbackNode, ctx: LoopbackContext): LoopbackConf {
  const conf = parseNatsConf(text);
  const again = renderParsed(conf);
  if (again !== text) throw new Error(`nats.conf does not render back to itself from its parse:\n${again}\n---\n${text}`);
  const stripped: string[] = [];
  const rewritten: LoopbackConf['rewritten'] = [];
  const unknown: string[] = [];
  const walk = (value: any, key: string): any => {
    const rule = CONF_KEYS[key];
    if (!rule) {
      unknown.push(key);
      return value;
    }
    if (rule.since && !atLeast(ctx.server, ...rule.since.version)) {
      stripped.push(key);
      return undefined;
    }
    if (rule.rewrite) {
      const to = rule.rewrite(value, node, ctx, key);
      rewritten.push({ key, from: value, to });
      return to;
    }
    if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' && !('$var' in v) ? walk(v, `${key}[]`) : v));
    if (value && typeof value === 'object' && !('$var' in value)) {
      return Object.fromEntries(
        Object.entries(value)
          .map(([k, v]) => [k, walk(v, `${key}.${k}`)])
          .filter(([, v]) => v !== undefined),
      );
    }
    return value;
  };
  const out = Object.fromEntries(
    Object.entries(conf)
      .map(([k, v]) => [k, walk(v, k)])
      .filter(([, v]) => v !== undefined),
  );
  if (unknown.length) {
    throw new Error(
      `nats.conf has keys the loopback rewrite does not know: ${unknown.join(', ')}. Add each to CONF_KEYS (test/support/nats-server.ts): ` +
        'kept, rewritten for loopback, or left out for a server older than the key (with `since`)',
    );
  }
  return { text: renderParsed(out), stripped, rewritten };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A password as the Pulumi side generates it (NATS_PASSWORD: 48 letters). */
export function natsPassword(): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from(crypto.randomBytes(48), (b) => letters[b % letters.length]).join('');
}

/** GET of the monitoring endpoint `p` of a node, as JSON. */
export function monitor(portNumber: number, p: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: portNumber, path: p, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

/** Polls `check` every 100ms until it returns a value (not undefined) or `ms` pass; then throws with `what`. */
export async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms}ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every process started here, to kill on any exit. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** A started node. */
export interface RunningNode extends LoopbackNode {
  readonly conf: LoopbackConf;
  /** The process's environment, as the pod's. */
  readonly env: Record<string, string>;
  process?: ChildProcess;
  readonly log: string[];
}

/** A loopback cluster of the stack's NATS servers. */
export class LoopbackNatsCluster {
  /** Whether the servers serve TLS to clients (the config's top-level `tls`). */
  public tls = false;
  /** Directory of the TLS Secret's files (`ca.crt` for clients), with TLS. */
  public tlsDir?: string;
  /** The synthesized nats.conf, as the ConfigMap holds it. */
  public text = '';
  /** What the rewrite of each node's config was given. */
  public ctx?: LoopbackContext;

  private constructor(
    public readonly root: string,
    public readonly nodes: RunningNode[],
  ) {}

  /**
   * Starts one nats-server per replica of the stack's nats StatefulSet, each as its pod would run: the container's
   * args (the config path mapped to the node's config directory), its env (`SERVER_NAME` the pod name, each secret
   * key from `secret`, plain values as they are), and its ConfigMap's nats.conf through {@link loopbackConf}.
   */
  static async start(objects: readonly Manifest[], secret: Readonly<Record<string, string>>, label: string): Promise<LoopbackNatsCluster> {
    const server = natsServerVersion();
    const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'nats');
    if (!sts) throw new Error('no StatefulSet nats');
    const pod = sts.spec.template.spec;
    const container = pod.containers.find((c: { name: string }) => c.name === 'nats');
    const volumes = Object.fromEntries(pod.volumes.map((v: { name: string }) => [v.name, v]));
    const configMapName = volumes.config?.configMap?.name;
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMapName);
    if (!configMap) throw new Error(`no ConfigMap ${configMapName}`);
    const text: string = configMap.data['nats.conf'];
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `nats-${label}-`));
    const cluster = new LoopbackNatsCluster(root, []);
    cluster.tls = parseNatsConf(text).tls !== undefined;
    try {
      const names = (container.ports as { name: string; containerPort: number }[]).map((p) => p.name);
      const ports = await freePorts(sts.spec.replicas * names.length);
      const claims = new Set((sts.spec.volumeClaimTemplates ?? []).map((c: Manifest) => c.metadata.name));
      const tlsCert = objects.find((o) => o.kind === 'Certificate');
      const shared: Record<string, string> = {};
      const nodes: LoopbackNode[] = Array.from({ length: sts.spec.replicas }, (_, i) => {
        const dir = path.join(root, `${sts.metadata.name}-${i}`);
        const mounts: Record<string, string> = {};
        for (const m of container.volumeMounts as { name: string; mountPath: string }[]) {
          const v = volumes[m.name];
          // a Secret volume is the same files on every node; emptyDirs, the ConfigMap (rewritten per node) and the claims, per node
          if (v?.secret) shared[m.name] ??= path.join(root, `secret-${v.secret.secretName}`);
          else if (!v && !claims.has(m.name)) throw new Error(`volume mount ${m.name}: no volume nor claim`);
          mounts[m.mountPath] = v?.secret ? shared[m.name]! : path.join(dir, m.name);
          fs.mkdirSync(mounts[m.mountPath]!, { recursive: true });
        }
        return {
          index: i,
          name: `${sts.metadata.name}-${i}`,
          ports: Object.fromEntries(names.map((n, j) => [n, ports[i * names.length + j]!])),
          mounts,
        };
      });
      for (const [mountName, dir] of Object.entries(shared)) {
        const secretName = volumes[mountName].secret.secretName;
        if (!tlsCert || tlsCert.spec.secretName !== secretName) throw new Error(`secret volume ${secretName}: no Certificate writes it`);
        issueCertificate(tlsCert, dir);
        cluster.tlsDir = dir;
      }
      const ctx: LoopbackContext = (cluster.ctx = {
        containerPorts: Object.fromEntries(
          (container.ports as { name: string; containerPort: number }[]).map((p) => [p.containerPort, p.name]),
        ),
        routeHost: new RegExp(
          `^${escape(sts.metadata.name)}-(\\d+)\\.${escape(`${sts.spec.serviceName}.${sts.metadata.namespace}.svc.cluster.local`)}$`,
        ),
        nodes,
        server,
      });
      cluster.text = text;
      for (const node of nodes) {
        const conf = loopbackConf(text, node, ctx);
        const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
        const running: RunningNode = { ...node, conf, env, log: [] };
        cluster.nodes.push(running);
        const args = (container.args as string[]).map((a) => (a.startsWith('/') ? mounted(a, node, ctx, 'args') : a));
        const confPath = args[args.indexOf('--config') + 1]!;
        fs.writeFileSync(confPath, conf.text);
        for (const e of container.env as Manifest[]) {
          if (e.value !== undefined) env[e.name] = e.value;
          else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = node.name;
          else if (e.valueFrom?.secretKeyRef) {
            const v = secret[e.valueFrom.secretKeyRef.key];
            if (v === undefined) throw new Error(`env ${e.name}: the secret has no key ${e.valueFrom.secretKeyRef.key}`);
            env[e.name] = v;
          } else throw new Error(`env ${e.name}: unknown source ${JSON.stringify(e.valueFrom)}`);
        }
        cluster.spawn(running, args, env);
      }
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  private spawn(node: RunningNode, args: string[], env: Record<string, string>): void {
    const p = spawn('nats-server', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(p);
    node.process = p;
    const take = (b: Buffer) => {
      node.log.push(...b.toString().split('\n').filter(Boolean));
      if (node.log.length > 400) node.log.splice(0, node.log.length - 400);
    };
    p.stdout!.on('data', take);
    p.stderr!.on('data', take);
    p.on('exit', (code, signal) => {
      running.delete(p);
      node.log.push(`[exited: ${code ?? signal}]`);
    });
  }

  /** The nodes still running. */
  alive(): RunningNode[] {
    return this.nodes.filter((n) => n.process && n.process.exitCode === null && n.process.signalCode === null);
  }

  /** The client URLs of the nodes still running. */
  clientUrls(): string[] {
    return this.alive().map((n) => `nats://127.0.0.1:${n.ports.client}`);
  }

  /** Node by pod name. */
  node(name: string): RunningNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  /** The last lines of every node's log, for a failure message. */
  logs(lines = 30): string {
    return this.nodes.map((n) => `--- ${n.name}\n${n.log.slice(-lines).join('\n')}`).join('\n');
  }

  /** Waits until every running node is healthy with JetStream, and all agree on one meta leader; returns it. */
  async waitForMetaLeader(ms = 30_000): Promise<string> {
    const alive = this.alive();
    try {
      return await waitFor('the JetStream meta leader', ms, async () => {
        const leaders = await Promise.all(
          alive.map(async (n) => {
            const jsz = await monitor(n.ports.monitor!, '/jsz');
            return jsz.meta_cluster?.leader as string | undefined;
          }),
        );
        return leaders[0] && leaders.every((l) => l === leaders[0]) ? leaders[0] : undefined;
      });
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${this.logs()}`);
    }
  }

  /** Kills a node at once (SIGKILL: a crash, not a lame-duck shutdown). */
  async kill(name: string): Promise<void> {
    const p = this.node(name).process;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  /** Kills every node and removes the cluster's directory. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.kill(n.name)));
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
