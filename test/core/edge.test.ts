/**
 * The public edge (issue #16): the rules of `services[].route` and `edge` (lib/core/validation/edge.ts) and
 * their resolution (`resolve(spec).edge`, lib/core/resolve/edge.ts). Each refusal is asserted as the exact list of
 * problems validation reports for it: the rule, where, and nothing else.
 */
import { check, type ProductionStackProps, resolve, validate, ValidationError } from 'production-stack';
import { baseSpec, broken, type Loose, type Mutation } from '../support/spec';

/** Every problem of the base spec changed by `mutate`, as `path: rule` lines. */
const problems = (mutate: Mutation): string[] => check(broken(mutate)).map((p) => `${p.path}: ${p.rule}`);

/** Sets the api's own route (the base spec's api has ports http 8080, grpc 9090, metrics 9091). */
const apiRoute =
  (route: Loose): Mutation =>
  (s) =>
    (s.services[0].route = route);
/** Sets `edge`. */
const edge =
  (e: Loose): Mutation =>
  (s) =>
    (s.edge = e);
/** Sets `edge.routes`. */
const routes = (...list: Loose[]): Mutation => edge({ routes: list });
/** Runs mutations in order. */
const all =
  (...mutations: Mutation[]): Mutation =>
  (s) =>
    mutations.forEach((m) => m(s));
/** Adds fields to a service (0 api, 1 worker, 2 web). */
const serviceWith =
  (i: number, patch: Loose): Mutation =>
  (s) =>
    Object.assign(s.services[i], patch);

/** An edge route to the web service (http 3000) on its own host. */
const webRoute = (patch: Loose = {}): Loose => ({ name: 'web-edge', host: 'web.example.com', backends: [{ service: 'web' }], ...patch });
const shared = { sharedGateway: { name: 'shared', namespace: 'gateways' } };

const NOT_A_HOST = 'must be a DNS name such as "api.example.com" (lowercase, at most 253 characters)';
const ORIGIN = 'must be an origin such as "https://app.example.com": scheme and host, no path, no "*", at most 253 characters';
/** An origin of 256 characters, in DNS labels of at most 63: Envoy Gateway's CRD takes at most 253. */
const LONG_ORIGIN = `https://${['a', 'b', 'c', 'd'].map((c) => c.repeat(60)).join('.')}.com`;
const METHODS = 'GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH';
const WILDCARD =
  "is a wildcard: ACME issues wildcard certificates through DNS-01 only, and the stack's gateway solves HTTP-01; list the hosts, or attach to a shared gateway (edge.sharedGateway) that holds a wildcard certificate";
const GRPC_MATCH = 'a gRPC route takes every method of its host: drop the match';
const KIND_CLASH = 'the gateway accepts only one kind of route per host (HTTPRoute or GRPCRoute)';
const OWN_SETTING = "is a setting of the stack's own gateway: the shared gateway's owner sets it";

/** A host of 248 characters in labels of at most 63: a DNS name, but `https-<host>` is over 253. */
const LONG_HOST = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(52), 'com'].join('.');

test('the base spec is valid, and the fixture is what these tests assume', () => {
  expect(check(baseSpec())).toEqual([]);
  expect(baseSpec().services.map((s) => [s.name, s.route?.host, (s.ports ?? []).map((p) => p.name)])).toEqual([
    ['api', 'shop.example.com', ['http', 'grpc', 'metrics']],
    ['worker', undefined, []],
    ['web', undefined, ['http']],
  ]);
  expect(LONG_HOST.length).toBe(248);
});

describe('refused', () => {
  test.each<[string, Mutation, string[]]>([
    // host format
    ['a host in capitals', apiRoute({ host: 'Shop.Example.com' }), [`services[0].route.host: "Shop.Example.com" ${NOT_A_HOST}`]],
    [
      'a host that is a URL',
      apiRoute({ host: 'https://shop.example.com' }),
      [`services[0].route.host: "https://shop.example.com" ${NOT_A_HOST}`],
    ],
    ['a host that is an IP address', apiRoute({ host: '203.0.113.7' }), [`services[0].route.host: "203.0.113.7" ${NOT_A_HOST}`]],
    // the metrics 404 of api's route (a regular expression) comes before every prefix of the host
    [
      "a route under another route's blocked metrics path on the same host",
      all(
        serviceWith(0, { metrics: { port: 'http' } }),
        apiRoute({ host: 'shop.example.com' }),
        routes(webRoute({ host: 'shop.example.com', match: { path: '/metrics/ui' } })),
      ),
      [
        `edge.routes[0].match.path: "/metrics/ui" lies under services[0].route's metrics path /metrics, which the edge answers 404 on shop.example.com: choose another path, or move those metrics to their own port`,
      ],
    ],
    // no public name, and its certificate Secret `api-tls` could be a spec secret's
    ['a host of one label', apiRoute({ host: 'api' }), [`services[0].route.host: "api" ${NOT_A_HOST}`]],
    [
      'a host with a label of 64 characters',
      apiRoute({ host: `${'a'.repeat(64)}.example.com` }),
      [`services[0].route.host: "${'a'.repeat(64)}.example.com" ${NOT_A_HOST}`],
    ],
    [
      'a host of 254 characters',
      apiRoute({ host: `${LONG_HOST}.xxxxx` }),
      [`services[0].route.host: "${LONG_HOST.slice(0, 76)}... ${NOT_A_HOST}`],
    ],
    ['an empty host', apiRoute({ host: '' }), ['services[0].route.host: a route needs a host: certificates and routing are per host']],
    ['a route without a host', apiRoute({}), ['services[0].route.host: a route needs a host: certificates and routing are per host']],
    ['a host that is not a string', apiRoute({ host: 7 }), ['services[0].route.host: 7 must be a non-empty string']],
    [
      'an edge route host with a space',
      routes(webRoute({ host: 'web example.com' })),
      [`edge.routes[0].host: "web example.com" ${NOT_A_HOST}`],
    ],
    [
      "a host too long for the stack's gateway (its listener name)",
      apiRoute({ host: LONG_HOST }),
      [
        `services[0].route.host: "${LONG_HOST.slice(0, 76)}... is too long for the stack's gateway: its listener name "https-..." would exceed 253 characters (hosts of at most 247)`,
      ],
    ],
    // wildcards
    [
      "a wildcard host on the stack's own gateway",
      apiRoute({ host: '*.example.com' }),
      [`services[0].route.host: "*.example.com" ${WILDCARD}`],
    ],
    [
      "a wildcard edge route host on the stack's own gateway",
      routes(webRoute({ host: '*.web.example.com' })),
      [`edge.routes[0].host: "*.web.example.com" ${WILDCARD}`],
    ],
    // one host and match, one route
    [
      'an edge route on the host and path of a service route',
      routes(webRoute({ host: 'shop.example.com' })),
      ['edge.routes[0].host: "shop.example.com/" is also matched by services[0].route: one host and match reaches one route'],
    ],
    [
      'two service routes on one host and path',
      serviceWith(2, { route: { host: 'shop.example.com' } }),
      ['services[2].route.host: "shop.example.com/" is also matched by services[0].route: one host and match reaches one route'],
    ],
    [
      'two edge routes on one host and match (a trailing "/" is the same prefix)',
      routes(webRoute({ match: { path: '/app' } }), webRoute({ name: 'web-two', match: { path: '/app/' } })),
      ['edge.routes[1].host: "web.example.com/app/" is also matched by edge.routes[0]: one host and match reaches one route'],
    ],
    [
      'two edge routes on one host, path, method and headers (header names in any case)',
      routes(
        webRoute({ match: { path: '/app', method: 'POST', headers: { 'X-Canary': 'yes' } } }),
        webRoute({ name: 'web-two', match: { path: '/app', method: 'POST', headers: { 'x-canary': 'yes' } } }),
      ),
      ['edge.routes[1].host: "web.example.com/app" is also matched by edge.routes[0]: one host and match reaches one route'],
    ],
    // backends
    [
      'a backend that is no service of the stack',
      routes(webRoute({ backends: [{ service: 'ghost' }] })),
      ['edge.routes[0].backends[0].service: "ghost" is not a service of the stack (services: api, worker, web)'],
    ],
    [
      'a backend that is a worker',
      routes(webRoute({ backends: [{ service: 'worker' }] })),
      ['edge.routes[0].backends[0].service: "worker" is a worker: it has no Service to route to'],
    ],
    [
      'a worker with a route of its own (one problem, not two)',
      serviceWith(1, { route: { host: 'worker.example.com' } }),
      ['services[1].route: a worker has no Service, so nothing can be routed to it'],
    ],
    [
      'a route to a tcp port',
      serviceWith(0, {
        ports: [
          { name: 'http', port: 8080 },
          { name: 'db', port: 5432, protocol: 'tcp' },
        ],
        allowFrom: [],
        route: { host: 'shop.example.com', port: 'db' },
      }),
      ['services[0].route.port: "db" speaks tcp: the gateway routes HTTP and gRPC only'],
    ],
    [
      'a route to a service with no http or grpc port',
      all(
        serviceWith(2, {
          ports: [{ name: 'db', port: 5432, protocol: 'tcp' }],
          probes: { liveness: { type: 'exec', command: ['/bin/ok'] } },
        }),
        routes(webRoute()),
      ),
      ['edge.routes[0].backends[0].port: service "web" has no http or grpc port to route to'],
    ],
    [
      'a route to a port the service does not have',
      routes(webRoute({ backends: [{ service: 'web', port: 'admin' }] })),
      ['edge.routes[0].backends[0].port: "admin" is not a port of service "web" (http)'],
    ],
    [
      "a route to the service's metrics port",
      apiRoute({ host: 'shop.example.com', port: 'metrics' }),
      ['services[0].route.port: "metrics" is the metrics port: metrics stay inside the cluster, route the service\'s http port'],
    ],
    [
      'a route port that is not a string',
      apiRoute({ host: 'shop.example.com', port: 8080 }),
      ['services[0].route.port: 8080 must be a non-empty string'],
    ],
    [
      'backends that mix http and grpc ports',
      routes(webRoute({ backends: [{ service: 'web' }, { service: 'api', port: 'grpc' }] })),
      ["edge.routes[0].backends: a route's backends must all speak http or all speak grpc"],
    ],
    [
      'an edge route without backends',
      routes({ name: 'web-edge', host: 'web.example.com' }),
      ['edge.routes[0].backends: a route needs at least one backend'],
    ],
    ['an empty list of backends', routes(webRoute({ backends: [] })), ['edge.routes[0].backends: a route needs at least one backend']],
    [
      'backends of weight 0 only',
      routes(webRoute({ backends: [{ service: 'web', weight: 0 }] })),
      ['edge.routes[0].backends: a route needs a backend of weight above 0: with none, the gateway answers every request 500'],
    ],
    [
      '17 backends',
      routes(webRoute({ backends: Array.from({ length: 17 }, () => ({ service: 'web' })) })),
      ['edge.routes[0].backends: a route takes at most 16 backends'],
    ],
    [
      'a negative weight',
      routes(webRoute({ backends: [{ service: 'web', weight: -1 }] })),
      ['edge.routes[0].backends[0].weight: -1 must be an integer between 0 and 1000000'],
    ],
    // gRPC
    [
      'a gRPC service route with a path',
      apiRoute({ host: 'shop.example.com', port: 'grpc', path: '/orders' }),
      [`services[0].route.path: ${GRPC_MATCH}`],
    ],
    [
      'a gRPC edge route with a match',
      routes(webRoute({ host: 'grpc.example.com', match: { method: 'POST' }, backends: [{ service: 'api', port: 'grpc' }] })),
      [`edge.routes[0].match: ${GRPC_MATCH}`],
    ],
    [
      'a gRPC route with CORS',
      apiRoute({ host: 'shop.example.com', port: 'grpc', cors: { allowOrigins: ['https://app.example.com'] } }),
      ['services[0].route.cors: a gRPC route takes no CORS: browsers do not call gRPC services cross-origin'],
    ],
    [
      'a gRPC route with a body size',
      apiRoute({ host: 'shop.example.com', port: 'grpc', maxBodySize: '4Mi' }),
      [
        'services[0].route.maxBodySize: a gRPC route takes no maxBodySize: the gateway would buffer each whole request, which stalls streaming calls (limit message sizes in the gRPC server)',
      ],
    ],
    [
      'an HTTP route on the host of a gRPC route (Gateway API accepts only one of them)',
      all(apiRoute({ host: 'shop.example.com', port: 'grpc' }), routes(webRoute({ host: 'shop.example.com', match: { path: '/web' } }))),
      [`edge.routes[0].host: "shop.example.com" is also served by services[0].route, a gRPC route: ${KIND_CLASH}`],
    ],
    // metrics
    [
      'a gRPC route to a port that also serves metrics (a GRPCRoute takes every path)',
      serviceWith(0, { metrics: { port: 'grpc' }, route: { host: 'shop.example.com', port: 'grpc' } }),
      [
        'services[0].route.port: "grpc" also serves service "api"\'s metrics, and a gRPC route cannot keep a path from the edge: scrape the metrics on another port',
      ],
    ],
    [
      "a service route path under the backend's metrics path on the same port",
      serviceWith(2, { metrics: { port: 'http' }, route: { host: 'web.example.com', path: '/metrics' } }),
      ['services[2].route.path: "/metrics" is service "web"\'s metrics path on that port: metrics stay inside the cluster'],
    ],
    [
      "an edge route path under the backend's metrics path on the same port",
      all(
        serviceWith(2, { metrics: { port: 'http', path: '/internal/metrics' } }),
        routes(webRoute({ match: { path: '/internal/metrics/jvm' } })),
      ),
      ['edge.routes[0].match.path: "/internal/metrics/jvm" is service "web"\'s metrics path on that port: metrics stay inside the cluster'],
    ],
    // paths and matches
    [
      'a route path with a query',
      apiRoute({ host: 'shop.example.com', path: '/api?x=1' }),
      [expect.stringMatching(/^services\[0\]\.route\.path: "\/api\?x=1" must be an HTTP path such as "\/api"/) as unknown as string],
    ],
    [
      'a route path over 1024 characters',
      apiRoute({ host: 'shop.example.com', path: `/${'a'.repeat(1024)}` }),
      [`services[0].route.path: "/${'a'.repeat(39)}..." is longer than 1024 characters, Gateway API's limit for a path`],
    ],
    [
      'a method in lower case',
      routes(webRoute({ match: { method: 'get' } })),
      [`edge.routes[0].match.method: "get" must be one of ${METHODS}`],
    ],
    [
      'a method HTTP does not have',
      routes(webRoute({ match: { method: 'FETCH' } })),
      [`edge.routes[0].match.method: "FETCH" must be one of ${METHODS}`],
    ],
    [
      'a header name with a space',
      routes(webRoute({ match: { headers: { 'X Env': 'a' } } })),
      ['edge.routes[0].match.headers: "X Env" must be a header name'],
    ],
    [
      'a header value with a line break',
      routes(webRoute({ match: { headers: { 'X-Env': 'a\nb' } } })),
      [
        `edge.routes[0].match.headers.X-Env: "a\\nb" must be a header value: at most 4096 characters, no control characters, no space at either end (Envoy trims them, so the match would never hold)`,
      ],
    ],
    [
      'a header value with a space at an end (found by the edge review: it never matches)',
      routes(webRoute({ match: { headers: { 'X-Env': ' canary' } } })),
      [
        `edge.routes[0].match.headers.X-Env: " canary" must be a header value: at most 4096 characters, no control characters, no space at either end (Envoy trims them, so the match would never hold)`,
      ],
    ],
    [
      'a retry attempt longer than the whole request (found by the edge review)',
      apiRoute({ host: 'shop.example.com', timeoutSeconds: 10, retries: { attempts: 2, perAttemptTimeoutSeconds: 30 } }),
      [
        "services[0].route.retries.perAttemptTimeoutSeconds: 30 is longer than the route's timeoutSeconds (10): the request ends before a second attempt could start",
      ],
    ],
    [
      'one header twice, in two cases',
      routes(webRoute({ match: { headers: { 'X-Env': 'a', 'x-env': 'a' } } })),
      ['edge.routes[0].match.headers: header "x-env" is used more than once'],
    ],
    [
      '17 header matches',
      routes(webRoute({ match: { headers: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`x-h${i}`, 'v'])) } })),
      ['edge.routes[0].match.headers: "17 headers": a route takes at most 16'],
    ],
    // CORS
    [
      'CORS from any origin',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['*'] } }),
      [`services[0].route.cors.allowOrigins[0]: "*" ${ORIGIN}`],
    ],
    [
      'a CORS origin with a path',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com/login'] } }),
      [`services[0].route.cors.allowOrigins[0]: "https://app.example.com/login" ${ORIGIN}`],
    ],
    [
      'a CORS origin on port 99999',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com:99999'] } }),
      [`services[0].route.cors.allowOrigins[0]: "https://app.example.com:99999" ${ORIGIN}`],
    ],
    [
      'no CORS origin',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: [] } }),
      ['services[0].route.cors.allowOrigins: CORS needs at least one origin (no "*": name the origins)'],
    ],
    [
      'CORS without allowOrigins',
      apiRoute({ host: 'shop.example.com', cors: { allowCredentials: true } }),
      ['services[0].route.cors.allowOrigins: CORS needs at least one origin (no "*": name the origins)'],
    ],
    [
      'a CORS origin twice (Gateway API keeps them as a set)',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com', 'https://app.example.com'] } }),
      ['services[0].route.cors.allowOrigins: origin "https://app.example.com" is used more than once'],
    ],
    [
      'a CORS method HTTP does not have',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'FETCH'] } }),
      [`services[0].route.cors.allowMethods[1]: "FETCH" must be one of ${METHODS}`],
    ],
    [
      'a CORS method twice',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'GET'] } }),
      ['services[0].route.cors.allowMethods: method "GET" is used more than once'],
    ],
    [
      'CORS with any header',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['*'] } }),
      ['services[0].route.cors.allowHeaders[0]: "*" must be a header name (no "*")'],
    ],
    [
      'a CORS max age of a week',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: ['https://app.example.com'], maxAgeSeconds: 604_800 } }),
      ['services[0].route.cors.maxAgeSeconds: 604800 must be an integer between 1 and 86400'],
    ],
    // rate limits and retries
    [
      'a rate limit of 0',
      apiRoute({ host: 'shop.example.com', rateLimit: { requestsPerSecond: 0 } }),
      ['services[0].route.rateLimit.requestsPerSecond: 0 must be an integer between 1 and 1000000'],
    ],
    [
      'a fractional rate limit',
      apiRoute({ host: 'shop.example.com', rateLimit: { requestsPerSecond: 0.5 } }),
      ['services[0].route.rateLimit.requestsPerSecond: 0.5 must be an integer between 1 and 1000000'],
    ],
    [
      'a rate limit above a million',
      routes(webRoute({ rateLimit: { requestsPerSecond: 1_000_001 } })),
      ['edge.routes[0].rateLimit.requestsPerSecond: 1000001 must be an integer between 1 and 1000000'],
    ],
    [
      'a rate limit without requestsPerSecond',
      apiRoute({ host: 'shop.example.com', rateLimit: {} }),
      ['services[0].route.rateLimit.requestsPerSecond: a rate limit needs requestsPerSecond'],
    ],
    [
      '6 retries',
      apiRoute({ host: 'shop.example.com', retries: { attempts: 6 } }),
      ['services[0].route.retries.attempts: 6 must be an integer between 1 and 5'],
    ],
    [
      '0 retries',
      apiRoute({ host: 'shop.example.com', retries: { attempts: 0 } }),
      ['services[0].route.retries.attempts: 0 must be an integer between 1 and 5'],
    ],
    [
      'retries without attempts',
      apiRoute({ host: 'shop.example.com', retries: {} }),
      ['services[0].route.retries.attempts: retries need attempts'],
    ],
    [
      'a per-attempt timeout of 0',
      apiRoute({ host: 'shop.example.com', retries: { attempts: 2, perAttemptTimeoutSeconds: 0 } }),
      ['services[0].route.retries.perAttemptTimeoutSeconds: 0 must be an integer between 1 and 3600'],
    ],
    [
      'a timeout of 0',
      apiRoute({ host: 'shop.example.com', timeoutSeconds: 0 }),
      ['services[0].route.timeoutSeconds: 0 must be an integer between 1 and 3600'],
    ],
    [
      'a timeout over an hour',
      routes(webRoute({ timeoutSeconds: 3601 })),
      ['edge.routes[0].timeoutSeconds: 3601 must be an integer between 1 and 3600'],
    ],
    // body size
    [
      'a body size that is no quantity',
      apiRoute({ host: 'shop.example.com', maxBodySize: '8MB' }),
      [
        'services[0].route.maxBodySize: "8MB" must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      ],
    ],
    [
      "ingress-nginx's size syntax",
      apiRoute({ host: 'shop.example.com', maxBodySize: '8m' }),
      [
        'services[0].route.maxBodySize: "8m" must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      ],
    ],
    [
      'a body size below 1Ki',
      apiRoute({ host: 'shop.example.com', maxBodySize: '1000' }),
      [
        'services[0].route.maxBodySize: "1000" must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      ],
    ],
    // Envoy Gateway's CRD takes an integer with a unit (no fraction, no exponent), and at most 2^32-1 bytes
    // (more makes buildRequestBuffer fail, and the route answer 500 to every request)
    [
      'a fractional body size',
      apiRoute({ host: 'shop.example.com', maxBodySize: '1.5Mi' }),
      [
        'services[0].route.maxBodySize: "1.5Mi" must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      ],
    ],
    [
      'a body size with an exponent',
      apiRoute({ host: 'shop.example.com', maxBodySize: '2e6' }),
      [
        'services[0].route.maxBodySize: "2e6" must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      ],
    ],
    [
      'a body size of 4Gi',
      apiRoute({ host: 'shop.example.com', maxBodySize: '4Gi' }),
      [
        'services[0].route.maxBodySize: "4Gi" must be a whole number with a unit, from 1Ki to 4Gi less a byte, e.g. "1Mi" or "512Ki" (no fractions or exponents)',
      ],
    ],
    [
      'a body size as a number',
      apiRoute({ host: 'shop.example.com', maxBodySize: 8_388_608 }),
      ['services[0].route.maxBodySize: 8388608 must be a non-empty string'],
    ],
    // health checks
    [
      'an HTTP health check without a path',
      apiRoute({ host: 'shop.example.com', healthCheck: { intervalSeconds: 10 } }),
      ["services[0].route.healthCheck.path: an HTTP route's health check needs the path to request"],
    ],
    [
      'a gRPC health check with a path',
      apiRoute({ host: 'shop.example.com', port: 'grpc', healthCheck: { path: '/healthz' } }),
      ['services[0].route.healthCheck.path: a gRPC route is checked with grpc.health.v1.Health/Check: drop the path'],
    ],
    [
      'a health check path longer than the CRD takes (found by the edge review)',
      apiRoute({ host: 'shop.example.com', healthCheck: { path: `/${'a'.repeat(1024)}` } }),
      [`services[0].route.healthCheck.path: "/${'a'.repeat(39)}..." is longer than 1024 characters, Gateway API's limit for a path`],
    ],
    [
      'a CORS origin longer than the CRD takes (found by the edge review)',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: [LONG_ORIGIN] } }),
      [
        expect.stringMatching(
          /^services\[0\]\.route\.cors\.allowOrigins\[0\]: "https:\/\/a+\.b+\.\.\. must be an origin .*, at most 253 characters$/,
        ),
      ],
    ],
    [
      'a route whose path is the metrics path in capitals (found by the edge review)',
      all(serviceWith(2, { metrics: { port: 'http', path: '/metrics' } }), routes(webRoute({ match: { path: '/METRICS' } }))),
      [`edge.routes[0].match.path: "/METRICS" is service "web"'s metrics path on that port: metrics stay inside the cluster`],
    ],
    [
      'a route whose path is the metrics path percent-encoded (found by the edge review)',
      all(serviceWith(2, { metrics: { port: 'http', path: '/metrics' } }), routes(webRoute({ match: { path: '/%6Detrics/x' } }))),
      [`edge.routes[0].match.path: "/%6Detrics/x" is service "web"'s metrics path on that port: metrics stay inside the cluster`],
    ],
    [
      'a metrics path in capitals under a route (found by the edge review)',
      all(serviceWith(2, { metrics: { port: 'http', path: '/Metrics' } }), routes(webRoute({ match: { path: '/metrics' } }))),
      [`edge.routes[0].match.path: "/metrics" is service "web"'s metrics path on that port: metrics stay inside the cluster`],
    ],
    // session cookie
    [
      'a session cookie with a space',
      apiRoute({ host: 'shop.example.com', sessionCookie: 'my session' }),
      ['services[0].route.sessionCookie: "my session" must be a cookie name: letters, digits and !#$%&\'*+.^_`|~- only'],
    ],
    [
      'a session cookie with a separator',
      apiRoute({ host: 'shop.example.com', sessionCookie: 'sid=1;' }),
      ['services[0].route.sessionCookie: "sid=1;" must be a cookie name: letters, digits and !#$%&\'*+.^_`|~- only'],
    ],
    // the gateway
    [
      'one gateway replica in production',
      edge({ replicas: 1 }),
      ['edge.replicas: production needs at least 2 gateway replicas: one would take every host down during a node drain'],
    ],
    ['0 gateway replicas', edge({ replicas: 0 }), ['edge.replicas: 0 must be an integer between 1 and 100']],
    [
      'a shared gateway with the settings of an own one',
      edge({ ...shared, clusterIssuer: 'letsencrypt-prod', minTlsVersion: '1.3', replicas: 3, drainSeconds: 30 }),
      [
        `edge.clusterIssuer: "letsencrypt-prod" ${OWN_SETTING}`,
        `edge.minTlsVersion: "1.3" ${OWN_SETTING}`,
        `edge.replicas: 3 ${OWN_SETTING}`,
        `edge.drainSeconds: 30 ${OWN_SETTING}`,
      ],
    ],
    [
      'a shared gateway without a namespace',
      edge({ sharedGateway: { name: 'shared' } }),
      ['edge.sharedGateway.namespace: undefined must be a non-empty string'],
    ],
    [
      'a shared gateway name with capitals',
      edge({ sharedGateway: { name: 'Shared', namespace: 'gateways' } }),
      ['edge.sharedGateway.name: "Shared" must be a Gateway name (a DNS-1123 subdomain)'],
    ],
    ['TLS 1.1', edge({ minTlsVersion: '1.1' }), ['edge.minTlsVersion: "1.1" must be "1.2" or "1.3" (older versions are broken)']],
    ['TLS 1.3 as a number', edge({ minTlsVersion: 1.3 }), ['edge.minTlsVersion: 1.3 must be "1.2" or "1.3" (older versions are broken)']],
    ['hsts: true', edge({ hsts: true }), ['edge.hsts: true: give the settings as an object, or false to send no HSTS']],
    [
      'an HSTS max age of 0',
      edge({ hsts: { maxAgeSeconds: 0 } }),
      ['edge.hsts.maxAgeSeconds: 0 must be an integer between 1 and 63072000'],
    ],
    [
      'HSTS includeSubDomains as a string',
      edge({ hsts: { includeSubDomains: 'yes' } }),
      ['edge.hsts.includeSubDomains: "yes" must be true or false'],
    ],
    [
      'a ClusterIssuer name with a space',
      edge({ clusterIssuer: 'lets encrypt' }),
      ['edge.clusterIssuer: "lets encrypt" must be a ClusterIssuer name (a DNS-1123 subdomain)'],
    ],
    ['a drain of more than an hour', edge({ drainSeconds: 3601 }), ['edge.drainSeconds: 3601 must be an integer between 0 and 3600']],
    [
      'more than 63 hosts on one gateway',
      routes(...Array.from({ length: 63 }, (_, i) => webRoute({ name: `web-${i}`, host: `h${i}.example.com` }))),
      ['edge: a gateway has at most 63 HTTPS listeners (one per host); use a shared gateway or fewer hosts'],
    ],
    [
      'two hosts that would share a listener name (a-b.c and a.b-c)',
      all(apiRoute({ host: 'a-b.example.com' }), routes(webRoute({ host: 'a.b-example.com' }))),
      ['edge.routes[0].host: "a.b-example.com" and "a-b.example.com" would share the gateway listener https-a-b-example-com; rename one'],
    ],
    // names
    [
      'two edge routes of one name',
      routes(webRoute(), webRoute({ host: 'www.example.com' })),
      ['edge.routes: route name "web-edge" is used more than once'],
    ],
    [
      'an edge route named like a service that has a route (one HTTPRoute name)',
      routes(webRoute({ name: 'api' })),
      ['edge.routes[0].name: "api" would create the same object as another entry (HTTPRoute "api" of services[0]): choose another name'],
    ],
    [
      "an edge route named like the gateway's redirect",
      routes(webRoute({ name: 'shop-https-redirect' })),
      [
        `edge.routes[0].name: "shop-https-redirect" would replace the gateway's redirect to HTTPS ("shop-https-redirect"), which the library creates: choose another name`,
      ],
    ],
    [
      'an edge route name that is no DNS label',
      routes(webRoute({ name: 'Web_Edge' })),
      [expect.stringMatching(/^edge\.routes\[0\]\.name: "Web_Edge" must be a DNS-1123 label/) as unknown as string],
    ],
    // the retired field
    [
      'a service that still has an ingress',
      (s) => {
        delete s.services[0].route;
        s.services[0].ingress = { host: 'shop.example.com', className: 'nginx' };
      },
      [
        'services[0].ingress: unknown field "ingress": the edge is Gateway API on Envoy Gateway now; write `route` (host, path, port, rateLimit, timeoutSeconds, ...) and `edge` (README: "Migrating from ingress")',
      ],
    ],
  ])('%s', (_what, mutate, expected) => {
    expect(problems(mutate)).toEqual(expected);
  });
});

describe('accepted', () => {
  test.each<[string, Mutation]>([
    ['a wildcard host on a shared gateway (its owner holds the certificate)', all(edge(shared), apiRoute({ host: '*.example.com' }))],
    ['a wildcard edge route host on a shared gateway', edge({ ...shared, routes: [webRoute({ host: '*.web.example.com' })] })],
    [
      'hosts that share a listener name on a shared gateway (it has listeners of its own)',
      all(apiRoute({ host: 'a-b.example.com' }), edge({ ...shared, routes: [webRoute({ host: 'a.b-example.com' })] })),
    ],
    ['a host of 248 characters on a shared gateway', all(edge(shared), apiRoute({ host: LONG_HOST }))],
    [
      'more than 63 hosts on a shared gateway',
      edge({ ...shared, routes: Array.from({ length: 63 }, (_, i) => webRoute({ name: `web-${i}`, host: `h${i}.example.com` })) }),
    ],
    [
      '63 hosts on the stack gateway',
      routes(...Array.from({ length: 62 }, (_, i) => webRoute({ name: `web-${i}`, host: `h${i}.example.com` }))),
    ],
    ['one gateway replica in development', all((s) => (s.environment = 'development'), edge({ replicas: 1 }))],
    ['one gateway replica in staging', all((s) => (s.environment = 'staging'), edge({ replicas: 1 }))],
    ['no HSTS', edge({ hsts: false })],
    ['HSTS with subdomains, two years', edge({ hsts: { maxAgeSeconds: 63_072_000, includeSubDomains: true } })],
    ['TLS 1.3 only', edge({ minTlsVersion: '1.3' })],
    ['a ClusterIssuer of its own and a long drain', edge({ clusterIssuer: 'letsencrypt-dns', drainSeconds: 300, replicas: 3 })],
    ['HSTS settings on a shared gateway (a response header of each route)', edge({ ...shared, hsts: { includeSubDomains: true } })],
    ['two services on one host by path', serviceWith(2, { route: { host: 'shop.example.com', path: '/web' } })],
    [
      'one host and path by method and by header',
      routes(
        webRoute({ host: 'shop.example.com', match: { method: 'POST' } }),
        webRoute({ name: 'web-canary', host: 'shop.example.com', match: { headers: { 'X-Canary': 'yes' } } }),
      ),
    ],
    [
      'a prefix that is no whole segment of another',
      routes(webRoute({ match: { path: '/api' } }), webRoute({ name: 'web-apis', match: { path: '/apis' } })),
    ],
    ['an edge route named like a service without a route', routes(webRoute({ name: 'web' }))],
    [
      'a canary: weights over two services, one of them 0',
      routes(
        webRoute({
          backends: [
            { service: 'web', weight: 9 },
            { service: 'api', port: 'http', weight: 1 },
            { service: 'api', weight: 0 },
          ],
        }),
      ),
    ],
    [
      'a route path that only starts like the metrics path (/metricsx)',
      serviceWith(2, { metrics: { port: 'http' }, route: { host: 'web.example.com', path: '/metricsx' } }),
    ],
    [
      'a route path above the metrics path (blocked at the edge, not refused)',
      serviceWith(2, { metrics: { port: 'http', path: '/api/metrics' }, route: { host: 'web.example.com', path: '/api' } }),
    ],
    ['a route on /metrics when the metrics are on another port', apiRoute({ host: 'shop.example.com', path: '/metrics' })],
    [
      'a gRPC route with a timeout, a rate limit, retries and a session cookie',
      apiRoute({
        host: 'shop.example.com',
        port: 'grpc',
        timeoutSeconds: 30,
        rateLimit: { requestsPerSecond: 100 },
        retries: { attempts: 2 },
        sessionCookie: 'affinity',
      }),
    ],
    [
      'a gRPC service route and an HTTP route on other hosts',
      all(apiRoute({ host: 'grpc.example.com', port: 'grpc' }), routes(webRoute())),
    ],
    [
      'every HTTP option',
      apiRoute({
        host: 'shop.example.com',
        path: '/api',
        port: 'http',
        timeoutSeconds: 3600,
        maxBodySize: '8Mi',
        rateLimit: { requestsPerSecond: 1_000_000 },
        retries: { attempts: 5, perAttemptTimeoutSeconds: 10 },
        sessionCookie: 'SESSION_ID',
        cors: {
          allowOrigins: ['https://app.example.com', 'http://localhost:3000'],
          allowMethods: ['GET', 'POST', 'PATCH'],
          allowHeaders: ['Authorization', 'X-Request-Id'],
          allowCredentials: true,
          maxAgeSeconds: 86_400,
        },
      }),
    ],
    [
      'a body size of exactly 1Ki, and of 4095Mi',
      all(apiRoute({ host: 'shop.example.com', maxBodySize: '1Ki' }), routes(webRoute({ maxBodySize: '4095Mi' }))),
    ],
    [
      'an edge route with headers, a method and a path',
      routes(webRoute({ match: { path: '/hooks', method: 'POST', headers: { 'X-Signature-Version': 'v1' } } })),
    ],
    ['an empty edge', edge({})],
    ['edge settings and no route at all', all((s) => delete s.services[0].route, edge({ replicas: 3 }))],
  ])('%s', (_what, mutate) => {
    expect(problems(mutate)).toEqual([]);
  });
});

describe('resolution', () => {
  const resolved = (mutate: Mutation = () => {}) => resolve(validate(broken(mutate)) as ProductionStackProps).edge;

  test("the base spec: the api's route on its first http port, the defaults of an own gateway", () => {
    expect(resolved()).toEqual({
      gateway: { name: 'shop', namespace: 'shop', own: true },
      clusterIssuer: 'letsencrypt-prod',
      minTlsVersion: '1.2',
      hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: false },
      replicas: 2,
      drainSeconds: 60,
      hosts: ['shop.example.com'],
      routes: [
        {
          name: 'api',
          source: 'services[0].route',
          host: 'shop.example.com',
          kind: 'http',
          path: '/',
          method: undefined,
          headers: {},
          backends: [{ service: 'api', port: 'http', number: 8080, weight: 1 }],
          timeoutSeconds: 60,
          maxBodySize: undefined,
          rateLimit: undefined,
          retries: undefined,
          sessionCookie: undefined,
          cors: undefined,
          // the api's metrics are on their own port, which no route reaches
          blockedPaths: [],
        },
      ],
    });
  });

  test('the gateway lives in the namespace, and no route means no host', () => {
    const e = resolved(
      all(
        (s) => (s.namespace = 'shop-prod'),
        (s) => delete s.services[0].route,
      ),
    );
    expect(e.gateway).toEqual({ name: 'shop', namespace: 'shop-prod', own: true });
    expect(e.routes).toEqual([]);
    expect(e.hosts).toEqual([]);
  });

  test('a shared gateway is named, and not the stack’s own', () => {
    expect(resolved(edge(shared)).gateway).toEqual({ name: 'shared', namespace: 'gateways', own: false });
  });

  test('the settings given replace the defaults; HSTS settings are merged with them', () => {
    const e = resolved(
      edge({ clusterIssuer: 'letsencrypt-dns', minTlsVersion: '1.3', hsts: { includeSubDomains: true }, replicas: 3, drainSeconds: 30 }),
    );
    expect(e).toMatchObject({
      clusterIssuer: 'letsencrypt-dns',
      minTlsVersion: '1.3',
      hsts: { maxAgeSeconds: 31_536_000, includeSubDomains: true },
      replicas: 3,
      drainSeconds: 30,
    });
  });

  test('hsts: false sends none', () => {
    expect(resolved(edge({ hsts: false })).hsts).toBeUndefined();
  });

  test("a gRPC port makes a gRPC route, with no time limit by default (streams may last; 0 turns off Envoy's 15 s)", () => {
    const [r] = resolved(apiRoute({ host: 'shop.example.com', port: 'grpc' })).routes;
    expect(r).toMatchObject({
      kind: 'grpc',
      path: '/',
      backends: [{ service: 'api', port: 'grpc', number: 9090, weight: 1 }],
      blockedPaths: [],
    });
    expect(r.timeoutSeconds).toBe(0);
    expect(resolved(apiRoute({ host: 'shop.example.com', port: 'grpc', timeoutSeconds: 30 })).routes[0].timeoutSeconds).toBe(30);
  });

  test('a port with protocol grpc under another name is gRPC too', () => {
    const e = resolved(serviceWith(2, { ports: [{ name: 'rpc', port: 50051, protocol: 'grpc' }], route: { host: 'rpc.example.com' } }));
    expect(e.routes[1]).toMatchObject({ name: 'web', kind: 'grpc', backends: [{ service: 'web', port: 'rpc', number: 50051 }] });
  });

  test('the metrics path is blocked when metrics share the routed port and fall under the route path', () => {
    const web = (route: Loose, metrics: Loose) => resolved(serviceWith(2, { route, metrics })).routes[1];
    expect(web({ host: 'web.example.com' }, { port: 'http' }).blockedPaths).toEqual(['/metrics']);
    expect(web({ host: 'web.example.com', path: '/api' }, { port: 'http', path: '/api/metrics' }).blockedPaths).toEqual(['/api/metrics']);
    // not under the route's path: the route cannot reach it
    expect(web({ host: 'web.example.com', path: '/api' }, { port: 'http' }).blockedPaths).toEqual([]);
    expect(web({ host: 'web.example.com', path: '/metricsx' }, { port: 'http' }).blockedPaths).toEqual([]);
  });

  test('the metrics path is not blocked when the metrics are on another port', () => {
    // the api scrapes its port "metrics"; its route reaches "http"
    expect(resolved().routes[0].blockedPaths).toEqual([]);
    expect(resolved(apiRoute({ host: 'shop.example.com', path: '/metrics' })).routes[0].blockedPaths).toEqual([]);
  });

  test("a port named metrics is a service's metrics port without a metrics field", () => {
    const e = resolved(
      serviceWith(2, {
        ports: [
          { name: 'http', port: 3000 },
          { name: 'metrics', port: 3001 },
        ],
        route: { host: 'web.example.com' },
      }),
    );
    expect(e.routes[1]).toMatchObject({ backends: [{ port: 'http', number: 3000 }], blockedPaths: [] });
  });

  test('the blocked paths of a route over several services are each once, sorted', () => {
    const e = resolved(
      all(
        serviceWith(0, { metrics: { port: 'http', path: '/stats' } }),
        serviceWith(2, { metrics: { port: 'http' } }),
        routes(webRoute({ backends: [{ service: 'web' }, { service: 'api', port: 'http' }] })),
      ),
    );
    expect(e.routes.map((r) => [r.name, r.blockedPaths])).toEqual([
      ['api', ['/stats']],
      ['web-edge', ['/metrics', '/stats']],
    ]);
  });

  test('edge routes follow the services’ own, with their match, weights and options', () => {
    const e = resolved(
      routes(
        webRoute({
          name: 'web-canary',
          host: 'shop.example.com',
          match: { path: '/web', method: 'GET', headers: { 'X-Canary': 'yes' } },
          backends: [
            { service: 'web', weight: 9 },
            { service: 'api', port: 'http', weight: 1 },
          ],
          rateLimit: { requestsPerSecond: 100 },
          retries: { attempts: 2 },
          sessionCookie: 'sid',
          maxBodySize: '8Mi',
          cors: { allowOrigins: ['https://app.example.com'] },
        }),
      ),
    );
    expect(e.routes.map((r) => r.source)).toEqual(['services[0].route', 'edge.routes[0]']);
    expect(e.routes[1]).toEqual({
      name: 'web-canary',
      source: 'edge.routes[0]',
      host: 'shop.example.com',
      kind: 'http',
      path: '/web',
      method: 'GET',
      headers: { 'X-Canary': 'yes' },
      backends: [
        { service: 'web', port: 'http', number: 3000, weight: 9 },
        { service: 'api', port: 'http', number: 8080, weight: 1 },
      ],
      timeoutSeconds: 60,
      maxBodySize: '8Mi',
      rateLimit: { requestsPerSecond: 100 },
      retries: { attempts: 2 },
      sessionCookie: 'sid',
      cors: {
        allowOrigins: ['https://app.example.com'],
        allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: ['Content-Type', 'Authorization'],
        allowCredentials: false,
        maxAgeSeconds: 5,
      },
      blockedPaths: [],
    });
  });

  test('the hosts are each once, in order of first appearance', () => {
    const e = resolved(
      routes(
        webRoute({ name: 'b', host: 'b.example.com' }),
        webRoute({ name: 'shop-web', host: 'shop.example.com', match: { path: '/web' } }),
        webRoute({ name: 'a', host: 'a.example.com' }),
        webRoute({ name: 'b-api', host: 'b.example.com', match: { path: '/api' } }),
      ),
    );
    expect(e.hosts).toEqual(['shop.example.com', 'b.example.com', 'a.example.com']);
    expect(e.routes.map((r) => r.name)).toEqual(['api', 'b', 'shop-web', 'a', 'b-api']);
  });
});

describe('hostile shapes are refused with one ValidationError, never a TypeError', () => {
  /** Runs validation; returns the ValidationError's `path: rule` lines. */
  function refusal(mutate: Mutation): string[] {
    const spec = broken(mutate);
    let error: unknown;
    try {
      validate(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => `${p.path}: ${p.rule}`);
  }

  test.each<[string, Mutation, string[]]>([
    ['edge is a string', edge('x'), ['edge: "x" must be an object']],
    ['edge is a list', edge([]), ['edge: [] must be an object']],
    ['edge is null', edge(null), ['edge: null must be an object']],
    ['routes is an object', edge({ routes: {} }), ['edge.routes: {} must be a list']],
    [
      'routes holds null and a number',
      routes(null, 7),
      [
        'edge.routes[0]: null must be an object with a name, a host and backends',
        'edge.routes[1]: 7 must be an object with a name, a host and backends',
      ],
    ],
    ['backends is a string', routes(webRoute({ backends: 'api' })), ['edge.routes[0].backends: "api" must be a list']],
    [
      'backends holds null and a string',
      routes(webRoute({ backends: [null, 'api'] })),
      [
        'edge.routes[0].backends[0]: null must be an object with a service',
        'edge.routes[0].backends[1]: "api" must be an object with a service',
      ],
    ],
    [
      'a backend service is a number',
      routes(webRoute({ backends: [{ service: 7 }] })),
      ['edge.routes[0].backends[0].service: 7 must be a non-empty string'],
    ],
    [
      'a backend port is an object',
      routes(webRoute({ backends: [{ service: 'web', port: {} }] })),
      ['edge.routes[0].backends[0].port: {} must be a non-empty string'],
    ],
    ['match is a number', routes(webRoute({ match: 7 })), ['edge.routes[0].match: 7 must be an object']],
    ['match.path is a number', routes(webRoute({ match: { path: 7 } })), ['edge.routes[0].match.path: 7 must be a non-empty string']],
    ['match.headers is a string', routes(webRoute({ match: { headers: 'x' } })), ['edge.routes[0].match.headers: "x" must be an object']],
    ['match.headers is null', routes(webRoute({ match: { headers: null } })), ['edge.routes[0].match.headers: null must be an object']],
    [
      'a header value is a number',
      routes(webRoute({ match: { headers: { 'X-A': 1 } } })),
      ['edge.routes[0].match.headers.X-A: 1 must be a non-empty string'],
    ],
    ['cors is a list', apiRoute({ host: 'shop.example.com', cors: [] }), ['services[0].route.cors: [] must be an object']],
    [
      'allowOrigins is a string',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: 'https://a.example.com' } }),
      ['services[0].route.cors.allowOrigins: "https://a.example.com" must be a list'],
    ],
    [
      'an origin is null',
      apiRoute({ host: 'shop.example.com', cors: { allowOrigins: [null] } }),
      ['services[0].route.cors.allowOrigins[0]: null must be a non-empty string'],
    ],
    ['rateLimit is a number', apiRoute({ host: 'shop.example.com', rateLimit: 5 }), ['services[0].route.rateLimit: 5 must be an object']],
    [
      'healthCheck is a number',
      apiRoute({ host: 'shop.example.com', healthCheck: 5 }),
      ['services[0].route.healthCheck: 5 must be an object'],
    ],
    ['retries is a string', apiRoute({ host: 'shop.example.com', retries: 'x' }), ['services[0].route.retries: "x" must be an object']],
    ['route is null', apiRoute(null), ['services[0].route: null must be an object']],
    ['route is a string', apiRoute('shop.example.com'), ['services[0].route: "shop.example.com" must be an object']],
    ['route is a list', apiRoute([]), ['services[0].route: [] must be an object']],
    ['route.path is a number', apiRoute({ host: 'shop.example.com', path: 7 }), ['services[0].route.path: 7 must be a non-empty string']],
    ['hsts is a string', edge({ hsts: 'yes' }), ['edge.hsts: "yes" must be an object']],
    ['sharedGateway is a list', edge({ sharedGateway: [] }), ['edge.sharedGateway: [] must be an object']],
    ['sharedGateway is a string', edge({ sharedGateway: 'shared' }), ['edge.sharedGateway: "shared" must be an object']],
    [
      'a port is null, and the service has a route',
      (s) => s.services[0].ports.unshift(null),
      [expect.stringMatching(/^services\[0\]\.ports\[0\]: null must be an object/) as unknown as string],
    ],
    [
      'a service is null among routed ones',
      all((s) => s.services.push(null), routes(webRoute())),
      [expect.stringMatching(/^services\[3\]: null must be an object/) as unknown as string],
    ],
  ])('%s', (_what, mutate, expected) => {
    expect(refusal(mutate)).toEqual(expected);
  });

  test('many problems at once: each listed, in one error', () => {
    const lines = refusal(
      all(
        apiRoute({ host: 'Shop', path: 'api', port: 7, cors: { allowOrigins: ['*'] }, rateLimit: { requestsPerSecond: 0 } }),
        edge({
          replicas: 1,
          hsts: true,
          routes: [webRoute({ name: 'X', host: '*.example.com', backends: [{ service: 'ghost' }], match: { method: 'get' } }), 'junk'],
        }),
      ),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\[0\]\.route\.host: "Shop" must be a DNS name/),
        expect.stringMatching(/^services\[0\]\.route\.path: "api" must be an HTTP path/),
        'services[0].route.port: 7 must be a non-empty string',
        expect.stringMatching(/^services\[0\]\.route\.cors\.allowOrigins\[0\]: "\*" must be an origin/),
        'services[0].route.rateLimit.requestsPerSecond: 0 must be an integer between 1 and 1000000',
        expect.stringMatching(/^edge\.replicas: production needs at least 2/),
        'edge.hsts: true: give the settings as an object, or false to send no HSTS',
        expect.stringMatching(/^edge\.routes\[0\]\.name: "X" must be a DNS-1123 label/),
        expect.stringMatching(/^edge\.routes\[0\]\.host: "\*\.example\.com" is a wildcard/),
        expect.stringMatching(/^edge\.routes\[0\]\.backends\[0\]\.service: "ghost" is not a service of the stack/),
        expect.stringMatching(/^edge\.routes\[0\]\.match\.method: "get" must be one of/),
        'edge.routes[1]: "junk" must be an object with a name, a host and backends',
      ]),
    );
    expect(lines).toHaveLength(12);
  });
});
