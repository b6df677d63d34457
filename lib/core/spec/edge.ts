/**
 * The public edge: Gateway API (standard channel) implemented by Envoy Gateway. One Gateway per stack
 * (or a shared one), an HTTPS listener per host with a cert-manager certificate, HTTP redirected to
 * HTTPS, and routes from hosts and paths to the services' ports.
 */

/** Requests per second each client IP may send through a route; the excess is answered 429. */
export interface RateLimitSpec {
  /**
   * Requests per second per client IP, counted by each Envoy replica (Envoy Gateway's local rate limit:
   * a token bucket that holds one second of requests, so a client may burst up to this many at once).
   */
  readonly requestsPerSecond: number;
}

/**
 * Cross-origin requests a route admits (the Gateway API HTTPRoute `CORS` filter). The gateway answers the
 * browsers' preflight requests itself: the application's own CORS handling no longer sees them.
 */
export interface CorsSpec {
  /** Origins allowed, e.g. `https://app.example.com` (scheme and host, no path; no `*`). */
  readonly allowOrigins: readonly string[];
  /**
   * Methods allowed in cross-origin requests.
   * @default ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']
   */
  readonly allowMethods?: readonly string[];
  /**
   * Request headers allowed in cross-origin requests (besides the CORS-safelisted ones).
   * @default ['Content-Type', 'Authorization']
   */
  readonly allowHeaders?: readonly string[];
  /**
   * Whether browsers may send credentials (cookies, authorization) cross-origin.
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * Seconds browsers may cache a preflight answer.
   * @default 5
   */
  readonly maxAgeSeconds?: number;
}

/** Retries of failed requests by the gateway (Envoy Gateway `BackendTrafficPolicy.retry`). */
export interface RetrySpec {
  /** Retries after the first attempt, 1 to 5. */
  readonly attempts: number;
  /**
   * Seconds each attempt may take.
   * @default - the route's timeout
   */
  readonly perAttemptTimeoutSeconds?: number;
}

/**
 * Active health checks of a route's backend pods by each Envoy replica, besides Kubernetes readiness (which
 * takes a pod out of the endpoints only after its probe's failure threshold): a pod that fails them stops
 * getting requests within seconds.
 */
export interface HealthCheckSpec {
  /**
   * Path requested on an HTTP route (a 200 answer is healthy). A gRPC route takes none: it calls
   * `grpc.health.v1.Health/Check`.
   * @default - required on an HTTP route
   */
  readonly path?: string;
  /**
   * Seconds between checks.
   * @default 5
   */
  readonly intervalSeconds?: number;
}

/** How a route treats requests, besides where it sends them. Every option is off unless set. */
export interface RouteOptions {
  /**
   * Seconds the gateway waits for the whole response before answering 504.
   * @default - 60 on an HTTP route; no limit on a gRPC route (streams may last)
   */
  readonly timeoutSeconds?: number;
  /**
   * Largest request body accepted, as a Kubernetes quantity (`1Mi`, `8Mi`); larger ones are answered 413.
   * Envoy buffers each request up to this size.
   * @default - no limit at the gateway
   */
  readonly maxBodySize?: string;
  /**
   * Requests per second per client IP.
   * @default - no rate limit at the gateway
   */
  readonly rateLimit?: RateLimitSpec;
  /**
   * Retries of requests that failed to connect or were reset (never of requests the backend answered).
   * @default - no retries
   */
  readonly retries?: RetrySpec;
  /**
   * Name of a cookie that keeps each client on one backend pod (consistent hashing); the gateway sets it.
   * @default - no session affinity
   */
  readonly sessionCookie?: string;
  /**
   * Cross-origin requests admitted.
   * @default - no CORS headers: browsers refuse cross-origin calls
   */
  readonly cors?: CorsSpec;
  /**
   * Active health checks of the backend pods by the gateway.
   * @default - none: Kubernetes readiness only
   */
  readonly healthCheck?: HealthCheckSpec;
}

/** The short form of a route: the service's own port on one host. */
export interface ServiceRouteSpec extends RouteOptions {
  /** Host name served, e.g. `api.example.com`. */
  readonly host: string;
  /**
   * Path prefix routed to the service: an HTTP path as a probe's (see `HttpProbe.path`), without a query.
   * An HTTP route only: a gRPC port takes every method of the host.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Name of the service port the route reaches.
   * @default - the first http or grpc port
   */
  readonly port?: string;
}

/** A service port a route sends traffic to. */
export interface RouteBackendSpec {
  /** A service of the stack (a `server`). */
  readonly service: string;
  /**
   * Name of its port.
   * @default - its first http or grpc port
   */
  readonly port?: string;
  /**
   * Share of the route's requests, relative to the other backends' weights (canaries).
   * @default 1
   */
  readonly weight?: number;
}

/** What a route matches on its host. */
export interface RouteMatchSpec {
  /**
   * Path prefix (whole segments: `/api` matches `/api` and `/api/x`, not `/apis`).
   * @default '/'
   */
  readonly path?: string;
  /**
   * HTTP method, e.g. `POST`.
   * @default - every method
   */
  readonly method?: string;
  /**
   * Request headers that must have these exact values.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route on the stack's gateway: a host and a match, to one or more service ports. */
export interface RouteSpec extends RouteOptions {
  /** Name of the route (its HTTPRoute or GRPCRoute): a DNS label. */
  readonly name: string;
  /** Host name served, e.g. `api.example.com`. */
  readonly host: string;
  /**
   * What the route matches. A gRPC route takes every method of the host and no match.
   * @default - every request to the host
   */
  readonly match?: RouteMatchSpec;
  /** Where matched requests go: one backend, or several with weights. All http, or all grpc ports. */
  readonly backends: readonly RouteBackendSpec[];
}

/** A Gateway the stack attaches its routes to instead of its own (whoever owns it owns its certificates). */
export interface SharedGatewaySpec {
  /** Name of the Gateway. */
  readonly name: string;
  /** Its namespace; its listeners must admit routes from the stack's namespace. */
  readonly namespace: string;
}

/** HTTP Strict Transport Security, sent on every HTTPS response. */
export interface HstsSpec {
  /**
   * Seconds browsers remember to use HTTPS only.
   * @default 31536000 (one year)
   */
  readonly maxAgeSeconds?: number;
  /**
   * Whether subdomains are covered too.
   * @default false
   */
  readonly includeSubDomains?: boolean;
}

/** The stack's public edge. */
export interface EdgeSpec {
  /**
   * Routes besides the services' own (`route`): several services on one host by path, canaries, method or
   * header matches.
   * @default - none
   */
  readonly routes?: readonly RouteSpec[];
  /**
   * Attach the routes to this Gateway rather than to one of the stack's own.
   * @default - the stack's own Gateway, named after the stack
   */
  readonly sharedGateway?: SharedGatewaySpec;
  /**
   * cert-manager ClusterIssuer of the listeners' certificates (ACME HTTP-01 through the Gateway; DNS-01
   * for the failover name `dr.dns.name`).
   * @default 'letsencrypt-prod'
   */
  readonly clusterIssuer?: string;
  /**
   * Oldest TLS version the listeners accept.
   * @default '1.2'
   */
  readonly minTlsVersion?: '1.2' | '1.3';
  /**
   * HSTS on every HTTPS response, or `false` to send none.
   * @default - one year, without subdomains
   */
  readonly hsts?: HstsSpec | false;
  /**
   * Envoy replicas of the stack's Gateway, spread over zones behind a PodDisruptionBudget.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Seconds an Envoy replica that shuts down keeps serving its open connections (gRPC streams, keep-alive).
   * @default 60
   */
  readonly drainSeconds?: number;
}
