/**
 * The edge with its defaults applied (lib/core/resolve/edge.ts), called directly on small specs: the metrics path
 * a port serves, each route's backends, kind, timeout, options and blocked paths, and the gateway's settings.
 * test/core/edge.test.ts holds the same through validation and `resolve(spec).edge`.
 */
import { resolveEdge, resolveRoutePath, routeInputs, servedMetricsPath } from 'production-stack/core/resolve/edge';
import type { ProductionStackProps } from 'production-stack';
import type { ServiceSpec } from 'production-stack/core/spec/service';

const svc = (name: string, more: Partial<ServiceSpec> = {}): ServiceSpec => ({ name, image: 'x', ...more }) as ServiceSpec;
const api = svc('api', {
  ports: [
    { name: 'http', port: 8080 },
    { name: 'grpc', port: 9090 },
    { name: 'metrics', port: 9091 },
  ],
});
const web = svc('web', { ports: [{ name: 'http', port: 3000 }], metrics: { port: 'http' } });
const rpc = svc('rpc', { ports: [{ name: 'rpc', port: 50051, protocol: 'grpc' }] });
const stack = (services: ServiceSpec[], edge?: ProductionStackProps['edge']) =>
  ({ name: 'shop', cloud: 'aws', region: 'us-west-2', services, edge }) as ProductionStackProps;
const routesOf = (services: ServiceSpec[], edge?: ProductionStackProps['edge']) => resolveEdge(stack(services, edge), 'ns').routes;

describe('the metrics path a port serves', () => {
  test('its metrics port’s path, /metrics by default; the port named metrics without a metrics field', () => {
    expect(servedMetricsPath(web, 'http')).toBe('/metrics');
    expect(servedMetricsPath({ ...web, metrics: { port: 'http', path: '/stats' } }, 'http')).toBe('/stats');
    expect(servedMetricsPath(api, 'metrics')).toBe('/metrics');
  });

  test('none on another port, and none without a service', () => {
    expect(servedMetricsPath(api, 'http')).toBeUndefined();
    expect(servedMetricsPath(web, 'admin')).toBeUndefined();
    expect(servedMetricsPath(undefined, 'http')).toBeUndefined();
    expect(servedMetricsPath(svc('plain', { ports: [{ name: 'http', port: 80 }] }), 'http')).toBeUndefined();
  });
});

test('a route’s path prefix: as declared, else /', () => {
  expect(resolveRoutePath({ path: '/api' })).toBe('/api');
  expect(resolveRoutePath({})).toBe('/');
});

test('the routes as declared: each service’s own in service order, then edge.routes, with where each comes from', () => {
  const inputs = routeInputs({
    services: [
      svc('a', { route: { host: 'a.example.com', path: '/a', port: 'http' } }),
      svc('b'),
      svc('c', { route: { host: 'c.example.com' } }),
    ],
    edge: {
      routes: [
        {
          name: 'shared',
          host: 's.example.com',
          match: { path: '/s', method: 'GET', headers: { 'X-A': '1' } },
          backends: [{ service: 'a' }],
        },
      ],
    },
  });
  expect(inputs.map(({ options: _, ...r }) => r)).toEqual([
    { name: 'a', source: 'services[0].route', host: 'a.example.com', path: '/a', backends: [{ service: 'a', port: 'http' }] },
    { name: 'c', source: 'services[2].route', host: 'c.example.com', path: undefined, backends: [{ service: 'c', port: undefined }] },
    {
      name: 'shared',
      source: 'edge.routes[0]',
      host: 's.example.com',
      path: '/s',
      method: 'GET',
      headers: { 'X-A': '1' },
      backends: [{ service: 'a' }],
    },
  ]);
  expect(routeInputs({ services: [svc('a')] })).toEqual([]);
});

describe('a route’s backends and kind', () => {
  test('a backend’s port: as given, else the service’s default route port; its number from the service; weight 1', () => {
    const [r] = routesOf([{ ...api, route: { host: 'h' } }]);
    expect(r.backends).toEqual([{ service: 'api', port: 'http', number: 8080, weight: 1 }]);
    const [g] = routesOf([{ ...api, route: { host: 'h', port: 'grpc' } }]);
    expect(g.backends).toEqual([{ service: 'api', port: 'grpc', number: 9090, weight: 1 }]);
  });

  test('a backend of no known service or port keeps its name, with no port ("") and number 0 (validation reports it)', () => {
    const routes = routesOf([api], {
      routes: [
        {
          name: 'r',
          host: 'h',
          backends: [
            { service: 'ghost', weight: 3 },
            { service: 'api', port: 'nope' },
          ],
        },
      ],
    });
    expect(routes[0].backends).toEqual([
      { service: 'ghost', port: '', number: 0, weight: 3 },
      { service: 'api', port: 'nope', number: 0, weight: 1 },
    ]);
  });

  test('grpc when every backend’s port speaks gRPC, else http; a route without backends is http', () => {
    const kind = (backends: { service: string; port?: string }[]) =>
      routesOf([api, rpc], { routes: [{ name: 'r', host: 'h', backends }] })[0].kind;
    expect(kind([{ service: 'rpc' }])).toBe('grpc');
    expect(kind([{ service: 'api', port: 'grpc' }, { service: 'rpc' }])).toBe('grpc');
    expect(kind([{ service: 'api', port: 'http' }, { service: 'rpc' }])).toBe('http');
    expect(kind([{ service: 'rpc' }, { service: 'api', port: 'http' }])).toBe('http');
    expect(kind([])).toBe('http');
  });

  test('a time limit of 60 s on an http route, none (0) on a grpc route, unless one is given', () => {
    expect(routesOf([{ ...api, route: { host: 'h' } }])[0].timeoutSeconds).toBe(60);
    expect(routesOf([{ ...rpc, route: { host: 'h' } }])[0].timeoutSeconds).toBe(0);
    expect(routesOf([{ ...rpc, route: { host: 'h', timeoutSeconds: 30 } }])[0].timeoutSeconds).toBe(30);
    expect(routesOf([{ ...api, route: { host: 'h', timeoutSeconds: 0 } }])[0].timeoutSeconds).toBe(0);
  });
});

describe('a route’s options', () => {
  test('none set: no headers, every option undefined', () => {
    const [r] = routesOf([{ ...api, route: { host: 'h' } }]);
    expect(r).toMatchObject({ headers: {}, path: '/', method: undefined });
    expect([r.maxBodySize, r.rateLimit, r.retries, r.sessionCookie, r.cors, r.healthCheck]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('CORS: the origins given, the methods, headers, credentials and max age by default or as given', () => {
    const cors = (c: object) => routesOf([{ ...api, route: { host: 'h', cors: { allowOrigins: ['https://a'], ...c } } }])[0].cors;
    expect(cors({})).toEqual({
      allowOrigins: ['https://a'],
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Content-Type', 'Authorization'],
      allowCredentials: false,
      maxAgeSeconds: 5,
    });
    expect(cors({ allowMethods: ['GET'], allowHeaders: ['X-A'], allowCredentials: true, maxAgeSeconds: 600 })).toEqual({
      allowOrigins: ['https://a'],
      allowMethods: ['GET'],
      allowHeaders: ['X-A'],
      allowCredentials: true,
      maxAgeSeconds: 600,
    });
  });

  test('a health check every 5 s by default, its path kept', () => {
    const check = (h: object) => routesOf([{ ...api, route: { host: 'h', healthCheck: h } }])[0].healthCheck;
    expect(check({ path: '/healthz' })).toEqual({ path: '/healthz', intervalSeconds: 5 });
    expect(check({ path: '/healthz', intervalSeconds: 10 })).toEqual({ path: '/healthz', intervalSeconds: 10 });
  });

  test('the other options as given', () => {
    const [r] = routesOf([api], {
      routes: [
        {
          name: 'r',
          host: 'h',
          backends: [{ service: 'api', port: 'http' }],
          maxBodySize: '8Mi',
          rateLimit: { requestsPerSecond: 10 },
          retries: { attempts: 2 },
          sessionCookie: 'sid',
        },
      ],
    });
    expect([r.maxBodySize, r.rateLimit, r.retries, r.sessionCookie]).toEqual(['8Mi', { requestsPerSecond: 10 }, { attempts: 2 }, 'sid']);
  });
});

describe('the paths a route never serves', () => {
  test('a backend’s metrics path when its metrics share the routed port and lie under the route’s path, as read', () => {
    expect(routesOf([{ ...web, route: { host: 'h' } }])[0].blockedPaths).toEqual(['/metrics']);
    expect(
      routesOf([{ ...web, metrics: { port: 'http', path: '/API/Stats' }, route: { host: 'h', path: '/api' } }])[0].blockedPaths,
    ).toEqual(['/API/Stats']);
    expect(routesOf([{ ...web, route: { host: 'h', path: '/api' } }])[0].blockedPaths).toEqual([]);
    expect(routesOf([{ ...api, route: { host: 'h' } }])[0].blockedPaths).toEqual([]);
  });

  test('none on a grpc route, which serves no path', () => {
    const grpcMetrics = svc('g', { ports: [{ name: 'rpc', port: 50051, protocol: 'grpc' }], metrics: { port: 'rpc' } });
    expect(routesOf([{ ...grpcMetrics, route: { host: 'h' } }])[0]).toMatchObject({ kind: 'grpc', blockedPaths: [] });
  });

  test('over several backends: each path once, sorted', () => {
    const stats = svc('stats', { ports: [{ name: 'http', port: 80 }], metrics: { port: 'http', path: '/a-stats' } });
    const web2 = svc('web2', { ports: [{ name: 'http', port: 80 }], metrics: { port: 'http' } });
    const [r] = routesOf([web, web2, stats], {
      routes: [{ name: 'r', host: 'h', backends: [{ service: 'web' }, { service: 'web2' }, { service: 'stats' }] }],
    });
    expect(r.blockedPaths).toEqual(['/a-stats', '/metrics']);
  });
});

describe('the gateway and its settings', () => {
  test('the stack’s own gateway, named after the stack, in the namespace given, with the defaults', () => {
    const e = resolveEdge(stack([{ ...api, route: { host: 'a.example.com' } }]), 'shop-prod');
    expect({ ...e, routes: undefined }).toEqual({
      gateway: { name: 'shop', namespace: 'shop-prod', own: true },
      clusterIssuer: 'letsencrypt-prod',
      minTlsVersion: '1.2',
      hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: false },
      replicas: 2,
      drainSeconds: 60,
      routes: undefined,
      hosts: ['a.example.com'],
    });
  });

  test('a shared gateway is named as given and not the stack’s own; the settings given replace the defaults', () => {
    const e = resolveEdge(
      stack([], {
        sharedGateway: { name: 'shared', namespace: 'gateways' },
        clusterIssuer: 'letsencrypt-dns',
        minTlsVersion: '1.3',
        hsts: { maxAgeSeconds: 60, includeSubDomains: undefined },
        replicas: 3,
        drainSeconds: 30,
      }),
      'ns',
    );
    expect(e).toEqual({
      gateway: { name: 'shared', namespace: 'gateways', own: false },
      clusterIssuer: 'letsencrypt-dns',
      minTlsVersion: '1.3',
      // a field given as undefined keeps its default
      hsts: { maxAgeSeconds: 60, includeSubDomains: false },
      replicas: 3,
      drainSeconds: 30,
      routes: [],
      hosts: [],
    });
  });

  test('hsts: false sends none', () => {
    expect(resolveEdge(stack([], { hsts: false }), 'ns').hsts).toBeUndefined();
  });

  test('the hosts of the routes, each once, in order of first appearance', () => {
    const e = resolveEdge(
      stack([{ ...api, route: { host: 'b' } }], {
        routes: [
          { name: 'r1', host: 'a', backends: [{ service: 'api' }] },
          { name: 'r2', host: 'b', backends: [{ service: 'api' }] },
          { name: 'r3', host: 'a', backends: [{ service: 'api' }] },
        ],
      }),
      'ns',
    );
    expect(e.hosts).toEqual(['b', 'a']);
  });
});
