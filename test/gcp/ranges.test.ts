/** The pure parts of the GCP side: secondary ranges, service account IDs, node counts per zone. */
import * as fc from 'fast-check';
import { PRIVATE_BLOCKS, blockSize, contains, formatCidr, overlaps, parseCidr } from '../../lib/core/cidr';
import { SERVICE_ACCOUNT_ID, serviceAccountId } from '../../lib/gcp/naming';
import { initialNodesPerZone } from '../../lib/gcp/nodes';
import { privateServicesRange, secondSubnetRanges, secondaryRanges } from '../../lib/core/gcp-ranges';

describe('secondaryRanges', () => {
  test.each([
    ['10.0.0.0/16', {}, '10.4.0.0/14', '10.1.0.0/20'],
    ['10.8.0.0/16', {}, '10.12.0.0/14', '10.9.0.0/20'],
    ['10.252.0.0/14', {}, '10.0.0.0/14', '10.4.0.0/20'],
    ['172.16.0.0/16', {}, '172.20.0.0/14', '172.17.0.0/20'],
    ['192.168.0.0/16', {}, '10.0.0.0/14', '10.4.0.0/20'],
    ['10.0.0.0/8', {}, '172.16.0.0/14', '172.20.0.0/20'],
    ['10.0.0.0/16', { podsPrefix: 16, servicesPrefix: 22 }, '10.1.0.0/16', '10.2.0.0/22'],
    ['10.0.0.0/16', { pods: '100.64.0.0/14' }, '100.64.0.0/14', '10.1.0.0/20'],
    ['10.0.0.0/16', { services: '10.4.0.0/20' }, '10.8.0.0/14', '10.4.0.0/20'],
  ])('%s with %j: pods %s, services %s', (primary, options, pods, services) => {
    expect(secondaryRanges(primary, options)).toEqual({ pods, services });
  });

  test.each([
    [
      'fails when the given pods range overlaps the primary range',
      { pods: '10.0.128.0/17' },
      'the pods range 10.0.128.0/17 overlaps the primary range 10.0.0.0/16',
    ],
    [
      'fails when the given services range overlaps the primary range',
      { services: '10.0.0.0/20' },
      'the services range 10.0.0.0/20 overlaps the primary range 10.0.0.0/16',
    ],
    [
      'fails when the given ranges overlap each other',
      { pods: '10.4.0.0/14', services: '10.5.0.0/20' },
      'the pods range 10.4.0.0/14 overlaps the services range 10.5.0.0/20',
    ],
    ['fails when a prefix is out of range', { podsPrefix: 30 }, 'podsPrefix (30) must be an integer from 8 to 29'],
    ['fails when a given range is misaligned', { pods: '10.5.0.0/14' }, 'use "10.4.0.0/14"'],
  ])('%s', (_, options, message) => {
    expect(() => secondaryRanges('10.0.0.0/16', options)).toThrow(message);
  });

  test('property: ranges are aligned RFC 1918 blocks of the asked size, disjoint from the primary range and each other (or a clear error when none fits)', () => {
    const primary = fc
      .record({ prefix: fc.integer({ min: 8, max: 29 }), address: fc.integer({ min: 0, max: 2 ** 32 - 1 }) })
      .map(({ prefix, address }) => formatCidr({ base: address - (address % blockSize(prefix)), prefix }));
    fc.assert(
      fc.property(primary, fc.integer({ min: 10, max: 24 }), fc.integer({ min: 16, max: 28 }), (cidr, podsPrefix, servicesPrefix) => {
        let ranges: ReturnType<typeof secondaryRanges>;
        try {
          ranges = secondaryRanges(cidr, { podsPrefix, servicesPrefix });
        } catch (e) {
          // e.g. a /10 of pods beside 10.0.0.0/8: no RFC 1918 block has room left, and the error says so
          expect((e as Error).message).toMatch(/^no free \/\d+ for the (pods|services) range in RFC 1918 space next to /);
          return;
        }
        const { pods, services } = ranges;
        const [main, p, s] = [cidr, pods, services].map(parseCidr);
        expect(p.prefix).toBe(podsPrefix);
        expect(s.prefix).toBe(servicesPrefix);
        expect(PRIVATE_BLOCKS.some((b) => contains(b, p))).toBe(true);
        expect(PRIVATE_BLOCKS.some((b) => contains(b, s))).toBe(true);
        expect(overlaps(main, p)).toBe(false);
        expect(overlaps(main, s)).toBe(false);
        expect(overlaps(p, s)).toBe(false);
        expect(secondaryRanges(cidr, { podsPrefix, servicesPrefix })).toEqual({ pods, services });
      }),
      { numRuns: 500 },
    );
  });
});

describe("secondSubnetRanges: a standby region's subnet in the same VPC", () => {
  /** The first subnet's primary, pods, services and private services ranges, as the Network picks them. */
  const firstSubnet = (primary: string): string[] => {
    const ranges = secondaryRanges(primary);
    return [primary, ranges.pods, ranges.services, privateServicesRange(primary, ranges)];
  };

  test('10.0.0.0/16 with the default ranges (pods 10.4.0.0/14, services 10.1.0.0/20, private services 10.2.0.0/16) gets 10.3.0.0/16', () => {
    const [primary, ...taken] = firstSubnet('10.0.0.0/16');
    expect(taken).toEqual(['10.4.0.0/14', '10.1.0.0/20', '10.2.0.0/16']);
    expect(secondSubnetRanges(primary, taken)).toEqual({ cidr: '10.3.0.0/16', pods: '10.8.0.0/14', services: '10.12.0.0/20' });
  });

  test("property: its three ranges overlap each other and none of the first subnet's, the private services range included", () => {
    const primary = fc
      .record({ prefix: fc.integer({ min: 16, max: 24 }), address: fc.integer({ min: 0, max: 2 ** 24 - 1 }) })
      .map(({ prefix, address }) => formatCidr({ base: 10 * 2 ** 24 + address - (address % blockSize(prefix)), prefix }));
    fc.assert(
      fc.property(primary, (cidr) => {
        const first = firstSubnet(cidr);
        const second = secondSubnetRanges(cidr, first.slice(1));
        const blocks = [second.cidr, second.pods, second.services].map(parseCidr);
        expect(parseCidr(second.cidr).prefix).toBe(parseCidr(cidr).prefix);
        for (const [i, b] of blocks.entries()) {
          expect(first.map(parseCidr).filter((t) => overlaps(t, b))).toEqual([]);
          expect(blocks.filter((o, j) => j !== i && overlaps(o, b))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('serviceAccountId', () => {
  test.each([
    ['shop-cluster-nodes', 'shop-cluster-nodes'],
    ['Shop_Cluster-nodes', 'shop-cluster-nodes'],
    ['1shop-nodes', 'sa-1shop-nodes'],
    ['a', 'a-sa-sa'],
    ['a-very-long-stack-name-for-tests-cluster-nodes', 'a-very-long-stack-name-12ce08'],
  ])('%s gives %s', (name, id) => {
    expect(serviceAccountId(name)).toBe(id);
  });

  test('property: always a valid ID, and long names sharing a prefix stay distinct', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][-a-z0-9]{0,60}$/), (name) => {
        expect(serviceAccountId(name)).toMatch(SERVICE_ACCOUNT_ID);
        expect(serviceAccountId(`${name}-x`.padEnd(40, 'y'))).not.toBe(serviceAccountId(`${name}-z`.padEnd(40, 'y')));
      }),
    );
  });
});

describe('initialNodesPerZone', () => {
  test.each([
    [3, 10, 3, 1],
    [4, 10, 3, 2],
    [6, 10, 3, 2],
    [0, 10, 3, 0],
    [4, 4, 3, 1],
    [2, 2, 3, 0],
    [5, 10, 1, 5],
  ])('desired %i, max %i over %i zones: %i per zone', (desired, max, zones, perZone) => {
    expect(initialNodesPerZone(desired, max, zones)).toBe(perZone);
  });
});
