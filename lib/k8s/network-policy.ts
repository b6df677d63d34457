/**
 * NetworkPolicies: the namespace denies everything by default, and each
 * service's policy opens exactly the paths the spec names.
 */
import { NATS_CLIENT_PORT } from '../core/ports';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { ENVOY_GATEWAY, envoyProxyLabels } from '../core/edge';
import {
  CLUSTER_DNS,
  type EgressDestination,
  apiServerAddresses,
  clusterNetworks,
  datastoreEndpoints,
  tracingDestination,
} from '../core/endpoints';
import { publicExcept } from '../core/cidr';
import { k8sNames } from '../core/naming';
import { imageVersion, selectorLabels, serviceLabels, stackLabels } from './labels';
import { ISTIO_NAMESPACE, ISTIOD_PORT } from './mesh';
import { NATS_NAME } from './nats-address';
import { NetworkPolicy } from './api-object';
import { cloudProfile } from '../core/cloud';

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const namespace = (name: string): k8s.NetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});

/** The Envoy pods of the stack's gateway (its own, or the shared one), which Envoy Gateway runs in its namespace. */
export function gatewayPeer(stack: ResolvedStack): k8s.NetworkPolicyPeer {
  return { ...namespace(ENVOY_GATEWAY.namespace), podSelector: { matchLabels: envoyProxyLabels(stack.edge.gateway) } };
}

/** Who calls whom inside the stack: caller name to the services (and ports) it may reach. Built once per stack. */
export type CalleeIndex = ReadonlyMap<string, readonly { callee: ResolvedService; ports: readonly number[] }[]>;

/** Indexes the stack's `allowFrom` rules by caller, so each service's egress is found without scanning every service. */
export function calleeIndex(stack: ResolvedStack): CalleeIndex {
  const index = new Map<string, { callee: ResolvedService; ports: number[] }[]>();
  for (const callee of stack.services) {
    for (const caller of callee.allowFrom) {
      if (!('service' in caller)) continue;
      const ports = portsByName(callee, caller.ports);
      const list = index.get(caller.service) ?? [];
      list.push({ callee, ports });
      index.set(caller.service, list);
    }
  }
  return index;
}

function portsByName(service: ResolvedService, names: readonly string[] | undefined): number[] {
  return service.ports.filter((p) => !names || names.includes(p.name)).map((p) => p.port);
}

function ingressRules(stack: ResolvedStack, service: ResolvedService): k8s.NetworkPolicyIngressRule[] {
  const rules: k8s.NetworkPolicyIngressRule[] = [];
  // the gateway's Envoy pods, to the ports the routes reach
  const routed = [...new Set(stack.edge.routes.flatMap((r) => r.backends.filter((b) => b.service === service.name).map((b) => b.number)))];
  if (routed.length > 0) rules.push({ from: [gatewayPeer(stack)], ports: routed.sort((a, b) => a - b).map(tcp) });
  if (service.metrics) {
    const port = service.ports.find((p) => p.name === service.metrics!.port)!;
    rules.push({ from: [namespace(stack.monitoring.namespace)], ports: [tcp(port.port)] });
  }
  for (const caller of service.allowFrom) {
    const from =
      'service' in caller ? { podSelector: { matchLabels: selectorLabels(stack.name, caller.service) } } : namespace(caller.namespace);
    rules.push({ from: [from], ports: portsByName(service, caller.ports).map(tcp) });
  }
  return rules;
}

/** What a pod needs to reach: a service's or a job's connections. */
export interface EgressNeeds {
  readonly name: string;
  readonly postgres?: unknown;
  readonly redis?: unknown;
  readonly nats?: unknown;
  readonly egress: ResolvedService['egress'];
  /** Talks to the Kubernetes API (RBAC rules, or waiting for a migration Job). */
  readonly kubernetesApi: boolean;
  /** Runs as a cloud identity (IRSA, Workload Identity): it fetches tokens and calls the cloud's APIs. */
  readonly cloudIdentity?: boolean;
  /** A service's pods: in the mesh (jobs stay out of it) and exporting traces (jobs get no OTLP settings). */
  readonly service?: boolean;
}

/** The egress rule to the cluster's DNS ({@link CLUSTER_DNS}): its pods and the node-local resolvers, on 53. */
export function dnsEgressRule(): k8s.NetworkPolicyEgressRule {
  return {
    to: [
      { ...namespace(CLUSTER_DNS.namespace), podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } } },
      ...CLUSTER_DNS.nodeAddresses.map((cidr) => ({ ipBlock: { cidr } })),
    ],
    ports: [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(CLUSTER_DNS.port) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(CLUSTER_DNS.port) },
    ],
  };
}

/** The peer of an egress destination; public ranges leave out the private ones and the cluster's network inside them. */
function peer(stack: ResolvedStack, to: EgressDestination): k8s.NetworkPolicyPeer {
  if ('namespace' in to) return namespace(to.namespace);
  const cidr = 'cidr' in to ? to.cidr : '0.0.0.0/0';
  const except = publicExcept(cidr, stack.cluster.networkCidr);
  return { ipBlock: { cidr, ...(except.length > 0 ? { except } : {}) } };
}

const rule = (to: k8s.NetworkPolicyPeer[], ports?: readonly number[]): k8s.NetworkPolicyEgressRule =>
  ports === undefined ? { to } : { to, ports: ports.map(tcp) };

/**
 * Egress rules: DNS (the DNS pods only), then the datastores, NATS, callees and destinations the pod is allowed.
 * Nothing leads anywhere without a destination: the API server is its clusters' node networks on 443 (and on EKS
 * the `kubernetes` Service's address), a cloud
 * identity reaches the internet on 443 (and on AWS the VPC's interface endpoints, on GKE the metadata server),
 * traces go to the collector the endpoint names.
 */
export function egressRules(stack: ResolvedStack, needs: EgressNeeds, callees: CalleeIndex = new Map()): k8s.NetworkPolicyEgressRule[] {
  const rules: k8s.NetworkPolicyEgressRule[] = [dnsEgressRule()];
  if (needs.postgres || needs.redis) {
    const endpoints = datastoreEndpoints(stack);
    for (const store of ['postgres', 'redis'] as const) {
      if (needs[store]) rules.push(rule([{ ipBlock: { cidr: endpoints[store].cidr } }], [endpoints[store].port]));
    }
  }
  if (needs.nats) rules.push(rule([{ podSelector: { matchLabels: selectorLabels(stack.name, NATS_NAME) } }], [NATS_CLIENT_PORT]));
  for (const { callee, ports } of callees.get(needs.name) ?? []) {
    rules.push(rule([{ podSelector: { matchLabels: selectorLabels(stack.name, callee.name) } }], ports));
  }
  for (const { ports, ...to } of needs.egress) rules.push(rule([peer(stack, to)], ports));
  const networks = clusterNetworks(stack).map((cidr) => ({ ipBlock: { cidr } }));
  if (needs.kubernetesApi)
    rules.push(
      rule(
        apiServerAddresses(stack).map((cidr) => ({ ipBlock: { cidr } })),
        [443],
      ),
    );
  if (needs.cloudIdentity) {
    // tokens and the cloud's APIs over HTTPS: on AWS STS, Secrets Manager and ECR through the VPC's interface endpoints
    const cloud = cloudProfile(stack.cloud);
    for (const m of cloud.metadataServer) rules.push(rule([{ ipBlock: { cidr: m.cidr } }], [m.port]));
    rules.push(rule([peer(stack, { internet: true }), ...(cloud.apisInNetwork ? networks : [])], [443]));
  }
  if (needs.service && stack.serviceMesh === 'istio') rules.push(rule([namespace(ISTIO_NAMESPACE)], [ISTIOD_PORT]));
  if (needs.service && stack.monitoring.tracing) {
    const { to, port } = tracingDestination(stack.monitoring.tracing.endpoint, stack.namespace);
    rules.push(rule([peer(stack, to)], [port]));
  }
  return rules;
}

/** Creates an egress-only policy for the pods of a job. */
export function jobPolicy(
  scope: Construct,
  id: string,
  stack: ResolvedStack,
  podLabels: Record<string, string>,
  needs: EgressNeeds,
): k8s.KubeNetworkPolicy {
  return new NetworkPolicy(scope, id, {
    metadata: { name: needs.name, namespace: stack.namespace, labels: { ...stackLabels(stack.name), ...podLabels } },
    spec: { podSelector: { matchLabels: podLabels }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: egressRules(stack, needs) },
  });
}

/** Creates the policy that selects one service's pods. */
export function servicePolicy(
  scope: Construct,
  stack: ResolvedStack,
  service: ResolvedService,
  callees: CalleeIndex,
): k8s.KubeNetworkPolicy {
  return new NetworkPolicy(scope, 'NetworkPolicy', {
    metadata: {
      name: k8sNames.workload(service.name),
      namespace: stack.namespace,
      labels: serviceLabels(stack.name, service.name, imageVersion(service.image)),
    },
    spec: {
      podSelector: { matchLabels: selectorLabels(stack.name, service.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: ingressRules(stack, service),
      egress: egressRules(
        stack,
        {
          ...service,
          kubernetesApi: service.rbac !== undefined || service.migration !== undefined,
          cloudIdentity: service.cloudIdentity !== undefined || service.cloudAccess !== undefined,
          service: true,
        },
        callees,
      ),
    },
  });
}

/** The label cert-manager puts on its ACME HTTP-01 solver pods, and the port they serve the challenge on. */
export const ACME_SOLVER = { label: 'acme.cert-manager.io/http01-solver', port: 8089 } as const;

/**
 * Lets the gateway's Envoy pods reach cert-manager's HTTP-01 solver pods, which cert-manager creates in the
 * stack's namespace (the Gateway's) for each pending certificate of a listener: under the default-deny
 * policy they would be unreachable, and no certificate would ever be issued. Only the solver pods, only
 * their port, only from the gateway's Envoy pods; the solver pods need no egress. Undefined when the stack
 * has no gateway of its own with a host.
 */
export function acmeSolverPolicy(scope: Construct, stack: ResolvedStack): k8s.KubeNetworkPolicy | undefined {
  if (!stack.edge.gateway.own || stack.edge.hosts.length === 0) return undefined;
  return new NetworkPolicy(scope, 'AcmeSolver', {
    metadata: { name: k8sNames.acmeSolver, namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: {
      podSelector: { matchLabels: { [ACME_SOLVER.label]: 'true' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [gatewayPeer(stack)], ports: [tcp(ACME_SOLVER.port)] }],
    },
  });
}

/** Creates the namespace's default-deny policy for ingress and egress. */
export function defaultDeny(scope: Construct, stack: ResolvedStack): k8s.KubeNetworkPolicy {
  return new NetworkPolicy(scope, 'DefaultDeny', {
    metadata: { name: k8sNames.defaultDeny, namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}
