/**
 * Whether the stack fits its nodes, as the scheduler would find: every pod on one node; the stack at its
 * minimum replicas, the add-ons, the clouds' DaemonSets and one rollout's surge on the node pool's minimum
 * (its size when nothing scales it); a service whose replicas must be on different nodes (`antiAffinity:
 * 'required'`) no more pods than nodes, during a rollout and at its maximum replicas. Requests only: limits
 * do not reserve anything.
 */
import { type PodGroup, addonPods, requested } from '../addons/capacity';
import type { ResolvedStack } from '../core/defaults';
import { type NodeResources, SYSTEM_DAEMONSETS, nodeAllocatable } from '../core/nodes';
import { type Problem, ValidationError } from '../core/validation/problems';
import { ENVOY_POD_REQUESTS } from './gateway';
import { SIDECAR_RESOURCES } from './mesh';
import { natsPodRequests } from '../nats/cluster';

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
  return stack.cloud === 'aws'
    ? { least: n.desiredSize, most: n.maxSize, which: `desiredSize ${n.desiredSize}, the managed node group Karpenter adds to` }
    : { least: n.minSize, most: n.maxSize, which: `minSize ${n.minSize}` };
}

/** The stack's own pods at their minimum replicas (services, NATS, the Envoy proxies), sidecars included in the mesh. */
export function stackPods(stack: ResolvedStack): PodGroup[] {
  const sidecar = stack.serviceMesh === 'istio' ? requested(SIDECAR_RESOURCES.requests) : { cpuMillis: 0, memoryMi: 0 };
  const pod = (what: string, count: number, own: { cpuMillis: number; memoryMi: number }): PodGroup => ({
    what,
    count,
    cpuMillis: own.cpuMillis + sidecar.cpuMillis,
    memoryMi: own.memoryMi + sidecar.memoryMi,
  });
  const groups = stack.services.map((s) => pod(s.name, s.replicas, requested(s.resources.requests)));
  if (stack.nats) {
    groups.push(pod('nats', stack.nats.replicas, total(natsPodRequests(stack.nats.memory, stack.nats.tls !== undefined))));
  }
  if (stack.edge.routes.length > 0 && stack.edge.gateway.own) {
    groups.push({ what: 'envoy', count: stack.edge.replicas, ...total(ENVOY_POD_REQUESTS) });
  }
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

/** The capacity check of a stack; undefined when this release does not know its instance type. */
export function capacityCheck(stack: ResolvedStack): CapacityCheck | undefined {
  const nodes = stack.cluster.nodes;
  const node = nodeAllocatable(stack.cloud, nodes.instanceType);
  if (!node) return undefined;
  const { least, most, which } = nodeRange(stack);
  const pods = [...stackPods(stack), ...addonPods(stack)];
  const problems: Problem[] = [];
  const add = (path: string, value: unknown, rule: string) => problems.push({ path, value, rule });

  for (const p of pods) {
    if (p.cpuMillis > node.cpuMillis || p.memoryMi > node.memoryMi)
      add(
        'cluster.nodes.instanceType',
        nodes.instanceType,
        `a pod of ${p.what} requests ${cores(p.cpuMillis)} and ${gib(p.memoryMi)}, more than one ${nodes.instanceType} node offers pods (${cores(node.cpuMillis)}, ${gib(node.memoryMi)}): it would never be scheduled`,
      );
  }

  const perNode: NodeResources = pods
    .filter((p) => p.perNode)
    .reduce((a, p) => ({ cpuMillis: a.cpuMillis + p.cpuMillis, memoryMi: a.memoryMi + p.memoryMi }), SYSTEM_DAEMONSETS[stack.cloud]);
  const free: NodeResources = { cpuMillis: node.cpuMillis - perNode.cpuMillis, memoryMi: node.memoryMi - perNode.memoryMi };
  const cluster = pods.filter((p) => !p.perNode);
  const sum = (f: (p: PodGroup) => number) => cluster.reduce((a, p) => a + p.count * f(p), 0);
  const surge = stack.services.reduce(
    (a, s) => {
      const one = stackPods({ ...stack, services: [s], nats: undefined, edge: { ...stack.edge, routes: [] } })[0]!;
      return { cpuMillis: Math.max(a.cpuMillis, s.maxSurge * one.cpuMillis), memoryMi: Math.max(a.memoryMi, s.maxSurge * one.memoryMi) };
    },
    { cpuMillis: 0, memoryMi: 0 },
  );
  const demand = { cpuMillis: sum((p) => p.cpuMillis) + surge.cpuMillis, memoryMi: sum((p) => p.memoryMi) + surge.memoryMi };
  const offered = { cpuMillis: least * free.cpuMillis, memoryMi: least * free.memoryMi };
  const detail = `requests at minimum replicas, add-ons and one rollout's surge: ${cores(demand.cpuMillis)}, ${gib(demand.memoryMi)}; ${least} × ${nodes.instanceType} (${which}) offer ${cores(offered.cpuMillis)}, ${gib(offered.memoryMi)} after the kubelet's reserve and the system DaemonSets`;
  if (demand.cpuMillis > offered.cpuMillis || demand.memoryMi > offered.memoryMi) {
    const need = Math.max(Math.ceil(demand.cpuMillis / free.cpuMillis), Math.ceil(demand.memoryMi / free.memoryMi));
    add(
      `cluster.nodes.${stack.cloud === 'aws' ? 'desiredSize' : 'minSize'}`,
      least,
      `${detail}: the stack does not fit; ${need} nodes of this type would`,
    );
  }

  stack.services.forEach((s, i) => {
    if (s.antiAffinity !== 'required') return;
    const rollout = s.replicas + s.maxSurge;
    const peak = s.autoscaling?.maxReplicas ?? s.queue?.maxReplicas ?? s.replicas;
    const needed = Math.max(rollout, peak);
    if (needed > most) {
      const why =
        rollout > peak
          ? `${s.replicas} replicas and a surge of ${s.maxSurge} during a rollout, which would wait forever`
          : `${peak} replicas at its maximum, past which the autoscaler's pods would stay Pending`;
      add(
        `services[${i}].antiAffinity`,
        'required',
        `${s.name} needs ${needed} nodes, one pod each (${why}), and the cluster has at most ${most} (maxSize): use antiAffinity 'preferred', fewer replicas, or more nodes`,
      );
    }
  });
  return { detail, problems };
}

/** Throws a ValidationError naming what does not fit (see {@link capacityCheck}). */
export function assertFits(stack: ResolvedStack): void {
  const problems = capacityCheck(stack)?.problems ?? [];
  if (problems.length > 0) throw new ValidationError(stack.name, problems);
}
