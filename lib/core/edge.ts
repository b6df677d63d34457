/**
 * The edge with its defaults applied: the gateway the routes attach to, and every route (the services'
 * short forms and `edge.routes`) in one list, each with its backends' ports and the paths it must never
 * serve. Plain data; the cdk8s side turns it into Gateway API and Envoy Gateway objects.
 */
import type {
  CorsSpec,
  EdgeSpec,
  HealthCheckSpec,
  RateLimitSpec,
  RetrySpec,
  RouteBackendSpec,
  RouteSpec,
  ServiceRouteSpec,
} from './spec/edge';
import { createHash } from 'crypto';
import { k8sNames } from './naming';
import { portProtocol } from './ports';
import type { ServiceSpec } from './spec/service';
import type { ProductionStackProps } from './spec/stack';

/**
 * Envoy Gateway, the controller of the stack's Gateways (installed by the add-ons): its namespace, where
 * it also runs each Gateway's Envoy replicas, its GatewayClass, and the labels it puts on those replicas.
 */
export const ENVOY_GATEWAY = {
  namespace: 'envoy-gateway-system',
  gatewayClass: 'envoy-gateway',
  controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
  /** The controller's xDS port, where every Envoy replica takes its configuration (mutual TLS). */
  xdsPort: 18000,
} as const;

/** The labels Envoy Gateway puts on the Envoy pods of every Gateway (in {@link ENVOY_GATEWAY}'s namespace). */
export const ENVOY_PROXY_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/component': 'proxy',
  'app.kubernetes.io/managed-by': 'envoy-gateway',
};

/** The labels of the Envoy pods of one Gateway: {@link ENVOY_PROXY_LABELS} and the owning Gateway's name and namespace. */
export function envoyProxyLabels(gateway: { readonly name: string; readonly namespace: string }): Record<string, string> {
  return {
    ...ENVOY_PROXY_LABELS,
    'gateway.envoyproxy.io/owning-gateway-name': gateway.name,
    'gateway.envoyproxy.io/owning-gateway-namespace': gateway.namespace,
  };
}

/**
 * Name of the LoadBalancer Service of a Gateway's Envoy replicas (in {@link ENVOY_GATEWAY}'s namespace, set
 * through the EnvoyProxy): fixed, so that the Pulumi side can read its load balancer's address; unique in
 * that namespace, which every stack's gateway shares (the Gateway's name, then 8 hex digits of the SHA-256 of
 * `<namespace>/<name>`: `envoy-<namespace>-<name>` could exceed a Service name's 63 characters, and
 * `a-b`/`c` and `a`/`b-c` would share it), e.g. `envoy-shop-1f2e3d4c`.
 */
export function envoyServiceName(gateway: { readonly name: string; readonly namespace: string }): string {
  const hash = createHash('sha256').update(`${gateway.namespace}/${gateway.name}`).digest('hex').slice(0, 8);
  return `envoy-${gateway.name.slice(0, 48)}-${hash}`;
}

/** The edge's defaults. */
export const EDGE_DEFAULTS = {
  path: '/',
  clusterIssuer: 'letsencrypt-prod',
  minTlsVersion: '1.2',
  hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: false },
  replicas: 2,
  drainSeconds: 60,
  /**
   * Seconds an HTTP route waits for a response. A gRPC route waits without limit by default (streams may
   * last; Envoy's own default, which Envoy Gateway leaves in place unless told, would cut every call at 15 s).
   */
  timeoutSeconds: 60,
  cors: {
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization'],
    maxAgeSeconds: 5,
    allowCredentials: false,
  },
  healthCheckIntervalSeconds: 5,
} as const;

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
 * The port a route reaches on a service by default: its first http or grpc port not named `metrics`. Always
 * the first, so that adding a port (an admin or debug one) never moves the public route; metrics served on
 * it are refused at the edge (`blockedPaths`).
 */
export function defaultRoutePort(service: ServiceSpec): string | undefined {
  return (service.ports ?? []).find((p) => portProtocol(p) !== 'tcp' && p.name !== 'metrics')?.name;
}

const protocolOf = (service: ServiceSpec | undefined, port: string): string | undefined => {
  const p = service?.ports?.find((x) => x.name === port);
  return p && portProtocol(p);
};

/**
 * The path Prometheus scrapes a service's metrics on when it does so on `port` (its `metrics.port`, or the
 * port named `metrics`): `metrics.path`, else `defaultPath`. Undefined when the metrics are on another port.
 */
export function servedMetricsPath(
  service: Pick<ServiceSpec, 'ports' | 'metrics'> | undefined,
  port: string,
  defaultPath: string,
): string | undefined {
  if (!service) return undefined;
  const metricsPort = service.metrics?.port ?? service.ports?.find((p) => p.name === 'metrics')?.name;
  if (metricsPort !== port) return undefined;
  return typeof service.metrics?.path === 'string' ? service.metrics.path : defaultPath;
}

/**
 * A regular expression (RE2, matched against the whole path) for `path` and anything below it, as any
 * backend might read it: each character also as its percent-encoding (a backend that decodes `/%6Detrics`
 * serves `/metrics`), in any case (Express and ASP.NET match paths case-insensitively), each segment with
 * optional `;` parameters (Tomcat, Jetty and Spring drop `/metrics;x`'s), slashes repeated.
 */
export function encodedPathPattern(path: string): string {
  const char = (c: string) => {
    const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
    const literal = /[A-Za-z0-9]/.test(c) ? c : `\\${c}`;
    return `(?:${literal}|%${hex})`;
  };
  const segments = path.replace(/^\/+|\/+$/g, '').split('/');
  return `(?i)/+${segments.map((seg) => `${[...seg].map(char).join('')}(?:;[^/]*)?`).join('/+')}(?:/.*)?`;
}

/** Whether `path` is `prefix` or below it, segment by segment (Gateway API `PathPrefix`). */
function underPrefix(path: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, '');
  return base === '' || path === base || path.startsWith(`${base}/`);
}

/**
 * A path as the most lenient backend reads it (the spellings {@link encodedPathPattern} covers): percent-encodings
 * decoded (but `%2F`), `;` parameters dropped, slashes collapsed, in lowercase. Two requests a backend may serve
 * alike read the same.
 */
export function pathAsRead(path: string): string {
  return path
    .replace(/%([0-9A-Fa-f]{2})/g, (e, hex: string) => (hex.toLowerCase() === '2f' ? e : String.fromCharCode(parseInt(hex, 16))))
    .replace(/;[^/]*/g, '')
    .replace(/\/{2,}/g, '/')
    .toLowerCase();
}

/** Whether a backend may read `path` as `prefix` or below it (see {@link pathAsRead}): how metrics paths are compared. */
export function readUnderPrefix(path: string, prefix: string): boolean {
  return underPrefix(pathAsRead(path), pathAsRead(prefix));
}

interface RouteInput {
  readonly name: string;
  readonly source: string;
  readonly host: string;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly backends: readonly RouteBackendSpec[];
  readonly options: RouteSpec | ServiceRouteSpec;
}

function resolveRoute(r: RouteInput, services: ReadonlyMap<string, ServiceSpec>, metricsPath: string): ResolvedRoute {
  const backends = r.backends.map((b) => {
    const service = services.get(b.service);
    const port = b.port ?? (service ? defaultRoutePort(service) : undefined) ?? '';
    const number = service?.ports?.find((p) => p.name === port)?.port ?? 0;
    return { service: b.service, port, number, weight: b.weight ?? 1 };
  });
  const kind = backends.length > 0 && backends.every((b) => protocolOf(services.get(b.service), b.port) === 'grpc') ? 'grpc' : 'http';
  const path = r.path ?? EDGE_DEFAULTS.path;
  const o = r.options;
  const blocked = backends
    .map((b) => servedMetricsPath(services.get(b.service), b.port, metricsPath))
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

/** Applies the edge's defaults. `metricsPath` is the stack's default metrics path. */
export function resolveEdge(props: ProductionStackProps, namespace: string, metricsPath: string): ResolvedEdge {
  const edge: EdgeSpec = props.edge ?? {};
  const services = new Map(props.services.map((s) => [s.name, s]));
  const routes = routeInputs(props).map((r) => resolveRoute(r, services, metricsPath));
  const hsts = edge.hsts === false ? undefined : { ...EDGE_DEFAULTS.hsts, ...edge.hsts };
  return {
    gateway: edge.sharedGateway
      ? { name: edge.sharedGateway.name, namespace: edge.sharedGateway.namespace, own: false }
      : { name: k8sNames.gateway(props.name), namespace, own: true },
    clusterIssuer: edge.clusterIssuer ?? EDGE_DEFAULTS.clusterIssuer,
    minTlsVersion: edge.minTlsVersion ?? EDGE_DEFAULTS.minTlsVersion,
    hsts,
    replicas: edge.replicas ?? EDGE_DEFAULTS.replicas,
    drainSeconds: edge.drainSeconds ?? EDGE_DEFAULTS.drainSeconds,
    routes,
    hosts: [...new Set(routes.map((r) => r.host))],
  };
}
