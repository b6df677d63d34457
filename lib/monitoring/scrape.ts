/**
 * Scraping: a ServiceMonitor for each server with a metrics endpoint (it
 * selects the server's Service), a PodMonitor for each worker with one (a
 * worker has no Service). Both carry the Prometheus selector labels so that
 * kube-prometheus-stack picks them up, and relabel every target with
 * `namespace`, `pod` and `service` (the service's name), the labels the
 * rules and dashboards select on.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedService, ResolvedStack } from '../core/defaults';
import { selectorLabels } from '../k8s/labels';
import { monitoringNames } from './names';
import { monitoringLabels } from './prometheus-rule';

/** A Prometheus relabelling. */
export interface Relabeling {
  readonly action: 'replace';
  readonly sourceLabels?: readonly string[];
  readonly targetLabel: string;
  readonly replacement?: string;
}

/** The relabellings of a service's targets: `namespace` and `pod` from discovery, `service` fixed to the service's name. */
export function targetRelabelings(service: ResolvedService): Relabeling[] {
  return [
    { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
    { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' },
    { action: 'replace', targetLabel: 'service', replacement: service.name },
  ];
}

/** The endpoint a monitor scrapes: the metrics port by name, path and interval. */
function endpoint(service: ResolvedService): Record<string, unknown> {
  const m = service.metrics!;
  return { port: m.port, path: m.path, interval: m.interval, scheme: 'http', relabelings: targetRelabelings(service) };
}

/** The kind of monitor a service gets: none without a metrics endpoint, a PodMonitor for a worker, a ServiceMonitor for a server. */
export function monitorKind(service: ResolvedService): 'ServiceMonitor' | 'PodMonitor' | undefined {
  if (!service.metrics) return undefined;
  return service.role === 'worker' ? 'PodMonitor' : 'ServiceMonitor';
}

/** Creates the ServiceMonitor or PodMonitor (monitoring.coreos.com/v1) of a service with a metrics endpoint. */
export function serviceMonitor(scope: Construct, id: string, stack: ResolvedStack, service: ResolvedService): ApiObject | undefined {
  const kind = monitorKind(service);
  if (!kind) return undefined;
  const common = {
    selector: { matchLabels: selectorLabels(stack.name, service.name) },
    namespaceSelector: { matchNames: [stack.namespace] },
  };
  return new ApiObject(scope, id, {
    apiVersion: 'monitoring.coreos.com/v1',
    kind,
    metadata: { name: monitoringNames.monitor(service.name), namespace: stack.namespace, labels: monitoringLabels(stack) },
    spec:
      kind === 'ServiceMonitor' ? { ...common, endpoints: [endpoint(service)] } : { ...common, podMetricsEndpoints: [endpoint(service)] },
  });
}
