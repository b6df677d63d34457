/**
 * The edge with its defaults applied: the gateway the routes attach to, and every route (the services'
 * short forms and `edge.routes`) in one list, each with its backends' ports and the paths it must never
 * serve. Plain data; the cdk8s side turns it into Gateway API and Envoy Gateway objects.
 */
import { defaultRoutePort, readUnderPrefix } from '../edge';
import { k8sNames } from '../naming';
import { portProtocol } from '../ports';
import type {
  CorsSpec,
  EdgeSpec,
  HealthCheckSpec,
  RateLimitSpec,
  RetrySpec,
  RouteBackendSpec,
  RouteSpec,
  ServiceRouteSpec,
} from '../spec/edge';
import type { ServiceSpec } from '../spec/service';
import type { ProductionStackProps } from '../spec/stack';
import { DEFAULTS, EDGE_DEFAULTS } from './defaults';
import { overDefaults } from './merge';

/** A backend of a route, with its port resolved. */
export interface ResolvedBackend {
  readonly service: string;
  /** Port name. */
  readonly port: string;
  /** Port number. */
  readonly number: number;
  readonly weight: number;
}

/** A route with its defaults applied. */
export interface ResolvedRoute {
  /** Name of its HTTPRoute or GRPCRoute (and of its BackendTrafficPolicy). */
  readonly name: string;
  /** Where it was declared in the spec, for messages: `services[0].route` or `edge.routes[1]`. */
  readonly source: string;
  readonly host: string;
  /** `grpc` when its backends' ports speak gRPC (a GRPCRoute), else `http`. */
  readonly kind: 'http' | 'grpc';
  readonly path: string;
  readonly method?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly backends: readonly ResolvedBackend[];
  /** Seconds until the gateway answers 504; 0 for none (a gRPC route's default: streams may last). */
  readonly timeoutSeconds?: number;
  readonly maxBodySize?: string;
  readonly rateLimit?: RateLimitSpec;
  readonly retries?: RetrySpec;
  readonly sessionCookie?: string;
  readonly cors?: Required<CorsSpec>;
  readonly healthCheck?: Required<Pick<HealthCheckSpec, 'intervalSeconds'>> & HealthCheckSpec;
  /**
   * Path prefixes answered 404 at the edge: a backend's metrics path when its metrics share the routed
   * port and fall under the route's path (metrics are for Prometheus inside the cluster).
   */
  readonly blockedPaths: readonly string[];
}

/** The gateway the routes attach to. */
export interface ResolvedGateway {
  readonly name: string;
  readonly namespace: string;
  /** Whether the stack owns it (creates the Gateway, its EnvoyProxy, listeners and certificates). */
  readonly own: boolean;
}

/** The edge with its defaults applied. */
export interface ResolvedEdge {
  readonly gateway: ResolvedGateway;
  readonly clusterIssuer: string;
  readonly minTlsVersion: '1.2' | '1.3';
  readonly hsts?: { readonly maxAgeSeconds: number; readonly includeSubDomains: boolean };
  readonly replicas: number;
  readonly drainSeconds: number;
  /** Every route: the services' own (in service order), then `edge.routes`. */
  readonly routes: readonly ResolvedRoute[];
  /** The hosts of the routes, each once, in order of first appearance. */
  readonly hosts: readonly string[];
}

/**
 * The path Prometheus scrapes a service's metrics on when it does so on `port` (its `metrics.port`, or the
 * port named `metrics`): `metrics.path`, else `/metrics`. Undefined when the metrics are on another port.
 */
export function servedMetricsPath(service: Pick<ServiceSpec, 'ports' | 'metrics'> | undefined, port: string): string | undefined {
  if (!service) return undefined;
  const metricsPort = service.metrics?.port ?? service.ports?.find((p) => p.name === 'metrics')?.name;
  if (metricsPort !== port) return undefined;
  return typeof service.metrics?.path === 'string' ? service.metrics.path : DEFAULTS.monitoring.metricsPath;
}

const protocolOf = (service: ServiceSpec | undefined, port: string): string | undefined => {
  const p = service?.ports?.find((x) => x.name === port);
  return p && portProtocol(p);
};

/** The path prefix a route matches: as declared, else `/`. */
export function resolveRoutePath(r: { readonly path?: string }): string {
  return r.path ?? EDGE_DEFAULTS.path;
}

/** A route as declared, before its defaults. */
export interface RouteInput {
  readonly name: string;
  readonly source: string;
  readonly host: string;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly backends: readonly RouteBackendSpec[];
  readonly options: RouteSpec | ServiceRouteSpec;
}

function resolveRoute(r: RouteInput, services: ReadonlyMap<string, ServiceSpec>): ResolvedRoute {
  const backends = r.backends.map((b) => {
    const service = services.get(b.service);
    const port = b.port ?? (service ? defaultRoutePort(service) : undefined) ?? '';
    const number = service?.ports?.find((p) => p.name === port)?.port ?? 0;
    return { service: b.service, port, number, weight: b.weight ?? 1 };
  });
  const kind = backends.length > 0 && backends.every((b) => protocolOf(services.get(b.service), b.port) === 'grpc') ? 'grpc' : 'http';
  const path = resolveRoutePath(r);
  const o = r.options;
  const blocked = backends
    .map((b) => servedMetricsPath(services.get(b.service), b.port))
    .filter((m): m is string => m !== undefined && kind === 'http' && readUnderPrefix(m, path));
  return {
    name: r.name,
    source: r.source,
    host: r.host,
    kind,
    path,
    method: r.method,
    headers: r.headers ?? {},
    backends,
    timeoutSeconds: o.timeoutSeconds ?? (kind === 'http' ? EDGE_DEFAULTS.timeoutSeconds : 0),
    maxBodySize: o.maxBodySize,
    rateLimit: o.rateLimit,
    retries: o.retries,
    sessionCookie: o.sessionCookie,
    cors: o.cors && {
      allowOrigins: o.cors.allowOrigins,
      allowMethods: o.cors.allowMethods ?? EDGE_DEFAULTS.cors.allowMethods,
      allowHeaders: o.cors.allowHeaders ?? EDGE_DEFAULTS.cors.allowHeaders,
      allowCredentials: o.cors.allowCredentials ?? EDGE_DEFAULTS.cors.allowCredentials,
      maxAgeSeconds: o.cors.maxAgeSeconds ?? EDGE_DEFAULTS.cors.maxAgeSeconds,
    },
    healthCheck: o.healthCheck && {
      ...o.healthCheck,
      intervalSeconds: o.healthCheck.intervalSeconds ?? EDGE_DEFAULTS.healthCheckIntervalSeconds,
    },
    blockedPaths: [...new Set(blocked)].sort(),
  };
}

/** The routes of a spec, as declared: each service's `route`, then `edge.routes`. */
export function routeInputs(props: Pick<ProductionStackProps, 'services' | 'edge'>): RouteInput[] {
  const own = props.services.flatMap((s, i): RouteInput[] =>
    s.route
      ? [
          {
            name: s.name,
            source: `services[${i}].route`,
            host: s.route.host,
            path: s.route.path,
            backends: [{ service: s.name, port: s.route.port }],
            options: s.route,
          },
        ]
      : [],
  );
  const shared = (props.edge?.routes ?? []).map((r, i): RouteInput => ({
    name: r.name,
    source: `edge.routes[${i}]`,
    host: r.host,
    path: r.match?.path,
    method: r.match?.method,
    headers: r.match?.headers,
    backends: r.backends,
    options: r,
  }));
  return [...own, ...shared];
}

/** Applies the edge's defaults; the stack's own gateway is in `namespace`. */
export function resolveEdge(props: ProductionStackProps, namespace: string): ResolvedEdge {
  const edge: EdgeSpec = props.edge ?? {};
  const services = new Map(props.services.map((s) => [s.name, s]));
  const routes = routeInputs(props).map((r) => resolveRoute(r, services));
  return {
    gateway: edge.sharedGateway
      ? { name: edge.sharedGateway.name, namespace: edge.sharedGateway.namespace, own: false }
      : { name: k8sNames.gateway(props.name), namespace, own: true },
    ...resolveProxy(edge),
    routes,
    hosts: [...new Set(routes.map((r) => r.host))],
  };
}

/** The edge proxy's settings with their defaults (TLS, HSTS, replicas, drain), which no route changes. */
export function resolveProxy(edge: EdgeSpec): Pick<ResolvedEdge, 'clusterIssuer' | 'minTlsVersion' | 'hsts' | 'replicas' | 'drainSeconds'> {
  const hsts =
    edge.hsts === false ? undefined : overDefaults<{ maxAgeSeconds: number; includeSubDomains: boolean }>(EDGE_DEFAULTS.hsts, edge.hsts);
  return {
    clusterIssuer: edge.clusterIssuer ?? EDGE_DEFAULTS.clusterIssuer,
    minTlsVersion: edge.minTlsVersion ?? EDGE_DEFAULTS.minTlsVersion,
    hsts,
    replicas: edge.replicas ?? EDGE_DEFAULTS.replicas,
    drainSeconds: edge.drainSeconds ?? EDGE_DEFAULTS.drainSeconds,
  };
}
