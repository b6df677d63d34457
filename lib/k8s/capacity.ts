/**
 * Whether the stack fits its nodes, as the scheduler would find: every pod within what one node offers; the
 * stack at its minimum replicas, the add-ons, the clouds' own pods and one rollout's surge placed on the nodes
 * the cluster always has (GKE's `minSize`, EKS's managed `desiredSize`); a service whose replicas must be on
 * different nodes (`antiAffinity: 'required'`) no more pods than `maxSize` nodes, at its maximum replicas and
 * a rollout's surge. Requests only: limits do not reserve anything.
 */
import { type PodGroup, addonPods, requested } from '../addons/capacity';
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { type NodeResources, SYSTEM_DAEMONSETS, SYSTEM_PODS, nodeAllocatable } from '../core/nodes';
import { MAX_NODES } from '../core/validation/checks';
import { type Problem, ValidationError } from '../core/validation/problems';
import { ENVOY_POD_REQUESTS } from './gateway';
import { SIDECAR_RESOURCES } from './mesh';
import { natsPodRequests } from '../core/nats-pods';
import { EXPORTER_RESOURCES, exportedStores } from '../core/exporters';
import { cloudProfile } from '../core/cloud';

/** What a pod's containers request together. */
function total(containers: readonly { cpu: string; memory: string }[]): { cpuMillis: number; memoryMi: number } {
  return containers
    .map((c) => requested(c))
    .reduce((a, r) => ({ cpuMillis: a.cpuMillis + r.cpuMillis, memoryMi: a.memoryMi + r.memoryMi }));
}

/**
 * The nodes a stack always has, and the most it can have: on GKE the node pool's autoscaler keeps between
 * `minSize` and `maxSize`; on EKS the managed node group stays at `desiredSize` and Karpenter adds nodes up to
 * its NodePool's limits, `maxSize - desiredSize` nodes' worth (lib/core/karpenter.ts).
 */
function nodeRange(stack: ResolvedStack): { least: number; most: number; which: string } {
  const n = stack.cluster.nodes;
  const baseline = cloudProfile(stack.cloud).baselineNodes;
  const which = `${baseline} ${n[baseline]}${baseline === 'desiredSize' ? ', the managed node group Karpenter adds to' : ''}`;
  return { least: n[baseline], most: n.maxSize, which };
}

/** One pod of `what`, with its sidecar when the stack is in the mesh. */
function meshPod(stack: ResolvedStack, what: string, count: number, own: { cpuMillis: number; memoryMi: number }): PodGroup {
  const sidecar = stack.serviceMesh === 'istio' ? requested(SIDECAR_RESOURCES.requests) : { cpuMillis: 0, memoryMi: 0 };
  return { what, count, cpuMillis: own.cpuMillis + sidecar.cpuMillis, memoryMi: own.memoryMi + sidecar.memoryMi };
}

/** A service's pods at its minimum replicas, sidecars included in the mesh. */
function servicePods(stack: ResolvedStack, s: ResolvedService): PodGroup {
  return meshPod(stack, s.name, s.replicas, requested(s.resources.requests));
}

/** The stack's own pods at their minimum replicas (services, NATS, the Envoy proxies, the exporters), sidecars included in the mesh. */
export function stackPods(stack: ResolvedStack): PodGroup[] {
  const groups = stack.services.map((s) => servicePods(stack, s));
  if (stack.nats) {
    groups.push(meshPod(stack, 'nats', stack.nats.replicas, total(natsPodRequests(stack.nats.memory, stack.nats.tls !== undefined))));
  }
  if (stack.edge.routes.length > 0 && stack.edge.gateway.own) {
    groups.push({ what: 'envoy', count: stack.edge.replicas, ...total(ENVOY_POD_REQUESTS) });
  }
  // the datastores' exporters, out of the mesh
  for (const store of exportedStores(stack))
    groups.push({ what: `${store} exporter`, count: 1, ...requested(EXPORTER_RESOURCES.requests) });
  return groups;
}

/** The arithmetic and what does not fit. */
export interface CapacityCheck {
  /** One line: the demand against the nodes, CPU and memory. */
  readonly detail: string;
  readonly problems: readonly Problem[];
}

const cores = (m: number) => `${(m / 1000).toFixed(1)} vCPU`;
const gib = (mi: number) => `${(mi / 1024).toFixed(1)} GiB`;

/**
 * Whether the pods fit on `n` nodes of `free` capacity, placed as the scheduler would find room: largest first
 * (by the larger of their CPU and memory shares), each on the first node with room for both, and at most one
 * pod of a service in `spread` (required anti-affinity) on a node.
 */
function fits(items: readonly PodGroup[], n: number, free: NodeResources, spread: ReadonlySet<string>): boolean {
  // a group spread one pod per node needs as many nodes as pods
  const spreadCounts = new Map<string, number>();
  for (const p of items) if (spread.has(p.what)) spreadCounts.set(p.what, (spreadCounts.get(p.what) ?? 0) + 1);
  if ([...spreadCounts.values()].some((count) => count > n)) return false;
  const share = (p: PodGroup) => Math.max(p.cpuMillis / free.cpuMillis, p.memoryMi / free.memoryMi);
  const nodes = Array.from({ length: n }, () => ({ cpuMillis: free.cpuMillis, memoryMi: free.memoryMi, spread: new Set<string>() }));
  // the pods that must spread first (they have the fewest places), then largest first
  const order = (p: PodGroup) => (spread.has(p.what) ? 1 : 0);
  for (const p of [...items].sort((a, b) => order(b) - order(a) || share(b) - share(a))) {
    const owner = p.what;
    const node = nodes.find((x) => x.cpuMillis >= p.cpuMillis && x.memoryMi >= p.memoryMi && !(spread.has(owner) && x.spread.has(owner)));
    if (!node) return false;
    node.cpuMillis -= p.cpuMillis;
    node.memoryMi -= p.memoryMi;
    if (spread.has(owner)) node.spread.add(owner);
  }
  return true;
}

/** The capacity check of a stack; undefined when this release does not know its instance type. */
export function capacityCheck(stack: ResolvedStack): CapacityCheck | undefined {
  const nodes = stack.cluster.nodes;
  const node = nodeAllocatable(stack.cloud, nodes.instanceType);
  if (!node) return undefined;
  const { least, most, which } = nodeRange(stack);
  const pods = [...stackPods(stack), ...addonPods(stack)];
  const problems: Problem[] = [];
  const add = (path: string, value: unknown, rule: string) => problems.push({ path, value, rule });

  const perNode: NodeResources = pods
    .filter((p) => p.perNode)
    .reduce((a, p) => ({ cpuMillis: a.cpuMillis + p.cpuMillis, memoryMi: a.memoryMi + p.memoryMi }), SYSTEM_DAEMONSETS[stack.cloud]);
  const free: NodeResources = { cpuMillis: node.cpuMillis - perNode.cpuMillis, memoryMi: node.memoryMi - perNode.memoryMi };
  const onNodes = `one ${nodes.instanceType} node offers pods ${cores(free.cpuMillis)} and ${gib(free.memoryMi)} after the kubelet's reserve and the DaemonSets`;

  for (const p of pods.filter((x) => !x.perNode)) {
    if (p.cpuMillis > free.cpuMillis || p.memoryMi > free.memoryMi)
      add(
        'cluster.nodes.instanceType',
        nodes.instanceType,
        `a pod of ${p.what} requests ${cores(p.cpuMillis)} and ${gib(p.memoryMi)}, and ${onNodes}: it would never be scheduled`,
      );
  }

  // the pods to place: the stack's and the add-ons', the clouds' own, and the largest rollout surge
  // one pod per node: services with required anti-affinity, and the NATS servers (two on a node lose quorum with it)
  const spread = new Set([
    ...stack.services.filter((s) => s.antiAffinity === 'required').map((s) => s.name),
    ...(stack.nats ? ['nats'] : []),
  ]);
  const surge = stack.services
    .map((s) => ({ s, one: servicePods(stack, s) }))
    .sort((a, b) => b.s.maxSurge * b.one.cpuMillis - a.s.maxSurge * a.one.cpuMillis)[0];
  const groups: PodGroup[] = [
    ...pods.filter((p) => !p.perNode),
    ...SYSTEM_PODS[stack.cloud],
    ...(surge && surge.s.maxSurge > 0 ? [{ ...surge.one, count: surge.s.maxSurge }] : []),
  ];
  const items = groups.flatMap((g) => Array.from({ length: g.count }, () => g));
  const total = (f: (p: PodGroup) => number) => items.reduce((a, p) => a + f(p), 0);
  const detail = `requests at minimum replicas, add-ons, system pods and one rollout's surge: ${cores(total((p) => p.cpuMillis))}, ${gib(total((p) => p.memoryMi))} in ${items.length} pods; ${least} × ${nodes.instanceType} (${which}), each offering pods ${cores(free.cpuMillis)}, ${gib(free.memoryMi)} after the kubelet's reserve and the DaemonSets`;
  if (problems.length === 0 && !fits(items, least, free, spread)) {
    // the fewest nodes that hold them, searched by halves (more nodes never hold fewer pods); a placement costs
    // pods × nodes, so a linear search over a large stack took minutes (found by the fuzz campaign)
    let [low, high] = [least + 1, MAX_NODES];
    const any = fits(items, high, free, spread);
    while (any && low < high) {
      const mid = Math.floor((low + high) / 2);
      if (fits(items, mid, free, spread)) high = mid;
      else low = mid + 1;
    }
    add(
      `cluster.nodes.${cloudProfile(stack.cloud).baselineNodes}`,
      least,
      `${detail}: placed largest first, some pods find no node; ${any ? `${low} nodes` : `more than ${MAX_NODES} nodes`} of this type would hold them`,
    );
  }

  stack.services.forEach((s, i) => {
    if (s.antiAffinity !== 'required') return;
    const peak = s.autoscaling?.maxReplicas ?? s.queue?.maxReplicas ?? s.replicas;
    // a rollout that may not take a pod down first (maxUnavailable 0) needs its surge on nodes of its own, at the peak too
    const needed = peak + (s.maxUnavailable === 0 ? s.maxSurge : 0);
    if (needed > most) {
      add(
        `services[${i}].antiAffinity`,
        'required',
        `${s.name} needs ${needed} nodes, one pod each (${peak} replicas at its most${s.maxUnavailable === 0 ? ` and a surge of ${s.maxSurge} during a rollout that takes no pod down first` : ''}), and the cluster has at most ${most} (maxSize): a rollout or the autoscaler's pods would wait forever; use antiAffinity 'preferred', fewer replicas, or more nodes`,
      );
    }
  });
  if (stack.nats && stack.nats.replicas > most)
    add(
      'nats.replicas',
      stack.nats.replicas,
      `the NATS servers run one per node, and the cluster has at most ${most} (maxSize): ${stack.nats.replicas - most} would wait forever, and the StatefulSet never becomes ready`,
    );
  return { detail, problems };
}

/** Throws a ValidationError naming what does not fit (see {@link capacityCheck}). */
export function assertFits(stack: ResolvedStack): void {
  const problems = capacityCheck(stack)?.problems ?? [];
  if (problems.length > 0) throw new ValidationError(stack.name, problems);
}
