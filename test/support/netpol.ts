/**
 * A model of how Kubernetes evaluates NetworkPolicies (networking.k8s.io/v1, as kube-proxy-independent CNIs
 * such as Calico, Cilium and GKE Dataplane V2 enforce them): a pod is isolated for ingress when any policy of
 * its namespace selects it with policyTypes Ingress, and then a connection is allowed only when some such
 * policy has a rule whose `from` peers (empty: any source) match the source and whose `ports` (empty: any port)
 * match the port. Egress the same way from the source's side. Label selectors: matchLabels and
 * matchExpressions (In, NotIn, Exists, DoesNotExist). ipBlock peers match only a source given an IP.
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
