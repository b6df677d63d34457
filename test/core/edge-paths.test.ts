/**
 * The edge's fixed parts and path arithmetic (lib/core/edge.ts): Envoy Gateway's names and labels (its
 * documentation and the labels it sets on the Envoy pods), the load balancer Service's name, a route's default
 * port, and a path as the most lenient backend reads it.
 */
import { createHash } from 'crypto';
import {
  ENVOY_GATEWAY,
  ENVOY_PROXY_LABELS,
  defaultRoutePort,
  encodedPathPattern,
  envoyProxyLabels,
  envoyServiceName,
  pathAsRead,
  readUnderPrefix,
} from 'production-stack/core/edge';
import type { ServiceSpec } from 'production-stack/core/spec/service';

test('Envoy Gateway: its namespace, controller name and xDS port (its documentation), and the class the add-on installs', () => {
  expect(ENVOY_GATEWAY).toEqual({
    namespace: 'envoy-gateway-system',
    gatewayClass: 'envoy-gateway',
    controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
    xdsPort: 18000,
  });
});

test('the Envoy pods of a Gateway carry the proxy labels and their Gateway’s name and namespace', () => {
  expect(ENVOY_PROXY_LABELS).toEqual({ 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' });
  expect(envoyProxyLabels({ name: 'shop', namespace: 'prod' })).toEqual({
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'gateway.envoyproxy.io/owning-gateway-name': 'shop',
    'gateway.envoyproxy.io/owning-gateway-namespace': 'prod',
  });
});

describe('the load balancer Service’s name', () => {
  const hash8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

  test('envoy-<name>-<8 hex digits of SHA-256 of namespace/name>', () => {
    expect(envoyServiceName({ name: 'shop', namespace: 'prod' })).toBe(`envoy-shop-${hash8('prod/shop')}`);
  });

  test('a-b/c and a/b-c get different names', () => {
    expect(envoyServiceName({ namespace: 'a-b', name: 'c' })).not.toBe(envoyServiceName({ namespace: 'a', name: 'b-c' }));
    expect(envoyServiceName({ namespace: 'a', name: 'b' })).toBe(`envoy-b-${hash8('a/b')}`);
  });

  test('a name past 48 characters is cut there: at most 63 characters, a Service name’s limit (RFC 1035 label)', () => {
    const long = 'x'.repeat(60);
    expect(envoyServiceName({ name: long, namespace: 'n' })).toBe(`envoy-${'x'.repeat(48)}-${hash8(`n/${long}`)}`);
    expect(envoyServiceName({ name: long, namespace: 'n' })).toHaveLength(63);
    expect(envoyServiceName({ name: 'y'.repeat(48), namespace: 'n' })).toHaveLength(63);
    expect(envoyServiceName({ name: 'y'.repeat(47), namespace: 'n' })).toHaveLength(62);
  });
});

describe('a route’s default port', () => {
  const svc = (ports?: ServiceSpec['ports']) => ({ name: 'api', image: 'x', ports }) as ServiceSpec;

  test('the first http or grpc port, even when another is added after it', () => {
    expect(
      defaultRoutePort(
        svc([
          { name: 'http', port: 8080 },
          { name: 'admin', port: 9000 },
        ]),
      ),
    ).toBe('http');
    expect(
      defaultRoutePort(
        svc([
          { name: 'admin', port: 9000 },
          { name: 'http', port: 8080 },
        ]),
      ),
    ).toBe('admin');
    expect(defaultRoutePort(svc([{ name: 'grpc', port: 9090 }]))).toBe('grpc');
  });

  test('not a tcp port, not one named metrics', () => {
    expect(
      defaultRoutePort(
        svc([
          { name: 'db', port: 5432, protocol: 'tcp' },
          { name: 'metrics', port: 9100 },
          { name: 'web', port: 80 },
        ]),
      ),
    ).toBe('web');
    expect(defaultRoutePort(svc([{ name: 'metrics', port: 9100 }]))).toBeUndefined();
  });

  test('none without ports', () => {
    expect(defaultRoutePort(svc(undefined))).toBeUndefined();
    expect(defaultRoutePort(svc([]))).toBeUndefined();
  });
});

describe('a path and what is below it, as any backend may read it (RE2, matched against the whole path)', () => {
  test('each character also as its percent-encoding, a segment with ; parameters, slashes repeated, any case', () => {
    expect(encodedPathPattern('/metrics')).toBe('(?i)/+(?:m|%6d)(?:e|%65)(?:t|%74)(?:r|%72)(?:i|%69)(?:c|%63)(?:s|%73)(?:;[^/]*)?(?:/.*)?');
    expect(encodedPathPattern('/a.b/c-d/')).toBe(
      '(?i)/+(?:a|%61)(?:\\.|%2e)(?:b|%62)(?:;[^/]*)?/+(?:c|%63)(?:\\-|%2d)(?:d|%64)(?:;[^/]*)?(?:/.*)?',
    );
  });

  test('every leading and trailing slash is dropped before the segments are written', () => {
    expect(encodedPathPattern('//x//')).toBe('(?i)/+(?:x|%78)(?:;[^/]*)?(?:/.*)?');
  });

  test('a character below 0x10 is two hex digits too', () => {
    expect(encodedPathPattern('/\t')).toBe('(?i)/+(?:\\\t|%09)(?:;[^/]*)?(?:/.*)?');
  });

  test('the spellings it matches and the ones it does not', () => {
    const re = new RegExp(`^${encodedPathPattern('//metrics/')!.replace('(?i)', '')}$`, 'i');
    for (const p of ['/metrics', '/METRICS', '/%6Detrics', '/%6detrics', '//metrics', '/metrics;jsessionid=1', '/metrics/x', '/metrics/'])
      expect([p, re.test(p)]).toEqual([p, true]);
    for (const p of ['/metricsx', '/metric', '/x/metrics', 'metrics']) expect([p, re.test(p)]).toEqual([p, false]);
  });

  test('read: percent-encodings decoded but %2F (either case), ; parameters dropped, slashes collapsed, lowercase', () => {
    expect(pathAsRead('/%6Detrics')).toBe('/metrics');
    expect(pathAsRead('/a%2Fb')).toBe('/a%2fb');
    expect(pathAsRead('/a%2fb')).toBe('/a%2fb');
    expect(pathAsRead('/metrics;x=1/y;z')).toBe('/metrics/y');
    expect(pathAsRead('//a///b')).toBe('/a/b');
    expect(pathAsRead('/a/b')).toBe('/a/b');
    expect(pathAsRead('/METRICS')).toBe('/metrics');
    expect(pathAsRead('/%zz')).toBe('/%zz');
  });

  test('under a prefix: the prefix itself or below it, segment by segment, as read', () => {
    expect(readUnderPrefix('/metrics', '/metrics')).toBe(true);
    expect(readUnderPrefix('/metrics/x', '/metrics/')).toBe(true);
    expect(readUnderPrefix('/%6Detrics;a', '/metrics')).toBe(true);
    expect(readUnderPrefix('//METRICS//x', '/metrics')).toBe(true);
    expect(readUnderPrefix('/metricsx', '/metrics')).toBe(false);
    expect(readUnderPrefix('/api', '/metrics')).toBe(false);
    expect(readUnderPrefix('/x/metrics', '/metrics')).toBe(false);
    expect(readUnderPrefix('/anything', '/')).toBe(true);
  });
});
