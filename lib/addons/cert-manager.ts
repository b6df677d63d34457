/**
 * cert-manager besides its chart: the NetworkPolicies of its namespace, which holds its controller, webhook,
 * CA injector and the post-install Job that checks its API. Plain JSON, no Pulumi. (Its ClusterIssuers are in
 * manifests.ts, its Helm values in values.ts.)
 */
import type { ResolvedStack } from '../core/resolve';
import { ADDON_NAMESPACES, CHARTS } from './charts';
import { type Manifest, clusterIssuers, dns01Hosts } from './manifests';
import {
  addonDefaultDeny,
  addonPolicy,
  apiServerEgress,
  cloudApiEgress,
  fromAnywhere,
  gkeMetadataEgress,
  internetPeer,
  scrapedBy,
  tcp,
  udp,
} from './policy-rules';

const RELEASE = CHARTS.certManager.release;

/**
 * Labels of cert-manager's pods (chart v1.21), as its templates set them: `app.kubernetes.io/name` is the
 * component's fixed name (`cert-manager` for the controller; `webhook`, `cainjector`, `startupapicheck`),
 * with the release as `app.kubernetes.io/instance` and the component as `app.kubernetes.io/component`.
 */
export const CERT_MANAGER_POD_LABELS = {
  controller: {
    'app.kubernetes.io/name': 'cert-manager',
    'app.kubernetes.io/instance': RELEASE,
    'app.kubernetes.io/component': 'controller',
  },
  webhook: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/instance': RELEASE, 'app.kubernetes.io/component': 'webhook' },
  cainjector: {
    'app.kubernetes.io/name': 'cainjector',
    'app.kubernetes.io/instance': RELEASE,
    'app.kubernetes.io/component': 'cainjector',
  },
  /** The chart's post-install hook Job (`startupapicheck.enabled`), which waits until the API accepts a Certificate. */
  startupapicheck: {
    'app.kubernetes.io/name': 'startupapicheck',
    'app.kubernetes.io/instance': RELEASE,
    'app.kubernetes.io/component': 'startupapicheck',
  },
} as const;

/** Ports of cert-manager's pods, and those its controller reaches outside the cluster. */
export const CERT_MANAGER_PORTS = {
  /** Prometheus metrics of the controller, the webhook and the CA injector (`prometheus.enabled`, the chart's default). */
  metrics: 9402,
  /** The webhook's HTTPS port (`webhook.securePort`): the API server's admission and conversion calls. */
  webhook: 10250,
  /** HTTP-01 self-check: `http://<host>/.well-known/acme-challenge/<token>`. */
  http: 80,
  /** ACME (Let's Encrypt), the DNS APIs, and HTTPS redirects the self-check follows. */
  https: 443,
  /** DNS-01 propagation check, against the zone's authoritative nameservers. */
  dns: 53,
} as const;

/** Names of the NetworkPolicies of {@link certManagerNetworkPolicies}. */
export const CERT_MANAGER_POLICIES = {
  defaultDeny: 'cert-manager-default-deny',
  controller: 'cert-manager-controller',
  webhook: 'cert-manager-webhook',
  cainjector: 'cert-manager-cainjector',
  startupapicheck: 'cert-manager-startupapicheck',
} as const;

/**
 * The NetworkPolicies of cert-manager's namespace. Every pod there is isolated both ways and reaches only the
 * cluster's DNS pods; then each component gets what it needs:
 *
 * - the **webhook** accepts its port (10250) from anywhere: the API server's calls come through the
 *   Konnectivity agents on GKE and from the control plane's interfaces in the VPC on EKS, addresses no policy
 *   can name; it accepts Prometheus' scrapes (9402) and reaches the API server;
 * - the **CA injector** accepts scrapes and reaches the API server; so does the **controller**, and with the
 *   stack's ACME ClusterIssuers (`clusterIssuers`: a Gateway of its own with hosts) it reaches the internet on
 *   443 (Let's Encrypt's directory and orders; HTTPS redirects its self-check follows), and:
 *   - with HTTP-01 hosts, the internet on 80: before asking Let's Encrypt to validate, the controller GETs
 *     `http://<host>/.well-known/acme-challenge/<token>` itself, and the host resolves to the Gateway's public
 *     load balancer;
 *   - with DNS-01 hosts (`dns01Hosts`: the failover name), the zone's authoritative nameservers on the internet
 *     on 53 over UDP and TCP (cert-manager checks the record's propagation against them directly: the chart's
 *     `dns01RecursiveNameserversOnly` is left off), and its cloud's APIs with its cloud identity
 *     (`cloudApiEgress`: Route 53 and STS on AWS, the VPC's STS endpoint included; Cloud DNS on GCP, with the
 *     GKE metadata server, `gkeMetadataEgress`, from which its Workload Identity tokens come);
 * - the **startupapicheck** Job, the release's post-install hook, reaches the API server.
 *
 * Without ACME issuers (routes on a shared Gateway, or none) the controller reaches nothing outside the
 * cluster but the API server: an issuer added by hand that needs more needs a policy of its own.
 */
export function certManagerNetworkPolicies(spec: ResolvedStack): Manifest[] {
  const namespace = ADDON_NAMESPACES.certManager;
  const L = CERT_MANAGER_POD_LABELS;
  const P = CERT_MANAGER_PORTS;
  const apiServer = apiServerEgress(spec);
  const internet = internetPeer(spec);
  const acme = clusterIssuers(spec).length > 0;
  const viaDns = acme && dns01Hosts(spec).length > 0;
  const viaHttp = acme && spec.edge.hosts.some((h) => !dns01Hosts(spec).includes(h));
  return [
    addonDefaultDeny(CERT_MANAGER_POLICIES.defaultDeny, namespace),
    addonPolicy(
      CERT_MANAGER_POLICIES.controller,
      namespace,
      L.controller,
      [scrapedBy(spec, P.metrics)],
      [
        apiServer,
        ...(viaDns ? [...cloudApiEgress(spec), ...gkeMetadataEgress(spec)] : acme ? [{ to: [internet], ports: [tcp(P.https)] }] : []),
        ...(viaHttp ? [{ to: [internet], ports: [tcp(P.http)] }] : []),
        ...(viaDns ? [{ to: [internet], ports: [udp(P.dns), tcp(P.dns)] }] : []),
      ],
    ),
    addonPolicy(CERT_MANAGER_POLICIES.webhook, namespace, L.webhook, [fromAnywhere(P.webhook), scrapedBy(spec, P.metrics)], [apiServer]),
    addonPolicy(CERT_MANAGER_POLICIES.cainjector, namespace, L.cainjector, [scrapedBy(spec, P.metrics)], [apiServer]),
    addonPolicy(CERT_MANAGER_POLICIES.startupapicheck, namespace, L.startupapicheck, [], [apiServer]),
  ];
}
