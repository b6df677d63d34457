/**
 * PromQL over a service's request metrics (`ResolvedService.requestMetrics`),
 * shared by the request alerts, the SLO rules and the dashboards. The
 * ServiceMonitor or PodMonitor gives every scraped series `namespace` and
 * `service`, which is what these select on.
 */
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { eq, re, selector } from './promql';

/**
 * gRPC codes counted as server errors (the usual mapping to HTTP 5xx). A
 * service whose `statusLabel` is `grpc_code` (go-grpc-prometheus,
 * grpc-ecosystem/go-grpc-middleware: `grpc_server_handled_total`,
 * `grpc_server_handling_seconds`) is judged by these instead of 5xx.
 */
export const GRPC_SERVER_ERROR_CODES = ['Unknown', 'DeadlineExceeded', 'Internal', 'Unavailable', 'DataLoss'] as const;

/**
 * True when the service has a metrics endpoint and serves requests: an http or
 * grpc port other than one named `metrics` (a port may serve both, as QL-RF's
 * `http` does). A worker exposing only metrics gets no request alerts or panels.
 */
export function servesRequests(service: ResolvedService): boolean {
  return service.metrics !== undefined && service.ports.some((p) => p.protocol !== 'tcp' && p.name !== 'metrics');
}

/** True when the service reports gRPC codes rather than HTTP statuses. */
export function isGrpc(service: ResolvedService): boolean {
  return service.requestMetrics.statusLabel === 'grpc_code';
}

/** Matcher of server errors: HTTP 5xx (also matches a grouped `5xx`), or the gRPC server-error codes. */
export function errorMatcher(service: ResolvedService): string {
  const label = service.requestMetrics.statusLabel;
  return isGrpc(service) ? re(label, GRPC_SERVER_ERROR_CODES.join('|')) : re(label, '5..');
}

/** Matcher of requests refused by rate limiting: HTTP 429, or gRPC RESOURCE_EXHAUSTED. */
export function rateLimitedMatcher(service: ResolvedService): string {
  const label = service.requestMetrics.statusLabel;
  return isGrpc(service) ? eq(label, 'ResourceExhausted') : eq(label, '429');
}

/** The matchers of one service's series. */
export function serviceMatchers(stack: ResolvedStack, service: ResolvedService): string[] {
  return [eq('namespace', stack.namespace), eq('service', service.name)];
}

/** Requests per second over `window`, summed by namespace and service; `extra` narrows them (e.g. to errors). */
export function requestRate(stack: ResolvedStack, service: ResolvedService, window: string, ...extra: string[]): string {
  return `sum by (namespace, service) (rate(${selector(service.requestMetrics.requests, ...serviceMatchers(stack, service), ...extra)}[${window}]))`;
}

/**
 * The share of requests matching `matcher` over `window`. When no request has
 * ever matched (no series yet), the ratio is 0 rather than absent, so budget
 * panels and recordings exist from the first request.
 */
export function requestRatio(stack: ResolvedStack, service: ResolvedService, window: string, matcher: string): string {
  const total = requestRate(stack, service, window);
  return `(${requestRate(stack, service, window, matcher)} or 0 * ${total}) / ${total}`;
}

/**
 * The `le` matcher of the histogram bucket at `seconds`. Clients format bounds
 * differently (Go `1`, Python `1.0`; Prometheus 3 normalizes), so a whole
 * number matches both. The threshold must be one of the histogram's bucket
 * boundaries: there is no bucket to count from otherwise.
 */
export function bucketMatcher(seconds: number): string {
  const text = String(seconds);
  return re('le', Number.isInteger(seconds) ? `${text}([.]0)?` : text.replace('.', '[.]'));
}

/** The `quantile` latency over `window`, from the duration histogram. */
export function latencyQuantile(stack: ResolvedStack, service: ResolvedService, quantile: number, window: string): string {
  return `histogram_quantile(${quantile}, sum by (namespace, service, le) (rate(${selector(`${service.requestMetrics.duration}_bucket`, ...serviceMatchers(stack, service))}[${window}])))`;
}
