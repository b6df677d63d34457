/**
 * Where pods reach the managed datastores, by cloud: the addresses and ports
 * the Pulumi side provisions them on, and the NetworkPolicies admit.
 */
import { POSTGRES_PORT } from './ports';
import type { ResolvedStack } from './resolve';
import { privateServicesRange, secondSubnetRanges, secondaryRanges } from './gcp-ranges';
import { GCP } from './cloud/gcp';
import { AWS } from './cloud/aws';
import { cloudProfile } from './cloud';

/**
 * The cluster's DNS, as NetworkPolicies reach it: the DNS pods (CoreDNS on EKS, kube-dns on GKE, both labelled
 * `k8s-app: kube-dns` in `kube-system`) and the resolvers pods may be pointed at on their node: NodeLocal
 * DNSCache (169.254.20.10) and, when a GKE cluster uses Cloud DNS for GKE, the metadata server (169.254.169.254,
 * only on 53 here), on port 53 over UDP and TCP. No other pod of `kube-system` is reachable through the DNS rule.
 */
export const CLUSTER_DNS = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  nodeAddresses: ['169.254.20.10/32', '169.254.169.254/32'],
  port: 53,
} as const;

/** GKE's metadata server, which hands a Workload Identity pod its Google tokens (GCP's `metadataServer`). */
export const GKE_METADATA_SERVER = GCP.metadataServer;

/** Port of Memorystore with transit encryption (it serves TLS on 6378, not 6379): GCP's `redisPort`. */
export const MEMORYSTORE_TLS_PORT = GCP.redisPort;

/** Where a datastore listens: the CIDR its addresses come from, and its port. */
export interface DatastoreEndpoint {
  readonly cidr: string;
  readonly port: number;
}

/**
 * The endpoints of the stack's PostgreSQL and Redis. On AWS, RDS and
 * ElastiCache sit in the VPC's private subnets; on GCP, Cloud SQL and
 * Memorystore take addresses in the private services range peered with the
 * VPC (the range `lib/gcp`'s Network reserves from the same network CIDR).
 */
export function datastoreEndpoints(stack: Pick<ResolvedStack, 'cloud' | 'cluster'>): Record<'postgres' | 'redis', DatastoreEndpoint> {
  const network = stack.cluster.networkCidr;
  const cidr = stack.cloud === 'aws' ? network : privateServicesRange(network, secondaryRanges(network));
  return { postgres: { cidr, port: POSTGRES_PORT }, redis: { cidr, port: cloudProfile(stack.cloud).redisPort } };
}

/** Where an egress rule may lead: a namespace's pods, an IP range, or the internet. */
export type EgressDestination = { readonly namespace: string } | { readonly cidr: string } | { readonly internet: true };

/**
 * Where the pods' OTLP exporter connects, read the way a pod resolves the endpoint's host (the cluster DNS search
 * path comes first): one label is a Service of the stack's namespace; two labels (`collector.observability`) or a
 * name under `.svc` a Service of that namespace (a public two-label name is written absolute, with a trailing
 * dot: `signoz.io.`); an IPv4 address itself; any other name the internet. The port is the URL's, else the
 * scheme's (80 for `http`, 443 for `https`, as the OpenTelemetry exporters take it), else OTLP gRPC's 4317. `host`
 * is the endpoint's host as written, lowercase, without a trailing dot.
 */
export function tracingDestination(endpoint: string, stackNamespace: string): { to: EgressDestination; port: number; host: string } {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d+))?/i.exec(endpoint.trim());
  const scheme = match?.[1]?.toLowerCase();
  const written = (match?.[2] ?? '').toLowerCase();
  const port = Number(match?.[3] ?? (scheme === 'https' ? 443 : scheme === 'http' ? 80 : 4317));
  const absolute = written.endsWith('.');
  const host = written.replace(/\.$/, '');
  const labels = host.split('.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return { to: { cidr: `${host}/32` }, port, host };
  if (absolute) return { to: { internet: true }, port, host };
  if (labels.length === 1) return { to: { namespace: stackNamespace }, port, host };
  if (labels.length === 2) return { to: { namespace: labels[1] }, port, host };
  if (labels[2] === 'svc' && (labels.length === 3 || host.endsWith('.svc.cluster.local')))
    return { to: { namespace: labels[1] }, port, host };
  return { to: { internet: true }, port, host };
}

/**
 * The node networks of the stack's clusters, where each cluster's API server has its private addresses (the
 * `kubernetes` Service's endpoints: the EKS control plane's network interfaces in the VPC, the GKE private
 * endpoint in the nodes' subnet). On AWS a standby region's VPC has a range of its own (`dr.aws.standbyNetworkCidr`);
 * on GCP the standby region's subnet is the second range of the same VPC (`lib/gcp`'s Standby carves it with
 * {@link secondSubnetRanges}, leaving out the first subnet's pods and services ranges and, with a datastore,
 * the private services range).
 */
export function clusterNetworks(stack: Pick<ResolvedStack, 'cloud' | 'cluster' | 'dr' | 'postgres' | 'redis'>): string[] {
  const network = stack.cluster.networkCidr;
  if (stack.dr.standbyRegion === undefined) return [network];
  if (stack.cloud === 'aws') return [network, ...(stack.dr.aws ? [stack.dr.aws.standbyNetworkCidr] : [])];
  const ranges = secondaryRanges(network);
  const datastores = stack.postgres !== undefined || stack.redis !== undefined;
  const taken = [ranges.pods, ranges.services, ...(datastores ? [privateServicesRange(network, ranges)] : [])];
  return [network, secondSubnetRanges(network, taken).cidr];
}

/** The ClusterIP of the `kubernetes` Service on EKS, in either service range EKS picks: AWS's `kubernetesServiceAddresses`. */
export const EKS_KUBERNETES_SERVICE_IPS = AWS.kubernetesServiceAddresses;

/**
 * Where pods reach the API server, as NetworkPolicy destinations: the clusters' node networks (its private
 * addresses, {@link clusterNetworks}) and, on EKS, the `kubernetes` Service's address.
 */
export function apiServerAddresses(stack: Parameters<typeof clusterNetworks>[0]): string[] {
  return [...clusterNetworks(stack), ...cloudProfile(stack.cloud).kubernetesServiceAddresses];
}
