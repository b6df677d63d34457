/**
 * Rules of the public edge: each route's shape (a service's `route` and `edge.routes`), the gateway's
 * settings, and the routes together: one owner per host and match, backends that exist and speak what
 * the route carries, certificates that can be issued, and metrics that stay inside the cluster.
 */
import { defaultRoutePort, encodedPathPattern, readUnderPrefix } from '../edge';
import { resolveRoutePath, routeInputs, servedMetricsPath } from '../resolve';
import { portProtocol } from '../ports';
import { HOSTNAME, isDns1123Subdomain } from '../names';
import { k8sNames } from '../naming';
import { isUnresolved } from '../tokens';
import type { ProductionStackProps } from '../spec/stack';
import { arr, bool, dnsLabel, httpPath, int, isObject, obj, str, strings, unique } from './checks';
import { parseQuantity } from '../quantity';
import type { Problems } from './problems';

type Obj = Record<string, unknown>;

/** Listeners a Gateway may have (Gateway API: 64), one of which is the plain HTTP listener. */
export const MAX_HOSTS = 63;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
/** An HTTP header or cookie name: an RFC 7230 token. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/;
/** A CORS origin: scheme, host and optional port, nothing else. */
const ORIGIN = /^https?:\/\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?$/;
/** Gateway API's limits: a path match's length, header matches per match, CORS origins and headers per route. */
const MAX_PATH = 1024;
/** Envoy Gateway's limit for a CORS origin (the CRD's `maxLength`). */
const MAX_ORIGIN = 253;
const MAX_HEADERS = 16;
const MAX_CORS_ITEMS = 64;
/** The longest Gateway listener name; the stack's gateway names a host's listener `https-<host>`. */
const MAX_LISTENER_NAME = 253;

/**
 * A host as Gateway API and ACME take it: lowercase DNS labels of at most 63 characters, at most 253 in
 * all, an optional leading `*.`, and no IP address (Gateway API refuses them as hostnames).
 */
/**
 * A host a public certificate can name: a DNS name of at least two labels (a single label such as `api`
 * is no public name, and its Secret `api-tls` could be a spec secret's), none over 63 characters, not an
 * IP address.
 */
function isRouteHost(v: string): boolean {
  const labels = v.replace(/^\*\./, '').split('.');
  return (
    HOSTNAME.test(v) &&
    v.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => l.length <= 63) &&
    !/^[0-9]+$/.test(labels[labels.length - 1])
  );
}

function host(p: Problems, path: string, v: unknown): void {
  if (v === undefined || v === '') p.add(path, v, 'a route needs a host: certificates and routing are per host');
  else if (str(p, path, v) && !isRouteHost(v))
    p.add(path, v, '{value} must be a DNS name such as "api.example.com" (lowercase, at most 253 characters)');
}

/** A route's path prefix (an HTTP path without a query), or with `query` a health check's path: within Gateway API's and Envoy Gateway's length. */
function routePath(p: Problems, path: string, v: unknown, query = false): void {
  httpPath(p, path, v, query);
  if (typeof v === 'string' && v.length > MAX_PATH)
    p.add(path, `${v.slice(0, 40)}...`, `{value} is longer than ${MAX_PATH} characters, Gateway API's limit for a path`);
}

/** A list Gateway API keeps as a set of at most `max` items: each item once. */
function set(p: Problems, path: string, items: readonly string[], max: number, what: string): void {
  if (items.length > max) p.add(path, `${items.length} ${what}s`, `{value}: a route takes at most ${max}`);
  unique(p, path, items, what);
}

/** The options every route takes ({@link RouteOptions}). */
function routeOptions(p: Problems, path: string, r: Obj): void {
  int(p, `${path}.timeoutSeconds`, r.timeoutSeconds, 1, 3600);
  // Envoy Gateway's requestBuffer.limit: an integer with a unit suffix (its CRD's pattern), at most 2^32-1 bytes
  // (buildRequestBuffer refuses more, and the route then answers 500 to every request)
  if (str(p, `${path}.maxBodySize`, r.maxBodySize, false)) {
    const bytes = /^[1-9][0-9]*([EPTGMK]i|[EPTGMk])?$/.test(r.maxBodySize) ? parseQuantity(r.maxBodySize) : undefined;
    if (bytes === undefined || bytes < 1024 || bytes > 4_294_967_295)
      p.add(
        `${path}.maxBodySize`,
        r.maxBodySize,
        '{value} must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      );
  }
  if (r.rateLimit !== undefined) {
    const rl = obj(p, `${path}.rateLimit`, r.rateLimit);
    if (isObject(r.rateLimit) && rl.requestsPerSecond === undefined)
      p.add(`${path}.rateLimit.requestsPerSecond`, undefined, 'a rate limit needs requestsPerSecond');
    int(p, `${path}.rateLimit.requestsPerSecond`, rl.requestsPerSecond, 1, 1_000_000);
  }
  if (r.retries !== undefined) {
    const rt = obj(p, `${path}.retries`, r.retries);
    if (isObject(r.retries) && rt.attempts === undefined) p.add(`${path}.retries.attempts`, undefined, 'retries need attempts');
    int(p, `${path}.retries.attempts`, rt.attempts, 1, 5);
    int(p, `${path}.retries.perAttemptTimeoutSeconds`, rt.perAttemptTimeoutSeconds, 1, 3600);
    const whole = typeof r.timeoutSeconds === 'number' ? r.timeoutSeconds : undefined;
    if (typeof rt.perAttemptTimeoutSeconds === 'number' && whole !== undefined && rt.perAttemptTimeoutSeconds > whole)
      p.add(
        `${path}.retries.perAttemptTimeoutSeconds`,
        rt.perAttemptTimeoutSeconds,
        `{value} is longer than the route's timeoutSeconds (${whole}): the request ends before a second attempt could start`,
      );
  }
  if (str(p, `${path}.sessionCookie`, r.sessionCookie, false) && !TOKEN.test(r.sessionCookie))
    p.add(`${path}.sessionCookie`, r.sessionCookie, "{value} must be a cookie name: letters, digits and !#$%&'*+.^_`|~- only");
  if (r.cors !== undefined) {
    const c = obj(p, `${path}.cors`, r.cors);
    const origins = strings(p, `${path}.cors.allowOrigins`, c.allowOrigins);
    if (isObject(r.cors) && (c.allowOrigins === undefined || (Array.isArray(c.allowOrigins) && c.allowOrigins.length === 0)))
      p.add(`${path}.cors.allowOrigins`, c.allowOrigins, 'CORS needs at least one origin (no "*": name the origins)');
    origins.forEach((o, i) => {
      const port = /:([0-9]+)$/.exec(o)?.[1];
      if (!ORIGIN.test(o) || o.length > MAX_ORIGIN || (port !== undefined && (Number(port) < 1 || Number(port) > 65535)))
        p.add(
          `${path}.cors.allowOrigins[${i}]`,
          o,
          `{value} must be an origin such as "https://app.example.com": scheme and host, no path, no "*", at most ${MAX_ORIGIN} characters`,
        );
    });
    set(p, `${path}.cors.allowOrigins`, origins, MAX_CORS_ITEMS, 'origin');
    const methods = strings(p, `${path}.cors.allowMethods`, c.allowMethods);
    methods.forEach((m, i) => {
      if (!METHODS.includes(m)) p.add(`${path}.cors.allowMethods[${i}]`, m, `{value} must be one of ${METHODS.join(', ')}`);
    });
    unique(p, `${path}.cors.allowMethods`, methods, 'method');
    const headers = strings(p, `${path}.cors.allowHeaders`, c.allowHeaders);
    headers.forEach((h, i) => {
      if (!TOKEN.test(h) || h === '*') p.add(`${path}.cors.allowHeaders[${i}]`, h, '{value} must be a header name (no "*")');
    });
    set(
      p,
      `${path}.cors.allowHeaders`,
      headers.map((h) => h.toLowerCase()),
      MAX_CORS_ITEMS,
      'header',
    );
    bool(p, `${path}.cors.allowCredentials`, c.allowCredentials);
    int(p, `${path}.cors.maxAgeSeconds`, c.maxAgeSeconds, 1, 86_400);
  }
  if (r.healthCheck !== undefined) {
    const h = obj(p, `${path}.healthCheck`, r.healthCheck);
    routePath(p, `${path}.healthCheck.path`, h.path, true); // required on an HTTP route, refused on a gRPC one: see checkBackends
    int(p, `${path}.healthCheck.intervalSeconds`, h.intervalSeconds, 1, 300);
  }
}

/** A service's own `route` (the short form), in isolation. */
export function checkServiceRoute(p: Problems, path: string, s: Obj): void {
  if (s.route === undefined) return;
  if (s.role === 'worker') p.add(`${path}.route`, '<route>', 'a worker has no Service, so nothing can be routed to it');
  if (!isObject(s.route)) {
    obj(p, `${path}.route`, s.route);
    return;
  }
  const r = s.route;
  host(p, `${path}.route.host`, r.host);
  routePath(p, `${path}.route.path`, r.path);
  str(p, `${path}.route.port`, r.port, false);
  routeOptions(p, `${path}.route`, r);
}

function checkRouteSpec(p: Problems, path: string, r: Obj): void {
  dnsLabel(p, `${path}.name`, r.name);
  host(p, `${path}.host`, r.host);
  const m = obj(p, `${path}.match`, r.match);
  routePath(p, `${path}.match.path`, m.path);
  if (str(p, `${path}.match.method`, m.method, false) && !METHODS.includes(m.method))
    p.add(`${path}.match.method`, m.method, `{value} must be one of ${METHODS.join(', ')}`);
  const headers = Object.entries(obj(p, `${path}.match.headers`, m.headers));
  for (const [k, v] of headers) {
    if (!TOKEN.test(k)) p.add(`${path}.match.headers`, k, '{value} must be a header name');
    if (str(p, `${path}.match.headers.${k}`, v) && (v.length > 4096 || [...v].some((c) => c < ' ' || c === '\x7f') || v.trim() !== v))
      p.add(
        `${path}.match.headers.${k}`,
        v,
        '{value} must be a header value: at most 4096 characters, no control characters, no space at either end (Envoy trims them, so the match would never hold)',
      );
  }
  // header names are case-insensitive: `X-Env` and `x-env` are one header
  set(
    p,
    `${path}.match.headers`,
    headers.map(([k]) => k.toLowerCase()),
    MAX_HEADERS,
    'header',
  );
  const backends = arr(p, `${path}.backends`, r.backends);
  if (r.backends === undefined || (Array.isArray(r.backends) && r.backends.length === 0))
    p.add(`${path}.backends`, r.backends, 'a route needs at least one backend');
  if (backends.length > 16) p.add(`${path}.backends`, `${backends.length} backends`, 'a route takes at most 16 backends');
  backends.forEach((b, i) => {
    const at = `${path}.backends[${i}]`;
    if (!isObject(b)) return p.add(at, b, '{value} must be an object with a service');
    str(p, `${at}.service`, b.service);
    str(p, `${at}.port`, b.port, false);
    int(p, `${at}.weight`, b.weight, 0, 1_000_000);
  });
  if (backends.length > 0 && backends.every((b) => isObject(b) && b.weight === 0))
    p.add(
      `${path}.backends`,
      '<every weight 0>',
      'a route needs a backend of weight above 0: with none, the gateway answers every request 500',
    );
  routeOptions(p, path, r);
}

function checkGateway(p: Problems, e: Obj): void {
  if (e.sharedGateway !== undefined) {
    const g = obj(p, 'edge.sharedGateway', e.sharedGateway);
    if (isObject(e.sharedGateway)) {
      if (str(p, 'edge.sharedGateway.name', g.name) && !isDns1123Subdomain(g.name))
        p.add('edge.sharedGateway.name', g.name, '{value} must be a Gateway name (a DNS-1123 subdomain)');
      dnsLabel(p, 'edge.sharedGateway.namespace', g.namespace);
    }
    // the shared gateway's owner sets its listeners, certificates and Envoy fleet
    for (const own of ['clusterIssuer', 'minTlsVersion', 'replicas', 'drainSeconds'])
      if (e[own] !== undefined)
        p.add(`edge.${own}`, e[own], "{value} is a setting of the stack's own gateway: the shared gateway's owner sets it");
  }
  if (str(p, 'edge.clusterIssuer', e.clusterIssuer, false) && !isDns1123Subdomain(e.clusterIssuer))
    p.add('edge.clusterIssuer', e.clusterIssuer, '{value} must be a ClusterIssuer name (a DNS-1123 subdomain)');
  if (e.minTlsVersion !== undefined && e.minTlsVersion !== '1.2' && e.minTlsVersion !== '1.3')
    p.add('edge.minTlsVersion', e.minTlsVersion, '{value} must be "1.2" or "1.3" (older versions are broken)');
  if (e.hsts === true) p.add('edge.hsts', true, '{value}: give the settings as an object, or false to send no HSTS');
  else if (e.hsts !== undefined && e.hsts !== false) {
    const h = obj(p, 'edge.hsts', e.hsts);
    int(p, 'edge.hsts.maxAgeSeconds', h.maxAgeSeconds, 1, 63_072_000);
    bool(p, 'edge.hsts.includeSubDomains', h.includeSubDomains);
  }
  int(p, 'edge.replicas', e.replicas, 1, 100);
  int(p, 'edge.drainSeconds', e.drainSeconds, 0, 3600);
}

const text = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObject) : []);

/**
 * The services and routes as {@link routeInputs} reads them (the spec as typed): only the objects and
 * lists the rules above have checked, without a route whose own fields are malformed (reported above).
 */
function typedRoutes(props: Obj): { services: Obj[]; routes: Obj[] } {
  const wellFormed = (r: unknown): r is Obj => isObject(r) && typeof r.host === 'string' && text(r.path) && text(r.port);
  const services = list(props.services).map((s) => ({
    ...s,
    ports: list(s.ports),
    metrics: isObject(s.metrics) ? s.metrics : undefined,
    route: wellFormed(s.route) ? s.route : undefined,
  }));
  const routes = list(isObject(props.edge) ? props.edge.routes : undefined).filter((r) => {
    const m = r.match ?? {};
    return typeof r.host === 'string' && isObject(m) && text(m.path) && text(m.method) && (m.headers === undefined || isObject(m.headers));
  });
  return { services, routes: routes.map((r) => ({ ...r, backends: list(r.backends) })) };
}

/** Whether two hosts can name one request's host: equal, or one a wildcard over the other. */
function overlap(a: string, b: string): boolean {
  const covers = (w: string, h: string) => w.startsWith('*.') && h.endsWith(w.slice(1));
  return a === b || covers(a, b) || covers(b, a);
}

/** A route's path prefix as Gateway API compares them: a trailing `/` is ignored. */
const prefixKey = (path: string) => (path === '/' ? path : path.replace(/\/+$/, ''));

/** The routes together, against the services they reach. */
function checkRoutesTogether(p: Problems, props: Obj, ownGateway: boolean): void {
  const typed = typedRoutes(props);
  const services = new Map(typed.services.map((s) => [s.name, s]));
  const inputs = routeInputs({ services: typed.services, edge: { routes: typed.routes } } as unknown as ProductionStackProps);
  const matches = new Map<string, string>();
  const listeners = new Map<string, string>();
  const kinds: { host: string; source: string; kind: string }[] = [];
  for (const r of inputs) {
    const kind = checkBackends(p, r, services);
    // in the mesh, Envoy sends to each Service's address (its sidecar picks the pod): it sees no pods to pin or check
    if (props.serviceMesh === 'istio')
      for (const option of ['sessionCookie', 'healthCheck'] as const)
        if (r.options[option] !== undefined)
          p.add(
            `${r.source}.${option}`,
            option === 'sessionCookie' ? r.options.sessionCookie : '<healthCheck>',
            "is not possible in the Istio mesh: the gateway reaches each Service's address, and the sidecar, not Envoy, picks the pod",
          );
    // a host of the wrong format is reported with its route, and compared with no other
    if (!isRouteHost(r.host) && !isUnresolved(r.host)) continue;
    const path = resolveRoutePath(r);
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]);
    const key = JSON.stringify([r.host, prefixKey(path), r.method ?? '', headers.sort()]);
    const other = matches.get(key);
    if (other) p.add(`${r.source}.host`, `${r.host}${path}`, `{value} is also matched by ${other}: one host and match reaches one route`);
    else matches.set(key, r.source);
    if (kind && !other) {
      // Gateway API accepts one of an HTTPRoute and a GRPCRoute that share a hostname on a listener, the other not at all
      const clash = kinds.find((k) => k.kind !== kind && overlap(k.host, r.host));
      if (clash)
        p.add(
          `${r.source}.host`,
          r.host,
          `{value} is also served by ${clash.source}, a ${clash.kind === 'grpc' ? 'gRPC' : 'HTTP'} route: the gateway accepts only one kind of route per host (HTTPRoute or GRPCRoute)`,
        );
      else kinds.push({ host: r.host, source: r.source, kind });
    }
    if (!ownGateway) continue;
    // the stack's own gateway: a listener and a certificate per host
    if (r.host.startsWith('*.'))
      p.add(
        `${r.source}.host`,
        r.host,
        "{value} is a wildcard: ACME issues wildcard certificates through DNS-01 only, and the stack's gateway solves HTTP-01; list the hosts, or attach to a shared gateway (edge.sharedGateway) that holds a wildcard certificate",
      );
    const listener = k8sNames.httpsListener(r.host);
    const sameListener = listeners.get(listener);
    if (sameListener !== undefined && sameListener !== r.host)
      p.add(`${r.source}.host`, r.host, `{value} and "${sameListener}" would share the gateway listener ${listener}; rename one`);
    else if (sameListener === undefined) {
      listeners.set(listener, r.host);
      if (listener.length > MAX_LISTENER_NAME)
        p.add(
          `${r.source}.host`,
          r.host,
          `{value} is too long for the stack's gateway: its listener name "https-..." would exceed ${MAX_LISTENER_NAME} characters (hosts of at most ${MAX_LISTENER_NAME - 'https-'.length})`,
        );
    }
  }
  checkShadowedPaths(p, inputs, services);
  if (ownGateway && listeners.size > MAX_HOSTS)
    p.add(
      'edge',
      `${listeners.size} hosts`,
      `a gateway has at most ${MAX_HOSTS} HTTPS listeners (one per host); use a shared gateway or fewer hosts`,
    );
}

/**
 * The metrics 404 of one route covers its host (a regular expression, which Envoy Gateway orders before every
 * prefix of the host's routes): another route of the host whose path lies under a blocked path would never
 * be reached.
 */
function checkShadowedPaths(p: Problems, inputs: ReturnType<typeof routeInputs>, services: Map<unknown, Obj>): void {
  const blocked = inputs.flatMap((r) =>
    r.backends.flatMap((b) => {
      const s = isObject(b) ? services.get(b.service) : undefined;
      if (!s || !isObject(b)) return [];
      const port = b.port ?? defaultRoutePort({ ...s, ports: list(s.ports) } as never);
      const metricsPath = typeof port === 'string' ? servedMetricsPath(s as never, port) : undefined;
      return metricsPath !== undefined && readUnderPrefix(metricsPath, resolveRoutePath(r)) ? [{ route: r, path: metricsPath }] : [];
    }),
  );
  for (const r of inputs) {
    const path = resolveRoutePath(r);
    const shadow = blocked.find((b) => b.route !== r && b.route.host === r.host && path !== '/' && readUnderPrefix(path, b.path));
    if (shadow)
      p.add(
        `${r.source}${r.source.startsWith('edge') ? '.match' : ''}.path`,
        path,
        `{value} lies under ${shadow.route.source}'s metrics path ${shadow.path}, which the edge answers 404 on ${r.host}: choose another path, or move those metrics to their own port`,
      );
  }
}

/** Checks a route's backends against their services; returns the route's kind when they all agree. */
function checkBackends(p: Problems, r: ReturnType<typeof routeInputs>[number], services: Map<unknown, Obj>): 'http' | 'grpc' | undefined {
  const edge = r.source.startsWith('edge');
  const protocols = new Set<string>();
  r.backends.forEach((b, i) => {
    if (!isObject(b) || typeof b.service !== 'string' || !text(b.port)) return;
    // a service's own route reaches the service itself: its problems are the route's
    const at = edge ? `${r.source}.backends[${i}]` : r.source;
    const s = services.get(b.service);
    if (!s)
      return p.add(`${at}.service`, b.service, `{value} is not a service of the stack (services: ${[...services.keys()].join(', ')})`);
    if (s.role === 'worker') {
      // a worker's own route is refused with the worker (checkServiceRoute)
      if (edge) p.add(`${at}.service`, b.service, '{value} is a worker: it has no Service to route to');
      return;
    }
    const ports = list(s.ports);
    const portName = b.port ?? defaultRoutePort({ ...s, ports } as never);
    if (portName === undefined) return p.add(`${at}.port`, undefined, `service "${b.service}" has no http or grpc port to route to`);
    const port = ports.find((x) => x.name === portName);
    if (!port)
      return p.add(
        `${at}.port`,
        portName,
        `{value} is not a port of service "${b.service}" (${ports.map((x) => String(x.name)).join(', ') || 'none'})`,
      );
    const protocol = portProtocol(port as never);
    if (protocol === 'tcp') return p.add(`${at}.port`, portName, '{value} speaks tcp: the gateway routes HTTP and gRPC only');
    if (portName === 'metrics')
      return p.add(`${at}.port`, portName, "{value} is the metrics port: metrics stay inside the cluster, route the service's http port");
    protocols.add(protocol);
    const metricsPath = servedMetricsPath({ ...s, ports } as never, portName);
    const path = resolveRoutePath(r);
    // a GRPCRoute takes every path of its host: the edge could not answer the metrics path 404
    if (metricsPath !== undefined && protocol === 'grpc')
      return p.add(
        `${at}.port`,
        portName,
        `{value} also serves service "${b.service}"'s metrics, and a gRPC route cannot keep a path from the edge: scrape the metrics on another port`,
      );
    if (metricsPath !== undefined && protocol === 'http' && path !== '/' && readUnderPrefix(path, metricsPath))
      p.add(
        `${r.source}${edge ? '.match' : ''}.path`,
        path,
        `{value} is service "${b.service}"'s metrics path on that port: metrics stay inside the cluster`,
      );
    // the edge answers the metrics path 404 with a regular expression of every spelling: at most 1,024 characters
    if (
      metricsPath !== undefined &&
      protocol === 'http' &&
      readUnderPrefix(metricsPath, path) &&
      encodedPathPattern(metricsPath).length > 1024
    )
      p.add(
        `${at}.port`,
        portName,
        `{value} serves service "${b.service}"'s metrics path, which is too long for the edge to refuse (a route path holds 1,024 characters): shorten metrics.path, or scrape another port`,
      );
  });
  const health = isObject(r.options.healthCheck) ? r.options.healthCheck : undefined;
  if (health && protocols.has('grpc') && health.path !== undefined)
    p.add(`${r.source}.healthCheck.path`, health.path, 'a gRPC route is checked with grpc.health.v1.Health/Check: drop the path');
  if (health && protocols.has('http') && health.path === undefined)
    p.add(`${r.source}.healthCheck.path`, undefined, "an HTTP route's health check needs the path to request");
  if (protocols.size > 1) {
    p.add(`${r.source}.backends`, '<http and grpc>', "a route's backends must all speak http or all speak grpc");
    return undefined;
  }
  if (protocols.has('grpc')) {
    if (r.path !== undefined || r.method !== undefined || r.headers !== undefined)
      p.add(
        `${r.source}${edge ? '.match' : '.path'}`,
        r.path ?? r.method ?? '<headers>',
        'a gRPC route takes every method of its host: drop the match',
      );
    // a GRPCRoute has no CORS filter, and a buffered request would stall a gRPC stream until it ends
    if (r.options.cors !== undefined)
      p.add(`${r.source}.cors`, '<cors>', 'a gRPC route takes no CORS: browsers do not call gRPC services cross-origin');
    if (r.options.maxBodySize !== undefined)
      p.add(
        `${r.source}.maxBodySize`,
        r.options.maxBodySize,
        'a gRPC route takes no maxBodySize: the gateway would buffer each whole request, which stalls streaming calls (limit message sizes in the gRPC server)',
      );
  }
  return protocols.size === 1 ? ([...protocols][0] as 'http' | 'grpc') : undefined;
}

/** Checks the edge: `edge`, and the services' routes together (each service's own `route` is checked with the service). */
export function checkEdge(p: Problems, props: Obj): void {
  const e = obj(p, 'edge', props.edge);
  checkGateway(p, e);
  const routes = arr(p, 'edge.routes', e.routes);
  // a route named like a service with a route, or like the library's objects: checkObjectNames
  unique(
    p,
    'edge.routes',
    routes
      .filter(isObject)
      .map((r) => r.name)
      .filter((n): n is string => typeof n === 'string'),
    'route name',
  );
  routes.forEach((r, i) => {
    if (isObject(r)) checkRouteSpec(p, `edge.routes[${i}]`, r);
    else p.add(`edge.routes[${i}]`, r, '{value} must be an object with a name, a host and backends');
  });
  checkRoutesTogether(p, props, e.sharedGateway === undefined);
}
