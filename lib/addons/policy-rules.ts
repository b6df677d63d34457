/**
 * The pieces of the add-ons' NetworkPolicies, as plain objects (the add-ons are applied by Pulumi, not
 * synthesized by cdk8s): ports, peers, the two egress rules every add-on namespace needs, to the cluster's
 * DNS and to the API server, and the cloud's APIs for the controllers with a cloud identity, each with its
 * destination; the rules admitting Prometheus and the API server's webhook calls; and the policy itself. No Pulumi.
 */
import { publicExcept } from '../core/cidr';
import type { ResolvedStack } from '../core/resolve';
import { CLUSTER_DNS, apiServerAddresses, clusterNetworks } from '../core/endpoints';
import type { Manifest } from './manifests';
import { cloudProfile } from '../core/cloud';

export const tcp = (port: number) => ({ protocol: 'TCP', port });
export const udp = (port: number) => ({ protocol: 'UDP', port });

/** Every pod of a namespace. */
export const namespacePeer = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });

/** The pods of the policy's own namespace with these labels. */
export const podsPeer = (labels: Readonly<Record<string, string>>) => ({ podSelector: { matchLabels: { ...labels } } });

/** To the cluster's DNS pods and node-local resolvers on 53 ({@link CLUSTER_DNS}), and no other pod of `kube-system`. */
export const dnsEgress = {
  to: [
    { ...namespacePeer(CLUSTER_DNS.namespace), ...podsPeer(CLUSTER_DNS.podLabels) },
    ...CLUSTER_DNS.nodeAddresses.map((cidr) => ({ ipBlock: { cidr } })),
  ],
  ports: [udp(CLUSTER_DNS.port), tcp(CLUSTER_DNS.port)],
};

/** To the API server on 443: its private addresses, and on EKS the `kubernetes` Service's ({@link apiServerAddresses}). */
export function apiServerEgress(spec: ResolvedStack): { to: { ipBlock: { cidr: string } }[]; ports: { protocol: string; port: number }[] } {
  return { to: apiServerAddresses(spec).map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] };
}

/** An egress rule: to these peers, on these ports. */
export interface EgressRule {
  readonly to: readonly object[];
  readonly ports: readonly { protocol: string; port: number }[];
}

/**
 * The internet: every IPv4 address but the non-public blocks and the cluster's own network ({@link publicExcept}),
 * so a rule to it never reaches the VPC, its load balancers and endpoints, or a metadata server.
 */
export function internetPeer(spec: ResolvedStack): { ipBlock: { cidr: string; except: string[] } } {
  return { ipBlock: { cidr: '0.0.0.0/0', except: publicExcept('0.0.0.0/0', spec.cluster.networkCidr) } };
}

/**
 * What a controller with a cloud identity (IRSA, Workload Identity) needs to call its cloud's APIs: HTTPS to
 * the internet, and on AWS to the VPC too, where the interface endpoints are (STS, Secrets Manager: the
 * SDKs' regional names resolve to them, `INTERFACE_ENDPOINT_SERVICES` of lib/aws/network.ts). A pod that
 * takes its Google credentials from GKE's metadata server needs {@link gkeMetadataEgress} besides.
 */
export function cloudApiEgress(spec: ResolvedStack): EgressRule[] {
  const vpc = cloudProfile(spec.cloud).apisInNetwork ? clusterNetworks(spec).map((cidr) => ({ ipBlock: { cidr } })) : [];
  return [{ to: [internetPeer(spec), ...vpc], ports: [tcp(443)] }];
}

/**
 * To the cloud's metadata server (`CloudProfile.metadataServer`: GKE's on GCP, for a pod whose ServiceAccount is
 * bound to a Google service account and which gets its tokens the default way, Application Default Credentials);
 * none on AWS.
 */
export function gkeMetadataEgress(spec: ResolvedStack): EgressRule[] {
  return cloudProfile(spec.cloud).metadataServer.map((m) => ({ to: [{ ipBlock: { cidr: m.cidr } }], ports: [tcp(m.port)] }));
}

/** An ingress rule admitting Prometheus (every pod of `monitoring.namespace`) on a component's metrics `ports`. */
export function scrapedBy(spec: ResolvedStack, ...ports: number[]): { from: object[]; ports: { protocol: string; port: number }[] } {
  return { from: [namespacePeer(spec.monitoring.namespace)], ports: ports.map(tcp) };
}

/**
 * An ingress rule admitting `ports` from any source: an admission webhook's or an aggregated API's, which the
 * API server calls through GKE's Konnectivity agents (pods of `kube-system`) or from the EKS control plane's
 * network interfaces in the VPC, addresses no NetworkPolicy peer names reliably.
 */
export function fromAnywhere(...ports: number[]): { ports: { protocol: string; port: number }[] } {
  return { ports: ports.map(tcp) };
}

/** Every pod of the namespace, as {@link addonPolicy}'s `podLabels`. */
export const ALL_PODS: Readonly<Record<string, string>> = {};

/**
 * A NetworkPolicy of an add-on's namespace that isolates the pods with `podLabels` both ways ({@link ALL_PODS}:
 * every pod there) and lets through `ingress` and `egress` only; labelled as the library's.
 */
export function addonPolicy(
  name: string,
  namespace: string,
  podLabels: Readonly<Record<string, string>>,
  ingress: readonly object[],
  egress: readonly object[],
): Manifest {
  const podSelector = Object.keys(podLabels).length > 0 ? podsPeer(podLabels).podSelector : {};
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'production-stack' } },
    spec: { podSelector, policyTypes: ['Ingress', 'Egress'], ingress: [...ingress], egress: [...egress] },
  };
}

/** The default deny of an add-on's namespace: every pod there isolated both ways, reaching the cluster's DNS only. */
export function addonDefaultDeny(name: string, namespace: string): Manifest {
  return addonPolicy(name, namespace, ALL_PODS, [], [dnsEgress]);
}
