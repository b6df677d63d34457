/**
 * Pinned type tokens and logical names of what ProductionStack deploys onto
 * the cluster for the fixture specs (test/fixtures/pulumi-aws, pulumi-gcp):
 * the Kubernetes provider, the add-ons with their cloud identities, and the
 * chart's objects. Written out and reviewed; see names.test.ts. A renamed
 * Kubernetes object is a deleted and recreated one: a deliberate rename ships
 * with an `aliases` option and an update of this list.
 */

/**
 * What the monitoring stack adds beside its release on a cluster whose add-ons are named under `prefix` (`shop`,
 * `shop-standby`): Grafana's generated admin password and its Secret, and the NetworkPolicies of the monitoring
 * namespace (`-networkpolicy-<policy name>`, as Envoy Gateway's are named).
 */
export function monitoringNames(prefix: string): [string, string][] {
  const a = `${prefix}-addons`;
  return [
    ['random:index/randomPassword:RandomPassword', `${a}-grafana-admin-password`],
    ['kubernetes:core/v1:Secret', `${a}-grafana-admin`],
    ...['default-deny', 'prometheus', 'alertmanager', 'grafana', 'operator', 'kube-state-metrics', 'webhook-jobs'].map(
      (policy): [string, string] => ['kubernetes:networking.k8s.io/v1:NetworkPolicy', `${a}-networkpolicy-monitoring-${policy}`],
    ),
  ];
}

/**
 * The NetworkPolicies of an add-on's namespace on a cluster whose add-ons are named under `prefix` (`shop`,
 * `shop-standby`): `-networkpolicy-<policy name>`, each policy named after its namespace and component (new with
 * #18; the monitoring namespace's are in {@link monitoringNames}, Envoy Gateway's in {@link routeNames}).
 */
export function addonPolicyNames(prefix: string, policies: readonly string[]): [string, string][] {
  return policies.map((policy): [string, string] => [
    'kubernetes:networking.k8s.io/v1:NetworkPolicy',
    `${prefix}-addons-networkpolicy-${policy}`,
  ]);
}

/** cert-manager's namespace's NetworkPolicies (every cluster). */
export const CERT_MANAGER_POLICY_NAMES = [
  'cert-manager-default-deny',
  'cert-manager-controller',
  'cert-manager-webhook',
  'cert-manager-cainjector',
  'cert-manager-startupapicheck',
] as const;

/** External Secrets' namespace's NetworkPolicies (every cluster). */
export const EXTERNAL_SECRETS_POLICY_NAMES = [
  'external-secrets-default-deny',
  'external-secrets-controller',
  'external-secrets-webhook',
  'external-secrets-cert-controller',
] as const;

/** Karpenter's namespace's NetworkPolicies (EKS): see {@link karpenterNames}. */
export const KARPENTER_POLICY_NAMES = ['karpenter-default-deny', 'karpenter-controller'] as const;

/** NACK's namespace's NetworkPolicy (with `nats`): see names-nats.ts. */
export const NACK_POLICY_NAMES = ['nack-controller'] as const;

/** KEDA's namespace's NetworkPolicies (with a worker scaled on a queue). */
export const KEDA_POLICY_NAMES = ['keda-default-deny', 'keda-operator', 'keda-metrics-apiserver', 'keda-admission-webhooks'] as const;

/** `istio-system`'s NetworkPolicies (with the mesh). */
export const ISTIO_POLICY_NAMES = ['istio-system-default-deny', 'istio-system-istiod'] as const;

/** Add-ons on both clouds. */
const ADDONS: [string, string][] = [
  ['production-stack:index:ClusterAddons', 'shop-addons'],
  ['kubernetes:helm.sh/v3:Release', 'shop-addons-cert-manager'],
  ['kubernetes:core/v1:Namespace', 'shop-addons-cert-manager-namespace'],
  ...addonPolicyNames('shop', CERT_MANAGER_POLICY_NAMES),
  ['kubernetes:helm.sh/v3:Release', 'shop-addons-external-secrets'],
  ['kubernetes:core/v1:Namespace', 'shop-addons-external-secrets-namespace'],
  ...addonPolicyNames('shop', EXTERNAL_SECRETS_POLICY_NAMES),
  ['kubernetes:helm.sh/v3:Release', 'shop-addons-kube-prometheus-stack'],
  ['kubernetes:core/v1:Namespace', 'shop-addons-kube-prometheus-stack-namespace'],
  ...monitoringNames('shop'),
  ['kubernetes:external-secrets.io/v1:ClusterSecretStore', 'shop-addons-secret-store'],
  // the ServiceAccount the store authenticates as (new: the controller's own carries no cloud identity)
  ['kubernetes:core/v1:ServiceAccount', 'shop-addons-serviceaccount-external-secrets-store'],
  ['pulumi:providers:kubernetes', 'shop-k8s'],
];

/**
 * Karpenter on an EKS cluster whose add-ons are named under `prefix` (`shop`, `shop-standby`): its IRSA role
 * and policy, the interruption queue and its policy, one EventBridge rule and target per interruption event,
 * the release and its namespace (named after the release, as every add-on is), the EC2NodeClass and the NodePool,
 * and its namespace's NetworkPolicies.
 */
export function karpenterNames(prefix: string): [string, string][] {
  const k = `${prefix}-addons-karpenter`;
  return [
    ['aws:iam/role:Role', `${k}-role`],
    ['aws:iam/rolePolicy:RolePolicy', `${k}-policy`],
    ['aws:sqs/queue:Queue', `${k}-queue`],
    ['aws:sqs/queuePolicy:QueuePolicy', `${k}-queue-policy`],
    ...['health', 'spot', 'rebalance', 'state', 'reservation'].flatMap((event): [string, string][] => [
      ['aws:cloudwatch/eventRule:EventRule', `${k}-${event}`],
      ['aws:cloudwatch/eventTarget:EventTarget', `${k}-${event}-target`],
    ]),
    ['kubernetes:helm.sh/v3:Release', k],
    ['kubernetes:core/v1:Namespace', `${k}-namespace`],
    ['kubernetes:karpenter.k8s.aws/v1:EC2NodeClass', `${k}-node-class`],
    ['kubernetes:karpenter.sh/v1:NodePool', `${k}-node-pool`],
    ...addonPolicyNames(prefix, KARPENTER_POLICY_NAMES),
  ];
}

/** The External Secrets controller's IRSA role, metrics-server (EKS ships none), the StorageClass and Karpenter. */
const AWS_ADDONS: [string, string][] = [
  ['aws:iam/rolePolicy:RolePolicy', 'shop-addons-external-secrets-policy'],
  ['aws:iam/role:Role', 'shop-addons-external-secrets-role'],
  ['kubernetes:helm.sh/v3:Release', 'shop-addons-metrics-server'],
  ['kubernetes:storage.k8s.io/v1:StorageClass', 'shop-addons-storage-class'],
  ...karpenterNames('shop'),
];

/** The External Secrets controller's Google service account and its bindings. */
const GCP_ADDONS: [string, string][] = [
  ['gcp:serviceaccount/account:Account', 'shop-addons-external-secrets-sa'],
  ['gcp:projects/iAMMember:IAMMember', 'shop-addons-external-secrets-secret-accessor'],
  ['gcp:serviceaccount/iAMMember:IAMMember', 'shop-addons-external-secrets-workload-identity'],
];

/** The chart's objects for the fixtures' one service `api` (the same on both clouds). */
const WORKLOADS: [string, string][] = [
  ['production-stack:index:Workloads', 'shop-workloads'],
  ['kubernetes:core/v1:ConfigMap', 'shop-workloads-configmap-shop-api-dashboard'],
  ['kubernetes:core/v1:ConfigMap', 'shop-workloads-configmap-shop-shop-dashboard-overview'],
  ['kubernetes:apps/v1:Deployment', 'shop-workloads-deployment-shop-api'],
  ['kubernetes:core/v1:LimitRange', 'shop-workloads-limitrange-shop-production-stack'],
  ['kubernetes:core/v1:Namespace', 'shop-workloads-namespace-shop'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-api'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-default-deny'],
  ['kubernetes:policy/v1:PodDisruptionBudget', 'shop-workloads-poddisruptionbudget-shop-api'],
  ['kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'shop-workloads-prometheusrule-shop-shop'],
  ['kubernetes:core/v1:ResourceQuota', 'shop-workloads-resourcequota-shop-production-stack'],
  ['kubernetes:core/v1:Service', 'shop-workloads-service-shop-api'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-workloads-serviceaccount-shop-api'],
  // the backup role's connection secret; the bootstrap Job that creates the role, with the master user's secret
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-workloads-externalsecret-shop-shop-postgres-app-backup'],
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-workloads-externalsecret-shop-shop-postgres-admin'],
  ['kubernetes:batch/v1:Job', 'shop-workloads-job-shop-shop-postgres-bootstrap-<hash>'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-workloads-serviceaccount-shop-shop-postgres-bootstrap'],
  // the managed datastores' exporters (issue #19): each with its role's (or Redis's) secret, identity, policy, PDB and PodMonitor
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-workloads-externalsecret-shop-shop-postgres-app-monitor'],
  ['kubernetes:external-secrets.io/v1:ExternalSecret', 'shop-workloads-externalsecret-shop-shop-redis'],
  ['kubernetes:apps/v1:Deployment', 'shop-workloads-deployment-shop-shop-postgres-exporter'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-workloads-serviceaccount-shop-shop-postgres-exporter'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-shop-postgres-exporter'],
  ['kubernetes:policy/v1:PodDisruptionBudget', 'shop-workloads-poddisruptionbudget-shop-shop-postgres-exporter'],
  ['kubernetes:monitoring.coreos.com/v1:PodMonitor', 'shop-workloads-podmonitor-shop-shop-postgres-exporter'],
  ['kubernetes:apps/v1:Deployment', 'shop-workloads-deployment-shop-shop-redis-exporter'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-workloads-serviceaccount-shop-shop-redis-exporter'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-shop-redis-exporter'],
  ['kubernetes:policy/v1:PodDisruptionBudget', 'shop-workloads-poddisruptionbudget-shop-shop-redis-exporter'],
  ['kubernetes:monitoring.coreos.com/v1:PodMonitor', 'shop-workloads-podmonitor-shop-shop-redis-exporter'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-shop-postgres-bootstrap'],
  // the backup and restore-drill jobs
  ['kubernetes:core/v1:ServiceAccount', 'shop-workloads-serviceaccount-shop-shop-backup'],
  ['kubernetes:core/v1:ServiceAccount', 'shop-workloads-serviceaccount-shop-shop-restore-drill'],
  ['kubernetes:batch/v1:CronJob', 'shop-workloads-cronjob-shop-shop-pg-backup'],
  ['kubernetes:batch/v1:CronJob', 'shop-workloads-cronjob-shop-shop-pg-restore-drill'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-shop-pg-backup'],
  ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-workloads-networkpolicy-shop-shop-pg-restore-drill'],
  ['kubernetes:core/v1:ConfigMap', 'shop-workloads-configmap-shop-shop-pg-restore-drill-checks'],
  ['kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'shop-workloads-prometheusrule-shop-shop-backups'],
];

/**
 * What a route (the fixtures' service `api` with `route: { host: 'shop.example.com' }`) adds on a cluster
 * whose add-ons and objects are named under `prefix` (`shop`, `shop-standby`), on both clouds. The
 * add-ons: Envoy Gateway (the release `envoy-gateway` and its namespace, named after the release as every
 * add-on is), the GatewayClass `envoy-gateway` (`-gateway-class`: one per cluster), the NetworkPolicies
 * of Envoy Gateway's namespace (`-networkpolicy-<policy name>`, kind and name as the chart's objects are
 * named) and the ClusterIssuer of the Gateway's certificates. The chart's edge objects (the Workloads rule
 * `<kind>-<namespace>-<name>`): the Gateway, its EnvoyProxy and ClientTrafficPolicy (named after the
 * stack), the route's HTTPRoute and BackendTrafficPolicy (named after the service), the HTTPS redirect,
 * and the NetworkPolicy that admits the gateway to cert-manager's HTTP-01 solver pods.
 */
export function routeNames(prefix: string, cloud: 'aws' | 'gcp'): [string, string][] {
  return [
    ['kubernetes:helm.sh/v3:Release', `${prefix}-addons-envoy-gateway`],
    // on GKE Envoy Gateway's own CRDs come from their own chart (GKE keeps the Gateway API's)
    ...(cloud === 'gcp' ? [['kubernetes:helm.sh/v3:Release', `${prefix}-addons-envoy-gateway-crds`] as [string, string]] : []),
    ['kubernetes:core/v1:Namespace', `${prefix}-addons-envoy-gateway-namespace`],
    ['kubernetes:gateway.networking.k8s.io/v1:GatewayClass', `${prefix}-addons-gateway-class`],
    ['kubernetes:networking.k8s.io/v1:NetworkPolicy', `${prefix}-addons-networkpolicy-envoy-gateway-controller`],
    ['kubernetes:networking.k8s.io/v1:NetworkPolicy', `${prefix}-addons-networkpolicy-envoy-gateway-proxy`],
    ['kubernetes:cert-manager.io/v1:ClusterIssuer', `${prefix}-addons-issuer-letsencrypt-prod`],
    ['kubernetes:gateway.networking.k8s.io/v1:Gateway', `${prefix}-workloads-gateway-shop-shop`],
    ['kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy', `${prefix}-workloads-envoyproxy-shop-shop`],
    ['kubernetes:gateway.envoyproxy.io/v1alpha1:ClientTrafficPolicy', `${prefix}-workloads-clienttrafficpolicy-shop-shop`],
    ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', `${prefix}-workloads-httproute-shop-api`],
    ['kubernetes:gateway.envoyproxy.io/v1alpha1:BackendTrafficPolicy', `${prefix}-workloads-backendtrafficpolicy-shop-api`],
    ['kubernetes:gateway.networking.k8s.io/v1:HTTPRoute', `${prefix}-workloads-httproute-shop-shop-https-redirect`],
    ['kubernetes:networking.k8s.io/v1:NetworkPolicy', `${prefix}-workloads-networkpolicy-shop-acme-http01-solver`],
  ];
}

/** What the stack deploys onto its cluster, by cloud. */
export const CLUSTER_NAMES: Readonly<Record<'aws' | 'gcp', [string, string][]>> = {
  aws: [...ADDONS, ...AWS_ADDONS, ...WORKLOADS],
  gcp: [...ADDONS, ...GCP_ADDONS, ...WORKLOADS],
};
