/**
 * The cluster add-ons of a stack (External Secrets, cert-manager, Envoy
 * Gateway, metrics-server, kube-prometheus-stack, NACK, Istio, Karpenter, KEDA), installed with
 * Helm from pinned charts, with their cloud identities and their namespaces' NetworkPolicies.
 * @module addons
 */
export {
  ClusterAddons,
  type ClusterAddonsArgs,
  type AwsAddonsCluster,
  type GcpAddonsCluster,
  type KarpenterNodes,
  CLUSTER_ADDONS_TYPE,
  AWS_STORAGE_CLASS,
} from './cluster-addons';
export {
  CHARTS,
  ADDON_NAMESPACES,
  EXTERNAL_SECRETS_SERVICE_ACCOUNT,
  EXTERNAL_SECRETS_STORE_SERVICE_ACCOUNT,
  CERT_MANAGER_SERVICE_ACCOUNT,
  KARPENTER_SERVICE_ACCOUNT,
  RELEASE_TIMEOUT_SECONDS,
  RELEASE_MAX_HISTORY,
  chartSource,
  type PinnedChart,
  type AddonName,
} from './charts';
export {
  clusterIssuers,
  dns01Hosts,
  dns01ChallengeZone,
  type Dns01ChallengeZone,
  awsSecretStore,
  gcpSecretStore,
  secretStoreConditions,
  acmeServer,
  ownsEdge,
  secretStoreServiceAccountRef,
  secretStoreServiceAccount,
  LETSENCRYPT_PRODUCTION,
  LETSENCRYPT_STAGING,
  type Manifest,
  type GkeLocation,
} from './manifests';
export {
  externalSecretsValues,
  certManagerValues,
  CERT_MANAGER_FS_GROUP,
  type CertManagerOptions,
  envoyGatewayCrdsValues,
  envoyGatewayValues,
  metricsServerValues,
  kubePrometheusStackValues,
  nackValues,
  istioBaseValues,
  istiodValues,
  istioCniValues,
  karpenterValues,
  karpenterReplicas,
  EKS_NODEGROUP_LABEL,
  type KarpenterSettings,
  resources,
  HA_REPLICAS,
  PROMETHEUS_RETENTION,
  PROMETHEUS_STORAGE,
  type HelmValues,
} from './values';
export {
  gatewayClass,
  envoyGatewayNetworkPolicies,
  ENVOY_GATEWAY_CONTROLLER_LABELS,
  ENVOY_GATEWAY_PORTS,
  ENVOY_PROXY_PORTS,
  ENVOY_GATEWAY_POLICIES,
} from './envoy-gateway';
export {
  monitoringNetworkPolicies,
  GRAFANA_ADMIN,
  MONITORING_POD_LABELS,
  MONITORING_PORTS,
  MONITORING_POLICIES,
} from './kube-prometheus-stack';
export {
  ISTIO_RELEASE,
  ISTIO_CHARTS_REPO,
  ISTIO_NAMESPACES,
  ISTIOD_LABELS,
  ISTIOD_MAX_REPLICAS,
  ISTIOD_PORTS,
  ISTIO_POLICIES,
  istioPlatform,
  istioNetworkPolicies,
} from './istio';
export { certManagerNetworkPolicies, CERT_MANAGER_POD_LABELS, CERT_MANAGER_PORTS, CERT_MANAGER_POLICIES } from './cert-manager';
export {
  externalSecretsNetworkPolicies,
  EXTERNAL_SECRETS_POD_LABELS,
  EXTERNAL_SECRETS_PORTS,
  EXTERNAL_SECRETS_POLICIES,
} from './external-secrets';
export { kedaNetworkPolicies, KEDA_POD_LABELS, KEDA_PORTS, KEDA_POLICIES } from './keda';
export { nackNetworkPolicies, NACK_POLICIES } from './nack';
export {
  ec2NodeClass,
  nodePool,
  KARPENTER_AMI_ALIAS,
  KARPENTER_NODE_CLASS,
  KARPENTER_NODE_POOL,
  KARPENTER_ROOT_DEVICE,
  KARPENTER_DISRUPTION,
  KARPENTER_EXPIRE_AFTER,
  KARPENTER_POD_LABELS,
  KARPENTER_METRICS_PORT,
  KARPENTER_POLICIES,
  karpenterNetworkPolicies,
  type Ec2NodeClassArgs,
} from './karpenter';
