/** The valid specs the fuzz suite mutates: the test fixture, then every example's. */
import type { ProductionStackProps } from 'production-stack';
import { examples } from '../../examples';
import { baseSpec } from '../support/spec';

/** A seed spec and where it comes from. */
export interface Seed {
  readonly name: string;
  readonly spec: ProductionStackProps;
}

/**
 * The fixture with every field of the edge set (each service route option, the gateway's settings, edge
 * routes by path, method, header, weight and to a gRPC port, a metrics path the edge blocks), so that the
 * mutations that pick a path of the seed (set, splice, copy, delete, duplicate) reach each of them.
 */
export function edgeSpec(): ProductionStackProps {
  const base = baseSpec();
  const route = {
    host: 'shop.example.com',
    path: '/',
    port: 'http',
    timeoutSeconds: 30,
    maxBodySize: '8Mi',
    rateLimit: { requestsPerSecond: 100 },
    retries: { attempts: 2, perAttemptTimeoutSeconds: 10 },
    sessionCookie: 'shop-session',
    healthCheck: { path: '/healthz', intervalSeconds: 10 },
    cors: {
      allowOrigins: ['https://app.example.com'],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Authorization'],
      allowCredentials: true,
      maxAgeSeconds: 600,
    },
  };
  return {
    ...base,
    services: base.services.map((s) =>
      s.name === 'api' ? { ...s, route } : s.name === 'web' ? { ...s, metrics: { port: 'http', path: '/metrics' } } : s,
    ),
    edge: {
      clusterIssuer: 'letsencrypt-prod',
      minTlsVersion: '1.3',
      hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: true },
      replicas: 3,
      drainSeconds: 30,
      routes: [
        {
          name: 'shop-web',
          host: 'shop.example.com',
          match: { path: '/web', method: 'GET', headers: { 'X-Canary': 'no' } },
          backends: [
            { service: 'web', port: 'http', weight: 9 },
            { service: 'api', port: 'http', weight: 1 },
          ],
          timeoutSeconds: 10,
        },
        // web's metrics share its http port: the edge answers /metrics 404 on this host
        { name: 'web', host: 'web.example.com', backends: [{ service: 'web' }], rateLimit: { requestsPerSecond: 10 } },
        { name: 'shop-grpc', host: 'grpc.example.com', backends: [{ service: 'api', port: 'grpc' }], timeoutSeconds: 300, healthCheck: {} },
      ],
    },
  };
}

/**
 * The fixture first: it is the smallest, and shrinking moves towards the first seed. The edge fixture comes
 * last, so that the index of every other seed (in a replayed case) stays as it was.
 */
export const SEEDS: readonly Seed[] = [
  { name: 'test/support/spec.ts baseSpec()', spec: baseSpec() },
  ...Object.entries(examples).map(([name, spec]) => ({ name: `examples/${name}`, spec })),
  { name: 'test/fuzz/seeds.ts edgeSpec()', spec: edgeSpec() },
];

/** A deep copy of plain data (specs hold only objects, arrays and primitives), so that mutations never reach the seeds. */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}
