/**
 * Application alerts: the request alerts of every service with metrics (server
 * errors, rate limiting), then each service's own `alerts` (the guides' rules),
 * scoped to the stack's namespace.
 */
import type { ResolvedService, ResolvedStack } from '../core/resolve';
import { num, scopeToNamespace } from './promql';
import { errorMatcher, isGrpc, rateLimitedMatcher, requestRatio, servesRequests } from './requests';
import { type AlertingRule, alertingRule, standardAlert } from './rules';
import { DEFAULT_ALERT_FOR, RATE_WINDOW, REQUEST_THRESHOLDS } from './settings';

/** Server-error and rate-limit alerts of one service, from its request metrics. */
export function requestAlerts(stack: ResolvedStack, service: ResolvedService): AlertingRule[] {
  const grpc = isGrpc(service);
  const errors = grpc ? 'gRPC server errors' : 'HTTP 5xx';
  const limited = grpc ? 'RESOURCE_EXHAUSTED' : 'HTTP 429';
  return [
    standardAlert(stack, 'RequestErrorRateHigh', {
      service: service.name,
      expr: `${requestRatio(stack, service, RATE_WINDOW, errorMatcher(service))} > ${num(REQUEST_THRESHOLDS.errorRatio)}`,
      summary: `${service.name}: more than ${num(REQUEST_THRESHOLDS.errorRatio * 100)}% of requests fail`,
      description: `{{ $value | humanizePercentage }} of ${service.name}'s requests end in ${errors} (${service.requestMetrics.requests}). Check its logs, recent rollouts and dependencies.`,
    }),
    standardAlert(stack, 'RateLimitTriggered', {
      service: service.name,
      expr: `${requestRatio(stack, service, RATE_WINDOW, rateLimitedMatcher(service))} > ${num(REQUEST_THRESHOLDS.rateLimitedRatio)}`,
      summary: `${service.name}: clients are being rate limited`,
      description: `{{ $value | humanizePercentage }} of ${service.name}'s requests are refused with ${limited}: a client exceeds its limit, or the limit is too low for the traffic.`,
    }),
  ];
}

/** A service's own alerts, scoped to the stack's namespace and labelled with the service. */
export function serviceAlerts(stack: ResolvedStack, service: ResolvedService): AlertingRule[] {
  return service.alerts.map((a) =>
    alertingRule(stack, {
      name: a.name,
      expr: scopeToNamespace(a.expr, stack.namespace),
      for: a.for ?? DEFAULT_ALERT_FOR,
      severity: a.severity,
      summary: a.summary,
      description: a.description,
      service: service.name,
    }),
  );
}

/** The application alerts of the stack: request alerts of the services that serve requests, then every service's own. */
export function applicationAlerts(stack: ResolvedStack): AlertingRule[] {
  return [
    ...stack.services.filter(servesRequests).flatMap((s) => requestAlerts(stack, s)),
    ...stack.services.flatMap((s) => serviceAlerts(stack, s)),
  ];
}
