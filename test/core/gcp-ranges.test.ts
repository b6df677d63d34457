/**
 * The ranges of a GKE subnet (lib/core/gcp-ranges.ts): pods and services secondary ranges (GKE's defaults, /14 and
 * /20), the private services range (Google recommends a /16; Cloud SQL needs at least a /24), and a second subnet's.
 * Every picked range is an aligned RFC 1918 block overlapping nothing taken.
 */
import {
  DEFAULT_PODS_PREFIX,
  DEFAULT_PRIVATE_SERVICES_PREFIX,
  DEFAULT_SERVICES_PREFIX,
  privateServicesRange,
  secondSubnetRanges,
  secondaryRanges,
} from 'production-stack/core/gcp-ranges';

test('GKE’s defaults: pods /14, services /20; the private services range a /16', () => {
  expect([DEFAULT_PODS_PREFIX, DEFAULT_SERVICES_PREFIX, DEFAULT_PRIVATE_SERVICES_PREFIX]).toEqual([14, 20, 16]);
});

describe('the secondary ranges', () => {
  test('after the primary range in its private block: 10.0.0.0/16 gets pods 10.4.0.0/14, services 10.1.0.0/20', () => {
    expect(secondaryRanges('10.0.0.0/16')).toEqual({ pods: '10.4.0.0/14', services: '10.1.0.0/20' });
  });

  test('other sizes; the services range avoids the pods range', () => {
    expect(secondaryRanges('10.0.0.0/16', { podsPrefix: 16 })).toEqual({ pods: '10.1.0.0/16', services: '10.2.0.0/20' });
    expect(secondaryRanges('10.0.0.0/16', { podsPrefix: 8 + 8, servicesPrefix: 24 })).toEqual({
      pods: '10.1.0.0/16',
      services: '10.2.0.0/24',
    });
  });

  test('a primary range in 192.168.0.0/16, which has no room, takes its ranges from 10.0.0.0/8', () => {
    expect(secondaryRanges('192.168.0.0/16')).toEqual({ pods: '10.0.0.0/14', services: '10.4.0.0/20' });
  });

  test('a primary range in 172.16.0.0/12 with room left there takes its ranges there, not from 10.0.0.0/8', () => {
    expect(secondaryRanges('172.16.0.0/16')).toEqual({ pods: '172.20.0.0/14', services: '172.17.0.0/20' });
  });

  test('ranges taken elsewhere in the VPC are avoided', () => {
    expect(secondaryRanges('10.0.0.0/16', { taken: ['10.4.0.0/14', '10.1.0.0/20'] })).toEqual({
      pods: '10.8.0.0/14',
      services: '10.1.16.0/20',
    });
  });

  test('given ranges are used as they are', () => {
    expect(secondaryRanges('10.0.0.0/16', { pods: '10.64.0.0/14', services: '10.1.0.0/20' })).toEqual({
      pods: '10.64.0.0/14',
      services: '10.1.0.0/20',
    });
    expect(secondaryRanges('10.0.0.0/16', { services: '10.4.0.0/20' })).toEqual({ pods: '10.8.0.0/14', services: '10.4.0.0/20' });
    expect(secondaryRanges('10.0.0.0/16', { pods: '10.1.0.0/16' })).toEqual({ pods: '10.1.0.0/16', services: '10.2.0.0/20' });
  });

  test('a given range that overlaps the primary, a taken or the other range is refused, naming both', () => {
    expect(() => secondaryRanges('10.0.0.0/16', { services: '10.0.16.0/20' })).toThrow(
      new Error('the services range 10.0.16.0/20 overlaps the primary range 10.0.0.0/16'),
    );
    expect(() => secondaryRanges('10.0.0.0/16', { pods: '10.0.0.0/8' })).toThrow(
      new Error('the pods range 10.0.0.0/8 overlaps the primary range 10.0.0.0/16'),
    );
    expect(() => secondaryRanges('10.0.0.0/16', { pods: '10.4.0.0/14', taken: ['10.6.0.0/16'] })).toThrow(
      new Error('the pods range 10.4.0.0/14 overlaps the taken 10.6.0.0/16 range 10.6.0.0/16'),
    );
    expect(() => secondaryRanges('10.0.0.0/16', { pods: '10.0.0.0/8', services: '10.1.0.0/20', taken: [] })).toThrow(
      /overlaps the primary range/,
    );
    expect(() => secondaryRanges('10.0.0.0/16', { pods: '10.4.0.0/14', services: '10.5.0.0/20' })).toThrow(
      new Error('the pods range 10.4.0.0/14 overlaps the services range 10.5.0.0/20'),
    );
  });

  test.each<[string, object]>([
    ['podsPrefix (7) must be an integer from 8 to 29', { podsPrefix: 7 }],
    ['podsPrefix (30) must be an integer from 8 to 29', { podsPrefix: 30 }],
    ['podsPrefix (14.5) must be an integer from 8 to 29', { podsPrefix: 14.5 }],
    ['servicesPrefix (7) must be an integer from 8 to 29', { servicesPrefix: 7 }],
    ['servicesPrefix (30) must be an integer from 8 to 29', { servicesPrefix: 30 }],
  ])('%s', (message, options) => {
    expect(() => secondaryRanges('10.0.0.0/16', options)).toThrow(new Error(message));
  });

  test('prefixes 8 and 29 are accepted', () => {
    expect(secondaryRanges('10.0.0.0/16', { podsPrefix: 29, servicesPrefix: 29 })).toEqual({
      pods: '10.1.0.0/29',
      services: '10.1.0.8/29',
    });
    expect(secondaryRanges('192.168.0.0/16', { podsPrefix: 8 })).toEqual({ pods: '10.0.0.0/8', services: '172.16.0.0/20' });
  });

  test('no room left in RFC 1918 space: refused, asking for the range', () => {
    expect(() => secondaryRanges('10.0.0.0/8', { podsPrefix: 8 })).toThrow(
      new Error('no free /8 for the pods range in RFC 1918 space next to 10.0.0.0/8; give the range explicitly'),
    );
    expect(() => secondaryRanges('10.0.0.0/8', { pods: '172.16.0.0/12', servicesPrefix: 12, taken: ['192.168.0.0/16'] })).toThrow(
      new Error('no free /12 for the services range in RFC 1918 space next to 10.0.0.0/8; give the range explicitly'),
    );
  });
});

describe('the private services range', () => {
  const ranges = { pods: '10.4.0.0/14', services: '10.1.0.0/20' };

  test('the first free /16 after the primary range: 10.2.0.0/16 for 10.0.0.0/16', () => {
    expect(privateServicesRange('10.0.0.0/16', ranges)).toBe('10.2.0.0/16');
  });

  test('of another size: the first free /24 skips the services range', () => {
    expect(privateServicesRange('10.0.0.0/16', ranges, undefined, 24)).toBe('10.1.16.0/24');
    // 192.168.0.0/16 has no room for a /12: 10.0.0.0/8, past the pods range 10.0.0.0/14
    expect(privateServicesRange('192.168.0.0/16', { pods: '10.0.0.0/14', services: '10.4.0.0/20' }, undefined, 12)).toBe('10.16.0.0/12');
  });

  test('a primary range in 172.16.0.0/12 gets its private services range there, past its services range', () => {
    expect(privateServicesRange('172.16.0.0/16', { pods: '172.20.0.0/14', services: '172.17.0.0/20' })).toBe('172.18.0.0/16');
  });

  test('a size outside /8 to /24 is refused', () => {
    expect(() => privateServicesRange('10.0.0.0/16', ranges, undefined, 25)).toThrow(
      new Error('prefix (25) must be an integer from 8 to 24'),
    );
    expect(() => privateServicesRange('10.0.0.0/16', ranges, undefined, 7)).toThrow(
      new Error('prefix (7) must be an integer from 8 to 24'),
    );
    expect(() => privateServicesRange('10.0.0.0/16', ranges, undefined, 16.5)).toThrow(
      new Error('prefix (16.5) must be an integer from 8 to 24'),
    );
  });

  test('no free block left: refused, asking for the range', () => {
    expect(() => privateServicesRange('10.0.0.0/16', ranges, undefined, 8)).toThrow(
      new Error('no free /8 for the private services range in RFC 1918 space next to 10.0.0.0/16; give the range explicitly'),
    );
  });

  test('a given range: in RFC 1918 space, a /24 or larger, overlapping none of the subnet’s', () => {
    expect(privateServicesRange('10.0.0.0/16', ranges, '10.2.0.0/16')).toBe('10.2.0.0/16');
    expect(privateServicesRange('10.0.0.0/16', ranges, '172.16.0.0/24')).toBe('172.16.0.0/24');
    expect(() => privateServicesRange('10.0.0.0/16', ranges, '8.8.0.0/16')).toThrow(
      new Error('the private services range 8.8.0.0/16 must be in RFC 1918 space'),
    );
    expect(() => privateServicesRange('10.0.0.0/16', ranges, '172.16.0.0/25')).toThrow(
      new Error('the private services range 172.16.0.0/25 must be a /24 or larger (Cloud SQL needs a /24)'),
    );
    expect(() => privateServicesRange('10.0.0.0/16', ranges, '10.0.0.0/24')).toThrow(
      new Error('the private services range 10.0.0.0/24 overlaps the primary range 10.0.0.0/16'),
    );
    expect(() => privateServicesRange('10.0.0.0/16', ranges, '10.4.0.0/16')).toThrow(
      new Error('the private services range 10.4.0.0/16 overlaps the pods range 10.4.0.0/14'),
    );
    expect(() => privateServicesRange('10.0.0.0/16', ranges, '10.1.0.0/16')).toThrow(
      new Error('the private services range 10.1.0.0/16 overlaps the services range 10.1.0.0/20'),
    );
  });
});

describe('a second subnet', () => {
  test('as large as the first, after what is taken, with its own ranges avoiding the first’s (10.3.0.0/16 after 10.2.0.0/16)', () => {
    expect(secondSubnetRanges('10.0.0.0/16', ['10.4.0.0/14', '10.1.0.0/20', '10.2.0.0/16'])).toEqual({
      cidr: '10.3.0.0/16',
      pods: '10.8.0.0/14',
      services: '10.12.0.0/20',
    });
  });

  test('none left: refused', () => {
    expect(() => secondSubnetRanges('10.0.0.0/8', ['172.16.0.0/12', '192.168.0.0/16'])).toThrow(
      new Error('no free /8 for a second subnet in RFC 1918 space next to 10.0.0.0/8'),
    );
  });
});
