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
    singleNatGateway: c?.singleNatGateway ?? false,
    interfaceEndpoints: c?.interfaceEndpoints ?? true,
    nodes: nodePoolDefaults(c?.nodes, cloud),
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

/**
 * Applies the defaults of {@link NodePoolSpec} (the instance type `cloud`'s) and checks the sizes, so a
 * component used on its own fails as early and as clearly as the spec validation would.
 */
export function resolveNodePool(spec: NodePoolSpec | undefined, cloud: Cloud): ResolvedNodePool {
  if (cloud !== 'aws' && cloud !== 'gcp') throw new Error(`invalid node pool: cloud ${JSON.stringify(cloud)} must be "aws" or "gcp"`);
  const pool = nodePoolDefaults(spec, cloud);
  const problems: string[] = [];
  for (const key of ['desiredSize', 'minSize', 'maxSize', 'diskSizeGiB'] as const) {
    if (!Number.isInteger(pool[key]) || pool[key] < 0) problems.push(`nodes.${key} (${pool[key]}) must be a whole number >= 0`);
  }
  if (pool.maxSize < 1) problems.push(`nodes.maxSize (${pool.maxSize}) must be at least 1`);
  if (pool.minSize > pool.maxSize) problems.push(`nodes.minSize (${pool.minSize}) must be <= nodes.maxSize (${pool.maxSize})`);
  else if (pool.desiredSize < pool.minSize || pool.desiredSize > pool.maxSize) {
    problems.push(
      `nodes.desiredSize (${pool.desiredSize}) must be between nodes.minSize (${pool.minSize}) and nodes.maxSize (${pool.maxSize})`,
    );
  }
  if (pool.diskSizeGiB < 20) problems.push(`nodes.diskSizeGiB (${pool.diskSizeGiB}) must be at least 20`);
  if (pool.instanceType.trim() === '') problems.push('nodes.instanceType must not be empty');
  if (problems.length > 0) throw new Error(`invalid node pool:\n  - ${problems.join('\n  - ')}`);
  return pool;
}
