/**
 * External Secrets besides its chart: the NetworkPolicies of its namespace, which holds its controller, its
 * webhook and the cert controller that keeps the webhook's certificate. Plain JSON, no Pulumi. (The
 * ClusterSecretStore is in manifests.ts, the Helm values in values.ts.)
 */
import type { ResolvedStack } from '../core/resolve';
import { ADDON_NAMESPACES, CHARTS } from './charts';
import type { Manifest } from './manifests';
import { addonDefaultDeny, addonPolicy, apiServerEgress, cloudApiEgress, fromAnywhere, scrapedBy } from './policy-rules';

const RELEASE = CHARTS.externalSecrets.release;

/**
 * Labels of External Secrets' pods (chart 1.0.0), as its templates' selector labels set them: the chart's
 * name, with `-webhook` and `-cert-controller` for those two, as `app.kubernetes.io/name`, and the release as
 * `app.kubernetes.io/instance`.
 */
export const EXTERNAL_SECRETS_POD_LABELS = {
  controller: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/instance': RELEASE },
  webhook: { 'app.kubernetes.io/name': 'external-secrets-webhook', 'app.kubernetes.io/instance': RELEASE },
  certController: { 'app.kubernetes.io/name': 'external-secrets-cert-controller', 'app.kubernetes.io/instance': RELEASE },
} as const;

/** Ports of External Secrets' pods (the chart's `metrics.listen.port`, `webhook.port`). */
export const EXTERNAL_SECRETS_PORTS = {
  /** Prometheus metrics, on each of the three (`*.metrics.listen.port`). */
  metrics: 8080,
  /** The webhook's HTTPS port: the API server's validation and conversion calls. */
  webhook: 10250,
} as const;

/** Names of the NetworkPolicies of {@link externalSecretsNetworkPolicies}. */
export const EXTERNAL_SECRETS_POLICIES = {
  defaultDeny: 'external-secrets-default-deny',
  controller: 'external-secrets-controller',
  webhook: 'external-secrets-webhook',
  certController: 'external-secrets-cert-controller',
} as const;

/**
 * The NetworkPolicies of External Secrets' namespace. Every pod there is isolated both ways and reaches only
 * the cluster's DNS pods; then each component gets what it needs, and Prometheus scrapes each (8080):
 *
 * - the **controller** reaches the API server, where it asks for a token of the ClusterSecretStore's
 *   ServiceAccount, and its cloud's APIs, where it trades that token for the store's cloud identity and reads
 *   the secrets (`cloudApiEgress`: on AWS STS and Secrets Manager, through the VPC's interface endpoints, or
 *   through NAT without them; on GCP Google's STS, IAM Credentials and Secret Manager). Not the GKE metadata
 *   server: the store names its cluster's project, location and name, which External Secrets would otherwise
 *   read there, and its tokens come from Google's STS;
 * - the **webhook** accepts its port (10250) from anywhere (the API server's calls come through the
 *   Konnectivity agents on GKE and from the control plane's interfaces in the VPC on EKS, addresses no policy
 *   can name), and reaches the API server;
 * - the **cert controller**, which writes the webhook's certificate and puts its CA in the webhook
 *   configuration and the CRDs, reaches the API server.
 */
export function externalSecretsNetworkPolicies(spec: ResolvedStack): Manifest[] {
  const namespace = ADDON_NAMESPACES.externalSecrets;
  const L = EXTERNAL_SECRETS_POD_LABELS;
  const P = EXTERNAL_SECRETS_PORTS;
  const apiServer = apiServerEgress(spec);
  return [
    addonDefaultDeny(EXTERNAL_SECRETS_POLICIES.defaultDeny, namespace),
    addonPolicy(
      EXTERNAL_SECRETS_POLICIES.controller,
      namespace,
      L.controller,
      [scrapedBy(spec, P.metrics)],
      [apiServer, ...cloudApiEgress(spec)],
    ),
    addonPolicy(
      EXTERNAL_SECRETS_POLICIES.webhook,
      namespace,
      L.webhook,
      [fromAnywhere(P.webhook), scrapedBy(spec, P.metrics)],
      [apiServer],
    ),
    addonPolicy(EXTERNAL_SECRETS_POLICIES.certController, namespace, L.certController, [scrapedBy(spec, P.metrics)], [apiServer]),
  ];
}
