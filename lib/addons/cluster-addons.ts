/** The cluster add-ons a stack needs, installed with Helm through a Kubernetes provider. */
import * as k8s from '../sdk/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { certManagerDnsRole, externalSecretsRole, stackSecretPrefix } from '../aws/addon-identity';
import type { KarpenterCluster } from '../aws/cluster-refs';
import { karpenterController } from '../aws/karpenter';
import type { ResolvedStack } from '../core/resolve';
import { usesKeda } from '../core/keda';
import { cloudProfile } from '../core/cloud';
import { secretId } from '../core/naming';
import { certManagerDnsServiceAccount, externalSecretsServiceAccount } from '../gcp/addon-identity';
import type { AcmeChallengeZoneRef, WorkloadIdentityCluster } from '../gcp/cluster-refs';
import type { CloudType } from '../core/clouds';
import { secretSources } from '../k8s/external-secret';
import {
  ADDON_NAMESPACES,
  type AddonName,
  CERT_MANAGER_SERVICE_ACCOUNT,
  CHARTS,
  EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT,
  KARPENTER_SERVICE_ACCOUNT,
  RELEASE_MAX_HISTORY,
  RELEASE_TIMEOUT_SECONDS,
  chartSource,
} from './charts';
import { certManagerNetworkPolicies } from './cert-manager';
import { envoyGatewayNetworkPolicies, gatewayClass } from './envoy-gateway';
import { externalSecretsNetworkPolicies } from './external-secrets';
import { istioNetworkPolicies } from './istio';
import { kedaNetworkPolicies } from './keda';
import { ec2NodeClass, karpenterNetworkPolicies, nodePool } from './karpenter';
import { GRAFANA_ADMIN, monitoringNetworkPolicies } from './kube-prometheus-stack';
import {
  type Manifest,
  awsSecretStore,
  clusterIssuers,
  dns01Hosts,
  gcpSecretStore,
  ownsEdge,
  secretStoreServiceAccount,
} from './manifests';
import { nackNetworkPolicies } from './nack';
import {
  type HelmValues,
  certManagerValues,
  envoyGatewayCrdsValues,
  envoyGatewayValues,
  externalSecretsValues,
  istioBaseValues,
  istioCniValues,
  istiodValues,
  karpenterReplicas,
  karpenterValues,
  kedaValues,
  kubePrometheusStackValues,
  metricsServerValues,
  nackValues,
} from './values';
import { refuseRenamedArgs } from '../aws/renamed';

/**
 * The default StorageClass of EKS clusters: gp3 through the EBS CSI driver, encrypted, bound where the pod
 * lands (the volume's zone follows the pod's), expandable, and **retained** when its claim is deleted
 * (nothing lost: a PersistentVolume outlives a deleted PVC or StatefulSet until someone removes it).
 */
export const AWS_STORAGE_CLASS = {
  metadata: { name: 'gp3-encrypted', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'ebs.csi.aws.com',
  parameters: { type: 'gp3', encrypted: 'true' },
  reclaimPolicy: 'Retain',
  volumeBindingMode: 'WaitForFirstConsumer',
  allowVolumeExpansion: true,
} as const;

/** Type token of {@link ClusterAddons}. */
export const CLUSTER_ADDONS_TYPE = 'production-stack:index:ClusterAddons';

/**
 * The EKS cluster, for the add-ons' IRSA roles and Karpenter (its name, the nodes' role, the managed node
 * group's sizes): what `aws.Cluster` provides.
 */
export interface AwsAddonsCluster extends KarpenterCluster {
  readonly cloud?: 'aws';
  /** The managed node group's sizes and instance type, which Karpenter's NodePool derives from. */
  readonly nodes: KarpenterNodes;
}

/** The node pool figures Karpenter reads: what `aws.Cluster.nodes` provides. */
export interface KarpenterNodes {
  readonly instanceType: string;
  readonly desiredSize: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
}

/** The GKE cluster, for the External Secrets controller's Workload Identity: what `gcp.Cluster` provides. */
export interface GcpAddonsCluster extends WorkloadIdentityCluster {
  /** Name of the GKE cluster. */
  readonly clusterName: pulumi.Input<string>;
}

/** Arguments of {@link ClusterAddons}. */
export interface ClusterAddonsArgs {
  /** The spec with its defaults applied (`resolve(props)`): which add-ons, their namespaces and selectors. */
  readonly spec: ResolvedStack;
  /** Provider of the cluster the add-ons go to (built from its kubeconfig). */
  readonly provider: k8s.Provider;
  /** The cluster: an `aws.Cluster` when `spec.cloud` is `aws`, a `gcp.Cluster` when it is `gcp`. */
  readonly cluster: AwsAddonsCluster | GcpAddonsCluster;
  /**
   * Region of the secrets: on AWS the ClusterSecretStore reads Secrets Manager there, and the
   * controller's role may read only that region's secrets; on GCP, a region other than
   * `spec.region` makes the store read that region's regional secrets (and the controller's
   * grant covers only those). ProductionStack gives the standby region for the standby
   * cluster's add-ons, whose datastores write their connection details under the same names there.
   * @default - `spec.region` (on GCP: global secrets)
   */
  readonly region?: string;
  /**
   * Contact address of the ACME (Let's Encrypt) account of the ClusterIssuers.
   * Optional at Let's Encrypt, which has sent no expiry mail since 2025 (cert-manager renews by itself).
   * @default - an account without contact address
   */
  readonly acmeEmail?: string;
  /**
   * The Cloud DNS zone of the DNS-01 challenges (GCP, with `dns01Hosts`): cert-manager's Google service
   * account may administer it only, and cert-manager starts once it and the records leading to it exist.
   * ProductionStack creates it once for both clusters (`gcp.acmeChallengeZone` with `dns01ChallengeZone(spec)`).
   * @default - none; required on GCP when the stack has DNS-01 hosts
   */
  readonly acmeChallengeZone?: AcmeChallengeZoneRef;
  /**
   * Customer KMS keys of secrets the External Secrets controller reads (AWS): its role may decrypt
   * with them through Secrets Manager only.
   * @default - none
   */
  readonly secretKmsKeyArns?: readonly pulumi.Input<string>[];
  /**
   * Labels of the cloud resources (the AWS IAM roles' tags), besides `Name`.
   * @default - only `Name`
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Pod Security Admission level enforced in an add-on's namespace. */
type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/**
 * The add-ons a stack needs on its cluster, each a Helm release of a pinned
 * chart version in its own namespace (created here, with Pod Security
 * Admission enforcing the strictest level its pods meet and warning at
 * `restricted`, and, in every namespace but `kube-system`, NetworkPolicies that
 * let through only the flows its pods need), installed atomically (a failed
 * install or upgrade rolls back) within 15 minutes:
 *
 * - **External Secrets** with the ClusterSecretStore `spec.secretStore`: AWS
 *   Secrets Manager in the stack's region (or `region`) through IRSA (a role only the
 *   store's own ServiceAccount `external-secrets-store` may assume, reading only the stack's secrets:
 *   `<stack>/<environment>/*` and the remote keys the spec declares), or GCP
 *   Secret Manager through Workload Identity (a Google service account with
 *   `roles/secretmanager.secretAccessor`, bound to that ServiceAccount). The controller's own
 *   ServiceAccount carries no cloud identity: a namespaced SecretStore without `auth` would use it,
 *   and the store's conditions would bind nothing. Its namespace's NetworkPolicies
 *   (`externalSecretsNetworkPolicies`: the controller reaches the API server and the
 *   secret manager, the webhook accepts the API server's calls);
 * - **Envoy Gateway**, when the stack has routes on a Gateway of its own
 *   ({@link ownsEdge}): its chart (the Gateway API and Envoy Gateway CRDs, two
 *   controllers; see `envoyGatewayValues`), the GatewayClass `envoy-gateway`
 *   the stack's Gateway names, and the NetworkPolicies of its namespace
 *   (`envoyGatewayNetworkPolicies`: the Envoy replicas are the internet edge and
 *   reach only pods of the cluster outside `default` and `kube-*`; the controller serves them xDS and talks to
 *   the API server). Its namespace enforces `restricted`: Envoy listens on
 *   10080 and 10443, unprivileged ports, behind the load balancer's 80 and 443;
 * - **cert-manager** with its CRDs (and, with Envoy Gateway, after it, with its
 *   Gateway API support on), and the ACME (Let's Encrypt) ClusterIssuer
 *   `edge.clusterIssuer` of the Gateway's certificates (`letsencrypt-staging`-like
 *   names use the staging directory), solving HTTP-01 through the Gateway's
 *   `http` listener, except for the failover name `dr.dns.name`, which both
 *   regions serve and only one resolves to: DNS-01 in `dr.dns.zoneId`, on AWS
 *   through Route 53 as an IRSA role of the controller's ServiceAccount
 *   (trusted by this cluster) that may write only that name's `_acme-challenge`
 *   TXT record, on GCP through Cloud DNS as a Google service account (Workload
 *   Identity) with `roles/dns.admin` on the challenge zone `acmeChallengeZone`
 *   only (a sub-zone delegated from `dr.dns.zoneId`, into which the name's
 *   `_acme-challenge` CNAME leads), so the passive region holds a valid
 *   certificate before any failover; its namespace's NetworkPolicies
 *   (`certManagerNetworkPolicies`: the controller reaches Let's Encrypt, the
 *   self-check's and DNS-01's destinations, the webhook accepts the API server's calls);
 * - **metrics-server** on AWS (GKE ships one), for the HPAs;
 * - **Karpenter** on AWS (GKE's node pool autoscales itself), the node autoscaler: its chart in the namespace
 *   `karpenter` (`restricted`), its controller's IRSA role and interruption queue with the EventBridge rules
 *   that feed it (`aws.karpenterController`; the release waits for them), the controller pinned to the
 *   managed node group's nodes, and once its CRDs exist the EC2NodeClass and NodePool `default`
 *   (`ec2NodeClass`, `nodePool`): the managed node group stays as it is (the system pool: Karpenter and the
 *   add-ons start there) and Karpenter adds on-demand nodes of the node pool's category for what does not
 *   fit, up to `maxSize - desiredSize` nodes of its instance type; its namespace's NetworkPolicies
 *   (`karpenterNetworkPolicies`: the controller reaches the API server and the AWS APIs);
 * - **kube-prometheus-stack**, whose Prometheus selects the monitors and rules
 *   labelled `monitoring.prometheusSelector` in every namespace (the stack
 *   always has its PrometheusRule, so monitoring is always installed); Grafana's
 *   admin password generated here (`grafanaAdminPassword`) and written into the
 *   Secret the chart reads (`grafanaAdminSecret`, {@link GRAFANA_ADMIN}), which the
 *   release waits for; and the NetworkPolicies of its namespace
 *   (`monitoringNetworkPolicies`: a default deny, then each component's flows);
 * - **NACK**, the NATS JetStream controller, when the spec has `nats`, reaching only the API server and the
 *   stack's NATS (`nackNetworkPolicies`);
 * - **KEDA** in `keda` (`restricted`), when a worker is scaled on its queue (`services[].queue`; see `kedaValues`),
 *   its operator reaching only the API server and the queues (`kedaNetworkPolicies`);
 * - **Istio**, when the spec asks for the mesh (`serviceMesh: 'istio'`), one pinned release of its three
 *   charts (see `ISTIO_RELEASE`): `base` (the CRDs of the stack's PeerAuthentications and DestinationRules),
 *   then the istio-cni node agent in `kube-system` (the stack's pods run under Pod Security `restricted`,
 *   which forbids the `istio-init` container; on GKE with the `gke` platform), then istiod in `istio-system`
 *   (`restricted`), told to rely on istio-cni: its injection webhook exists only once istio-cni runs on every
 *   node, and the stack's objects, which wait for every add-on, are created (and their pods injected) after it;
 *   `istio-system`'s NetworkPolicies (`istioNetworkPolicies`: istiod accepts the sidecars' xDS and the API server's calls).
 *
 * CRs (the store, the issuers, the GatewayClass) wait for their chart. Order of declaration
 * does not matter: dependencies are explicit. Children are named
 * `${name}-<add-on>` (`-namespace`, `-role`, ...).
 */
export class ClusterAddons extends pulumi.ComponentResource {
  /** The Helm releases, by add-on. Only the installed add-ons are present. */
  public readonly releases: Readonly<Partial<Record<AddonName, k8s.helm.v3.Release>>>;
  /** The add-ons' namespaces, by add-on (metrics-server and istio-cni run in kube-system, which is not created; Istio's base chart and istiod share `istio-system`). */
  public readonly namespaces: Readonly<Partial<Record<AddonName, k8s.core.v1.Namespace>>>;
  /** The ClusterSecretStore `spec.secretStore`. */
  public readonly secretStore: k8s.apiextensions.CustomResource;
  /**
   * The ServiceAccount the store authenticates as (`secretStoreServiceAccount`): the one subject of the store's IRSA
   * role or Workload Identity binding, in External Secrets' namespace, with no token mounted anywhere.
   */
  public readonly secretStoreServiceAccount: k8s.core.v1.ServiceAccount;
  /** The ClusterIssuers, by name. */
  public readonly clusterIssuers: ReadonlyMap<string, k8s.apiextensions.CustomResource>;
  /** The GatewayClass `envoy-gateway` (with Envoy Gateway). */
  public readonly gatewayClass?: k8s.apiextensions.CustomResource;
  /**
   * The add-ons' NetworkPolicies, by name: those of the namespaces of External Secrets, cert-manager, monitoring,
   * Envoy Gateway (with it), Karpenter (AWS), NACK (with NATS), KEDA (with a queue) and Istio (with the mesh).
   */
  public readonly networkPolicies: ReadonlyMap<string, k8s.networking.v1.NetworkPolicy>;
  /** The default StorageClass (AWS; GKE ships one): {@link AWS_STORAGE_CLASS}. */
  public readonly storageClass?: k8s.storage.v1.StorageClass;
  /** The IRSA role of the ClusterSecretStore's ServiceAccount (AWS). */
  public readonly externalSecretsRole?: CloudType<'aws', 'externalSecretsRole'>;
  /** The IRSA role of cert-manager's controller, for the Route 53 DNS-01 solver (AWS, when the stack's Gateway serves `dr.dns.name`). */
  public readonly certManagerRole?: CloudType<'aws', 'certManagerRole'>;
  /** The Google service account of cert-manager's controller, for the Cloud DNS DNS-01 solver (GCP, likewise). */
  public readonly certManagerServiceAccount?: CloudType<'gcp', 'certManagerServiceAccount'>;
  /** The Google service account of the ClusterSecretStore's ServiceAccount (GCP). */
  public readonly externalSecretsServiceAccount?: CloudType<'gcp', 'externalSecretsServiceAccount'>;
  /** Karpenter's IRSA role, interruption queue and EventBridge rules (AWS). */
  public readonly karpenter?: CloudType<'aws', 'karpenter'>;
  /** Karpenter's EC2NodeClass `default` (AWS). */
  public readonly karpenterNodeClass?: k8s.apiextensions.CustomResource;
  /** Karpenter's NodePool `default` (AWS). */
  public readonly karpenterNodePool?: k8s.apiextensions.CustomResource;
  /** Grafana's generated admin password (a secret in the state). */
  public readonly grafanaAdminPassword: random.RandomPassword;
  /** The Secret {@link GRAFANA_ADMIN}`.secretName` of the monitoring namespace: Grafana's admin user and password. */
  public readonly grafanaAdminSecret: k8s.core.v1.Secret;

  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CLUSTER_ADDONS_TYPE, name, {}, opts);
    refuseRenamedArgs(`addons.ClusterAddons "${name}"`, args, ['tags']);
    const { spec, provider } = args;
    const profile = cloudProfile(spec.cloud);
    const releases: Partial<Record<AddonName, k8s.helm.v3.Release>> = {};
    const namespaces: Partial<Record<AddonName, k8s.core.v1.Namespace>> = {};
    const child = (role: string): string => `${name}-${role}`;
    const k8sOpts = (dependsOn: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({ parent: this, provider, dependsOn });

    const namespace = (addon: AddonName, ns: string, level: PodSecurityLevel): k8s.core.v1.Namespace => {
      const resource = new k8s.core.v1.Namespace(
        child(`${CHARTS[addon].release}-namespace`),
        {
          metadata: {
            name: ns,
            labels: {
              'app.kubernetes.io/managed-by': 'production-stack',
              'pod-security.kubernetes.io/enforce': level,
              'pod-security.kubernetes.io/warn': 'restricted',
              'pod-security.kubernetes.io/audit': 'restricted',
            },
          },
        },
        k8sOpts(),
      );
      namespaces[addon] = resource;
      return resource;
    };
    const release = (
      addon: AddonName,
      ns: string,
      values: pulumi.Input<HelmValues>,
      dependsOn: pulumi.Resource[] = [],
    ): k8s.helm.v3.Release => {
      const c = CHARTS[addon];
      const r = new k8s.helm.v3.Release(
        child(c.release),
        {
          name: c.release,
          ...chartSource(c),
          version: c.version,
          namespace: ns,
          createNamespace: false,
          values,
          atomic: true,
          cleanupOnFail: true,
          timeout: RELEASE_TIMEOUT_SECONDS,
          maxHistory: RELEASE_MAX_HISTORY,
          skipCrds: false,
        },
        k8sOpts(dependsOn),
      );
      releases[addon] = r;
      return r;
    };
    // A custom resource; apiVersion and kind are known before deployment (they make its type token).
    const custom = (role: string, manifest: Manifest, spec: pulumi.Input<unknown>, dependsOn: pulumi.Resource[]) =>
      new k8s.apiextensions.CustomResource(
        child(role),
        { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: manifest.metadata, spec },
        k8sOpts(dependsOn),
      );
    const networkPolicies = new Map<string, k8s.networking.v1.NetworkPolicy>();
    const networkPolicy = (policy: Manifest, dependsOn: pulumi.Resource[]): void => {
      const name = policy.metadata.name;
      const input = policy as k8s.types.input.networking.v1.NetworkPolicy;
      networkPolicies.set(name, new k8s.networking.v1.NetworkPolicy(child(`networkpolicy-${name}`), input, k8sOpts(dependsOn)));
    };

    // External Secrets, and the cloud identity of its ClusterSecretStore: on a ServiceAccount of the store's own, which
    // no pod runs as, never on the controller's (a namespaced SecretStore without `auth` would authenticate as that).
    const esoNs = ADDON_NAMESPACES.externalSecrets;
    const esoNamespace = namespace('externalSecrets', esoNs, 'restricted');
    let annotations: pulumi.Output<Record<string, string>>;
    let store: Manifest;
    let storeSpec: pulumi.Input<unknown>;
    if (spec.cloud === 'aws') {
      const cluster = args.cluster as AwsAddonsCluster;
      const secretsRegion = args.region ?? spec.region;
      this.externalSecretsRole = externalSecretsRole(
        child('external-secrets'),
        {
          cluster,
          namespace: esoNs,
          serviceAccount: EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT,
          secretPrefix: stackSecretPrefix(spec.name, spec.environment),
          remoteKeys: secretSources(spec).map((s) => s.remoteKey),
          region: secretsRegion,
          decryptKeyArns: args.secretKmsKeyArns,
          labels: args.labels,
        },
        this,
      );
      annotations = this.externalSecretsRole.serviceAccountAnnotations;
      store = awsSecretStore({ ...spec, region: secretsRegion }, esoNs);
      storeSpec = store.spec;
    } else {
      const cluster = args.cluster as GcpAddonsCluster;
      const clusterRegion = args.region ?? spec.region;
      const secretsLocation = clusterRegion === spec.region ? undefined : clusterRegion;
      const identity = externalSecretsServiceAccount(
        child('external-secrets'),
        {
          cluster,
          namespace: esoNs,
          serviceAccount: EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT,
          secretIds: secretSources(spec).map((s) => secretId(s.remoteKey)),
          location: secretsLocation,
        },
        this,
      );
      this.externalSecretsServiceAccount = identity;
      annotations = identity.serviceAccountAnnotations;
      const location = { project: '', clusterName: '', clusterLocation: clusterRegion, secretsLocation };
      store = gcpSecretStore(spec, esoNs, location);
      storeSpec = pulumi
        .all([identity.project, cluster.clusterName])
        .apply(([project, clusterName]) => gcpSecretStore(spec, esoNs, { ...location, project, clusterName }).spec);
    }
    const identityResources: pulumi.Resource[] = this.externalSecretsRole
      ? [this.externalSecretsRole.policy]
      : this.externalSecretsServiceAccount
        ? [this.externalSecretsServiceAccount.secretAccessor, this.externalSecretsServiceAccount.workloadIdentity].filter(
            (r): r is NonNullable<typeof r> => r !== undefined,
          )
        : [];
    const eso = release('externalSecrets', esoNs, externalSecretsValues(), [esoNamespace]);
    // name and namespace are known before deployment; the annotations wait for the role's ARN or the account's email
    const storeAccount = secretStoreServiceAccount(esoNs, {});
    this.secretStoreServiceAccount = new k8s.core.v1.ServiceAccount(
      child(`serviceaccount-${EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT}`),
      {
        metadata: { ...(storeAccount.metadata as k8s.types.input.meta.v1.ObjectMeta), annotations },
        automountServiceAccountToken: false,
      },
      k8sOpts([esoNamespace]),
    );
    // The store authenticates once its ServiceAccount, and what that may do, exist.
    this.secretStore = custom('secret-store', store, storeSpec, [eso, this.secretStoreServiceAccount, ...identityResources]);
    for (const policy of externalSecretsNetworkPolicies(spec)) networkPolicy(policy, [esoNamespace]);

    // The edge's controller, its GatewayClass and its namespace's NetworkPolicies, when the stack runs its own Gateway.
    const edge = ownsEdge(spec);
    let envoyGateway: k8s.helm.v3.Release | undefined;
    if (edge) {
      const ns = ADDON_NAMESPACES.envoyGateway;
      const egNamespace = namespace('envoyGateway', ns, 'restricted');
      // on GKE Envoy Gateway's own CRDs first, from their own chart (GKE keeps the Gateway API's)
      const crds = profile.gatewayApiCrds === 'cloud' ? [release('envoyGatewayCrds', ns, envoyGatewayCrdsValues(), [egNamespace])] : [];
      envoyGateway = release('envoyGateway', ns, envoyGatewayValues(spec.cloud), [egNamespace, ...crds]);
      const classManifest = gatewayClass();
      this.gatewayClass = custom('gateway-class', classManifest, classManifest.spec, [envoyGateway]);
      for (const policy of envoyGatewayNetworkPolicies(spec)) networkPolicy(policy, [egNamespace]);
    }

    // cert-manager and the issuer of the Gateway's certificates; with DNS-01 hosts, its cloud identity for the zone.
    const cmNs = ADDON_NAMESPACES.certManager;
    const dnsHosts = dns01Hosts(spec);
    const dnsZone = dnsHosts.length > 0 ? spec.dr.dns?.zoneId : undefined;
    const cmIdentity = { namespace: cmNs, serviceAccount: CERT_MANAGER_SERVICE_ACCOUNT };
    let certManagerAnnotations: pulumi.Output<Record<string, string>> | undefined;
    let certManagerGrants: pulumi.Resource[] = [];
    if (dnsZone !== undefined && spec.cloud === 'aws') {
      this.certManagerRole = certManagerDnsRole(
        child('cert-manager'),
        { ...cmIdentity, cluster: args.cluster as AwsAddonsCluster, zoneId: dnsZone, hosts: dnsHosts, labels: args.labels },
        this,
      );
      certManagerAnnotations = this.certManagerRole.serviceAccountAnnotations;
      certManagerGrants = [this.certManagerRole.policy];
    } else if (dnsZone !== undefined) {
      const challenges = args.acmeChallengeZone;
      if (!challenges)
        throw new Error(
          `${name}: on GCP the DNS-01 challenges of ${dnsHosts.join(', ')} need acmeChallengeZone (gcp.acmeChallengeZone of dns01ChallengeZone(spec))`,
        );
      const identity = certManagerDnsServiceAccount(
        child('cert-manager'),
        { ...cmIdentity, cluster: args.cluster as GcpAddonsCluster, managedZone: challenges.zone.name },
        this,
      );
      this.certManagerServiceAccount = identity;
      certManagerAnnotations = identity.serviceAccountAnnotations;
      certManagerGrants = [identity.zoneAdmin, identity.workloadIdentity, challenges.delegation, ...challenges.challenges];
    }
    // The Gateway API support needs the Gateway API CRDs when cert-manager starts: they come with Envoy Gateway's chart.
    const cmNamespace = namespace('certManager', cmNs, 'restricted');
    const certManager = release(
      'certManager',
      cmNs,
      certManagerAnnotations
        ? certManagerAnnotations.apply((a) => certManagerValues(cmNs, { serviceAccountAnnotations: a, gatewayApi: edge }))
        : certManagerValues(cmNs, { gatewayApi: edge }),
      [cmNamespace, ...certManagerGrants, ...(envoyGateway ? [envoyGateway] : [])],
    );
    for (const policy of certManagerNetworkPolicies(spec)) networkPolicy(policy, [cmNamespace]);
    // The Cloud DNS solver names the zone's project, known once deployed (names and kinds do not depend on it).
    const dnsProject = this.certManagerServiceAccount?.project;
    this.clusterIssuers = new Map(
      clusterIssuers(spec, args.acmeEmail).map((issuer) => {
        const name = issuer.metadata.name;
        const issuerSpec = dnsProject
          ? dnsProject.apply((p) => clusterIssuers(spec, args.acmeEmail, p).find((i) => i.metadata.name === name)!.spec)
          : issuer.spec;
        return [name, custom(`issuer-${name}`, issuer, issuerSpec, [certManager])];
      }),
    );

    // Resource metrics for the HPAs: EKS has none, GKE ships its own.
    if (profile.installs.metricsServer) release('metricsServer', ADDON_NAMESPACES.metricsServer, metricsServerValues());

    // EKS has no default StorageClass: an encrypted gp3 one (EBS CSI driver) whose volumes outlive their claims.
    if (spec.cloud === 'aws') {
      this.storageClass = new k8s.storage.v1.StorageClass(child('storage-class'), AWS_STORAGE_CLASS, k8sOpts());
    }

    // The node autoscaler (EKS: GKE autoscales its node pool): Karpenter's AWS side, its chart, then its CRs.
    if (profile.installs.karpenter) {
      const cluster = args.cluster as AwsAddonsCluster;
      const ns = ADDON_NAMESPACES.karpenter;
      const karpenter = karpenterController(
        child('karpenter'),
        { cluster, namespace: ns, serviceAccount: KARPENTER_SERVICE_ACCOUNT, region: args.region ?? spec.region, labels: args.labels },
        this,
      );
      this.karpenter = karpenter;
      const values = pulumi
        .all([cluster.clusterName, karpenter.queue.name, karpenter.serviceAccountAnnotations])
        .apply(([clusterName, interruptionQueue, serviceAccountAnnotations]) =>
          karpenterValues({
            clusterName,
            interruptionQueue,
            serviceAccountAnnotations,
            replicas: karpenterReplicas(cluster.nodes.minSize),
          }),
        );
      const karpenterNamespace = namespace('karpenter', ns, 'restricted');
      const controller = release('karpenter', ns, values, [karpenterNamespace, karpenter.policy, karpenter.queuePolicy]);
      for (const policy of karpenterNetworkPolicies(spec)) networkPolicy(policy, [karpenterNamespace]);
      const nodes = cluster.nodes;
      // apiVersion, kind and name are known before deployment; the spec waits for the cluster's and the role's names
      const classManifest = ec2NodeClass({ clusterName: '', nodeRoleName: '', diskSizeGiB: nodes.diskSizeGiB });
      this.karpenterNodeClass = custom(
        'karpenter-node-class',
        classManifest,
        pulumi
          .all([cluster.clusterName, cluster.nodeRole.name])
          .apply(
            ([clusterName, nodeRoleName]) =>
              ec2NodeClass({ clusterName, nodeRoleName, diskSizeGiB: nodes.diskSizeGiB, labels: args.labels }).spec,
          ),
        [controller],
      );
      const poolManifest = nodePool(nodes);
      this.karpenterNodePool = custom('karpenter-node-pool', poolManifest, poolManifest.spec, [controller, this.karpenterNodeClass]);
    }

    // Monitoring: node-exporter needs the host's network and PID namespaces (privileged). Grafana's admin password is
    // generated, kept in the state as a secret and written into a Secret the chart names; the namespace's NetworkPolicies.
    const monNs = spec.monitoring.namespace;
    const monNamespace = namespace('kubePrometheusStack', monNs, 'privileged');
    this.grafanaAdminPassword = new random.RandomPassword(
      child('grafana-admin-password'),
      { length: GRAFANA_ADMIN.passwordLength, special: false },
      { parent: this },
    );
    this.grafanaAdminSecret = new k8s.core.v1.Secret(
      child('grafana-admin'),
      {
        metadata: { name: GRAFANA_ADMIN.secretName, namespace: monNs, labels: { 'app.kubernetes.io/managed-by': 'production-stack' } },
        stringData: { [GRAFANA_ADMIN.userKey]: GRAFANA_ADMIN.user, [GRAFANA_ADMIN.passwordKey]: this.grafanaAdminPassword.result },
      },
      k8sOpts([monNamespace]),
    );
    release('kubePrometheusStack', monNs, kubePrometheusStackValues(spec), [
      monNamespace,
      this.grafanaAdminSecret,
      ...(this.storageClass ? [this.storageClass] : []),
    ]);
    for (const policy of monitoringNetworkPolicies(spec)) networkPolicy(policy, [monNamespace]);

    // The NATS JetStream controller, when the stack runs NATS.
    if (spec.nats) {
      const ns = spec.nats.controllerNamespace;
      const nackNamespace = namespace('nack', ns, 'restricted');
      release('nack', ns, nackValues(), [nackNamespace]);
      for (const policy of nackNetworkPolicies(spec)) networkPolicy(policy, [nackNamespace]);
    }

    // KEDA, when a worker is scaled on its queue (the stack's ScaledObjects wait for its CRDs, as for every add-on).
    if (usesKeda(spec)) {
      const ns = ADDON_NAMESPACES.keda;
      const kedaNamespace = namespace('keda', ns, 'restricted');
      release('keda', ns, kedaValues(), [kedaNamespace]);
      for (const policy of kedaNetworkPolicies(spec)) networkPolicy(policy, [kedaNamespace]);
    }

    // Istio, when the stack is in the mesh: its CRDs, then the CNI node agent, then istiod and its injection webhook.
    if (spec.serviceMesh === 'istio') {
      const ns = ADDON_NAMESPACES.istio;
      const istioNamespace = namespace('istiod', ns, 'restricted');
      namespaces.istioBase = istioNamespace;
      const base = release('istioBase', ns, istioBaseValues(spec.cloud), [istioNamespace]);
      const cni = release('istioCni', ADDON_NAMESPACES.istioCni, istioCniValues(spec.cloud), [base]);
      release('istiod', ns, istiodValues(spec.cloud), [istioNamespace, base, cni]);
      for (const policy of istioNetworkPolicies(spec)) networkPolicy(policy, [istioNamespace]);
    }

    this.releases = releases;
    this.namespaces = namespaces;
    this.networkPolicies = networkPolicies;
    this.registerOutputs({});
  }
}
