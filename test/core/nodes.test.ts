/**
 * What a node offers pods (lib/core/nodes.ts): an instance type's vCPUs, memory and (EKS) most pods, and its
 * allocatable by the clouds' published formulas. Every expected figure below is worked out by hand from the
 * formulas in the comments, not read back from the code.
 */
import { SYSTEM_DAEMONSETS, SYSTEM_PODS, instanceSize, nodeAllocatable } from 'production-stack/core/nodes';

describe('the size of an instance type', () => {
  test.each<[string, number, number, number]>([
    // EKS AMI eni-max-pods.txt (VPC CNI, no prefix delegation): the same for the c, m and r types of one size
    ['m6g.medium', 1, 4, 8],
    ['m5.large', 2, 8, 29],
    ['c6i.large', 2, 4, 29],
    ['r7g.large', 2, 16, 29],
    ['m5.xlarge', 4, 16, 58],
    ['m5.2xlarge', 8, 32, 58],
    ['m5.4xlarge', 16, 64, 234],
    ['m5.12xlarge', 48, 192, 234],
    ['m5.16xlarge', 64, 256, 737],
  ])('on AWS, %s: %d vCPU, %d GiB, at most %d pods (read from its name)', (type, vcpu, memoryGiB, maxPods) => {
    expect(instanceSize('aws', type)).toEqual({ vcpu, memoryGiB, maxPods });
  });

  test.each<[string, number, number]>([
    ['e2-standard-2', 2, 8],
    ['n2-standard-4', 4, 16],
    ['n2d-standard-32', 32, 128],
    ['n4-standard-8', 8, 32],
    ['n2-highmem-16', 16, 128],
    ['n2-highcpu-16', 16, 16],
    ['c3-standard-4', 4, 16],
    ['c3-standard-8', 8, 32],
    ['c3-standard-22', 22, 88],
  ])('on GCP, %s: %d vCPU, %d GiB, 110 pods (GKE’s default)', (type, vcpu, memoryGiB) => {
    expect(instanceSize('gcp', type)).toEqual({ vcpu, memoryGiB, maxPods: 110 });
  });

  test('the standard GCE families come in 2, 4, 8, 16 and 32 vCPUs: 4 GiB a vCPU (highmem 8, highcpu 1)', () => {
    const families: [string, number][] = [
      ['e2-standard', 4],
      ['n2-standard', 4],
      ['n2d-standard', 4],
      ['n4-standard', 4],
      ['n2-highmem', 8],
      ['n2-highcpu', 1],
    ];
    for (const [family, gibPerVcpu] of families) {
      for (const n of [2, 4, 8, 16, 32]) {
        expect([`${family}-${n}`, instanceSize('gcp', `${family}-${n}`)]).toEqual([
          `${family}-${n}`,
          { vcpu: n, memoryGiB: n * gibPerVcpu, maxPods: 110 },
        ]);
      }
    }
  });

  test('a type this release does not know, or another cloud’s, is not guessed', () => {
    expect(instanceSize('gcp', 'e2-standard-64')).toBeUndefined();
    expect(instanceSize('gcp', 'c3-standard-2')).toBeUndefined();
    expect(instanceSize('gcp', 'm5.xlarge')).toBeUndefined();
    expect(instanceSize('aws', 'n2-standard-4')).toBeUndefined();
    expect(instanceSize('aws', 't3.large')).toBeUndefined();
    expect(nodeAllocatable('aws', 't3.large')).toBeUndefined();
    expect(nodeAllocatable('gcp', 'm5.xlarge')).toBeUndefined();
  });
});

describe('what a node offers pods', () => {
  // CPU, both clouds: 6% of the first core, 1% of the second, 0.5% of the third and fourth, 0.25% of every other
  test.each<[string, number]>([
    ['m6g.medium', 1000 - 60],
    ['m5.large', 2000 - 70],
    ['m5.xlarge', 4000 - 80],
    ['m5.2xlarge', 8000 - 90],
    ['m5.16xlarge', 64000 - (80 + 60 * 2.5)],
  ])('CPU on AWS, %s: %d millicores', (type, cpuMillis) => {
    expect(nodeAllocatable('aws', type)?.cpuMillis).toBe(cpuMillis);
  });

  test('CPU on GCP, by the same tiers: c3-standard-22 keeps 80m for its first four cores and 2.5m for each of 18 others', () => {
    expect(nodeAllocatable('gcp', 'c3-standard-22')?.cpuMillis).toBe(22000 - (80 + 18 * 2.5));
    expect(nodeAllocatable('gcp', 'e2-standard-2')?.cpuMillis).toBe(2000 - 70);
  });

  // memory on EKS: 92.5% of the type's (Karpenter's VM overhead), less 255 MiB + 11 MiB a pod + 100 MiB eviction
  test.each<[string, number]>([
    ['m6g.medium', Math.floor(4096 * 0.925 - (255 + 11 * 8 + 100))],
    ['m5.large', Math.floor(8192 * 0.925 - (255 + 11 * 29 + 100))],
    ['m5.xlarge', 14162], // Karpenter's instance-type reference: 14162Mi
    ['m5.2xlarge', 29317], // Karpenter: 29317Mi
    ['m5.16xlarge', Math.floor(262144 * 0.925 - (255 + 11 * 737 + 100))],
  ])('memory on AWS, %s: %d MiB', (type, memoryMi) => {
    expect(nodeAllocatable('aws', type)?.memoryMi).toBe(memoryMi);
  });

  // memory on GKE: 98% of the type's, less 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the
  // next 112 and 2% of the rest, and 100 MiB eviction
  test.each<[string, number]>([
    ['e2-standard-2', Math.floor(8192 * 0.98 - (1024 + 819.2 + 100))],
    ['n2-highcpu-16', Math.floor(16384 * 0.98 - (1024 + 819.2 + 819.2 + 100))],
    ['n2d-standard-32', Math.floor(131072 * 0.98 - (1024 + 819.2 + 819.2 + 112 * 1024 * 0.06 + 100))],
    ['n2-highmem-32', Math.floor(262144 * 0.98 - (1024 + 819.2 + 819.2 + 112 * 1024 * 0.06 + 128 * 1024 * 0.02 + 100))],
  ])('memory on GCP, %s: %d MiB', (type, memoryMi) => {
    expect(nodeAllocatable('gcp', type)?.memoryMi).toBe(memoryMi);
  });

  test('whole millicores and MiB, rounded down: a node never offers a fraction it does not have', () => {
    // 3345.8 MiB and 6084.96 MiB by the formulas
    expect(nodeAllocatable('aws', 'm6g.medium')).toEqual({ cpuMillis: 940, memoryMi: 3345 });
    expect(nodeAllocatable('gcp', 'e2-standard-2')).toEqual({ cpuMillis: 1930, memoryMi: 6084 });
  });
});

test('the clouds’ own DaemonSets on every node, approximately', () => {
  // EKS: VPC CNI with its policy agent 50m, kube-proxy 100m, EBS CSI node 30m and 120 MiB
  expect(SYSTEM_DAEMONSETS).toEqual({ aws: { cpuMillis: 180, memoryMi: 120 }, gcp: { cpuMillis: 400, memoryMi: 512 } });
});

test('the clouds’ own cluster-level pods, approximately', () => {
  expect(SYSTEM_PODS).toEqual({
    aws: [
      { what: 'coredns', count: 2, cpuMillis: 100, memoryMi: 70 },
      { what: 'ebs-csi-controller', count: 2, cpuMillis: 60, memoryMi: 240 },
    ],
    gcp: [
      { what: 'kube-dns', count: 2, cpuMillis: 260, memoryMi: 110 },
      { what: 'konnectivity-agent', count: 3, cpuMillis: 10, memoryMi: 30 },
      { what: 'gke-metrics-server', count: 1, cpuMillis: 50, memoryMi: 105 },
    ],
  });
});
