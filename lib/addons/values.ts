/**
 * Helm values of the add-ons, as plain functions of the resolved spec. The
 * charts' production settings are turned on where the charts allow it: two
 * replicas with a PodDisruptionBudget for what serves the API server or
 * traffic (webhooks, controllers, Prometheus, Alertmanager, the gateway
 * controller), leader election where replicas would otherwise compete,
 * requests and memory limits on every container. No Pulumi here.
 */
import type { ResolvedStack } from '../core/resolve';
import type { Cloud } from '../core/spec/stack';
import { cloudProfile } from '../core/cloud';
import { SIDECAR_RESOURCES } from '../k8s/mesh';
import { ADDON_NAMESPACES, CERT_MANAGER_SERVICE_ACCOUNT, EXTERNAL_SECRETS_SERVICE_ACCOUNT, KARPENTER_SERVICE_ACCOUNT } from './charts';
import { CERT_MANAGER_POD_LABELS, CERT_MANAGER_PORTS } from './cert-manager';
import { ENVOY_GATEWAY_CONTROLLER_LABELS } from './envoy-gateway';
import { ISTIOD_LABELS, ISTIOD_MAX_REPLICAS, istioPlatform } from './istio';
import { GRAFANA_ADMIN } from './kube-prometheus-stack';

/** Helm values. */
export type HelmValues = Record<string, unknown>;

/** Requests and a memory limit (no CPU limit: throttling hurts latency more than it protects neighbours). */
export function resources(cpu: string, memory: string, memoryLimit: string): HelmValues {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** Replicas of every add-on component that should survive a node drain. */
export const HA_REPLICAS = 2;

const pdb = { enabled: true, minAvailable: 1 };

/**
 * External Secrets: CRDs, two leader-elected controllers, two webhooks, two
 * cert controllers, and the controller's ServiceAccount **without** a cloud
 * identity (`annotations: {}`, which also removes one an earlier release set):
 * a namespaced SecretStore without an `auth` block authenticates as the
 * controller pod, so its identity would be anyone's who may create one. The
 * ClusterSecretStore authenticates as a ServiceAccount of its own
 * (`secretStoreServiceAccount`).
 */
export function externalSecretsValues(): HelmValues {
  return {
    installCRDs: true,
    replicaCount: HA_REPLICAS,
    leaderElect: true,
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: {} },
    resources: resources('50m', '128Mi', '512Mi'),
    podDisruptionBudget: pdb,
    webhook: { replicaCount: HA_REPLICAS, resources: resources('20m', '64Mi', '256Mi'), podDisruptionBudget: pdb },
    certController: { replicaCount: HA_REPLICAS, resources: resources('20m', '64Mi', '256Mi'), podDisruptionBudget: pdb },
  };
}

/**
 * Group of cert-manager's controller pods (`securityContext.fsGroup`), with an IRSA role: cert-manager's
 * Route 53 guide sets it so the controller, which runs as a non-root user, can read its projected
 * ServiceAccount token.
 */
export const CERT_MANAGER_FS_GROUP = 1001;

/** Options of {@link certManagerValues}. */
export interface CertManagerOptions {
  /**
   * Annotations of the controller's ServiceAccount: an IRSA role, for the Route 53 DNS-01 solver.
   * @default - none
   */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /**
   * Turn on the Gateway API support (the controller configuration's `gatewayAPI.enabled`): certificates for
   * the HTTPS listeners of annotated Gateways (gateway-shim), and HTTP-01 challenges answered through a
   * Gateway (`gatewayHTTPRoute` solvers). The Gateway API CRDs must exist when cert-manager starts.
   * @default false
   */
  readonly gatewayApi?: boolean;
}

/**
 * cert-manager: CRDs installed with the chart and kept when it is uninstalled (deleting them would delete
 * every Certificate). With `serviceAccountAnnotations` (an IRSA role, for the Route 53 DNS-01 solver), the
 * controller's ServiceAccount carries them and its pods the group {@link CERT_MANAGER_FS_GROUP}; with
 * `gatewayApi`, its Gateway API support (chart value `config`, the controller's configuration file).
 */
export function certManagerValues(namespace: string, options: CertManagerOptions = {}): HelmValues {
  const { serviceAccountAnnotations, gatewayApi = false } = options;
  return {
    crds: { enabled: true, keep: true },
    replicaCount: HA_REPLICAS,
    podDisruptionBudget: pdb,
    resources: resources('50m', '128Mi', '512Mi'),
    // Leader election in the add-on's own namespace, not kube-system (GKE restricts kube-system).
    global: { leaderElection: { namespace } },
    webhook: { replicaCount: HA_REPLICAS, podDisruptionBudget: pdb, resources: resources('20m', '64Mi', '256Mi') },
    cainjector: { replicaCount: HA_REPLICAS, podDisruptionBudget: pdb, resources: resources('50m', '128Mi', '512Mi') },
    // The chart fills in apiVersion and kind (controller.config.cert-manager.io/v1alpha1 ControllerConfiguration).
    ...(gatewayApi ? { config: { gatewayAPI: { enabled: true } } } : {}),
    // Merged by Helm with the chart's securityContext (runAsNonRoot, seccomp), not replacing it.
    ...(serviceAccountAnnotations
      ? {
          serviceAccount: { create: true, name: CERT_MANAGER_SERVICE_ACCOUNT, annotations: serviceAccountAnnotations },
          securityContext: { fsGroup: CERT_MANAGER_FS_GROUP },
        }
      : {}),
  };
}

/**
 * Envoy Gateway (chart `gateway-helm`): on EKS the Gateway API CRDs (the v1.6.1 bundle; the chart ships the
 * experimental channel, a superset of the standard one the library's objects use) and Envoy Gateway's own
 * CRDs; on GKE none (`crds.enabled: false`): GKE installs and keeps the Gateway API's standard-channel CRDs
 * itself and, from 1.35, refuses experimental ones (its `enforce-gateway-standard-channel` admission policy),
 * so Envoy Gateway's own come from the `gateway-crds-helm` release ({@link envoyGatewayCrdsValues}). Then two
 * leader-elected controllers spread over zones behind a PDB, requests and memory limits (the
 * controller and the certgen job), and no topology injector: a mutating webhook the API server would call
 * for every Envoy pod (one more thing that can fail a rollout) only to label it with its zone for zone-aware
 * routing, which the library does not use. Helm installs the CRDs on the first install and never upgrades them: a chart upgrade that
 * brings new CRDs needs them applied first (`helm template ... oci://docker.io/envoyproxy/gateway-crds-helm`
 * piped to `kubectl apply --server-side`).
 */
export function envoyGatewayValues(cloud: Cloud): HelmValues {
  return {
    crds: { enabled: cloudProfile(cloud).gatewayApiCrds === 'chart' },
    deployment: {
      replicas: HA_REPLICAS,
      envoyGateway: { resources: resources('100m', '256Mi', '1Gi') },
      pod: {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { ...ENVOY_GATEWAY_CONTROLLER_LABELS } },
          },
        ],
      },
    },
    podDisruptionBudget: { minAvailable: 1 },
    // Leader election is Envoy Gateway's default; stated, since two replicas rely on it (every replica serves xDS).
    config: { envoyGateway: { provider: { type: 'Kubernetes', kubernetes: { leaderElection: { disable: false } } } } },
    topologyInjector: { enabled: false },
    certgen: { job: { resources: resources('20m', '64Mi', '128Mi') } },
  };
}

/**
 * Envoy Gateway's own CRDs (`gateway.envoyproxy.io`) on GKE, from the chart that carries them alone
 * (`gateway-crds-helm`, as templates: Helm upgrades them with the chart), without the Gateway API's, which GKE
 * keeps. Installed before `gateway-helm`.
 */
export function envoyGatewayCrdsValues(): HelmValues {
  return { crds: { gatewayAPI: { enabled: false }, envoyGateway: { enabled: true } } };
}

/** metrics-server (AWS: EKS ships none): two replicas behind a PDB, so HPAs keep their metrics through a node drain. */
export function metricsServerValues(): HelmValues {
  return { replicas: HA_REPLICAS, podDisruptionBudget: pdb, resources: resources('100m', '200Mi', '512Mi') };
}

/** Days Prometheus keeps samples. */
export const PROMETHEUS_RETENTION = '15d';
/** Volume of each Prometheus replica. */
export const PROMETHEUS_STORAGE = '50Gi';

/**
 * kube-prometheus-stack: Prometheus and Alertmanager with two replicas and
 * volumes; Prometheus selects ServiceMonitors, PodMonitors and rules in every
 * namespace by `monitoring.prometheusSelector` (the labels the library stamps
 * on them), Alertmanager the AlertmanagerConfigs by the same labels, and the
 * Grafana sidecar loads dashboards labelled `monitoring.grafanaDashboardLabels`
 * from every namespace. The chart's own objects carry the selector's labels
 * too (`commonLabels`), except `release`, which the chart sets to the release
 * name (`kube-prometheus-stack`, the default selector's value). Grafana reads its admin user and password
 * from the Secret {@link GRAFANA_ADMIN}, which ClusterAddons writes with a generated password: the chart's
 * `grafana.admin` values, so neither the values nor the chart's own Secret hold a password. Prometheus also
 * scrapes cert-manager's controller (its Service, port 9402: the certificate metrics the certificate alerts read),
 * through a ServiceMonitor of this release (`additionalServiceMonitors`): its CRD exists when the release does,
 * which cert-manager's own ServiceMonitor (installed before kube-prometheus-stack) could not count on.
 */
export function kubePrometheusStackValues(spec: ResolvedStack): HelmValues {
  const selector = { matchLabels: { ...spec.monitoring.prometheusSelector } };
  const commonLabels = Object.fromEntries(Object.entries(spec.monitoring.prometheusSelector).filter(([k]) => k !== 'release'));
  const [dashboardLabel, dashboardLabelValue] = Object.entries(spec.monitoring.grafanaDashboardLabels)[0] ?? ['grafana_dashboard', '1'];
  const volume = (storage: string) => ({
    volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } },
  });
  return {
    commonLabels,
    prometheus: {
      prometheusSpec: {
        replicas: HA_REPLICAS,
        retention: PROMETHEUS_RETENTION,
        serviceMonitorSelectorNilUsesHelmValues: false,
        serviceMonitorSelector: selector,
        serviceMonitorNamespaceSelector: {},
        podMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelector: selector,
        podMonitorNamespaceSelector: {},
        ruleSelectorNilUsesHelmValues: false,
        ruleSelector: selector,
        ruleNamespaceSelector: {},
        resources: resources('500m', '2Gi', '4Gi'),
        storageSpec: volume(PROMETHEUS_STORAGE),
      },
      additionalServiceMonitors: [
        {
          name: 'cert-manager',
          // the chart labels it `release` itself (a second `release` key is one YAML reader's error away)
          additionalLabels: commonLabels,
          selector: { matchLabels: { ...CERT_MANAGER_POD_LABELS.controller } },
          namespaceSelector: { matchNames: [ADDON_NAMESPACES.certManager] },
          endpoints: [{ targetPort: CERT_MANAGER_PORTS.metrics, path: '/metrics', interval: '60s' }],
        },
      ],
    },
    alertmanager: {
      config: { inhibit_rules: ALERTMANAGER_INHIBIT_RULES },
      alertmanagerSpec: {
        replicas: HA_REPLICAS,
        alertmanagerConfigSelector: selector,
        alertmanagerConfigNamespaceSelector: {},
        resources: resources('50m', '128Mi', '256Mi'),
        storage: volume('10Gi'),
      },
    },
    prometheusOperator: { resources: resources('100m', '128Mi', '512Mi') },
    grafana: {
      admin: { existingSecret: GRAFANA_ADMIN.secretName, userKey: GRAFANA_ADMIN.userKey, passwordKey: GRAFANA_ADMIN.passwordKey },
      resources: resources('100m', '256Mi', '512Mi'),
      sidecar: { dashboards: { enabled: true, searchNamespace: 'ALL', label: dashboardLabel, labelValue: dashboardLabelValue } },
    },
  };
}

/**
 * The labels two alerts must share for one to inhibit the other: the same alert about the same object. The chart's
 * default rules ask only for `namespace` and `alertname`, so one volume's critical `KubePersistentVolumeFillingUp`
 * muted another volume's warning, and one service's error-budget page another service's ticket (Alertmanager counts a
 * label both lack as equal, so each label here narrows a rule only where the alerts carry it).
 */
const SAME_OBJECT = [
  'namespace',
  'alertname',
  'service',
  'slo',
  'pod',
  'container',
  'persistentvolumeclaim',
  'job_name',
  'cronjob',
  'deployment',
  'statefulset',
  'daemonset',
  'horizontalpodautoscaler',
  'node',
  'instance',
];

/**
 * Alertmanager's global inhibit rules (kube-prometheus-stack's `alertmanager.config.inhibit_rules`, which a value
 * replaces whole): the chart's four, with the severity pairs held to {@link SAME_OBJECT}. test/monitoring/
 * alertmanager-inhibition.test.ts runs them in a real Alertmanager.
 */
export const ALERTMANAGER_INHIBIT_RULES = [
  { source_matchers: ['severity = critical'], target_matchers: ['severity =~ warning|info'], equal: SAME_OBJECT },
  { source_matchers: ['severity = warning'], target_matchers: ['severity = info'], equal: SAME_OBJECT },
  { source_matchers: ['alertname = InfoInhibitor'], target_matchers: ['severity = info'], equal: ['namespace'] },
  { target_matchers: ['alertname = InfoInhibitor'] },
];

/**
 * NACK, the NATS JetStream controller, watching every namespace (the stack's
 * Account resource gives it the servers and credentials). One replica: the
 * chart has no leader election, and streams are only reconciled, never served.
 */
export function nackValues(): HelmValues {
  return {
    jetstream: { enabled: true },
    namespaced: false,
    resources: resources('50m', '64Mi', '256Mi'),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

/**
 * KEDA (chart `keda`), when a worker is scaled on its queue: two operators (leader-elected: one polls the
 * queues, the other takes over) behind a PodDisruptionBudget, spread over nodes; one metrics server (the
 * external metrics API the HPAs read; KEDA documents one replica, a limitation of the Kubernetes custom metrics
 * server library) and two admission webhooks behind a PDB; requests and memory limits on each. The chart's pods
 * meet Pod Security `restricted` as they are (non-root, no privilege escalation, all capabilities dropped,
 * `RuntimeDefault` seccomp, read-only root filesystem).
 */
export function kedaValues(): HelmValues {
  const spread = (app: string) => [
    { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } },
  ];
  return {
    crds: { install: true },
    operator: { replicaCount: HA_REPLICAS },
    metricsServer: { replicaCount: 1 },
    webhooks: { enabled: true, replicaCount: HA_REPLICAS },
    podDisruptionBudget: { operator: { minAvailable: 1 }, webhooks: { minAvailable: 1 } },
    topologySpreadConstraints: { operator: spread('keda-operator'), webhooks: spread('keda-admission-webhooks') },
    resources: {
      operator: resources('100m', '128Mi', '1000Mi'),
      metricServer: resources('100m', '128Mi', '1000Mi'),
      webhooks: resources('50m', '64Mi', '512Mi'),
    },
  };
}

/** `global.platform` of the Istio charts on `cloud` (`gke` on GCP), as each of them reads it. */
function istioGlobal(cloud: Cloud): HelmValues {
  const platform = istioPlatform(cloud);
  return platform ? { platform } : {};
}

/** The seccomp profile Pod Security `restricted` requires, set where Istio's charts leave it empty. */
const RUNTIME_DEFAULT = { type: 'RuntimeDefault' };

/**
 * Istio's `base` chart: the Istio CRDs (applied by Helm as templates, so upgraded with the chart) and the
 * default revision's validating webhook; only the platform (`gke` on GCP) is set, the rest is the chart's.
 */
export function istioBaseValues(cloud: Cloud): HelmValues {
  const global = istioGlobal(cloud);
  return Object.keys(global).length > 0 ? { global } : {};
}

/**
 * istiod: sidecar injection relying on the istio-cni node agent (`cni.enabled`: injected pods get the
 * unprivileged `istio-validation` init container instead of `istio-init`, which needs `NET_ADMIN`/`NET_RAW`,
 * refused by Pod Security `restricted`); two to {@link ISTIOD_MAX_REPLICAS} replicas on CPU (the chart's
 * HorizontalPodAutoscaler) spread over zones, behind the chart's PodDisruptionBudget (made only with more than
 * one replica), requests and a memory limit, the `RuntimeDefault` seccomp profile (istiod's namespace enforces
 * `restricted`), and every injected sidecar's resources ({@link SIDECAR_RESOURCES}, which the stack's
 * ResourceQuota counts) and seccomp profile. The chart also reads `pilot.cni.enabled`, the prefix its guides use.
 */
export function istiodValues(cloud: Cloud): HelmValues {
  return {
    autoscaleEnabled: true,
    autoscaleMin: HA_REPLICAS,
    autoscaleMax: ISTIOD_MAX_REPLICAS,
    resources: resources('500m', '2Gi', '4Gi'),
    seccompProfile: RUNTIME_DEFAULT,
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: ISTIOD_LABELS.app } },
      },
    ],
    pdb: { minAvailable: 1 },
    cni: { enabled: true },
    global: {
      ...istioGlobal(cloud),
      defaultPodDisruptionBudget: { enabled: true },
      proxy: { resources: SIDECAR_RESOURCES, seccompProfile: RUNTIME_DEFAULT },
    },
  };
}

/**
 * The istio-cni node agent (chart `cni`): a DaemonSet on every node that chains Istio's CNI plugin after the
 * cluster's (the VPC CNI on EKS, Dataplane V2 on GKE), so each injected pod's traffic redirection is set up as
 * its network is, and repairs pods started before it was ready (`repair.repairPods`, the chart's default).
 * Requests and a memory limit; on GKE the `gke` platform (the CNI binaries' directory, found from the node's
 * version). It runs privileged in `kube-system` (see `ISTIO_NAMESPACES`).
 */
export function istioCniValues(cloud: Cloud): HelmValues {
  const global = istioGlobal(cloud);
  return { resources: resources('100m', '100Mi', '512Mi'), ...(Object.keys(global).length > 0 ? { global } : {}) };
}

/** The label EKS puts on the nodes of its managed node groups (the group's name): Karpenter's controller runs only there. */
export const EKS_NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';

/**
 * Replicas of Karpenter's controller: two (one leader, one standing by, behind the chart's PodDisruptionBudget)
 * on distinct nodes of the managed node group, which keeps at least `minSize`; one when that may be a single node.
 */
export function karpenterReplicas(minSize: number): number {
  return Math.max(1, Math.min(HA_REPLICAS, minSize));
}

/** What Karpenter's values need of the cluster and its AWS side. */
export interface KarpenterSettings {
  /** Name of the EKS cluster (`settings.clusterName`; the endpoint is read with `eks:DescribeCluster`). */
  readonly clusterName: string;
  /** Name of the interruption queue (`settings.interruptionQueue`). */
  readonly interruptionQueue: string;
  /** Annotations of the controller's ServiceAccount: its IRSA role. */
  readonly serviceAccountAnnotations: Record<string, string>;
  /**
   * Controller replicas (see {@link karpenterReplicas}).
   * @default 2
   */
  readonly replicas?: number;
}

/**
 * Karpenter (chart `karpenter`): the cluster and its interruption queue, the ServiceAccount of its IRSA role,
 * two replicas (leader-elected) behind the chart's PodDisruptionBudget (one may be down), the getting-started
 * guide's requests (1 CPU, 1 GiB; the memory limit too, which the controller reads), and the placement the
 * controller needs to never run on a node it manages: only on the managed node group's nodes
 * ({@link EKS_NODEGROUP_LABEL}) and never on a NodePool's, one per node, spread over zones. The chart's own
 * pod and container security contexts meet Pod Security `restricted` (non-root, no privilege escalation, all
 * capabilities dropped, `RuntimeDefault` seccomp) and are left as they are. Helm merges these values into the
 * chart's: `affinity` here keeps the chart's hostname anti-affinity and adds the node group's nodes.
 */
export function karpenterValues(s: KarpenterSettings): HelmValues {
  return {
    settings: { clusterName: s.clusterName, interruptionQueue: s.interruptionQueue },
    serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT, annotations: s.serviceAccountAnnotations },
    replicas: s.replicas ?? HA_REPLICAS,
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    controller: { resources: resources('1', '1Gi', '1Gi') },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'karpenter.sh/nodepool', operator: 'DoesNotExist' },
                { key: EKS_NODEGROUP_LABEL, operator: 'Exists' },
              ],
            },
          ],
        },
      },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
  };
}
