/**
 * The rules of a node pool: one set, for the spec's `cluster.nodes` (check) and for a cluster component's `nodes`
 * argument ({@link resolveNodePool}), reported the same way.
 */
import { KARPENTER_INSTANCE_TYPES, ec2InstanceShape } from '../karpenter';
import { resolveCluster } from '../resolve/cluster';
import type { ResolvedNodePool } from '../resolve/types';
import type { Cloud, NodePoolSpec } from '../spec/stack';
import { MAX_NODES, int, obj, str } from './checks';
import { Problems, ValidationError } from './problems';

/**
 * Checks the node pool `nodes` at `path` (`cluster.nodes` in a spec) of a stack on `cloud`; with `karpenter` (a
 * stack on AWS, whose add-ons run Karpenter), also that Karpenter can size its instance type.
 */
export function checkNodePool(p: Problems, path: string, nodes: unknown, cloud: unknown, karpenter: boolean): void {
  const n = obj(p, path, nodes);
  if (n.instanceType !== undefined && str(p, `${path}.instanceType`, n.instanceType)) {
    // no cloud has an instance or machine type with a space in it; and Karpenter's NodePool derives from it
    // (lib/addons/karpenter.ts)
    const what = cloud === 'gcp' ? 'a machine type' : 'an instance type';
    if (/\s/.test(n.instanceType)) p.add(`${path}.instanceType`, n.instanceType, `{value} must be ${what}, without spaces`);
    else if (karpenter && !ec2InstanceShape(n.instanceType))
      p.add(`${path}.instanceType`, n.instanceType, `{value}: ${KARPENTER_INSTANCE_TYPES}`);
  }
  const { minSize: min, maxSize: max, desiredSize: desired } = resolveCluster({ nodes: n as NodePoolSpec }, cloud as Cloud).nodes;
  const ok = [
    int(p, `${path}.minSize`, n.minSize, 0, MAX_NODES),
    int(p, `${path}.maxSize`, n.maxSize, 1, MAX_NODES),
    int(p, `${path}.desiredSize`, n.desiredSize, 0, MAX_NODES),
  ];
  int(p, `${path}.diskSizeGiB`, n.diskSizeGiB, 20);
  if (
    ok.every((x, i) => x || [n.minSize, n.maxSize, n.desiredSize][i] === undefined) &&
    typeof min === 'number' &&
    typeof max === 'number' &&
    typeof desired === 'number'
  ) {
    if (min > max) p.add(path, { minSize: min, maxSize: max }, `minSize (${min}) must be <= maxSize (${max})`);
    else if (desired < min || desired > max)
      p.add(`${path}.desiredSize`, desired, `{value} must be between minSize (${min}) and maxSize (${max})`);
  }
}

/** Whose node pool {@link resolveNodePool} checks, as its error names it. */
export interface NodePoolOwner {
  /** What holds the pool, e.g. `aws.Cluster "prod"`. */
  readonly owner: string;
  /** Where the pool is in its arguments, e.g. `nodes`. */
  readonly path: string;
}

/**
 * Applies the defaults of {@link NodePoolSpec} (the instance type `cloud`'s) and checks the pool by the spec's
 * rules, so a cluster component used on its own fails as early and as clearly as the spec validation would: one
 * {@link ValidationError} naming the owner and each field's path, value and rule.
 */
export function resolveNodePool(
  spec: NodePoolSpec | undefined,
  cloud: Cloud,
  where: NodePoolOwner = { owner: 'The node pool', path: 'nodes' },
): ResolvedNodePool {
  const { owner, path } = where;
  const p = new Problems();
  if (cloud !== 'aws' && cloud !== 'gcp') p.add('cloud', cloud, '{value} must be "aws" or "gcp"');
  // a cluster on its own runs no Karpenter (the stack's check holds its pool to Karpenter's types)
  else checkNodePool(p, path, spec, cloud, false);
  if (p.all.length > 0) throw new ValidationError(owner, p.all, owner);
  return resolveCluster({ nodes: spec }, cloud).nodes;
}
