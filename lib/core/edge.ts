/**
 * The edge's fixed parts and path arithmetic: Envoy Gateway's namespace, class and labels, the name of a
 * Gateway's load balancer Service, a route's default port, and how a backend may read a path. The edge with its
 * defaults applied is lib/core/resolve/edge.ts.
 */
import { createHash } from 'crypto';
import { portProtocol } from './ports';
import type { ServiceSpec } from './spec/service';

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

/**
 * The port a route reaches on a service by default: its first http or grpc port not named `metrics`. Always
 * the first, so that adding a port (an admin or debug one) never moves the public route; metrics served on
 * it are refused at the edge (`blockedPaths`).
 */
export function defaultRoutePort(service: ServiceSpec): string | undefined {
  return (service.ports ?? []).find((p) => portProtocol(p) !== 'tcp' && p.name !== 'metrics')?.name;
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
