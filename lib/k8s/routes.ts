/**
 * The stack's routes on the gateway: an HTTPRoute (or a GRPCRoute for gRPC backends) per route, HSTS and
 * CORS as standard filters, the paths the edge never serves answered 404 (an Envoy Gateway
 * HTTPRouteFilter), and each route's timeouts, body size, rate limit, retries and session affinity as
 * an Envoy Gateway BackendTrafficPolicy.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/resolve';
import { encodedPathPattern } from '../core/edge';
import type { ResolvedRoute } from '../core/resolve';
import { k8sNames } from '../core/naming';
import { ENVOY_GATEWAY_API, GATEWAY_API } from './gateway';
import { stackLabels } from './labels';
import { cloudProfile } from '../core/cloud';

function hstsFilter(stack: ResolvedStack): Record<string, unknown>[] {
  const h = stack.edge.hsts;
  if (!h) return [];
  const value = `max-age=${h.maxAgeSeconds}${h.includeSubDomains ? '; includeSubDomains' : ''}`;
  return [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value }] } }];
}

function parentRefs(stack: ResolvedStack, route: ResolvedRoute): Record<string, string>[] {
  const { gateway: gw } = stack.edge;
  return [
    {
      group: GATEWAY_API,
      kind: 'Gateway',
      name: gw.name,
      ...(gw.own ? { sectionName: k8sNames.httpsListener(route.host) } : { namespace: gw.namespace }),
    },
  ];
}

export function backendRefs(route: ResolvedRoute): Record<string, unknown>[] {
  return route.backends.map((b) => ({ name: k8sNames.workload(b.service), port: b.number, weight: b.weight }));
}

function httpRules(stack: ResolvedStack, route: ResolvedRoute): Record<string, unknown>[] {
  const hsts = hstsFilter(stack);
  // one rule for every blocked path (a route holds at most 16 rules, a rule 64 matches)
  const blocked =
    route.blockedPaths.length === 0
      ? []
      : [
          {
            matches: route.blockedPaths.map((path) => ({ path: { type: 'RegularExpression', value: encodedPathPattern(path) } })),
            filters: [
              ...hsts,
              {
                type: 'ExtensionRef',
                extensionRef: { group: ENVOY_GATEWAY_API, kind: 'HTTPRouteFilter', name: k8sNames.notFound(stack.name) },
              },
            ],
          },
        ];
  const headers = Object.entries(route.headers).map(([name, value]) => ({ type: 'Exact', name, value }));
  const match = {
    path: { type: 'PathPrefix', value: route.path },
    ...(route.method ? { method: route.method } : {}),
    ...(headers.length > 0 ? { headers } : {}),
  };
  const cors = route.cors && {
    type: 'CORS',
    cors: {
      allowOrigins: [...route.cors.allowOrigins],
      allowMethods: [...route.cors.allowMethods],
      allowHeaders: [...route.cors.allowHeaders],
      allowCredentials: route.cors.allowCredentials,
      maxAge: route.cors.maxAgeSeconds,
    },
  };
  return [...blocked, { matches: [match], filters: [...hsts, ...(cors ? [cors] : [])], backendRefs: backendRefs(route) }];
}

/**
 * The Gateway API kind of a route: a gRPC route is a GRPCRoute, except on GKE, whose managed Gateway API CRDs
 * (the only ones it admits) leave GRPCRoute out (envoyproxy/gateway#9583): there it is an HTTPRoute of every
 * path, which Envoy forwards over HTTP/2 all the same (the backend port's `appProtocol` is `kubernetes.io/h2c`).
 */
export function routeKind(stack: ResolvedStack, route: ResolvedRoute): 'GRPCRoute' | 'HTTPRoute' {
  return route.kind === 'grpc' && cloudProfile(stack.cloud).grpcRoute ? 'GRPCRoute' : 'HTTPRoute';
}

/** The HTTPRoute or GRPCRoute of a route, on its host's listener (or on the shared gateway). */
export function routeObject(scope: Construct, stack: ResolvedStack, route: ResolvedRoute): ApiObject {
  const hsts = hstsFilter(stack);
  // a gRPC route takes every method (every path), with HSTS and nothing else
  const rules =
    route.kind === 'grpc' ? [{ ...(hsts.length > 0 ? { filters: hsts } : {}), backendRefs: backendRefs(route) }] : httpRules(stack, route);
  return new ApiObject(scope, `Route-${route.name}`, {
    apiVersion: `${GATEWAY_API}/v1`,
    kind: routeKind(stack, route),
    metadata: { name: route.name, namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: { parentRefs: parentRefs(stack, route), hostnames: [route.host], rules },
  });
}

/**
 * How the gateway treats a route's requests (Envoy Gateway BackendTrafficPolicy): the request timeout,
 * the body size (buffered; larger is 413), the rate limit per client IP (429), retries of requests that
 * never reached a backend, active health checks and cookie affinity. Undefined when the route sets none of them.
 */
export function backendTrafficPolicy(scope: Construct, stack: ResolvedStack, route: ResolvedRoute): ApiObject | undefined {
  const spec: Record<string, unknown> = {};
  if (route.timeoutSeconds !== undefined) spec.timeout = { http: { requestTimeout: `${route.timeoutSeconds}s` } };
  if (route.maxBodySize !== undefined) spec.requestBuffer = { limit: route.maxBodySize };
  if (route.rateLimit) {
    spec.rateLimit = {
      type: 'Local',
      local: {
        rules: [
          {
            clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }],
            limit: { requests: route.rateLimit.requestsPerSecond, unit: 'Second' },
          },
        ],
      },
    };
  }
  if (route.retries) {
    spec.retry = {
      numRetries: route.retries.attempts,
      // only what never reached the application: a retried request is never processed twice
      retryOn: { triggers: ['connect-failure', 'refused-stream', 'reset-before-request'] },
      ...(route.retries.perAttemptTimeoutSeconds ? { perRetry: { timeout: `${route.retries.perAttemptTimeoutSeconds}s` } } : {}),
    };
  }
  if (route.healthCheck) {
    const { path, intervalSeconds } = route.healthCheck;
    const probe = route.kind === 'grpc' ? { type: 'GRPC' } : { type: 'HTTP', http: { path, expectedStatuses: [200] } };
    spec.healthCheck = { active: { ...probe, interval: `${intervalSeconds}s`, timeout: '1s', unhealthyThreshold: 3, healthyThreshold: 1 } };
  }
  if (route.sessionCookie) {
    spec.loadBalancer = { type: 'ConsistentHash', consistentHash: { type: 'Cookie', cookie: { name: route.sessionCookie, ttl: '3600s' } } };
  }
  if (Object.keys(spec).length === 0) return undefined;
  return new ApiObject(scope, `TrafficPolicy-${route.name}`, {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: 'BackendTrafficPolicy',
    metadata: { name: route.name, namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: { targetRefs: [{ group: GATEWAY_API, kind: routeKind(stack, route), name: route.name }], ...spec },
  });
}

/** The 404 the edge answers for the paths it never serves (see `ResolvedRoute.blockedPaths`). */
export function notFoundFilter(scope: Construct, stack: ResolvedStack): ApiObject {
  return new ApiObject(scope, 'NotFound', {
    apiVersion: `${ENVOY_GATEWAY_API}/v1alpha1`,
    kind: 'HTTPRouteFilter',
    metadata: { name: k8sNames.notFound(stack.name), namespace: stack.namespace, labels: stackLabels(stack.name) },
    spec: { directResponse: { statusCode: 404, contentType: 'text/plain', body: { type: 'Inline', inline: 'not found' } } },
  });
}
