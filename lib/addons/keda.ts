/**
 * KEDA besides its chart: the NetworkPolicies of its namespace, which holds its operator, its metrics server
 * (the external metrics API) and its admission webhooks. Plain JSON, no Pulumi. (Where it runs and what it
 * reads of the ScaledObjects are in lib/core/keda.ts, its Helm values in values.ts.)
 */
import type { ResolvedStack } from '../core/resolve';
import { datastoreEndpoints } from '../core/endpoints';
import { KEDA_NAMESPACE, KEDA_OPERATOR_LABELS, usesKeda } from '../core/keda';
import { selectorLabels } from '../k8s/labels';
import { NATS_MONITOR_PORT, NATS_NAME } from '../k8s/nats-address';
import type { Manifest } from './manifests';
import { addonDefaultDeny, addonPolicy, apiServerEgress, fromAnywhere, namespacePeer, podsPeer as pods, tcp } from './policy-rules';

/**
 * Labels of KEDA's pods (chart 2.20), as its templates set them from `operator.name` (`keda-operator`) and
 * `webhooks.name` (`keda-admission-webhooks`): `app`, which its Deployments select by.
 */
export const KEDA_POD_LABELS = {
  operator: KEDA_OPERATOR_LABELS,
  metricsApiServer: { app: 'keda-operator-metrics-apiserver' },
  webhooks: { app: 'keda-admission-webhooks' },
} as const;

/** Ports of KEDA's pods. */
export const KEDA_PORTS = {
  /** The operator's gRPC metrics service, which the metrics server reads the scalers' values from. */
  metricsService: 9666,
  /** The external metrics API (`service.portHttpsTarget`), which the API server proxies to. */
  metricsApi: 6443,
  /** The admission webhooks (`webhooks.port`, empty: 9443). */
  webhooks: 9443,
} as const;

/** Names of the NetworkPolicies of {@link kedaNetworkPolicies}. */
export const KEDA_POLICIES = {
  defaultDeny: 'keda-default-deny',
  operator: 'keda-operator',
  metricsApiServer: 'keda-metrics-apiserver',
  webhooks: 'keda-admission-webhooks',
} as const;

/**
 * The NetworkPolicies of KEDA's namespace (with a worker scaled on a queue, `usesKeda`). Every pod there is isolated both ways and reaches only the
 * cluster's DNS pods; then each component gets what it needs:
 *
 * - the **operator** reaches the API server, and the queues the stack's workers are scaled on: with a NATS
 *   queue, the stack's NATS servers on their monitoring port (8222, `/jsz`; the NATS policy admits the operator
 *   there), with a Redis queue, the stack's Redis where `datastoreEndpoints` puts it (its port: 6379 on AWS,
 *   6378 with TLS on Memorystore); it accepts the metrics server on its gRPC port (9666);
 * - the **metrics server** accepts the external metrics API (6443) from anywhere: the API server proxies
 *   the HPAs' reads to it through the Konnectivity agents on GKE and from the control plane's interfaces in
 *   the VPC on EKS, addresses no policy can name; it reaches the operator's gRPC port and the API server;
 * - the **admission webhooks** accept their port (9443) from anywhere (the API server's calls), and reach the
 *   API server.
 *
 * No metrics port is opened: the chart's Prometheus metrics are off (`prometheus.*.enabled`) and the stack
 * has no monitor for KEDA. The metrics server reaches the operator through its Service (`keda-operator`), whose
 * selector is exactly the peer's ({@link KEDA_OPERATOR_LABELS}): the EKS VPC CNI judges egress on the Service's
 * address, which its controller gives a rule only when the rule's pod selector matches the Service's selector.
 * The operator reads NATS through the headless Service (pod addresses).
 */
export function kedaNetworkPolicies(spec: ResolvedStack): Manifest[] {
  if (!usesKeda(spec)) return [];
  const namespace = KEDA_NAMESPACE;
  const L = KEDA_POD_LABELS;
  const P = KEDA_PORTS;
  const apiServer = apiServerEgress(spec);
  const queues = spec.services.map((s) => s.queue).filter((q) => q !== undefined);
  const redis = datastoreEndpoints(spec).redis;
  const natsServers = { ...namespacePeer(spec.namespace), ...pods(selectorLabels(spec.name, NATS_NAME)) };
  return [
    addonDefaultDeny(KEDA_POLICIES.defaultDeny, namespace),
    addonPolicy(
      KEDA_POLICIES.operator,
      namespace,
      L.operator,
      [{ from: [pods(L.metricsApiServer)], ports: [tcp(P.metricsService)] }],
      [
        apiServer,
        ...(queues.some((q) => q.nats) ? [{ to: [natsServers], ports: [tcp(NATS_MONITOR_PORT)] }] : []),
        ...(queues.some((q) => q.redis) ? [{ to: [{ ipBlock: { cidr: redis.cidr } }], ports: [tcp(redis.port)] }] : []),
      ],
    ),
    addonPolicy(
      KEDA_POLICIES.metricsApiServer,
      namespace,
      L.metricsApiServer,
      [fromAnywhere(P.metricsApi)],
      [apiServer, { to: [pods(L.operator)], ports: [tcp(P.metricsService)] }],
    ),
    addonPolicy(KEDA_POLICIES.webhooks, namespace, L.webhooks, [fromAnywhere(P.webhooks)], [apiServer]),
  ];
}
