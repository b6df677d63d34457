/**
 * Who may talk to whom, as the CNI enforces the stack's NetworkPolicies (test/support/netpol.ts), against the
 * flows the system is meant to have, written here from the spec and independently of lib/k8s/network-policy.ts:
 *
 * - every pod reaches the cluster DNS pods (and NodeLocal DNSCache) on 53, and no other pod of `kube-system`;
 * - a pod reaches its datastores' ranges on their ports, NATS on 4222 when it uses NATS, the callees that admit
 *   it (`allowFrom`) on the ports they name, and what its `egress` declares: `internet` is every public address
 *   (never the VPC, carrier-grade NAT or link-local), a public `cidr` the same within it, a private one as given;
 * - the API server (the clusters' node networks, 443) only from a service with RBAC rules or a migration to wait
 *   for; a cloud identity reaches the internet on 443 (on AWS also the VPC, where the API endpoints are; on GKE
 *   the metadata server); a service (not a job) reaches istiod on 15012 in the mesh and the trace collector;
 * - a service admits the gateway's Envoy pods on its routed ports, the monitoring namespace on its metrics port
 *   and its callers on theirs; a datastore's exporter reaches its datastore and admits the monitoring namespace
 *   on its metrics port; jobs admit nothing.
 *
 * Every probe (each pod of the stack to the internet, the VPC, the metadata servers, kube-system, another
 * namespace and every port of every pod, and the reverse) must come out as intended: a rule the library adds
 * or drops fails it. The last tests show it, deleting or widening each rule of the examples in turn.
 */
import type { ProductionStackProps } from 'production-stack';
import { resolve } from '../../lib/core';
import { contains, NON_PUBLIC_BLOCKS, parseCidr } from '../../lib/core/cidr';
import { apiServerAddresses, clusterNetworks, datastoreEndpoints, tracingDestination } from '../../lib/core/endpoints';
import { envoyProxyLabels, ENVOY_GATEWAY } from '../../lib/core/edge';
import { KEDA_NAMESPACE, KEDA_OPERATOR_LABELS } from '../../lib/core/keda';
import { ACME_SOLVER } from '../../lib/k8s/network-policy';
import { examples } from '../../examples';
import { type Pod, allowedBy, canConnect } from '../support/netpol';
import { type Manifest, synth } from '../support/synth';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Stack = ReturnType<typeof resolve>;
type Egress = Stack['services'][number]['egress'][number];

/** What a pod of the stack is meant to reach. */
interface Needs {
  postgres?: boolean;
  redis?: boolean;
  nats?: boolean;
  egress: readonly Egress[];
  api?: boolean;
  cloud?: boolean;
  service?: boolean;
  /** NATS: its peers on the route port. */
  natsPeer?: boolean;
  /** cert-manager's HTTP-01 solver: serves the challenge, reaches nothing (not even DNS). */
  solver?: boolean;
  /** A datastore's exporter: admits the monitoring namespace on this port. */
  exporterPort?: number;
}

interface Probe {
  readonly pod: Pod & { readonly name: string };
  readonly ports: readonly number[];
}

const ns = (name: string) => ({ 'kubernetes.io/metadata.name': name });
const pod = (name: string, namespace: string, labels: Record<string, string>): Probe['pod'] => ({
  name,
  namespace,
  namespaceLabels: ns(namespace),
  labels,
});
const address = (name: string, ip: string): Probe['pod'] => ({ name, namespace: '', namespaceLabels: {}, labels: {}, ip, external: true });

const inBlock = (ip: string, cidr: string) => contains(parseCidr(cidr), parseCidr(`${ip}/32`));
function nonPublic(ip: string, network: string): boolean {
  return NON_PUBLIC_BLOCKS.some((b) => contains(b, parseCidr(`${ip}/32`))) || inBlock(ip, network);
}
/** A host address inside a CIDR (its 200th /24's tenth address, or the base + 10 for small blocks). */
function hostIn(cidr: string): string {
  const b = parseCidr(cidr);
  const n = b.base + (b.prefix <= 16 ? 200 * 256 + 10 : 10);
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** The pods of the synthesized stack, with what each is meant to do. */
function stackPods(stack: Stack, objects: readonly Manifest[]): { pod: Probe['pod']; needs: Needs; ports: number[] }[] {
  const out: { pod: Probe['pod']; needs: Needs; ports: number[] }[] = [];
  for (const o of objects) {
    const template =
      o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : /^(Deployment|StatefulSet|Job)$/.test(o.kind) ? o.spec.template : undefined;
    if (!template) continue;
    const labels = template.metadata.labels;
    const name: string = labels['app.kubernetes.io/name'];
    const ports = template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort));
    const service = stack.services.find((s) => s.name === name);
    const migrated = stack.services.find((s) => `${s.name}-migrate` === name);
    const cron = stack.cronJobs.find((j) => j.name === name);
    let needs: Needs;
    if (service)
      needs = {
        postgres: !!service.postgres,
        redis: !!service.redis,
        nats: !!service.nats,
        egress: service.egress,
        api: service.rbac !== undefined || service.migration !== undefined,
        cloud: service.cloudIdentity !== undefined || service.cloudAccess !== undefined,
        service: true,
      };
    else if (migrated) needs = { postgres: !!migrated.postgres, egress: migrated.egress };
    else if (cron) needs = { postgres: !!cron.postgres, redis: !!cron.redis, egress: cron.egress };
    else if (name === `${stack.name}-pg-backup`) needs = { postgres: true, cloud: true, egress: [] };
    // creates the login roles: the database, and nothing else
    else if (name === `${stack.name}-postgres-bootstrap`) needs = { postgres: true, egress: [] };
    else if (name === `${stack.name}-pg-restore-drill`) needs = { cloud: true, egress: [] };
    else if (name === 'nats') needs = { egress: [], natsPeer: true };
    // the datastores' exporters: their datastore, and Prometheus scrapes them (postgres_exporter 9187, redis_exporter 9121)
    else if (name === `${stack.name}-postgres-exporter`) needs = { postgres: true, egress: [], exporterPort: 9187 };
    else if (name === `${stack.name}-redis-exporter`) needs = { redis: true, egress: [], exporterPort: 9121 };
    else throw new Error(`a pod the model does not know: ${o.kind}/${o.metadata.name}`);
    out.push({ pod: pod(name, o.metadata.namespace, labels), needs, ports });
    // a second NATS server, its peer
    if (name === 'nats') out.push({ pod: pod('nats peer', o.metadata.namespace, labels), needs, ports });
  }
  if (stack.edge.gateway.own && stack.edge.hosts.length > 0)
    out.push({
      pod: pod('acme solver', stack.namespace, { [ACME_SOLVER.label]: 'true' }),
      needs: { egress: [], solver: true },
      ports: [ACME_SOLVER.port],
    });
  return out;
}

/** Whether a declared egress rule leads to `dst` on `port`. */
function declared(e: Egress, dst: Probe['pod'], port: number, network: string): boolean {
  if (e.ports && !e.ports.includes(port)) return false;
  if ('namespace' in e) return !dst.external && dst.namespace === e.namespace;
  if (!dst.ip || !dst.external) return false;
  if ('internet' in e) return !nonPublic(dst.ip, network);
  if (!inBlock(dst.ip, e.cidr)) return false;
  // a range leaves out the non-public blocks and the cluster's network that lie strictly inside it
  const outer = parseCidr(e.cidr);
  const leftOut = [...NON_PUBLIC_BLOCKS, parseCidr(network)].filter((b) => b.prefix > outer.prefix && contains(outer, b));
  return !leftOut.some((b) => contains(b, parseCidr(`${dst.ip}/32`)));
}

/** The intended verdicts of `src` → `dst` on `port`: may the source send it (`out`), may the destination accept it (`into`). */
function intended(
  stack: Stack,
  pods: ReturnType<typeof stackPods>,
  src: Probe['pod'],
  dst: Probe['pod'],
  port: number,
  protocol: string,
): { out: boolean; into: boolean } {
  const network = stack.cluster.networkCidr;
  const mine = pods.find((p) => p.pod === src);
  const theirs = pods.find((p) => p.pod === dst);
  // egress: from the stack's pods only (other sources have no policy of the stack)
  let out = true;
  if (mine?.needs.solver) out = false;
  else if (mine) {
    const n = mine.needs;
    const endpoints = datastoreEndpoints(stack);
    const networks = clusterNetworks(stack);
    const ip = dst.external ? dst.ip! : undefined;
    // the DNS pods, NodeLocal DNSCache, and Cloud DNS for GKE at the metadata server (on 53 only)
    const dns =
      (dst.namespace === 'kube-system' && dst.labels['k8s-app'] === 'kube-dns') || ip === '169.254.20.10' || ip === '169.254.169.254';
    out =
      (dns && port === 53) ||
      (protocol === 'TCP' &&
        ((!!ip && n.postgres === true && inBlock(ip, endpoints.postgres.cidr) && port === endpoints.postgres.port) ||
          (!!ip && n.redis === true && inBlock(ip, endpoints.redis.cidr) && port === endpoints.redis.port) ||
          (n.nats === true && dst.labels['app.kubernetes.io/name'] === 'nats' && dst.namespace === stack.namespace && port === 4222) ||
          (!!theirs && callee(stack, mine, theirs, port)) ||
          n.egress.some((e) => declared(e, dst, port, network)) ||
          (!!ip && n.api === true && port === 443 && apiServerAddresses(stack).some((c) => inBlock(ip, c))) ||
          (!!ip &&
            n.cloud === true &&
            port === 443 &&
            (!nonPublic(ip, network) || (stack.cloud === 'aws' && networks.some((c) => inBlock(ip, c))))) ||
          (!!ip &&
            n.cloud === true &&
            stack.cloud === 'gcp' &&
            ((ip === '169.254.169.254' && port === 80) || (ip === '169.254.169.252' && port === 988))) ||
          (n.service === true && stack.serviceMesh === 'istio' && dst.namespace === 'istio-system' && port === 15012) ||
          (n.service === true && tracing(stack, dst, port)) ||
          (n.natsPeer === true && theirs?.needs.natsPeer === true && port === 6222)));
  }
  // ingress: to the stack's pods only
  let into = true;
  if (theirs) {
    const q = stack.services.find((s) => s.name === theirs.pod.name);
    const srcService = mine && stack.services.find((s) => s.name === mine.pod.name);
    const peer = mine?.needs.natsPeer === true;
    if (theirs.needs.solver) into = protocol === 'TCP' && port === ACME_SOLVER.port && envoy(src);
    else if (theirs.needs.exporterPort !== undefined)
      into = protocol === 'TCP' && port === theirs.needs.exporterPort && src.namespace === stack.monitoring.namespace;
    else if (theirs.needs.natsPeer)
      into =
        protocol === 'TCP' &&
        ((port === 4222 && (mine?.needs.nats === true || peer || src.namespace === stack.nats?.controllerNamespace)) ||
          (port === 6222 && peer) ||
          (src.namespace === stack.monitoring.namespace && (port === 7777 || port === 8222)) ||
          (port === 8222 && src.namespace === KEDA_NAMESPACE && stack.services.some((s) => s.queue?.nats)));
    else if (!q) into = false;
    else {
      const routed = stack.edge.routes.flatMap((r) => r.backends.filter((b) => b.service === q.name).map((b) => b.number));
      const metricsPort = q.metrics && q.ports.find((p) => p.name === q.metrics!.port)!.port;
      into =
        protocol === 'TCP' &&
        ((envoy(src) && routed.includes(port)) ||
          (src.namespace === stack.monitoring.namespace && port === metricsPort) ||
          q.allowFrom.some((c) => {
            const ports = q.ports.filter((p) => !c.ports || c.ports.includes(p.name)).map((p) => p.port);
            if (!ports.includes(port)) return false;
            return 'service' in c ? srcService?.name === c.service : !src.external && src.namespace === c.namespace;
          }));
    }
  }
  return { out, into };
}

/** The gateway's Envoy pods. */
const envoy = (src: Probe['pod']) =>
  src.namespace === ENVOY_GATEWAY.namespace && src.labels['gateway.envoyproxy.io/owning-gateway-name'] !== undefined;

/** Whether `from` may call `to` on `port`: `to` admits it by name in `allowFrom`. */
function callee(stack: Stack, from: { pod: Probe['pod'] }, to: { pod: Probe['pod'] }, port: number): boolean {
  const q = stack.services.find((s) => s.name === to.pod.name);
  if (!q || !stack.services.some((s) => s.name === from.pod.name)) return false;
  return q.allowFrom.some(
    (c) => 'service' in c && c.service === from.pod.name && q.ports.some((p) => p.port === port && (!c.ports || c.ports.includes(p.name))),
  );
}

function tracing(stack: Stack, dst: Probe['pod'], port: number): boolean {
  if (!stack.monitoring.tracing) return false;
  const { to, port: tracingPort } = tracingDestination(stack.monitoring.tracing.endpoint, stack.namespace);
  if (port !== tracingPort) return false;
  if ('namespace' in to) return !dst.external && dst.namespace === to.namespace;
  if ('cidr' in to) return !!dst.ip && inBlock(dst.ip, to.cidr);
  return !!dst.ip && dst.external === true && !nonPublic(dst.ip, stack.cluster.networkCidr);
}

/** Every probe of a stack, with the model's verdict and the intended one; the mismatches. */
function mismatches(spec: ProductionStackProps, objects: readonly Manifest[]): string[] {
  const stack = resolve(spec);
  const pods = stackPods(stack, objects);
  const stackPorts = [...new Set(pods.flatMap((p) => p.ports))];
  const common = [...new Set([443, 25, 53, 80, 988, 5432, 6378, 6379, 4222, 6222, 8080, 15012, 4317, ...stackPorts])];
  const endpoints = datastoreEndpoints(stack);
  const targets: Probe[] = [
    { pod: address('the internet', '93.184.216.34'), ports: common },
    { pod: address('another private network', '192.168.7.7'), ports: common },
    { pod: address('carrier-grade NAT', '100.64.3.3'), ports: common },
    { pod: address('the metadata server', '169.254.169.254'), ports: [53, 80, 443, 8080] },
    { pod: address("Dataplane V2's metadata server", '169.254.169.252'), ports: [988, 80] },
    { pod: address('NodeLocal DNSCache', '169.254.20.10'), ports: [53, 443] },
    ...clusterNetworks(stack).map((c) => ({ pod: address(`the cluster network ${c}`, hostIn(c)), ports: common })),
    { pod: address("EKS's kubernetes Service", '172.20.0.1'), ports: [443, 8080] },
    { pod: address('another Service address', '172.20.0.9'), ports: [443] },
    { pod: address('the datastores range', hostIn(endpoints.postgres.cidr)), ports: common },
    { pod: pod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }), ports: [53, 8080] },
    { pod: pod('metrics-server', 'kube-system', { 'k8s-app': 'metrics-server' }), ports: [53, 443, 10250] },
    { pod: pod('istiod', 'istio-system', { app: 'istiod' }), ports: [15012, 15017] },
    { pod: pod('a pod of another namespace', 'intruder', { app: 'x' }), ports: common },
    ...(stack.monitoring.tracing
      ? (() => {
          const t = tracingDestination(stack.monitoring.tracing.endpoint, stack.namespace).to;
          return 'namespace' in t ? [{ pod: pod('the trace collector', t.namespace, { app: 'collector' }), ports: common }] : [];
        })()
      : []),
    ...pods.map((p) => ({ pod: p.pod, ports: [...new Set([...p.ports, 8080, 53])] })),
  ];
  const sources: Probe['pod'][] = [
    ...pods.map((p) => p.pod),
    pod('prometheus', stack.monitoring.namespace, { 'app.kubernetes.io/name': 'prometheus' }),
    pod('envoy', ENVOY_GATEWAY.namespace, envoyProxyLabels(stack.edge.gateway)),
    pod('a pod of another namespace', 'intruder', { app: 'x' }),
    pod('the JetStream controller', stack.nats?.controllerNamespace ?? 'nats-system', { 'app.kubernetes.io/name': 'nack' }),
    pod("KEDA's operator", KEDA_NAMESPACE, { ...KEDA_OPERATOR_LABELS }),
    address('an internet client', '198.51.100.9'),
  ];
  const out: string[] = [];
  for (const src of sources) {
    for (const { pod: dst, ports } of targets) {
      if (src === dst || (!pods.some((p) => p.pod === src) && !pods.some((p) => p.pod === dst))) continue;
      for (const port of ports) {
        for (const protocol of port === 53 ? ['UDP', 'TCP'] : ['TCP']) {
          const want = intended(stack, pods, src, dst, port, protocol);
          const flow = `${src.name} → ${dst.name}:${port}/${protocol}`;
          const verdict = (open: boolean) => (open ? 'open' : 'closed');
          // each end on its own (a rule one end widens is a hole once the other end's rule changes too), then the connection
          if (pods.some((p) => p.pod === src) && allowedBy(objects, src, dst, port, protocol, 'Egress') !== want.out)
            out.push(`${flow}: egress ${verdict(!want.out)}, meant ${verdict(want.out)}`);
          if (pods.some((p) => p.pod === dst) && allowedBy(objects, dst, src, port, protocol, 'Ingress') !== want.into)
            out.push(`${flow}: ingress ${verdict(!want.into)}, meant ${verdict(want.into)}`);
          if (canConnect(objects, src, dst, port, protocol) !== (want.out && want.into))
            out.push(`${flow}: ${verdict(!(want.out && want.into))}`);
        }
      }
    }
  }
  return out;
}

const EXAMPLES = Object.entries(examples) as [string, ProductionStackProps][];

test.each(EXAMPLES)('%s: every flow is open as intended, and nothing else', (_name, spec) => {
  expect(mismatches(spec, synth(spec))).toEqual([]);
});

describe('a rule dropped or widened is caught', () => {
  // an example with a migration, RBAC, NATS, the mesh and a cloud identity, and one with declared internet egress on GCP
  const cases: [string, ProductionStackProps][] = EXAMPLES.filter(([name]) => ['qbitel', 'ralph-orchestrator-gcp', 'ql-rf'].includes(name));

  /** Each rule of each of the stack's NetworkPolicies, as a way to change it. */
  function mutations(objects: readonly Manifest[], change: 'drop' | 'open-peers' | 'open-ports'): [string, Manifest[]][] {
    const out: [string, Manifest[]][] = [];
    objects.forEach((o, i) => {
      if (o.kind !== 'NetworkPolicy') return;
      for (const [key, peers] of [
        ['ingress', 'from'],
        ['egress', 'to'],
      ] as const) {
        (o.spec[key] ?? []).forEach((rule: Manifest, j: number) => {
          if (change === 'open-peers' && !rule[peers]) return;
          if (change === 'open-ports' && !rule.ports) return;
          const rules = [...o.spec[key]];
          if (change === 'drop') rules.splice(j, 1);
          else rules[j] = Object.fromEntries(Object.entries(rule).filter(([k]) => k !== (change === 'open-peers' ? peers : 'ports')));
          const changed = [...objects];
          changed[i] = { ...o, spec: { ...o.spec, [key]: rules } };
          out.push([`${o.metadata.name} ${key}[${j}]`, changed]);
        });
      }
    });
    return out;
  }

  test.each(cases)('%s: deleting any one rule closes a flow the system needs', (_name, spec) => {
    const all = mutations(synth(spec), 'drop');
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter(([, objects]) => mismatches(spec, objects).length === 0).map(([what]) => what)).toEqual([]);
  });

  test.each(cases)('%s: widening any one rule (any peer, or any port) opens a flow it must not have', (_name, spec) => {
    const all = [...mutations(synth(spec), 'open-peers'), ...mutations(synth(spec), 'open-ports')];
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter(([, objects]) => mismatches(spec, objects).length === 0).map(([what]) => what)).toEqual([]);
  });
});
