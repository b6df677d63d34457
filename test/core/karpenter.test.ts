/**
 * What Karpenter's NodePool takes from an EC2 instance type (lib/core/karpenter.ts), by EC2's naming
 * (the EC2 User Guide, "Instance type naming conventions": series, generation, options, then size) and sizes
 * (medium 1 vCPU, large 2, xlarge 4, Nxlarge 4N; c 2 GiB a vCPU, m 4, r 8).
 */
import {
  KARPENTER_CATEGORIES,
  KARPENTER_DISCOVERY_TAG,
  KARPENTER_INSTANCE_TYPES,
  ec2InstanceShape,
  karpenterLimits,
} from 'production-stack/core/karpenter';

test('the discovery tag is karpenter.sh/discovery (Karpenter’s getting-started guide)', () => {
  expect(KARPENTER_DISCOVERY_TAG).toBe('karpenter.sh/discovery');
  expect(KARPENTER_CATEGORIES).toEqual({ c: 2, m: 4, r: 8 });
});

describe('instance shapes', () => {
  test('m5.xlarge: 4 vCPU and 16 GiB, amd64', () => {
    expect(ec2InstanceShape('m5.xlarge')).toEqual({ family: 'm5', category: 'm', generation: 5, arch: 'amd64', vcpu: 4, memoryGiB: 16 });
  });

  test('each size: medium 1 vCPU, large 2, xlarge 4, 2xlarge 8, 12xlarge 48', () => {
    const vcpu = (t: string) => ec2InstanceShape(t)?.vcpu;
    expect(['c6i.medium', 'c6i.large', 'c6i.xlarge', 'c6i.2xlarge', 'c6i.12xlarge'].map(vcpu)).toEqual([1, 2, 4, 8, 48]);
  });

  test('the memory is the vCPUs times the category’s ratio: c6i.2xlarge 16 GiB, r6i.2xlarge 64 GiB', () => {
    expect(ec2InstanceShape('c6i.2xlarge')?.memoryGiB).toBe(16);
    expect(ec2InstanceShape('r6i.2xlarge')?.memoryGiB).toBe(64);
    expect(ec2InstanceShape('m6i.large')?.memoryGiB).toBe(8);
  });

  test('a g among the options is Graviton (arm64); the options stay in the family', () => {
    expect(ec2InstanceShape('r7g.large')).toEqual({ family: 'r7g', category: 'r', generation: 7, arch: 'arm64', vcpu: 2, memoryGiB: 16 });
    expect(ec2InstanceShape('m7i-flex.xlarge')).toMatchObject({ family: 'm7i-flex', arch: 'amd64', generation: 7 });
    expect(ec2InstanceShape('c6gn.medium')).toMatchObject({ family: 'c6gn', arch: 'arm64' });
    expect(ec2InstanceShape('c6in.large')).toMatchObject({ family: 'c6in', arch: 'amd64' });
  });

  test('a generation of two digits, and a name in another case or with spaces around, are read', () => {
    expect(ec2InstanceShape('m10.large')).toMatchObject({ family: 'm10', generation: 10 });
    expect(ec2InstanceShape(' M5.XLarge ')).toMatchObject({ family: 'm5', vcpu: 4 });
  });

  test.each([
    't3.large',
    'g5.xlarge',
    'i4i.large',
    'm5.metal',
    'm5.small',
    'm5.0xlarge',
    'm5',
    'm.large',
    'mm5.large',
    'm5.xlargex',
    'xm5.large',
    'm5.large.x',
  ])('%s has no shape', (t) => {
    expect(ec2InstanceShape(t)).toBeUndefined();
  });
});

describe('the NodePool’s limits', () => {
  test('what the node group leaves below maxSize, in nodes, vCPUs and GiB', () => {
    expect(karpenterLimits({ instanceType: 'm5.xlarge', desiredSize: 3, maxSize: 10 })).toEqual({ nodes: 7, cpu: 28, memoryGiB: 112 });
    expect(karpenterLimits({ instanceType: 'm5.xlarge', desiredSize: 3, maxSize: 4 })).toEqual({ nodes: 1, cpu: 4, memoryGiB: 16 });
  });

  test('nothing when desiredSize is maxSize, or above it', () => {
    expect(karpenterLimits({ instanceType: 'r6i.large', desiredSize: 3, maxSize: 3 })).toEqual({ nodes: 0, cpu: 0, memoryGiB: 0 });
    expect(karpenterLimits({ instanceType: 'r6i.large', desiredSize: 4, maxSize: 3 })).toEqual({ nodes: 0, cpu: 0, memoryGiB: 0 });
  });

  test('a type without a shape is refused with the rule validation states', () => {
    expect(KARPENTER_INSTANCE_TYPES).toBe(
      "on AWS it must be a c, m or r instance type of a standard size (m5.xlarge, c6i.2xlarge, r7g.large): Karpenter's NodePool takes its category, generation, architecture and limits from it",
    );
    expect(() => karpenterLimits({ instanceType: 't3.large', desiredSize: 1, maxSize: 2 })).toThrow(
      new Error(`nodes.instanceType (t3.large): ${KARPENTER_INSTANCE_TYPES}`),
    );
  });
});
