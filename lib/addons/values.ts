/**
 * Helm values of the add-ons, as plain functions of the resolved spec. The
 * charts' production settings are turned on where the charts allow it: two
 * replicas with a PodDisruptionBudget for what serves the API server or
 * traffic (webhooks, controllers, Prometheus, Alertmanager, the ingress
 * controller), leader election where replicas would otherwise compete,
 * requests and memory limits on every container. No Pulumi here.
 */
import type { ResolvedStack } from '../core/defaults';
import { CERT_MANAGER_SERVICE_ACCOUNT, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from './charts';

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
 * cert controllers, and the controller's ServiceAccount annotated with its
 * cloud identity (IRSA role or Google service account).
 */
export function externalSecretsValues(serviceAccountAnnotations: Record<string, string>): HelmValues {
  return {
    installCRDs: true,
    replicaCount: HA_REPLICAS,
    leaderElect: true,
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: serviceAccountAnnotations },
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

/**
 * cert-manager: CRDs installed with the chart and kept when it is uninstalled (deleting them would delete
 * every Certificate). With `serviceAccountAnnotations` (an IRSA role, for the Route 53 DNS-01 solver), the
 * controller's ServiceAccount carries them and its pods the group {@link CERT_MANAGER_FS_GROUP}.
 */
export function certManagerValues(namespace: string, serviceAccountAnnotations?: Record<string, string>): HelmValues {
  return {
    crds: { enabled: true, keep: true },
    replicaCount: HA_REPLICAS,
    podDisruptionBudget: pdb,
    resources: resources('50m', '128Mi', '512Mi'),
    // Leader election in the add-on's own namespace, not kube-system (GKE restricts kube-system).
    global: { leaderElection: { namespace } },
    webhook: { replicaCount: HA_REPLICAS, podDisruptionBudget: pdb, resources: resources('20m', '64Mi', '256Mi') },
    cainjector: { replicaCount: HA_REPLICAS, podDisruptionBudget: pdb, resources: resources('50m', '128Mi', '512Mi') },
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
 * ingress-nginx: the `nginx` IngressClass, replicas spread over zones behind
 * a PDB, client IPs preserved (`externalTrafficPolicy: Local`, which the
 * per-client rate limits need), a Network Load Balancer on AWS, no
 * configuration snippets (CVE-2021-25742, CVE-2025-1974), TLS 1.2+ with HSTS,
 * and the controller's metrics.
 */
export function ingressNginxValues(cloud: ResolvedStack['cloud']): HelmValues {
  const serviceAnnotations: Record<string, string> =
    cloud === 'aws'
      ? {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
          'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled': 'true',
        }
      : {};
  return {
    controller: {
      replicaCount: HA_REPLICAS,
      minAvailable: 1,
      ingressClassResource: { name: 'nginx', enabled: true, default: false },
      resources: resources('100m', '256Mi', '1Gi'),
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
        },
      ],
      service: { externalTrafficPolicy: 'Local', annotations: serviceAnnotations },
      allowSnippetAnnotations: false,
      // 429 for requests over a rate limit (ingress-nginx answers 503 by default): what clients and the RateLimitTriggered alert expect
      config: {
        'ssl-protocols': 'TLSv1.2 TLSv1.3',
        hsts: 'true',
        'server-tokens': 'false',
        'limit-req-status-code': '429',
        'limit-conn-status-code': '429',
      },
      metrics: { enabled: true },
      admissionWebhooks: { enabled: true },
    },
  };
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
 * name (`kube-prometheus-stack`, the default selector's value).
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
    },
    alertmanager: {
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
      resources: resources('100m', '256Mi', '512Mi'),
      sidecar: { dashboards: { enabled: true, searchNamespace: 'ALL', label: dashboardLabel, labelValue: dashboardLabelValue } },
    },
  };
}

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
