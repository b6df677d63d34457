/**
 * Envoy Gateway besides its chart: the GatewayClass the stack's Gateways name, and the NetworkPolicies of
 * its namespace, which hold its controller and the Envoy replicas of every Gateway. Plain JSON, no Pulumi.
 */
import { ENVOY_GATEWAY, ENVOY_PROXY_LABELS } from '../core/edge';
import type { ResolvedStack } from '../core/resolve';
import { CHARTS } from './charts';
import { apiServerEgress, dnsEgress as dns, namespacePeer, tcp } from './policy-rules';
import type { Manifest } from './manifests';

/** Labels of Envoy Gateway's controller pods: its chart's, with the release {@link CHARTS}.envoyGateway. */
export const ENVOY_GATEWAY_CONTROLLER_LABELS: Readonly<Record<string, string>> = {
  'control-plane': 'envoy-gateway',
  'app.kubernetes.io/name': CHARTS.envoyGateway.chart,
  'app.kubernetes.io/instance': CHARTS.envoyGateway.release,
};

/** Ports of Envoy Gateway's controller (chart `deployment.ports`) that the policies open. */
export const ENVOY_GATEWAY_PORTS = {
  /** xDS: every Envoy replica takes its configuration from the controller here (mutual TLS). */
  xds: ENVOY_GATEWAY.xdsPort,
  /** Prometheus metrics. */
  metrics: 19001,
} as const;

/**
 * Ports of the Envoy replicas. Envoy Gateway adds 10000 to a listener port below 1024, so that Envoy binds
 * it without `NET_BIND_SERVICE` (Pod Security `restricted`): the Gateway's 80 and 443 are 10080 and 10443
 * in the pods (the load balancer Service maps them back).
 */
export const ENVOY_PROXY_PORTS = {
  http: 10080,
  https: 10443,
  /** Prometheus metrics (`/stats/prometheus`). */
  metrics: 19001,
} as const;

/**
 * Every namespace but Kubernetes' own: `default` holds the `kubernetes` Service (the API server), which the VPC
 * CNI would otherwise admit through a namespace-wide peer (it matches Service addresses before translating
 * them), and `kube-*` the cluster's system pods; no route's backend is there.
 */
const NOT_SYSTEM_NAMESPACE = {
  key: 'kubernetes.io/metadata.name',
  operator: 'NotIn',
  values: ['default', 'kube-system', 'kube-public', 'kube-node-lease'],
};

/** The GatewayClass {@link ENVOY_GATEWAY}.gatewayClass, which Envoy Gateway's controller implements. */
export function gatewayClass(): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: ENVOY_GATEWAY.gatewayClass },
    spec: { controllerName: ENVOY_GATEWAY.controllerName },
  };
}

/** Names of the NetworkPolicies of {@link envoyGatewayNetworkPolicies}. */
export const ENVOY_GATEWAY_POLICIES = { controller: 'envoy-gateway-controller', proxy: 'envoy-gateway-proxy' } as const;

/**
 * The NetworkPolicies of Envoy Gateway's namespace, each isolating its pods both ways (other pods there,
 * the certgen job, are not selected):
 *
 * - the **controller** accepts xDS (18000) from the Envoy replicas and metrics scrapes (19001) from
 *   the monitoring namespace, and reaches the API server (443, at its addresses: `apiServerEgress`) and DNS. No
 *   webhook port: the topology injector is turned off (see `envoyGatewayValues`);
 * - the **Envoy replicas** of every Gateway accept 10080 and 10443 from any source (they are the internet
 *   edge: with `externalTrafficPolicy: Local` clients keep their own addresses, so the peer is "anyone", not
 *   an `ipBlock`, which some CNIs do not match against pods), and metrics scrapes (19001) from
 *   `monitoringNamespace`; they reach any pod of the cluster outside `default` and `kube-*` over TCP (the routes' backends and cert-manager's
 *   HTTP-01 solvers, in the stacks' namespaces, whose own policies decide what they admit), the controller's
 *   xDS port, and DNS. They reach nothing outside the cluster.
 */
export function envoyGatewayNetworkPolicies(stack: ResolvedStack): Manifest[] {
  const namespace = ENVOY_GATEWAY.namespace;
  const monitoringNamespace = stack.monitoring.namespace;
  const proxies = { podSelector: { matchLabels: { ...ENVOY_PROXY_LABELS } } };
  const controller = { podSelector: { matchLabels: { ...ENVOY_GATEWAY_CONTROLLER_LABELS } } };
  const scrapes = { from: [namespacePeer(monitoringNamespace)], ports: [tcp(ENVOY_GATEWAY_PORTS.metrics)] };
  const policy = (name: string, spec: Record<string, unknown>): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'production-stack' } },
    spec: { ...spec, policyTypes: ['Ingress', 'Egress'] },
  });
  return [
    policy(ENVOY_GATEWAY_POLICIES.controller, {
      podSelector: controller.podSelector,
      ingress: [{ from: [proxies], ports: [tcp(ENVOY_GATEWAY_PORTS.xds)] }, scrapes],
      egress: [dns, apiServerEgress(stack)],
    }),
    policy(ENVOY_GATEWAY_POLICIES.proxy, {
      podSelector: proxies.podSelector,
      ingress: [
        { ports: [tcp(ENVOY_PROXY_PORTS.http), tcp(ENVOY_PROXY_PORTS.https)] },
        { from: [namespacePeer(monitoringNamespace)], ports: [tcp(ENVOY_PROXY_PORTS.metrics)] },
      ],
      egress: [
        dns,
        { to: [controller], ports: [tcp(ENVOY_GATEWAY_PORTS.xds)] },
        { to: [{ namespaceSelector: { matchExpressions: [NOT_SYSTEM_NAMESPACE] } }], ports: [{ protocol: 'TCP' }] },
      ],
    }),
  ];
}
