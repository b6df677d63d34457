/**
 * A model of how Kubernetes evaluates NetworkPolicies (networking.k8s.io/v1, as kube-proxy-independent CNIs
 * such as Calico, Cilium and GKE Dataplane V2 enforce them): a pod is isolated for ingress when any policy of
 * its namespace selects it with policyTypes Ingress, and then a connection is allowed only when some such
 * policy has a rule whose `from` peers (empty: any source) match the source and whose `ports` (empty: any port)
 * match the port. Egress the same way from the source's side. Label selectors: matchLabels and
 * matchExpressions (In, NotIn, Exists, DoesNotExist). ipBlock peers match only a source given an IP.
 *
 * A connection to a Service's ClusterIP ({@link canConnectToService}) is judged per CNI. Cilium (GKE Dataplane
 * V2) translates the address to a pod first, so the pod-level rules above decide. The AWS VPC CNI's agent judges
 * the source's egress on the ClusterIP itself, before kube-proxy translates it, against the addresses the
 * network policy controller resolved for each rule: it adds a Service's ClusterIP only when a pod peer's
 * podSelector matches the Service's selector (see {@link egressToServiceAddress}); the destination's ingress is
 * still judged on the pod (after translation, from the source pod's address).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A pod, as the policies see it. */
export interface Pod {
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip?: string;
  /** An address outside the cluster (the internet, the VPC, a metadata server): no pod or namespace selector matches it. */
  readonly external?: boolean;
}

function selects(selector: any, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const expressions = (selector.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        return has && e.values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !e.values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        throw new Error(`unknown operator ${e.operator}`);
    }
  });
  return matchLabels && expressions;
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / size) === Math.floor(n(base) / size);
}

function peerMatches(peer: any, policyNamespace: string, other: Pod): boolean {
  if (peer.ipBlock) {
    return (
      other.ip !== undefined &&
      inCidr(other.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((c: string) => inCidr(other.ip!, c))
    );
  }
  if (other.external) return false;
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, other.namespaceLabels) : other.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, other.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(ports: any[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === protocol &&
      (p.port === undefined || p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort)),
  );
}

function allowed(policies: readonly any[], pod: Pod, other: Pod, port: number, protocol: string, direction: 'Ingress' | 'Egress'): boolean {
  const mine = policies.filter(
    (p) =>
      p.kind === 'NetworkPolicy' &&
      p.metadata.namespace === pod.namespace &&
      selects(p.spec.podSelector, pod.labels) &&
      (p.spec.policyTypes ?? ['Ingress']).includes(direction),
  );
  if (mine.length === 0) return true;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peers = direction === 'Ingress' ? 'from' : 'to';
  return mine.some((p) =>
    (p.spec[key] ?? []).some(
      (rule: any) =>
        (!rule[peers] || rule[peers].length === 0 || rule[peers].some((peer: any) => peerMatches(peer, p.metadata.namespace, other))) &&
        portMatches(rule.ports, port, protocol),
    ),
  );
}

/** Whether the policies of `pod`'s own namespace let it send to (`Egress`) or accept from (`Ingress`) `other`, on `port`. */
export function allowedBy(
  objects: readonly any[],
  pod: Pod,
  other: Pod,
  port: number,
  protocol: string,
  direction: 'Ingress' | 'Egress',
): boolean {
  return allowed(objects, pod, other, port, protocol, direction);
}

/** Whether `source` may open a connection to `destination` on `port` under `objects`' NetworkPolicies (both ends' policies). */
export function canConnect(objects: readonly any[], source: Pod, destination: Pod, port: number, protocol = 'TCP'): boolean {
  return (
    allowed(objects, destination, source, port, protocol, 'Ingress') && allowed(objects, source, destination, port, protocol, 'Egress')
  );
}

/** A port of a Service, as the API server stores it: protocol TCP and `targetPort` the `port` when left out. */
export interface ServicePort {
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: string;
  readonly name?: string;
}

/** A port a container declares (`containerPort`, its `name`, protocol TCP when left out). */
export interface ContainerPort {
  readonly containerPort: number;
  readonly name?: string;
  readonly protocol?: string;
}

/** A pod behind a Service, with the ports its containers declare (in order: a named targetPort takes the first). */
export interface Backend extends Pod {
  readonly ports?: readonly ContainerPort[];
}

/** A Service as a client reaches it: at its ClusterIP (`None` or empty: headless, no address of its own). */
export interface Service {
  readonly namespace: string;
  /** Its namespace's labels; `kubernetes.io/metadata.name` only when left out. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly clusterIP: string;
  readonly ports: readonly ServicePort[];
  /** The pods it selects; by default the pod templates of `objects` in its namespace that its selector matches. */
  readonly pods?: readonly Backend[];
}

/** How the CNI enforces egress to a Service address: after translating it to a pod (Cilium), or on the address (AWS VPC CNI). */
export type Cni = 'aws-vpc' | 'cilium';

/** Port and protocol entries of a resolved address (the controller's `policyinfo.Port`): none is any port. */
interface PortEntry {
  readonly protocol?: string;
  readonly port?: number;
  readonly endPort?: number;
}

const protocolOf = (p: { protocol?: string }) => p.protocol ?? 'TCP';
const isHeadless = (svc: Service) => svc.clusterIP === '' || svc.clusterIP === 'None';
const namespaceLabelsOf = (svc: Service) => svc.namespaceLabels ?? { 'kubernetes.io/metadata.name': svc.namespace };
const selectsSet = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

function podTemplate(o: any): any {
  if (o?.kind === 'Pod') return o;
  if (o?.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template;
  if (/^(Deployment|StatefulSet|DaemonSet|ReplicaSet|Job)$/.test(o?.kind ?? '')) return o.spec?.template;
  return undefined;
}

/**
 * The pods of `svc`'s namespace whose labels hold every entry of its selector (`labels.Set(selector).AsSelector()`,
 * which an empty selector passes): the Service's own, else the pod templates of `objects`.
 */
function podsOf(objects: readonly any[], svc: Service): Backend[] {
  if (svc.pods) return svc.pods.filter((p) => p.namespace === svc.namespace && selectsSet(svc.selector, p.labels));
  const out: Backend[] = [];
  for (const o of objects) {
    const template = podTemplate(o);
    const labels = template?.metadata?.labels;
    if (!labels || o.metadata?.namespace !== svc.namespace || !selectsSet(svc.selector, labels)) continue;
    const ports = (template.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []);
    out.push({ namespace: svc.namespace, namespaceLabels: namespaceLabelsOf(svc), labels, ports });
  }
  return out;
}

/** The first container port named `name` over `protocol` (the EndpointSlice controller's, and the controller's `firstNamedPort`). */
function firstNamedPort(pod: Backend, name: string, protocol: string): number | undefined {
  return (pod.ports ?? []).find((c) => c.name === name && protocolOf(c) === protocol)?.containerPort;
}

/** `LookupServiceListenPort`: the first Service port over `protocol` whose targetPort is `npPort`, same type and value. */
function serviceListenPort(svc: Service, npPort: number | string, protocol: string): number | undefined {
  return svc.ports.find((sp) => {
    const target = sp.targetPort ?? sp.port;
    return typeof target === typeof npPort && String(target) === String(npPort) && protocolOf(sp) === protocol;
  })?.port;
}

/**
 * `LookupListenPortFromPodSpec`, over the Service's pods in turn: the policy's port as a container port of the pod
 * (a number the pod does not declare stands as itself, with no name), then the first Service port over `protocol`
 * whose targetPort is that port's name or number.
 */
function listenPortFromPods(svc: Service, pods: readonly Backend[], npPort: number | string, protocol: string): number | undefined {
  for (const pod of pods) {
    const declared = (pod.ports ?? []).find(
      (c) => protocolOf(c) === protocol && (typeof npPort === 'string' ? c.name === npPort : c.containerPort === npPort),
    );
    let container: { port: number; name: string };
    if (declared) container = { port: declared.containerPort, name: declared.name ?? '' };
    else if (typeof npPort === 'number') container = { port: npPort, name: '' };
    else continue;
    const listen = svc.ports.find((sp) => {
      if (protocolOf(sp) !== protocol) return false;
      const target = sp.targetPort ?? sp.port;
      return typeof target === 'string' ? target === container.name : target === container.port;
    });
    if (listen) return listen.port;
  }
  return undefined;
}

/** `isNumericPortAllowed`: a container port the rule's ports admit (a port-less entry admits its protocol's every port). */
function numericPortAllowed(port: number, protocol: string, npPorts: readonly any[]): boolean {
  return npPorts.some((pp) => {
    if (protocolOf(pp) !== protocol) return false;
    if (pp.port === undefined) return true;
    if (typeof pp.port !== 'number') return false;
    return port >= pp.port && port <= (pp.endPort ?? pp.port);
  });
}

/**
 * `hasTargetPortBypass`: the Service port `listen` targets a port by name, and some pod of the Service gives that
 * name to a container port the rule does not admit (the controller then leaves the Service port out).
 */
function targetPortBypass(svc: Service, pods: readonly Backend[], listen: number, protocol: string, npPorts: readonly any[]): boolean {
  const sp = svc.ports.find((p) => p.port === listen && protocolOf(p) === protocol && typeof p.targetPort === 'string');
  if (!sp) return false;
  return pods.some((pod) => {
    const port = firstNamedPort(pod, sp.targetPort as string, protocol);
    return port !== undefined && !numericPortAllowed(port, protocol, npPorts);
  });
}

/**
 * The entries a rule's ports give a Service's ClusterIP (`getMatchingServiceClusterIPs`): no ports, any port; a
 * port-less entry, its protocol's every port; a port, the Service's listen port that targets it (by number or
 * by the name of the pods' container port), unless a named targetPort reaches a container port the rule does not
 * admit. `undefined` when the rule has ports and none maps: the address is left out.
 */
function serviceEntries(svc: Service, pods: readonly Backend[], npPorts: readonly any[] | undefined): PortEntry[] | undefined {
  if (!npPorts || npPorts.length === 0) return [];
  const entries: PortEntry[] = [];
  for (const np of npPorts) {
    const protocol = protocolOf(np);
    if (np.port === undefined) {
      entries.push({ protocol, endPort: np.endPort });
      continue;
    }
    const listen = serviceListenPort(svc, np.port, protocol) ?? listenPortFromPods(svc, pods, np.port, protocol);
    if (listen === undefined) continue;
    if (typeof np.port === 'number' && targetPortBypass(svc, pods, listen, protocol, npPorts)) continue;
    entries.push({ protocol, port: listen, endPort: np.endPort });
  }
  return entries.length === 0 ? undefined : entries;
}

/** The entries of an ipBlock or a rule without peers: numeric ports as written, named ones dropped (`convertToPolicyInfoPortForCIDRs`). */
function cidrEntries(npPorts: readonly any[] | undefined): PortEntry[] | undefined {
  if (!npPorts || npPorts.length === 0) return [];
  const entries = npPorts
    .filter((np) => typeof np.port !== 'string')
    .map((np) => ({ protocol: protocolOf(np), port: np.port, endPort: np.endPort }));
  return entries.length === 0 ? undefined : entries;
}

function entriesAdmit(entries: readonly PortEntry[], port: number, protocol: string): boolean {
  if (entries.length === 0) return true;
  return entries.some(
    (e) =>
      (e.protocol === undefined || e.protocol === protocol) &&
      (e.port === undefined || e.port === port || (e.endPort !== undefined && port >= e.port && port <= e.endPort)),
  );
}

/**
 * Whether the policies of `source`'s namespace let it send to `svc`'s ClusterIP on the Service's `port`, as the
 * AWS VPC CNI judges it: on the address, before translation, against what aws/amazon-network-policy-controller-k8s
 * resolves each egress rule to (pkg/resolvers/endpoints.go, `computeEgressEndpoints`):
 *
 * - a rule without peers: every address, on its numeric ports;
 * - an ipBlock peer: its CIDR (less `except`) on the rule's numeric ports, so a block holding the ClusterIP admits it;
 * - a pod or namespace peer: in each namespace it names (a `namespaceSelector`, else the policy's own), every
 *   Service that is not headless and whose `spec.selector`, read as a set of labels, the peer's podSelector
 *   matches (`svcSelector.Matches(labels.Set(svc.Spec.Selector))`; no podSelector matches every Service there,
 *   selector-less ones included). So each matchLabels entry of the peer must be in the Service's selector (a peer
 *   naming a label the Service's selector lacks never gets its address), and matchExpressions are read on the
 *   selector too. Ports: the Service port whose targetPort is the rule's port (`serviceEntries`).
 *
 * The packet's port is the Service's port (the client's destination), not the pod's.
 */
export function egressToServiceAddress(objects: readonly any[], source: Pod, svc: Service, port: number, protocol = 'TCP'): boolean {
  if (isHeadless(svc)) throw new Error('a headless Service has no address of its own: its clients reach the pods (canConnect)');
  const mine = objects.filter(
    (p) =>
      p.kind === 'NetworkPolicy' &&
      p.metadata.namespace === source.namespace &&
      selects(p.spec.podSelector, source.labels) &&
      (p.spec.policyTypes ?? ['Ingress']).includes('Egress'),
  );
  if (mine.length === 0) return true;
  const pods = podsOf(objects, svc);
  const ip: Pod = { namespace: '', namespaceLabels: {}, labels: {}, ip: svc.clusterIP, external: true };
  return mine.some((p) =>
    (p.spec.egress ?? []).some((rule: any) => {
      if (!rule.to || rule.to.length === 0) {
        const entries = cidrEntries(rule.ports);
        return entries !== undefined && entriesAdmit(entries, port, protocol);
      }
      return rule.to.some((peer: any) => {
        if (peer.ipBlock) {
          const entries = cidrEntries(rule.ports);
          return entries !== undefined && peerMatches(peer, p.metadata.namespace, ip) && entriesAdmit(entries, port, protocol);
        }
        const namespaceOk = peer.namespaceSelector
          ? selects(peer.namespaceSelector, namespaceLabelsOf(svc))
          : p.metadata.namespace === svc.namespace;
        if (!namespaceOk || !selects(peer.podSelector ?? {}, svc.selector)) return false;
        const entries = serviceEntries(svc, pods, rule.ports);
        return entries !== undefined && entriesAdmit(entries, port, protocol);
      });
    }),
  );
}

/**
 * Whether `source` may open a connection to `svc`'s ClusterIP on the Service's `port`: the Service has that port,
 * it has endpoints for it (its pods, each with the port its targetPort names), and every one of them (the
 * connection may land on any) accepts `source` on that port (ingress is judged on the pod, after translation).
 * The source's egress is judged per CNI: on Cilium against the pod and its port, as {@link canConnect}; on the AWS
 * VPC CNI against the ClusterIP and the Service's port ({@link egressToServiceAddress}).
 */
export function canConnectToService(
  objects: readonly any[],
  source: Pod,
  svc: Service,
  port: number,
  options: { readonly cni: Cni; readonly protocol?: string },
): boolean {
  const protocol = options.protocol ?? 'TCP';
  if (isHeadless(svc)) throw new Error('a headless Service has no address of its own: its clients reach the pods (canConnect)');
  const servicePort = svc.ports.find((sp) => sp.port === port && protocolOf(sp) === protocol);
  if (!servicePort || Object.keys(svc.selector).length === 0) return false;
  const target = servicePort.targetPort ?? servicePort.port;
  const endpoints = podsOf(objects, svc).flatMap((pod) => {
    const podPort = typeof target === 'number' ? target : firstNamedPort(pod, target, protocol);
    return podPort === undefined ? [] : [{ pod, podPort }];
  });
  if (endpoints.length === 0) return false;
  return endpoints.every(
    ({ pod, podPort }) =>
      allowed(objects, pod, source, podPort, protocol, 'Ingress') &&
      (options.cni === 'aws-vpc'
        ? egressToServiceAddress(objects, source, svc, port, protocol)
        : allowed(objects, source, pod, podPort, protocol, 'Egress')),
  );
}

/** A Service manifest (`kind: Service`) as the model takes it, at `clusterIP` (the API server assigns it). */
export function serviceOf(manifest: any, clusterIP: string, namespaceLabels?: Readonly<Record<string, string>>): Service {
  if (manifest?.kind !== 'Service') throw new Error(`not a Service: ${manifest?.kind}`);
  return {
    namespace: manifest.metadata.namespace,
    ...(namespaceLabels ? { namespaceLabels } : {}),
    selector: manifest.spec.selector ?? {},
    clusterIP: manifest.spec.clusterIP ?? clusterIP,
    ports: manifest.spec.ports ?? [],
  };
}

/**
 * The cluster DNS Service, `kube-dns` in kube-system selecting `k8s-app: kube-dns`, with its CoreDNS pod: its
 * targetPorts by number (EKS's CoreDNS manifest, upstream's) or by the pods' port names (other distributions).
 */
export function kubeDnsService(targetPorts: 'numbers' | 'names'): Service {
  const dnsPod: Backend = {
    namespace: 'kube-system',
    namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
    labels: { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
    ports: [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
    ],
  };
  return {
    namespace: 'kube-system',
    selector: { 'k8s-app': 'kube-dns' },
    clusterIP: '172.20.0.10',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: targetPorts === 'numbers' ? 53 : 'dns' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: targetPorts === 'numbers' ? 53 : 'dns-tcp' },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
    pods: [dnsPod],
  };
}
