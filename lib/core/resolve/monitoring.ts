/** The defaults of the stack's monitoring: where Prometheus finds its objects, the thresholds, routing and tracing. */
import type { AlertThresholds, MonitoringSpec } from '../spec/monitoring';
import { DEFAULTS } from './defaults';
import { overDefaults } from './merge';
import type { ResolvedStack } from './types';

/** Monitoring with every default applied. */
export function resolveMonitoring(mon: MonitoringSpec | undefined): ResolvedStack['monitoring'] {
  const d = DEFAULTS.monitoring;
  return {
    prometheusSelector: mon?.prometheusSelector ?? d.prometheusSelector,
    namespace: mon?.namespace ?? d.namespace,
    tracing: mon?.tracing && { endpoint: mon.tracing.endpoint, sampleRatio: mon.tracing.sampleRatio ?? d.sampleRatio },
    thresholds: overDefaults<Required<AlertThresholds>>(d.thresholds, mon?.thresholds),
    alerting: mon?.alerting && {
      ...mon.alerting,
      warning: mon.alerting.warning ?? mon.alerting.critical,
      groupBy: mon.alerting.groupBy ?? d.groupBy,
    },
    runbookBaseUrl: mon?.runbookBaseUrl,
    grafanaDashboardLabels: mon?.grafanaDashboardLabels ?? d.grafanaDashboardLabels,
    ruleInterval: mon?.ruleInterval,
    scrapeInterval: d.interval,
  };
}
