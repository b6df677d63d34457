/**
 * Scraping: a ServiceMonitor for each server with a metrics endpoint (it
 * selects the server's Service), a PodMonitor for each worker with one (a
 * worker has no Service). Both carry the Prometheus selector labels so that
 * kube-prometheus-stack picks them up, and relabel every target with
 * `namespace`, `pod` and `service` (the service's name), the labels the
 * rules and dashboards select on.
 */
import type { Construct } from 'constructs';
import { type ResolvedService, type ResolvedStack } from '../core/resolve';
import { EXPORTER_PORT_NAME } from '../core/exporters';
import {
  type PodMonitorSpecPodMetricsEndpoints,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction,
  PodMonitorSpecPodMetricsEndpointsScheme,
  ServiceMonitorSpecEndpointsRelabelingsAction,
  ServiceMonitorSpecEndpointsScheme,
} from '../imports/monitoring.coreos.com';
import { PodMonitor, ServiceMonitor } from '../k8s/api-object';
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
  return [...discoveryRelabelings(), { action: 'replace', targetLabel: 'service', replacement: service.name }];
}

/** `namespace` and `pod` from discovery. */
function discoveryRelabelings(): Relabeling[] {
  return [
    { action: 'replace', sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
    { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' },
  ];
}

/** Where a monitor scrapes: a port by name, the path and the interval. */
interface Endpoint {
  readonly port: string;
  readonly path: string;
  readonly interval: string;
}

/**
 * Relabellings as a generated class takes them: mutable arrays, and the `replace` of its own enum (ServiceMonitor
 * and PodMonitor each have one, of the same values).
 */
function relabel<A>(relabelings: readonly Relabeling[], replace: A) {
  return relabelings.map((r) => ({ ...r, action: replace, sourceLabels: r.sourceLabels && [...r.sourceLabels] }));
}

/** A PodMonitor's endpoint: over HTTP, with the given relabellings. */
function podEndpoint(e: Endpoint, relabelings: readonly Relabeling[]): PodMonitorSpecPodMetricsEndpoints {
  return {
    port: e.port,
    path: e.path,
    interval: e.interval,
    scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
    relabelings: relabel(relabelings, PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE),
  };
}

/** The kind of monitor a service gets: none without a metrics endpoint, a PodMonitor for a worker, a ServiceMonitor for a server. */
export function monitorKind(service: ResolvedService): 'ServiceMonitor' | 'PodMonitor' | undefined {
  if (!service.metrics) return undefined;
  return service.role === 'worker' ? 'PodMonitor' : 'ServiceMonitor';
}

/** Creates the ServiceMonitor or PodMonitor (monitoring.coreos.com/v1) of a service with a metrics endpoint. */
export function serviceMonitor(
  scope: Construct,
  id: string,
  stack: ResolvedStack,
  service: ResolvedService,
): ServiceMonitor | PodMonitor | undefined {
  const kind = monitorKind(service);
  if (!kind) return undefined;
  const m = service.metrics!;
  const metadata = { name: monitoringNames.monitor(service.name), namespace: stack.namespace, labels: monitoringLabels(stack) };
  const common = {
    selector: { matchLabels: selectorLabels(stack.name, service.name) },
    namespaceSelector: { matchNames: [stack.namespace] },
  };
  if (kind === 'PodMonitor') {
    return new PodMonitor(scope, id, { metadata, spec: { ...common, podMetricsEndpoints: [podEndpoint(m, targetRelabelings(service))] } });
  }
  return new ServiceMonitor(scope, id, {
    metadata,
    spec: {
      ...common,
      endpoints: [
        {
          port: m.port,
          path: m.path,
          interval: m.interval,
          scheme: ServiceMonitorSpecEndpointsScheme.HTTP,
          relabelings: relabel(targetRelabelings(service), ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE),
        },
      ],
    },
  });
}

/**
 * Creates the PodMonitor of a datastore exporter (`name`, lib/k8s/datastore-exporter.ts): its series get the
 * stack's `namespace` and the exporter's `pod`, and no `service` (they are about the datastore, not a service).
 */
export function exporterMonitor(scope: Construct, id: string, stack: ResolvedStack, name: string): PodMonitor {
  return new PodMonitor(scope, id, {
    metadata: { name: monitoringNames.monitor(name), namespace: stack.namespace, labels: monitoringLabels(stack) },
    spec: {
      selector: { matchLabels: selectorLabels(stack.name, name) },
      namespaceSelector: { matchNames: [stack.namespace] },
      podMetricsEndpoints: [
        podEndpoint({ port: EXPORTER_PORT_NAME, path: '/metrics', interval: stack.monitoring.scrapeInterval }, discoveryRelabelings()),
      ],
    },
  });
}
