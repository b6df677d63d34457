/**
 * What Karpenter's NodePool takes from the spec's node pool on AWS: the instance type's category,
 * generation, architecture and size, and how much the NodePool may add. Pure, no Pulumi.
 */

/** The tag Karpenter's EC2NodeClass selects its subnets and security group by, valued with the EKS cluster's name. */
export const KARPENTER_DISCOVERY_TAG = 'karpenter.sh/discovery';

/**
 * The instance categories a NodePool can be derived from, with the memory of each vCPU (GiB) that every
 * standard size of the category has (`m5.xlarge`: 4 vCPU, 16 GiB): compute (`c`), general purpose (`m`),
 * memory optimized (`r`). Other categories (burstable `t`, accelerated `g`/`p`, storage `i`/`d`) have no
 * such ratio, or sizes that do not follow the vCPU rule below.
 */
export const KARPENTER_CATEGORIES: Readonly<Record<'c' | 'm' | 'r', number>> = { c: 2, m: 4, r: 8 };

/** What an EC2 instance type is, as Karpenter's well-known labels describe it. */
export interface Ec2InstanceShape {
  /** `m5`, `m7g`, `c6in`: `karpenter.k8s.aws/instance-family`. */
  readonly family: string;
  /** `karpenter.k8s.aws/instance-category`. */
  readonly category: keyof typeof KARPENTER_CATEGORIES;
  /** `karpenter.k8s.aws/instance-generation`. */
  readonly generation: number;
  /** `kubernetes.io/arch`: Graviton families (a `g` after the generation) are arm64. */
  readonly arch: 'amd64' | 'arm64';
  /** vCPUs: `medium` 1, `large` 2, `xlarge` 4, `<n>xlarge` 4n. */
  readonly vcpu: number;
  /** Memory, GiB: vCPUs times the category's ratio. */
  readonly memoryGiB: number;
}

const SHAPE = /^([cmr])(\d+)([a-z-]*)\.(medium|large|xlarge|(\d+)xlarge)$/;

/**
 * The shape of a `c`, `m` or `r` instance type of a standard size (`m5.xlarge`, `c6i.2xlarge`,
 * `r7g.large`, `m7i-flex.xlarge`), or undefined for any other (`t3.large`, `g5.xlarge`, `m5.metal`).
 */
export function ec2InstanceShape(instanceType: string): Ec2InstanceShape | undefined {
  const m = SHAPE.exec(instanceType.trim().toLowerCase());
  if (!m) return undefined;
  const [, category, generation, attributes, size, times] = m as unknown as [string, 'c' | 'm' | 'r', string, string, string, string?];
  const vcpu = size === 'medium' ? 1 : size === 'large' ? 2 : 4 * (times === undefined ? 1 : Number(times));
  if (!Number.isInteger(vcpu) || vcpu < 1) return undefined;
  return {
    family: `${category}${generation}${attributes}`,
    category,
    generation: Number(generation),
    arch: attributes.includes('g') ? 'arm64' : 'amd64',
    vcpu,
    memoryGiB: vcpu * KARPENTER_CATEGORIES[category],
  };
}

/** The node pool figures the NodePool's limits come from. */
export interface KarpenterPoolSizes {
  readonly instanceType: string;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/** How much capacity Karpenter may launch: the NodePool's `limits`. */
export interface KarpenterLimits {
  /** Nodes of the spec's instance type the limits amount to. */
  readonly nodes: number;
  /** vCPUs (`limits.cpu`). */
  readonly cpu: number;
  /** GiB (`limits.memory`). */
  readonly memoryGiB: number;
}

/**
 * The NodePool's limits: `maxSize` stays the most nodes the cluster has, so Karpenter may add what the managed
 * node group (which stays at `desiredSize`: nothing scales it) leaves, `maxSize - desiredSize` nodes of the
 * instance type, as vCPUs and memory (Karpenter counts the capacity of the nodes it launched, whatever their
 * types). With `desiredSize` equal to `maxSize` it may add nothing. Throws on a type {@link ec2InstanceShape}
 * does not know (validation refuses it first on AWS).
 */
export function karpenterLimits(pool: KarpenterPoolSizes): KarpenterLimits {
  const shape = ec2InstanceShape(pool.instanceType);
  if (!shape) throw new Error(`nodes.instanceType (${pool.instanceType}): ${KARPENTER_INSTANCE_TYPES}`);
  const nodes = Math.max(0, pool.maxSize - pool.desiredSize);
  return { nodes, cpu: nodes * shape.vcpu, memoryGiB: nodes * shape.memoryGiB };
}

/** What {@link ec2InstanceShape} takes, as validation says it. */
export const KARPENTER_INSTANCE_TYPES =
  "on AWS it must be a c, m or r instance type of a standard size (m5.xlarge, c6i.2xlarge, r7g.large): Karpenter's NodePool takes its category, generation, architecture and limits from it";
