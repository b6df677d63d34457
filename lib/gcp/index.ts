/**
 * The GCP side of ProductionStack: the VPC and the GKE cluster, as Pulumi components.
 * @module gcp
 */
export { Network, type NetworkArgs, PODS_RANGE_NAME, SERVICES_RANGE_NAME, DEFAULT_FLOW_LOG_SAMPLING } from './network';
export {
  Cluster,
  type ClusterArgs,
  type ClusterNetwork,
  type ReleaseChannel,
  NODE_SERVICE_ACCOUNT_ROLES,
  CLOUD_PLATFORM_SCOPE,
  SECRETS_KEY_ROTATION,
  apiEndpointAccess,
  gkeServiceAgent,
} from './cluster';
export { secondaryRanges, type SecondaryRanges, type SecondaryRangeOptions, DEFAULT_PODS_PREFIX, DEFAULT_SERVICES_PREFIX } from './ranges';
export { serviceAccountId, SERVICE_ACCOUNT_ID } from './naming';
export { initialNodesPerZone } from './nodes';
export { gkeKubeconfig, type GkeKubeconfigArgs } from './kubeconfig';
