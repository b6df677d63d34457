/**
 * The pieces of the add-ons' NetworkPolicies, as plain objects (the add-ons are applied by Pulumi, not
 * synthesized by cdk8s): ports, peers, and the two egress rules every add-on namespace needs, to the cluster's
 * DNS and to the API server, each with its destination. No Pulumi.
 */
import type { ResolvedStack } from '../core/defaults';
import { CLUSTER_DNS, apiServerAddresses } from '../core/endpoints';

export const tcp = (port: number) => ({ protocol: 'TCP', port });
export const udp = (port: number) => ({ protocol: 'UDP', port });

/** Every pod of a namespace. */
export const namespacePeer = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });

/** The pods of the policy's own namespace with these labels. */
export const podsPeer = (labels: Readonly<Record<string, string>>) => ({ podSelector: { matchLabels: { ...labels } } });

/** To the cluster's DNS pods and NodeLocal DNSCache on 53 ({@link CLUSTER_DNS}), and no other pod of `kube-system`. */
export const dnsEgress = {
  to: [{ ...namespacePeer(CLUSTER_DNS.namespace), ...podsPeer(CLUSTER_DNS.podLabels) }, { ipBlock: { cidr: CLUSTER_DNS.nodeLocalCidr } }],
  ports: [udp(CLUSTER_DNS.port), tcp(CLUSTER_DNS.port)],
};

/** To the API server on 443: its private addresses, and on EKS the `kubernetes` Service's ({@link apiServerAddresses}). */
export function apiServerEgress(spec: ResolvedStack): { to: { ipBlock: { cidr: string } }[]; ports: { protocol: string; port: number }[] } {
  return { to: apiServerAddresses(spec).map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] };
}
