/** Node pool sizing with defaults applied and checked. Pure, no Pulumi; shared by the EKS and GKE clusters. */
import { DEFAULTS } from './defaults';
import type { NodePoolSpec } from './spec/stack';

/** A node pool with every default applied. */
export type ResolvedNodePool = Required<NodePoolSpec>;

/**
 * Applies the defaults of {@link NodePoolSpec} (with the cloud's default
 * instance type) and checks the sizes, so a component used on its own fails
 * as early and as clearly as the spec validation would.
 */
export function resolveNodePool(spec: NodePoolSpec | undefined, defaultInstanceType: string): ResolvedNodePool {
  const d = DEFAULTS.nodes;
  const pool: ResolvedNodePool = {
    instanceType: spec?.instanceType ?? defaultInstanceType,
    desiredSize: spec?.desiredSize ?? d.desiredSize,
    minSize: spec?.minSize ?? d.minSize,
    maxSize: spec?.maxSize ?? d.maxSize,
    diskSizeGiB: spec?.diskSizeGiB ?? d.diskSizeGiB,
  };
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
