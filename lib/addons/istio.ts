/**
 * Istio, installed by the add-ons when the spec asks for the mesh (`serviceMesh: 'istio'`): the pinned release,
 * its support window as dated data, where each of its three charts goes, and the NetworkPolicies of istiod's
 * namespace. Plain data, no Pulumi.
 *
 * The stack's pods run under Pod Security `restricted`, which forbids the `istio-init` container sidecar
 * injection adds by default (it needs `NET_ADMIN` and `NET_RAW` to write the pod's iptables rules). So the
 * istio-cni node agent is installed too, and istiod told to rely on it (`cni.enabled`): the redirection is set
 * up by the CNI plugin on each node, and injected pods only get `istio-validation`, an unprivileged init
 * container that checks it (https://istio.io/latest/docs/setup/additional-setup/pod-security-admission/).
 */
import type { ResolvedStack } from '../core/resolve';
import type { Cloud } from '../core/spec/stack';
import { ISTIOD_PORT, ISTIO_NAMESPACE } from '../k8s/mesh';
import type { Manifest } from './manifests';
import { addonDefaultDeny, addonPolicy, apiServerEgress, fromAnywhere, scrapedBy, tcp } from './policy-rules';
import { cloudProfile } from '../core/cloud';

/**
 * Istio's Helm repository (charts `base`, `istiod`, `cni`): since 1.31 Istio publishes its charts only there, and
 * removes them from the former Google Cloud Storage repository in December 2026 (istio.io, "Retirement of
 * Istio's GCP-hosted infrastructure", 2026-08-21).
 */
export const ISTIO_CHARTS_REPO = 'https://blob.istio.io/istio-release/charts';

/**
 * The Istio release of the three charts (Istio versions its charts with itself), and its support as read on
 * 2026-12-06: 1.31.0 was released 2026-08-31 (https://github.com/istio/istio/releases/tag/1.31.0), 1.31.1 on
 * 2026-09-21 (a fix for GHSA-qm8v-g4f9-qhjx among others; istio.io news/releases/1.31.x/announcing-1.31.1); Istio
 * supports a minor until 6 weeks after the release of the minor two after it
 * (https://istio.io/latest/docs/releases/supported-releases/#support-policy), so 1.31 is supported until about
 * 6 weeks after 1.33.0, expected in the first quarter of 2027 (1.30 ends 6 weeks after 1.32.0, expected in
 * November 2026). Its Kubernetes versions: 1.32 (the minimum its `istioctl` accepts, `MinK8SVersion` in
 * istioctl/pkg/install/k8sversion/version.go of release-1.31) to 1.36 (the support table's entry for the
 * development branch that became 1.31, https://github.com/istio/istio.io/blob/master/data/compatibility/supportStatus.yml),
 * which covers the library's default Kubernetes version (a test checks it). Move to the next minor before
 * this one's end, one minor at a time (istiod first, then the data plane: Istio's supported skew is one minor).
 */
export const ISTIO_RELEASE = {
  version: '1.31.1',
  released: '2026-09-21',
  /** Expected end of support: 6 weeks after 1.33.0, itself not released when this was read (Istio's table: about February 2027). */
  expectedEndOfSupport: '2027-02',
  kubernetes: { min: '1.32', max: '1.36' },
} as const;

/**
 * Where the Istio charts go. `base` (the CRDs, the default-revision validating webhook) and `istiod` (the
 * control plane, the sidecar injection webhook) in `istio-system`; the istio-cni node agent, a privileged
 * DaemonSet (host network, the node's CNI directories) with the `system-node-critical` priority class, in
 * `kube-system`: GKE admits pods of that class only in namespaces with a ResourceQuota for it, which only
 * `kube-system` has by default (https://istio.io/latest/docs/ambient/install/platform-prerequisites/#google-kubernetes-engine-gke),
 * and `istio-system` can then enforce Pod Security `restricted` (istiod meets it). The same on both clouds.
 */
export const ISTIO_NAMESPACES = {
  /** istiod and the base chart's namespaced objects: what the stack's sidecars reach (istiod's xDS and CA port). */
  control: ISTIO_NAMESPACE,
  /** The istio-cni node agent. */
  cni: 'kube-system',
} as const;

/**
 * The charts' `global.platform` on a cloud: `gke` on GCP, where the CNI binaries are in `/home/kubernetes/bin`
 * rather than `/opt/cni/bin` (with it, the cni chart finds the directory from the node's version, and adds a
 * ResourceQuota admitting `system-node-critical` pods to its namespace); none on EKS, whose VPC CNI uses the
 * standard directories (https://istio.io/latest/docs/ambient/install/platform-prerequisites/, "Platform profile").
 */
export function istioPlatform(cloud: Cloud): 'gke' | undefined {
  return cloudProfile(cloud).istioPlatform;
}

/** The labels of istiod's pods that its chart sets and its PodDisruptionBudget selects (`app: istiod`, `istio: pilot`). */
export const ISTIOD_LABELS: Readonly<Record<string, string>> = { app: 'istiod', istio: 'pilot' };

/** Most istiod replicas its HorizontalPodAutoscaler runs (the least is `HA_REPLICAS`). */
export const ISTIOD_MAX_REPLICAS = 5;

/** Ports of istiod (its chart's Deployment and Service). */
export const ISTIOD_PORTS = {
  /** xDS and the CA, over mutual TLS: every sidecar's configuration and certificate ({@link ISTIOD_PORT}). */
  xds: ISTIOD_PORT,
  /** The sidecar injection and config validation webhooks (the Service's 443). */
  webhook: 15017,
  /** Prometheus metrics (`http-monitoring`). */
  metrics: 15014,
} as const;

/** Names of the NetworkPolicies of {@link istioNetworkPolicies}. */
export const ISTIO_POLICIES = { defaultDeny: 'istio-system-default-deny', istiod: 'istio-system-istiod' } as const;

/**
 * The NetworkPolicies of `istio-system` (with the mesh, `serviceMesh: 'istio'`; none in `kube-system`, where istio-cni's node agent
 * runs on the host network). Every pod there is isolated both ways and reaches only the cluster's DNS pods;
 * **istiod** accepts xDS and CSR calls (15012) from any pod of the cluster (every sidecar, in whichever
 * namespace: each namespace's own policies decide which of its pods may send), its webhooks' port (15017) from
 * anywhere (the API server's calls come through the Konnectivity agents on GKE and from the control plane's
 * interfaces in the VPC on EKS, addresses no policy can name), and Prometheus' scrapes (15014); it reaches the
 * API server only (the stack declares no RequestAuthentication, whose JWKS istiod would fetch). Plaintext xDS
 * (15010) and the debug port (8080) stay closed.
 */
export function istioNetworkPolicies(spec: ResolvedStack): Manifest[] {
  if (spec.serviceMesh !== 'istio') return [];
  const namespace = ISTIO_NAMESPACES.control;
  return [
    addonDefaultDeny(ISTIO_POLICIES.defaultDeny, namespace),
    addonPolicy(
      ISTIO_POLICIES.istiod,
      namespace,
      ISTIOD_LABELS,
      [
        { from: [{ namespaceSelector: {} }], ports: [tcp(ISTIOD_PORTS.xds)] },
        fromAnywhere(ISTIOD_PORTS.webhook),
        scrapedBy(spec, ISTIOD_PORTS.metrics),
      ],
      [apiServerEgress(spec)],
    ),
  ];
}
