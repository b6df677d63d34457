/**
 * The cluster with its defaults (lib/core/resolve/cluster.ts). The default values are the spec's `@default` tags
 * (ClusterSpec and NodePoolSpec): Kubernetes 1.35, 10.0.0.0/16 over 3 zones, no public access CIDRs, a NAT gateway
 * per zone, interface endpoints on; nodes m5.xlarge (AWS) or n2-standard-4 (GCP), 3 between 2 and 10, 100 GiB disks.
 * (resolveNodePool, which checks a pool by the spec's rules, is test/core/node-pool.test.ts.)
 */
import { resolveCluster } from 'production-stack/core/resolve/cluster';

describe('resolveCluster', () => {
  test('with nothing given, on AWS', () => {
    expect(resolveCluster(undefined, 'aws')).toEqual({
      kubernetesVersion: '1.35',
      networkCidr: '10.0.0.0/16',
      availabilityZones: 3,
      publicAccessCidrs: [],
      nodes: { instanceType: 'm5.xlarge', desiredSize: 3, minSize: 2, maxSize: 10, diskSizeGiB: 100 },
      aws: { singleNatGateway: false, interfaceEndpoints: true },
    });
  });

  test("on GCP the nodes' instance type is n2-standard-4", () => {
    expect(resolveCluster({}, 'gcp').nodes.instanceType).toBe('n2-standard-4');
  });

  test("one AWS setting given keeps the other one's default", () => {
    expect(resolveCluster({ aws: { singleNatGateway: true } }, 'aws').aws).toEqual({ singleNatGateway: true, interfaceEndpoints: true });
    expect(resolveCluster({ aws: { interfaceEndpoints: false } }, 'aws').aws).toEqual({
      singleNatGateway: false,
      interfaceEndpoints: false,
    });
  });

  test('each setting given is kept, false and 0 included', () => {
    const given = {
      kubernetesVersion: '1.34',
      networkCidr: '10.8.0.0/16',
      availabilityZones: 2,
      publicAccessCidrs: ['203.0.113.0/24'],
      nodes: { instanceType: 'c6i.2xlarge', desiredSize: 0, minSize: 0, maxSize: 1, diskSizeGiB: 20 },
      aws: { singleNatGateway: true, interfaceEndpoints: false },
    };
    expect(resolveCluster(given, 'aws')).toEqual(given);
  });
});
