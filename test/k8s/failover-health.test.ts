/**
 * The HTTPRoute of each region's failover health check (AWS): the region's own host on the gateway's plain HTTP
 * listener, one exact GET path, to the service serving `/` of the failover name; what the API server takes (a
 * Gateway API path match holds no query) and what the TLS check allows on plain HTTP.
 */
import type { ProductionStackProps } from 'production-stack';
import { baseSpec } from '../support/spec';
import { type Manifest, synth } from '../support/synth';
import { tlsProblems } from '../../lib/k8s/edge-checks';

const dns = { zoneId: 'Z0123456789ABCDEFGHIJ', name: 'shop.example.com' };
const withDns = (extra: Record<string, unknown> = {}, over: Partial<ProductionStackProps> = {}): ProductionStackProps => ({
  ...baseSpec(),
  ...over,
  dr: { standbyRegion: 'us-east-1', dns: { ...dns, ...extra } },
});
const healthRoute = (objects: Manifest[]) => objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'shop-failover-health');

test('AWS: the region host, one exact GET path without its query, to the service serving / of the name', () => {
  const objects = synth(withDns({ healthCheckPath: '/readyz?full=1' }));
  const route = healthRoute(objects)!;
  expect(route.spec).toEqual({
    parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shop', sectionName: 'http' }],
    hostnames: ['us-west-2.shop.example.com'],
    rules: [
      { matches: [{ path: { type: 'Exact', value: '/readyz' }, method: 'GET' }], backendRefs: [{ name: 'api', port: 8080, weight: 1 }] },
    ],
  });
  // the one route served on plain HTTP besides the redirect, and the TLS check knows it for what it is
  expect(tlsProblems(objects)).toEqual([]);
  // a second host on it is no health check
  route.spec.hostnames.push('shop.example.com');
  expect(tlsProblems(objects)).toEqual(['HTTPRoute/shop-failover-health: serves plain HTTP on listener http of Gateway/shop']);
});

test('none on GCP (its check requests the served name over HTTPS), nor without failover DNS', () => {
  const gcp = {
    ...withDns(),
    cloud: 'gcp',
    region: 'us-central1',
    dr: { standbyRegion: 'us-east1', dns: { ...dns, zoneId: 'example-com' } },
  } as const;
  expect(healthRoute(synth(gcp as ProductionStackProps))).toBeUndefined();
  expect(healthRoute(synth(baseSpec()))).toBeUndefined();
});
