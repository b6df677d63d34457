/**
 * The cluster-scoped objects the add-ons need besides their charts: the
 * ClusterIssuer of the stack's Gateway (and, on GCP, the challenge zone its
 * DNS-01 solver writes in), and the ClusterSecretStore every ExternalSecret
 * reads through. Plain functions of the spec; no Pulumi.
 *
 * Plain JSON, not classes generated from the CRDs (lib/imports): Pulumi applies
 * these, they are no cdk8s constructs, and the two generated modules would be
 * ~25,000 lines (every ACME solver and secret-manager provider spelled out) for
 * two small objects. test/addons/addons.test.ts checks them against the CRDs in
 * crds/ (test/support/schema.ts).
 */
import type { ResolvedStack } from '../core/resolve';
import { cloudName, k8sNames } from '../core/naming';
import { resourceName } from '../gcp/naming';
import { externalSecretNamespaces } from '../k8s/external-secret';
import { EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT } from './charts';
import type { Manifest } from '../k8s/manifest';

export type { Manifest } from '../k8s/manifest';

/** Let's Encrypt's production ACME directory. */
export const LETSENCRYPT_PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory';
/** Let's Encrypt's staging ACME directory (untrusted certificates, generous rate limits). */
export const LETSENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** The ACME directory of an issuer: staging when its name says so (`letsencrypt-staging`), production otherwise. */
export function acmeServer(issuer: string): string {
  return /staging/i.test(issuer) ? LETSENCRYPT_STAGING : LETSENCRYPT_PRODUCTION;
}

/**
 * Whether the stack runs its own edge on the cluster: routes, on a Gateway of its own. Then the add-ons
 * install Envoy Gateway and its GatewayClass, turn on cert-manager's Gateway API support, and create the
 * ClusterIssuer of the Gateway's certificates. A stack on a shared Gateway (`edge.sharedGateway`) relies
 * on whoever runs that Gateway for all of it.
 */
export function ownsEdge(spec: ResolvedStack): boolean {
  return spec.edge.routes.length > 0 && spec.edge.gateway.own;
}

/**
 * An HTTP-01 solver through the stack's Gateway: cert-manager answers each challenge with an HTTPRoute (in
 * the Certificate's namespace, the Gateway's) attached to its plain HTTP listener, to a solver pod behind a
 * ClusterIP Service (no node port needed: Envoy reaches the pod itself), without a sidecar in the mesh.
 */
function http01Solver(spec: ResolvedStack, hosts: readonly string[]): Record<string, unknown> {
  const { name, namespace } = spec.edge.gateway;
  return {
    selector: { dnsNames: [...hosts].sort() },
    http01: {
      gatewayHTTPRoute: {
        serviceType: 'ClusterIP',
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name, namespace, sectionName: k8sNames.httpListener }],
        // In the mesh, a solver pod would get a sidecar that its NetworkPolicy keeps from istiod, so it would never
        // serve: the solver stays out of the mesh (Envoy's sidecar reaches a pod without one in plain HTTP).
        ...(spec.serviceMesh === 'istio' ? { podTemplate: { metadata: { labels: { 'sidecar.istio.io/inject': 'false' } } } } : {}),
      },
    },
  };
}

/**
 * The hosts of the stack's Gateway whose challenges go through DNS-01 (Route 53 on AWS, Cloud DNS on GCP):
 * `dr.dns.name`, the failover name both regions serve, and the other hosts that fail over with it
 * (`dr.dns.hosts`), when the Gateway has them (with `dr.dns`). They resolve to the active region only, so HTTP-01 could never pass in the passive one, which would get its
 * certificate only after a failover.
 */
export function dns01Hosts(spec: ResolvedStack): string[] {
  const dns = spec.dr.dns;
  if (dns === undefined || !ownsEdge(spec)) return [];
  return [dns.name, ...dns.hosts].filter((h) => spec.edge.hosts.includes(h));
}

/**
 * The Cloud DNS zone in which cert-manager answers the DNS-01 challenges of {@link dns01Hosts} on GCP, so that
 * its Google service account administers that zone only, never the zone of `dr.dns` (which holds the failover
 * record): the public zone `<stack>-acme` of `acme.<dr.dns.name>.`, delegated from `dr.dns.zoneId` (a name
 * within it, since the failover record is), where each host's `_acme-challenge.<host>` is a CNAME to
 * `_acme-challenge.acme.<dr.dns.name>.` (see `gcp.acmeChallengeZone`). Undefined on AWS, where cert-manager's
 * role may write only the hosts' challenge records in the zone itself, and without DNS-01 hosts.
 */
export function dns01ChallengeZone(spec: ResolvedStack): Dns01ChallengeZone | undefined {
  const hosts = dns01Hosts(spec);
  const dns = spec.dr.dns;
  if (spec.cloud !== 'gcp' || dns === undefined || hosts.length === 0) return undefined;
  return { parentZone: dns.zoneId, managedZone: resourceName(cloudName(spec.name, 'acme')), dnsName: `acme.${dns.name}.`, hosts };
}

/** The challenge zone of the DNS-01 hosts on GCP: what {@link dns01ChallengeZone} derives from the spec. */
export interface Dns01ChallengeZone {
  /** Name of the Cloud DNS managed zone that holds the hosts (`dr.dns.zoneId`), which delegates the challenge zone. */
  readonly parentZone: string;
  /** Name of the challenge zone's managed zone. */
  readonly managedZone: string;
  /** DNS name of the challenge zone, with its final dot: a name within the parent zone. */
  readonly dnsName: string;
  /** The hosts whose challenges it answers (their `_acme-challenge` records in the parent zone point into it). */
  readonly hosts: readonly string[];
}

/**
 * A DNS-01 solver for `hosts`, with the cluster's ambient credentials (cert-manager's IRSA role or Workload
 * Identity; ClusterIssuers may use them by default): Route 53 in the hosted zone of `dr.dns` (no `region`:
 * with IRSA, cert-manager takes the one the EKS webhook sets in its environment), or Cloud DNS in the
 * {@link dns01ChallengeZone} of `project`, following each host's `_acme-challenge` CNAME into it
 * (`cnameStrategy: Follow`).
 */
function dns01Solver(spec: ResolvedStack, hosts: readonly string[], project: string | undefined): Record<string, unknown> {
  const challengeZone = dns01ChallengeZone(spec);
  const dns01 = challengeZone
    ? { cnameStrategy: 'Follow', cloudDNS: { ...(project ? { project } : {}), hostedZoneName: challengeZone.managedZone } }
    : { route53: { hostedZoneID: spec.dr.dns?.zoneId ?? '' } };
  return { selector: { dnsNames: [...hosts].sort() }, dns01 };
}

/**
 * The ClusterIssuers of the spec: with a Gateway of its own that has hosts ({@link ownsEdge}), one ACME
 * (Let's Encrypt) issuer named `edge.clusterIssuer`, which the Gateway's annotation names for the
 * certificates of its HTTPS listeners. It solves HTTP-01 challenges through the Gateway's `http` listener,
 * except for the hosts of {@link dns01Hosts} (the failover name), which it solves with DNS-01: in the Route 53
 * zone `dr.dns.zoneId`, or in the Cloud DNS {@link dns01ChallengeZone} of `project` (which cert-manager
 * requires: ClusterAddons gives it once known). `email` is the ACME account's contact: optional (Let's
 * Encrypt sends no expiry mail since 2025; cert-manager renews on its own), so no placeholder address is ever
 * registered.
 */
export function clusterIssuers(spec: ResolvedStack, email?: string, project?: string): Manifest[] {
  if (!ownsEdge(spec) || spec.edge.hosts.length === 0) return [];
  const name = spec.edge.clusterIssuer;
  const viaDns = dns01Hosts(spec);
  const viaHttp = spec.edge.hosts.filter((h) => !viaDns.includes(h));
  return [
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name },
      spec: {
        acme: {
          server: acmeServer(name),
          ...(email ? { email } : {}),
          privateKeySecretRef: { name: `${name}-account-key` },
          solvers: [
            ...(viaHttp.length > 0 ? [http01Solver(spec, viaHttp)] : []),
            ...(viaDns.length > 0 ? [dns01Solver(spec, viaDns, project)] : []),
          ],
        },
      },
    },
  ];
}

/**
 * Which namespaces a ClusterSecretStore serves (`spec.conditions`): those of the stack's ExternalSecrets
 * ({@link externalSecretNamespaces}), by name. External Secrets refuses an ExternalSecret elsewhere that names
 * the store, so no other namespace can read the stack's secrets through it (the database's URL among them). The
 * conditions bind the store only: they hold because the cloud identity that reads the secrets is the store's own
 * ServiceAccount's ({@link secretStoreServiceAccountRef}), not the controller's, which any namespace's SecretStore
 * without an `auth` block would use.
 */
export function secretStoreConditions(spec: ResolvedStack): { namespaces: string[] }[] {
  return [{ namespaces: externalSecretNamespaces(spec) }];
}

/**
 * The ServiceAccount the store authenticates as ({@link EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT} in External Secrets'
 * namespace), which alone carries the cloud identity, not the controller's own: a namespaced SecretStore without an
 * `auth` block uses the controller pod's credentials, and may name a ServiceAccount of its own namespace only
 * (External Secrets refuses another namespace's, in its webhook and again when it authenticates).
 */
export function secretStoreServiceAccountRef(namespace: string): { name: string; namespace: string } {
  return { name: EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT, namespace };
}

/**
 * The ClusterSecretStore `spec.secretStore` for AWS Secrets Manager in the
 * stack's region, authenticating as the store's ServiceAccount
 * ({@link secretStoreServiceAccountRef}): the controller requests a token of
 * it for STS (`sts.amazonaws.com`) and assumes the IRSA role of its
 * `eks.amazonaws.com/role-arn` annotation, which trusts that ServiceAccount
 * only. Serves the stack's namespace only ({@link secretStoreConditions}).
 */
export function awsSecretStore(spec: ResolvedStack, namespace: string): Manifest {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: spec.secretStore },
    spec: {
      conditions: secretStoreConditions(spec),
      provider: {
        aws: {
          service: 'SecretsManager',
          region: spec.region,
          auth: { jwt: { serviceAccountRef: secretStoreServiceAccountRef(namespace) } },
        },
      },
    },
  };
}

/** Where a GKE cluster is, for Workload Identity authentication. */
export interface GkeLocation {
  /** Project of the secrets and of the cluster. */
  readonly project: string;
  /** Name of the GKE cluster. */
  readonly clusterName: string;
  /** Region of the (regional) cluster. */
  readonly clusterLocation: string;
  /**
   * Region of the regional secrets the store reads: a standby region's, whose datastores write
   * their connection details there under the primary's secret IDs.
   * @default - global secrets
   */
  readonly secretsLocation?: string;
}

/**
 * The ClusterSecretStore `spec.secretStore` for GCP Secret Manager in the
 * cluster's project, authenticating through Workload Identity as the store's
 * ServiceAccount ({@link secretStoreServiceAccountRef}): the controller
 * requests a token of it, exchanges it for a federated token of the cluster's
 * pool and impersonates the Google service account of its
 * `iam.gke.io/gcp-service-account` annotation, whose Workload Identity binding
 * names that ServiceAccount only. Serves the stack's namespace only
 * ({@link secretStoreConditions}).
 */
export function gcpSecretStore(spec: ResolvedStack, namespace: string, gke: GkeLocation): Manifest {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: spec.secretStore },
    spec: {
      conditions: secretStoreConditions(spec),
      provider: {
        gcpsm: {
          projectID: gke.project,
          ...(gke.secretsLocation === undefined ? {} : { location: gke.secretsLocation }),
          auth: {
            workloadIdentity: {
              clusterProjectID: gke.project,
              clusterName: gke.clusterName,
              clusterLocation: gke.clusterLocation,
              serviceAccountRef: secretStoreServiceAccountRef(namespace),
            },
          },
        },
      },
    },
  };
}

/**
 * The ServiceAccount {@link EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT} of External Secrets' `namespace`, annotated with
 * the store's cloud identity (`eks.amazonaws.com/role-arn` on AWS, `iam.gke.io/gcp-service-account` on GCP), without
 * a mounted token (`automountServiceAccountToken: false`): no pod runs as it, the controller requests its tokens for
 * the ClusterSecretStore.
 */
export function secretStoreServiceAccount(namespace: string, annotations: Readonly<Record<string, string>>): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'production-stack' },
      annotations: { ...annotations },
    },
    automountServiceAccountToken: false,
  };
}
