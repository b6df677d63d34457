/**
 * The Helm charts of the cluster add-ons: repository, chart, pinned version,
 * release name and namespace. Versions are pinned so an add-on changes only
 * when this table does (reviewed, like any other change). No Pulumi here.
 */
import { ENVOY_GATEWAY } from '../core/edge';
import { KEDA_NAMESPACE } from '../core/keda';
import { ISTIO_CHARTS_REPO, ISTIO_NAMESPACES, ISTIO_RELEASE } from './istio';

/** One pinned Helm chart. */
export interface PinnedChart {
  /**
   * Where the chart is: a Helm repository URL (`https://...`), or an OCI registry path (`oci://...`) under
   * which the chart is stored as `<repo>/<chart>` (see {@link chartSource}).
   */
  readonly repo: string;
  /** Chart name in the repository or registry. */
  readonly chart: string;
  /** Exact chart version (never a range). */
  readonly version: string;
  /**
   * Helm release name. Fixed (not auto-named): ServiceAccount names, the
   * `release` label kube-prometheus-stack selects by, and webhook service
   * names are derived from it.
   */
  readonly release: string;
}

/** Add-ons the stack can install, by key. */
export type AddonName =
  | 'externalSecrets'
  | 'certManager'
  | 'envoyGateway'
  | 'envoyGatewayCrds'
  | 'metricsServer'
  | 'kubePrometheusStack'
  | 'nack'
  | 'istioBase'
  | 'istiod'
  | 'istioCni'
  | 'karpenter'
  | 'keda';

/**
 * The pinned charts. Chosen so the CRD versions match the vendored CRDs the
 * cdk8s side validates against (`crds/`): External Secrets `external-secrets.io/v1`,
 * cert-manager `cert-manager.io/v1`, Envoy Gateway v1.9.0 (`gateway.envoyproxy.io/v1alpha1`, and the
 * Gateway API v1.6.1 CRDs its chart bundles), Prometheus Operator v0.93 (kube-prometheus-stack 88.x),
 * NACK `jetstream.nats.io/v1beta2` (Accounts), Istio 1.31 (`security.istio.io/v1` PeerAuthentication,
 * `networking.istio.io/v1beta1` DestinationRule; its three charts share the Istio release, see `ISTIO_RELEASE`),
 * Karpenter 1.14.1 (`karpenter.sh/v1` NodePool, `karpenter.k8s.aws/v1` EC2NodeClass; its chart's `crds/`), KEDA 2.20.2
 * (`keda.sh/v1alpha1` ScaledObject and TriggerAuthentication; vendored in test/fixtures/keda-2.20.2).
 */
export const CHARTS: Readonly<Record<AddonName, PinnedChart>> = {
  externalSecrets: { repo: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '1.0.0', release: 'external-secrets' },
  certManager: { repo: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.2', release: 'cert-manager' },
  // Published only as an OCI artifact (Docker Hub), by the Envoy Gateway project.
  envoyGateway: { repo: 'oci://docker.io/envoyproxy', chart: 'gateway-helm', version: 'v1.9.0', release: 'envoy-gateway' },
  // Envoy Gateway's own CRDs on GKE, which keeps the Gateway API's itself (see `envoyGatewayCrdsValues`).
  envoyGatewayCrds: {
    repo: 'oci://docker.io/envoyproxy',
    chart: 'gateway-crds-helm',
    version: 'v1.9.0',
    release: 'envoy-gateway-crds',
  },
  metricsServer: {
    repo: 'https://kubernetes-sigs.github.io/metrics-server',
    chart: 'metrics-server',
    version: '3.13.0',
    release: 'metrics-server',
  },
  kubePrometheusStack: {
    repo: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '88.2.0',
    release: 'kube-prometheus-stack',
  },
  nack: { repo: 'https://nats-io.github.io/k8s/helm/charts', chart: 'nack', version: '0.36.0', release: 'nack' },
  // Istio's release names as its Helm guide uses them (istiod's Service is `istiod` whatever the release's name).
  istioBase: { repo: ISTIO_CHARTS_REPO, chart: 'base', version: ISTIO_RELEASE.version, release: 'istio-base' },
  istiod: { repo: ISTIO_CHARTS_REPO, chart: 'istiod', version: ISTIO_RELEASE.version, release: 'istiod' },
  istioCni: { repo: ISTIO_CHARTS_REPO, chart: 'cni', version: ISTIO_RELEASE.version, release: 'istio-cni' },
  // Published only as an OCI artifact (Amazon ECR Public), by the Karpenter project (aws/karpenter-provider-aws).
  // 1.14 supports Kubernetes 1.30 to 1.36 (its compatibility matrix: 1.35 needs >= 1.9, 1.36 >= 1.13).
  karpenter: { repo: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: '1.14.1', release: 'karpenter' },
  // KEDA's compatibility matrix: 2.20 is tested on Kubernetes 1.33 to 1.35 (2.21: 1.34 to 1.36).
  keda: { repo: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2', release: 'keda' },
};

/** Namespaces of the add-ons that do not follow the spec (monitoring and NACK do: `monitoring.namespace`, `nats.controllerNamespace`). */
export const ADDON_NAMESPACES = {
  externalSecrets: 'external-secrets',
  certManager: 'cert-manager',
  /** Envoy Gateway's controller, and the Envoy replicas of every Gateway it runs: the namespace the stack's NetworkPolicies admit the edge from. */
  envoyGateway: ENVOY_GATEWAY.namespace,
  /** metrics-server is a cluster component: it runs beside the other system components. */
  metricsServer: 'kube-system',
  /** istiod and Istio's base chart (see `ISTIO_NAMESPACES`). */
  istio: ISTIO_NAMESPACES.control,
  /** The istio-cni node agent: `kube-system`, where GKE admits its `system-node-critical` pods. */
  istioCni: ISTIO_NAMESPACES.cni,
  /** Karpenter's controller (EKS), in a namespace of its own (the getting-started guide's `karpenter`). */
  karpenter: 'karpenter',
  /** KEDA's operator, metrics server and webhooks, when a worker is scaled on its queue. */
  keda: KEDA_NAMESPACE,
} as const;

/**
 * How Helm finds a pinned chart: from an OCI registry, the chart's full reference (`oci://<registry path>/<chart>`)
 * and no repository; from a Helm repository, the chart's name and the repository.
 */
export function chartSource(c: PinnedChart): { chart: string; repositoryOpts?: { repo: string } } {
  return c.repo.startsWith('oci://') ? { chart: `${c.repo}/${c.chart}` } : { chart: c.chart, repositoryOpts: { repo: c.repo } };
}

/**
 * Name of the External Secrets controller's ServiceAccount (the chart's), which the controller runs as. It carries
 * no cloud identity: a namespaced SecretStore without an `auth` block (and a generator without one) authenticates
 * with the controller pod's own credentials, so a cloud identity there would be anyone's who may create one.
 */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/**
 * Name of the ServiceAccount the ClusterSecretStore authenticates as, in External Secrets' namespace: the subject of
 * its IRSA role or Workload Identity binding. No pod runs as it (no token is mounted); the controller requests its
 * tokens (TokenRequest) for the store only, and a namespaced SecretStore cannot name a ServiceAccount of another
 * namespace.
 */
export const EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT = 'external-secrets-store';

/** Name of Karpenter's controller ServiceAccount (the chart's, from the release name): the subject of its IRSA role. */
export const KARPENTER_SERVICE_ACCOUNT = 'karpenter';

/** Name of cert-manager's controller ServiceAccount (the chart's, from the release name): the subject of its IRSA role. */
export const CERT_MANAGER_SERVICE_ACCOUNT = 'cert-manager';

/**
 * Seconds Helm waits for a release to become ready before rolling it back
 * (`atomic`). kube-prometheus-stack and cert-manager (CRDs, webhooks) take longest.
 */
export const RELEASE_TIMEOUT_SECONDS = 900;

/** Releases whose history Helm keeps (rollback targets). */
export const RELEASE_MAX_HISTORY = 10;
