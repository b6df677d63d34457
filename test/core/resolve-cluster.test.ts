/**
 * The cluster with its defaults (lib/core/resolve/cluster.ts). The default values are the spec's `@default` tags
 * (ClusterSpec and NodePoolSpec): Kubernetes 1.35, 10.0.0.0/16 over 3 zones, no public access CIDRs, a NAT gateway
 * per zone, interface endpoints on; nodes m5.xlarge (AWS) or n2-standard-4 (GCP), 3 between 2 and 10, 100 GiB disks.
 * resolveNodePool refuses what the spec validation refuses, for a component used on its own.
 */
import { resolveCluster, resolveNodePool } from 'production-stack/core/resolve/cluster';

describe('resolveCluster', () => {
  test('with nothing given, on AWS', () => {
    expect(resolveCluster(undefined, 'aws')).toEqual({
      kubernetesVersion: '1.35',
      networkCidr: '10.0.0.0/16',
      availabilityZones: 3,
      publicAccessCidrs: [],
      singleNatGateway: false,
      interfaceEndpoints: true,
      nodes: { instanceType: 'm5.xlarge', desiredSize: 3, minSize: 2, maxSize: 10, diskSizeGiB: 100 },
    });
  });

  test("on GCP the nodes' instance type is n2-standard-4", () => {
    expect(resolveCluster({}, 'gcp').nodes.instanceType).toBe('n2-standard-4');
  });

  test('each setting given is kept, false and 0 included', () => {
    const given = {
      kubernetesVersion: '1.34',
      networkCidr: '10.8.0.0/16',
      availabilityZones: 2,
      publicAccessCidrs: ['203.0.113.0/24'],
      singleNatGateway: true,
      interfaceEndpoints: false,
      nodes: { instanceType: 'c6i.2xlarge', desiredSize: 0, minSize: 0, maxSize: 1, diskSizeGiB: 20 },
    };
    expect(resolveCluster(given, 'aws')).toEqual(given);
  });
});

describe('resolveNodePool', () => {
  test('the defaults pass', () => {
    expect(resolveNodePool(undefined, 'gcp')).toEqual({
      instanceType: 'n2-standard-4',
      desiredSize: 3,
      minSize: 2,
      maxSize: 10,
      diskSizeGiB: 100,
    });
  });

  test('a cloud other than aws or gcp is refused', () => {
    expect(() => resolveNodePool({}, 'azure' as never)).toThrow('invalid node pool: cloud "azure" must be "aws" or "gcp"');
  });

  test.each(['desiredSize', 'minSize', 'maxSize', 'diskSizeGiB'] as const)('%s is a whole number >= 0', (key) => {
    expect(() => resolveNodePool({ minSize: 0, desiredSize: 0, [key]: -1 }, 'aws')).toThrow(
      `nodes.${key} (-1) must be a whole number >= 0`,
    );
    expect(() => resolveNodePool({ minSize: 0, desiredSize: 0, [key]: 1.5 }, 'aws')).toThrow(
      `nodes.${key} (1.5) must be a whole number >= 0`,
    );
  });

  test('maxSize is at least 1', () => {
    expect(() => resolveNodePool({ minSize: 0, desiredSize: 0, maxSize: 0 }, 'aws')).toThrow('nodes.maxSize (0) must be at least 1');
    expect(resolveNodePool({ minSize: 0, desiredSize: 0, maxSize: 1 }, 'aws').maxSize).toBe(1);
  });

  test('minSize <= maxSize; equal passes', () => {
    expect(() => resolveNodePool({ minSize: 5, maxSize: 4, desiredSize: 4 }, 'aws')).toThrow(
      'nodes.minSize (5) must be <= nodes.maxSize (4)',
    );
    expect(resolveNodePool({ minSize: 4, maxSize: 4, desiredSize: 4 }, 'aws').minSize).toBe(4);
  });

  test('desiredSize between minSize and maxSize, both ends included', () => {
    const msg = (d: number) => `nodes.desiredSize (${d}) must be between nodes.minSize (2) and nodes.maxSize (10)`;
    expect(() => resolveNodePool({ desiredSize: 1 }, 'aws')).toThrow(msg(1));
    expect(() => resolveNodePool({ desiredSize: 11 }, 'aws')).toThrow(msg(11));
    expect(resolveNodePool({ desiredSize: 2 }, 'aws').desiredSize).toBe(2);
    expect(resolveNodePool({ desiredSize: 10 }, 'aws').desiredSize).toBe(10);
  });

  test('disks of at least 20 GiB', () => {
    expect(() => resolveNodePool({ diskSizeGiB: 19 }, 'aws')).toThrow('nodes.diskSizeGiB (19) must be at least 20');
    expect(resolveNodePool({ diskSizeGiB: 20 }, 'aws').diskSizeGiB).toBe(20);
  });

  test('an instance type is not blank', () => {
    expect(() => resolveNodePool({ instanceType: ' ' }, 'aws')).toThrow('nodes.instanceType must not be empty');
  });

  test('every problem is listed, one per line, after "invalid node pool:"', () => {
    expect(() => resolveNodePool({ maxSize: 0, diskSizeGiB: 10 }, 'aws')).toThrow(
      new Error(
        'invalid node pool:\n  - nodes.maxSize (0) must be at least 1\n  - nodes.minSize (2) must be <= nodes.maxSize (0)\n  - nodes.diskSizeGiB (10) must be at least 20',
      ),
    );
  });
});
