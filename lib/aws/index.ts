/**
 * The AWS side of ProductionStack: the VPC and the EKS cluster, as Pulumi components.
 * @module aws
 */
export { Network, type NetworkArgs, DEFAULT_FLOW_LOG_RETENTION_DAYS } from './network';
export {
  Cluster,
  type ClusterArgs,
  type ClusterNetwork,
  CONTROL_PLANE_LOG_TYPES,
  DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
  apiEndpointAccess,
  controlPlaneLogGroupName,
  issuerHostPath,
} from './cluster';
export { subnetLayout, type SubnetLayout, MIN_VPC_PREFIX, MAX_SUBNET_PREFIX, MAX_ZONES } from './subnets';
export { amiTypeFor, type AmiType } from './ami';
export { eksKubeconfig, type EksKubeconfigArgs } from './kubeconfig';
export { LOG_RETENTION_DAYS } from './logs';
export { resolveNodePool, type ResolvedNodePool } from './nodes';
export type { Tags } from './tags';
export { pickZones } from './zones';
