/**
 * NACK, the NATS JetStream controller, besides its chart: the NetworkPolicy of its namespace
 * (`nats.controllerNamespace`). Plain JSON, no Pulumi. (Its Helm values are in values.ts.)
 */
import { NATS_CLIENT_PORT } from '../core/ports';
import type { ResolvedStack } from '../core/resolve';
import { selectorLabels } from '../k8s/labels';
import { NATS_NAME } from '../k8s/nats-address';
import type { Manifest } from './manifests';
import { ALL_PODS, addonPolicy, apiServerEgress, dnsEgress, namespacePeer, podsPeer, tcp } from './policy-rules';

/** Name of the NetworkPolicy of {@link nackNetworkPolicies}. */
export const NACK_POLICIES = { controller: 'nack-controller' } as const;

/**
 * The NetworkPolicy of NACK's namespace (`nats.controllerNamespace`, with `nats`), which ClusterAddons creates
 * for NACK's controller alone: it selects every pod there (the chart labels its pod `app: nack` with its
 * default `useLegacyNames`, `app.kubernetes.io/*` without it; the selector does not depend on which), isolates
 * them both ways, and lets them reach the cluster's DNS pods, the API server (the stack's Account, Streams and
 * Consumers, and the Secret of its NATS credentials) and the stack's NATS servers on their client port (4222,
 * TLS or not; the NATS policy admits this namespace there), where it manages the streams and consumers: through
 * the `nats` Service, whose selector the peer names exactly, so that the EKS VPC CNI, which judges egress on the
 * Service's address, gives the rule that address. Nothing reaches the controller: it serves no webhook and no metrics.
 */
export function nackNetworkPolicies(spec: ResolvedStack): Manifest[] {
  if (!spec.nats) return [];
  const natsServers = { ...namespacePeer(spec.namespace), ...podsPeer(selectorLabels(spec.name, NATS_NAME)) };
  return [
    addonPolicy(
      NACK_POLICIES.controller,
      spec.nats.controllerNamespace,
      ALL_PODS,
      [],
      [dnsEgress, apiServerEgress(spec), { to: [natsServers], ports: [tcp(NATS_CLIENT_PORT)] }],
    ),
  ];
}
