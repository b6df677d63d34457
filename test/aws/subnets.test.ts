/** The pure network arithmetic of the AWS side: CIDRs, the subnet layout, AMI types, zones, node pools, log retention. */
import * as fc from 'fast-check';
import { blockSize, contains, formatCidr, overlaps, parseCidr, subdivide } from '../../lib/core/cidr';
import { amiTypeFor } from '../../lib/aws/ami';
import { checkRetentionDays } from '../../lib/aws/logs';
import { MAX_SUBNET_PREFIX, subnetLayout } from '../../lib/core/subnets';
import { pickZones } from '../../lib/core/zones';

describe('CIDR helpers', () => {
  test.each([
    ['10.0.0.0/16', 167772160, 16],
    ['192.168.4.0/22', 3232236544, 22],
    ['255.255.255.255/32', 4294967295, 32],
    ['0.0.0.0/0', 0, 0],
  ])('parses %s', (cidr, base, prefix) => {
    expect(parseCidr(cidr)).toEqual({ base, prefix });
    expect(formatCidr(parseCidr(cidr))).toBe(cidr);
  });

  test.each([
    ['fails when the address is not the first of its block', '10.0.1.0/16', 'use "10.0.0.0/16"'],
    ['fails when an octet is out of range', '10.0.256.0/24', 'not an IPv4 CIDR'],
    ['fails when the prefix is out of range', '10.0.0.0/33', 'not an IPv4 CIDR'],
    ['fails when there is no prefix', '10.0.0.0', 'not an IPv4 CIDR'],
  ])('%s', (_, cidr, message) => {
    expect(() => parseCidr(cidr)).toThrow(message);
  });

  test('subdivide is cidrsubnet', () => {
    expect(formatCidr(subdivide(parseCidr('10.0.0.0/16'), 20, 3))).toBe('10.0.48.0/20');
    expect(() => subdivide(parseCidr('10.0.0.0/16'), 17, 2)).toThrow('index 2 is out of range');
    expect(() => subdivide(parseCidr('10.0.0.0/16'), 8, 0)).toThrow('cannot carve a /8');
  });

  test('overlap and containment', () => {
    expect(overlaps(parseCidr('10.0.0.0/16'), parseCidr('10.0.255.0/24'))).toBe(true);
    expect(overlaps(parseCidr('10.0.0.0/16'), parseCidr('10.1.0.0/16'))).toBe(false);
    expect(contains(parseCidr('10.0.0.0/8'), parseCidr('10.200.0.0/16'))).toBe(true);
    expect(contains(parseCidr('10.0.0.0/16'), parseCidr('10.0.0.0/8'))).toBe(false);
  });
});

describe('subnetLayout', () => {
  test.each([
    ['10.0.0.0/16', 3, ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'], ['10.0.128.0/22', '10.0.132.0/22', '10.0.136.0/22']],
    ['10.0.0.0/16', 2, ['10.0.0.0/18', '10.0.64.0/18'], ['10.0.128.0/21', '10.0.136.0/21']],
    ['10.0.0.0/16', 1, ['10.0.0.0/17'], ['10.0.128.0/20']],
    [
      '172.16.0.0/20',
      6,
      ['172.16.0.0/24', '172.16.1.0/24', '172.16.2.0/24', '172.16.3.0/24', '172.16.4.0/24', '172.16.5.0/24'],
      ['172.16.8.0/27', '172.16.8.32/27', '172.16.8.64/27', '172.16.8.96/27', '172.16.8.128/27', '172.16.8.160/27'],
    ],
    ['10.1.0.0/24', 3, ['10.1.0.0/27', '10.1.0.32/27', '10.1.0.64/27'], ['10.1.0.128/28', '10.1.0.144/28', '10.1.0.160/28']],
  ])('%s over %i zones', (cidr, zones, privateSubnets, publicSubnets) => {
    expect(subnetLayout(cidr, zones)).toEqual({ private: privateSubnets, public: publicSubnets });
  });

  test.each([
    ['fails when the VPC is larger than a /16', '10.0.0.0/15', 3, 'between /16 and /28'],
    ['fails when the VPC is smaller than a /28', '10.0.0.0/29', 1, 'between /16 and /28'],
    ['fails when the VPC is too small for the zones', '10.0.0.0/26', 3, 'each private subnet would be a /29'],
    ['fails when the zone count is zero', '10.0.0.0/16', 0, 'from 1 to 6'],
    ['fails when the zone count is above 6', '10.0.0.0/16', 7, 'from 1 to 6'],
    ['fails when the zone count is fractional', '10.0.0.0/16', 2.5, 'from 1 to 6'],
    ['fails when the CIDR is misaligned', '10.0.4.0/16', 3, 'use "10.0.0.0/16"'],
  ])('%s', (_, cidr, zones, message) => {
    expect(() => subnetLayout(cidr, zones)).toThrow(message);
  });

  test('subnets stay put when zones are added within the same power of two', () => {
    const three = subnetLayout('10.0.0.0/16', 3);
    const four = subnetLayout('10.0.0.0/16', 4);
    expect(four.private.slice(0, 3)).toEqual(three.private);
    expect(four.public.slice(0, 3)).toEqual(three.public);
  });

  test('property: subnets are aligned, inside the VPC, disjoint, private in the lower half and public in the upper half', () => {
    const vpc = fc
      .record({ prefix: fc.integer({ min: 16, max: 28 }), address: fc.integer({ min: 0, max: 2 ** 32 - 1 }) })
      .map(({ prefix, address }) => formatCidr({ base: address - (address % blockSize(prefix)), prefix }));
    fc.assert(
      fc.property(vpc, fc.integer({ min: 1, max: 6 }), (cidr, zones) => {
        const block = parseCidr(cidr);
        const privatePrefix = block.prefix + 1 + Math.ceil(Math.log2(zones));
        if (privatePrefix > MAX_SUBNET_PREFIX) {
          expect(() => subnetLayout(cidr, zones)).toThrow('too small');
          return;
        }
        const layout = subnetLayout(cidr, zones);
        expect(layout.private).toHaveLength(zones);
        expect(layout.public).toHaveLength(zones);
        const lower = subdivide(block, block.prefix + 1, 0);
        const upper = subdivide(block, block.prefix + 1, 1);
        const privates = layout.private.map(parseCidr);
        const publics = layout.public.map(parseCidr);
        const all = [...privates, ...publics];
        for (const s of all) expect(s.prefix).toBeLessThanOrEqual(MAX_SUBNET_PREFIX);
        for (const s of privates) expect(contains(lower, s)).toBe(true);
        for (const s of publics) expect(contains(upper, s)).toBe(true);
        all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
        expect(privates[0].prefix).toBeLessThanOrEqual(publics[0].prefix);
      }),
      { numRuns: 500 },
    );
  });
});

describe('amiTypeFor', () => {
  test.each([
    ['m5.xlarge', 'AL2023_x86_64_STANDARD'],
    ['m6i.large', 'AL2023_x86_64_STANDARD'],
    ['c7i-flex.large', 'AL2023_x86_64_STANDARD'],
    ['m7g.xlarge', 'AL2023_ARM_64_STANDARD'],
    ['c6gn.2xlarge', 'AL2023_ARM_64_STANDARD'],
    ['t4g.medium', 'AL2023_ARM_64_STANDARD'],
    ['r8g.large', 'AL2023_ARM_64_STANDARD'],
    ['a1.large', 'AL2023_ARM_64_STANDARD'],
    ['g5.xlarge', 'AL2023_x86_64_NVIDIA'],
    ['g4dn.xlarge', 'AL2023_x86_64_NVIDIA'],
    ['p4d.24xlarge', 'AL2023_x86_64_NVIDIA'],
    ['g5g.xlarge', 'AL2023_ARM_64_NVIDIA'],
    ['inf2.xlarge', 'AL2023_x86_64_NEURON'],
    ['trn1.2xlarge', 'AL2023_x86_64_NEURON'],
  ])('%s runs %s', (instanceType, amiType) => {
    expect(amiTypeFor(instanceType)).toBe(amiType);
  });
});

describe('pickZones', () => {
  test('takes the first zones in order', () => {
    expect(pickZones(['a', 'b', 'c', 'd'], 3)).toEqual(['a', 'b', 'c']);
  });

  test('fails when the region has fewer zones than asked for', () => {
    expect(() => pickZones(['eu-north-1a', 'eu-north-1b'], 3)).toThrow(
      'the region has 2 available zones (eu-north-1a, eu-north-1b); 3 were asked for',
    );
  });
});

describe('checkRetentionDays', () => {
  test.each([1, 90, 365, 3653])('accepts %i days', (days) => {
    expect(checkRetentionDays('logRetentionDays', days)).toBe(days);
  });

  test.each([0, 2, 100, -1])('fails when the retention is %i days', (days) => {
    expect(() => checkRetentionDays('logRetentionDays', days)).toThrow(
      `logRetentionDays (${days}) must be one of the CloudWatch Logs retention periods`,
    );
  });
});
