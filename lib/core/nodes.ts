/**
 * What a node of an instance type offers pods: the type's vCPUs and memory, less what the kubelet reserves
 * for the system and its eviction threshold (the clouds' published formulas). Pure data, read 2026-12-06.
 */
import { ec2InstanceShape } from './karpenter';
import type { Cloud } from './spec/stack';

/** vCPUs, memory in GiB, and (EKS, VPC CNI without prefix delegation) the most pods a node takes. */
export interface InstanceSize {
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly maxPods: number;
}

const sizes = (rows: readonly [string, number, number, number][]): Record<string, InstanceSize> =>
  Object.fromEntries(rows.map(([type, vcpu, memoryGiB, maxPods]) => [type, { vcpu, memoryGiB, maxPods }]));

/**
 * The most pods an EKS node of `vcpu` vCPUs takes with the VPC CNI without prefix delegation (the EKS AMI's
 * eni-max-pods.txt, the same for the c, m and r families of one size).
 */
function eksMaxPods(vcpu: number): number {
  if (vcpu <= 1) return 8;
  if (vcpu === 2) return 29;
  if (vcpu <= 8) return 58;
  if (vcpu <= 48) return 234;
  return 737;
}

/** Compute Engine machine types (GKE: 110 pods a node by default). */
const GCP: Record<string, InstanceSize> = sizes(
  [2, 4, 8, 16, 32]
    .flatMap(
      (n) =>
        [
          [`e2-standard-${n}`, n, n * 4, 110],
          [`n2-standard-${n}`, n, n * 4, 110],
          [`n2d-standard-${n}`, n, n * 4, 110],
          [`n4-standard-${n}`, n, n * 4, 110],
          [`n2-highmem-${n}`, n, n * 8, 110],
          [`n2-highcpu-${n}`, n, n, 110],
        ] as [string, number, number, number][],
    )
    .concat([
      ['c3-standard-4', 4, 16, 110],
      ['c3-standard-8', 8, 32, 110],
      ['c3-standard-22', 22, 88, 110],
    ]),
);

/**
 * The size of an instance type of a cloud, if this release knows it: on AWS any c, m or r type of a standard
 * size, read from its name as Karpenter's NodePool is ({@link ec2InstanceShape}); on GCP the machine types above.
 */
export function instanceSize(cloud: Cloud, type: string): InstanceSize | undefined {
  if (cloud === 'gcp') return GCP[type];
  const shape = ec2InstanceShape(type);
  return shape && { vcpu: shape.vcpu, memoryGiB: shape.memoryGiB, maxPods: eksMaxPods(shape.vcpu) };
}

/** Millicores and MiB a node offers pods. */
export interface NodeResources {
  readonly cpuMillis: number;
  readonly memoryMi: number;
}

/**
 * CPU the kubelet reserves, the same on EKS and GKE: 6% of the first core, 1% of the second, 0.5% of the
 * third and fourth, 0.25% of every other.
 */
function reservedCpuMillis(vcpu: number): number {
  const tiers: [number, number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Infinity, 0.0025],
  ];
  let left = vcpu;
  let reserved = 0;
  for (const [cores, share] of tiers) {
    const n = Math.min(left, cores);
    reserved += n * 1000 * share;
    left -= n;
  }
  return reserved;
}

/**
 * Memory the kubelet reserves, plus the eviction threshold (100 MiB on both): on EKS (the AMIs' bootstrap)
 * 255 MiB and 11 MiB a pod of the node's maximum; on GKE 25% of the first 4 GiB, 20% of the next 4, 10% of
 * the next 8, 6% of the next 112 and 2% of the rest.
 */
function reservedMemoryMi(cloud: Cloud, size: InstanceSize): number {
  if (cloud === 'aws') return 255 + 11 * size.maxPods + 100;
  const tiers: [number, number][] = [
    [4, 0.25],
    [4, 0.2],
    [8, 0.1],
    [112, 0.06],
    [Infinity, 0.02],
  ];
  let left = size.memoryGiB;
  let reserved = 0;
  for (const [gib, share] of tiers) {
    const n = Math.min(left, gib);
    reserved += n * 1024 * share;
    left -= n;
  }
  return reserved + 100;
}

/**
 * Memory the machine's firmware and kernel keep, as a share of its nominal size: the kubelet sees less than the
 * type's GiB. EC2: 7.5%, Karpenter's `vmMemoryOverheadPercent` default (with it, m5.xlarge and m5.2xlarge come
 * out at the 14162 and 29317 MiB allocatable Karpenter's instance-type reference lists); GCE: about 2% (an
 * n2-highmem-4 reports 31.4 of 32 GiB).
 */
const MEMORY_OVERHEAD: Readonly<Record<Cloud, number>> = { aws: 0.075, gcp: 0.02 };

/** What one node of `type` offers pods (its allocatable), if this release knows the type. */
export function nodeAllocatable(cloud: Cloud, type: string): NodeResources | undefined {
  const size = instanceSize(cloud, type);
  if (!size) return undefined;
  return {
    cpuMillis: Math.floor(size.vcpu * 1000 - reservedCpuMillis(size.vcpu)),
    memoryMi: Math.floor(size.memoryGiB * 1024 * (1 - MEMORY_OVERHEAD[cloud]) - reservedMemoryMi(cloud, size)),
  };
}

/**
 * What the clouds' own DaemonSets request on every node, approximately (they change with the cloud's
 * versions): EKS the VPC CNI and its network policy agent (50m), kube-proxy (100m) and the EBS CSI node plugin
 * (30m, 120 MiB); GKE (Dataplane V2) its networking, metadata, logging and metrics agents and the PD CSI node
 * plugin.
 */
export const SYSTEM_DAEMONSETS: Readonly<Record<Cloud, NodeResources>> = {
  aws: { cpuMillis: 180, memoryMi: 120 },
  gcp: { cpuMillis: 400, memoryMi: 512 },
};

/**
 * The clouds' own cluster-level pods, approximately: EKS CoreDNS (2 x 100m, 70 MiB) and the EBS CSI controller
 * (2 x 60m, 240 MiB); GKE kube-dns (2 x 260m, 110 MiB), the Konnectivity agents (3 x 10m, 30 MiB) and its
 * metrics-server (50m, 105 MiB).
 */
export const SYSTEM_PODS: Readonly<Record<Cloud, readonly { what: string; count: number; cpuMillis: number; memoryMi: number }[]>> = {
  aws: [
    { what: 'coredns', count: 2, cpuMillis: 100, memoryMi: 70 },
    { what: 'ebs-csi-controller', count: 2, cpuMillis: 60, memoryMi: 240 },
  ],
  gcp: [
    { what: 'kube-dns', count: 2, cpuMillis: 260, memoryMi: 110 },
    { what: 'konnectivity-agent', count: 3, cpuMillis: 10, memoryMi: 30 },
    { what: 'gke-metrics-server', count: 1, cpuMillis: 50, memoryMi: 105 },
  ],
};
