/** The cluster's defaults: its version, network and node pool. Pure, no Pulumi; shared by the EKS and GKE clusters. */
import type { ClusterSpec, Cloud, NodePoolSpec } from '../spec/stack';
import { DEFAULTS } from './defaults';
import type { ResolvedNodePool, ResolvedStack } from './types';

/** The cluster section with its defaults. */
export function resolveCluster(c: ClusterSpec | undefined, cloud: Cloud): ResolvedStack['cluster'] {
  return {
    kubernetesVersion: c?.kubernetesVersion ?? DEFAULTS.kubernetesVersion,
    networkCidr: c?.networkCidr ?? DEFAULTS.networkCidr,
    availabilityZones: c?.availabilityZones ?? DEFAULTS.availabilityZones,
    publicAccessCidrs: c?.publicAccessCidrs ?? [],
    nodes: nodePoolDefaults(c?.nodes, cloud),
    aws: { singleNatGateway: c?.aws?.singleNatGateway ?? false, interfaceEndpoints: c?.aws?.interfaceEndpoints ?? true },
  };
}

/** A node pool with its defaults: the instance type `cloud`'s, three nodes between two and ten, 100 GiB disks. */
function nodePoolDefaults(spec: NodePoolSpec | undefined, cloud: Cloud): ResolvedNodePool {
  const d = DEFAULTS.nodes;
  return {
    instanceType: spec?.instanceType ?? d.instanceType[cloud],
    desiredSize: spec?.desiredSize ?? d.desiredSize,
    minSize: spec?.minSize ?? d.minSize,
    maxSize: spec?.maxSize ?? d.maxSize,
    diskSizeGiB: spec?.diskSizeGiB ?? d.diskSizeGiB,
  };
}
