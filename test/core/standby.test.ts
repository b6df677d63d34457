/** The standby settings of `dr`: defaults and validation of mode, activeRegion and dns. */
import { type ProductionStackProps, ValidationError, check, resolve, validate } from 'production-stack/core';
import { baseSpec } from '../support/spec';

const spec = baseSpec();
const STANDBY = 'us-east-1';
const withDr = (dr: NonNullable<ProductionStackProps['dr']>, over: Partial<ProductionStackProps> = {}): ProductionStackProps => ({
  ...spec,
  ...over,
  dr,
});
const dns = { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' };

function problemsOf(props: unknown): string[] {
  return check(props).map((p) => `${p.path}: ${p.rule}`);
}

describe('defaults', () => {
  test('without a standby region: the region is active, no mode, no DNS', () => {
    const dr = resolve(spec).dr;
    expect([dr.activeRegion, dr.mode, dr.dns]).toEqual([spec.region, undefined, undefined]);
  });

  test('with one: pilot-light, the primary active, each region served at <region>.<name>, health checked on /healthz', () => {
    const dr = resolve(withDr({ standbyRegion: STANDBY, dns })).dr;
    expect(dr).toMatchObject({
      mode: 'pilot-light',
      activeRegion: spec.region,
      dns: {
        ...dns,
        targets: { [spec.region]: `${spec.region}.shop.example.com`, [STANDBY]: `${STANDBY}.shop.example.com` },
        healthCheckPath: '/healthz',
      },
    });
  });

  test('given targets are merged with the defaults, never replacing the other region', () => {
    const dr = resolve(withDr({ standbyRegion: STANDBY, dns: { ...dns, targets: { [STANDBY]: 'lb.us-east-1.example.net' } } })).dr;
    expect(dr.dns?.targets).toEqual({ [spec.region]: `${spec.region}.shop.example.com`, [STANDBY]: 'lb.us-east-1.example.net' });
  });
});

describe('validation', () => {
  test.each<[string, ProductionStackProps['dr'], string[]]>([
    ['the primary is active', { standbyRegion: STANDBY, activeRegion: spec.region }, []],
    ['the standby is active', { standbyRegion: STANDBY, activeRegion: STANDBY, mode: 'warm-standby', dns }, []],
  ])('passes when %s', (_, dr, problems) => {
    expect(problemsOf(withDr(dr ?? {}))).toEqual(problems);
  });

  test.each<[string, unknown, string, RegExp]>([
    [
      'activeRegion is neither region',
      { standbyRegion: STANDBY, activeRegion: 'ap-south-1' },
      'dr.activeRegion',
      /must be the region or the standby region \("/,
    ],
    [
      'activeRegion names a region with no standby',
      { activeRegion: STANDBY },
      'dr.activeRegion',
      /must be the region or the standby region/,
    ],
    ['mode is unknown', { standbyRegion: STANDBY, mode: 'hot' }, 'dr.mode', /"hot" must be "pilot-light" or "warm-standby"/],
    ['mode has no standby region', { mode: 'warm-standby' }, 'dr.mode', /there is no standby region/],
    ['dns has no standby region', { dns }, 'dr.dns', /need a standby region/],
    [
      'the zone ID is not a Route 53 one',
      { standbyRegion: STANDBY, dns: { ...dns, zoneId: 'example.com' } },
      'dr.dns.zoneId',
      /hosted zone ID/,
    ],
    [
      'the name is not a host name',
      { standbyRegion: STANDBY, dns: { ...dns, name: '*.example.com' } },
      'dr.dns.name',
      /must be a host name/,
    ],
    ['the name is a single label', { standbyRegion: STANDBY, dns: { ...dns, name: 'shop' } }, 'dr.dns.name', /must be a host name/],
    [
      'the name is the host of no ingress',
      { standbyRegion: STANDBY, dns: { ...dns, name: 'www.example.com' } },
      'dr.dns.name',
      /"www.example.com" is the host of no ingress: .*use an ingress host \("shop.example.com"\)/,
    ],
    [
      'a target names a third region',
      { standbyRegion: STANDBY, dns: { ...dns, targets: { 'ap-south-1': 'lb.example.net' } } },
      'dr.dns.targets.ap-south-1',
      /neither the region nor the standby region/,
    ],
    [
      'the health check path is relative',
      { standbyRegion: STANDBY, dns: { ...dns, healthCheckPath: 'healthz' } },
      'dr.dns.healthCheckPath',
      /starting with "\/"/,
    ],
  ])('fails when %s', (_, dr, path, rule) => {
    const props = { ...spec, dr };
    const problems = problemsOf(props);
    expect(problems.find((p) => p.startsWith(`${path}: `))).toMatch(rule);
    expect(() => validate(props as ProductionStackProps)).toThrow(ValidationError);
  });

  test('fails when no service has an ingress for the failover name', () => {
    const noIngress = withDr({ standbyRegion: STANDBY, dns }, { services: spec.services.map(({ ingress: _ingress, ...s }) => s) });
    expect(problemsOf(noIngress).find((p) => p.startsWith('dr.dns.name: '))).toMatch(/no service has an ingress: add one with this host/);
  });

  test.each<[string, NonNullable<ProductionStackProps['dr']>, string]>([
    ['a failover', { standbyRegion: 'us-east1', activeRegion: 'us-east1' }, 'dr.activeRegion'],
    ['a standby mode', { standbyRegion: 'us-east1', mode: 'warm-standby' }, 'dr.mode'],
    ['failover DNS', { standbyRegion: 'us-east1', dns }, 'dr.dns'],
  ])('fails when GCP asks for %s (AWS only so far); a standby region alone is fine', (_, dr, path) => {
    const gcp: Partial<ProductionStackProps> = { cloud: 'gcp', region: 'us-central1' };
    expect(problemsOf(withDr(dr, gcp)).find((p) => p.startsWith(`${path}: `))).toMatch(/AWS only so far/);
    expect(problemsOf(withDr({ standbyRegion: 'us-east1' }, gcp))).toEqual([]);
  });
});
