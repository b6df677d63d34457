/** Scraping and alerts of the NATS cluster: a PodMonitor on the exporter, and a PrometheusRule. */
import type { Construct } from 'constructs';
import { natsRouteConnections } from '../core/nats-routes';
import type { ResolvedStack } from '../core/resolve';
import { PodMonitor, type PrometheusRule } from '../k8s/api-object';
import { selectorLabels } from '../k8s/labels';
import { NATS_NAME } from '../k8s/nats-address';
import { monitoringLabels, ruleObject } from './prometheus-rule';
import { type AlertInput, type AlertingRule, alertingRule } from './rules';

/** Alerting thresholds of the NATS rules. */
export const NATS_ALERT_THRESHOLDS = {
  /** Share of the JetStream file store in use. */
  storageRatio: 0.8,
  /** Messages waiting for a consumer. */
  consumerPending: 10000,
  /** Messages a consumer has delivered more than once and that are still unacknowledged, for 10 minutes. */
  redeliveries: 100,
} as const;

/**
 * The alerts of a stack's NATS cluster, built as every alert of the stack is (`alertingRule`: `severity`,
 * `namespace`, the runbook link). `jetstream_consumer_num_redelivered` is a gauge (prometheus-nats-exporter reads
 * the consumer's `num_redelivered`: messages redelivered and not yet acknowledged), so its alert reads the level: an
 * `increase()` of it stays at zero while 500 messages stay stuck.
 */
export function natsAlerts(stack: ResolvedStack): AlertingRule[] {
  const n = stack.nats!;
  const sel = `namespace="${stack.namespace}", pod=~"${NATS_NAME}-[0-9]+"`;
  const quorum = Math.floor(n.replicas / 2) + 1;
  const routes = natsRouteConnections(n.replicas);
  const t = NATS_ALERT_THRESHOLDS;
  const alerts: AlertInput[] = [
    {
      name: 'NatsJetStreamStorageNearLimit',
      expr: `gnatsd_varz_jetstream_stats_storage{${sel}} / gnatsd_varz_jetstream_config_max_storage{${sel}} > ${t.storageRatio}`,
      for: '10m',
      severity: 'warning',
      summary: 'JetStream storage is nearly full',
      description: `{{ $labels.pod }} uses more than ${t.storageRatio * 100}% of its JetStream file store; streams will start discarding or rejecting messages.`,
    },
    {
      name: 'NatsQuorumLost',
      expr: `(count(gnatsd_healthz_status{${sel}} == 0) or vector(0)) < ${quorum}`,
      for: '2m',
      severity: 'critical',
      summary: 'NATS JetStream has lost quorum',
      description: `Fewer than ${quorum} of ${n.replicas} NATS servers are healthy: replicated streams cannot accept writes.`,
    },
    {
      name: 'NatsRouteDisconnected',
      expr: `gnatsd_varz_routes{${sel}} < ${routes}`,
      for: '5m',
      severity: 'warning',
      summary: 'A NATS server lost a cluster route',
      description: `{{ $labels.pod }} has {{ $value }} route connections, expected ${routes}.`,
    },
    {
      name: 'NatsConsumerLagHigh',
      expr: `jetstream_consumer_num_pending{${sel}} > ${t.consumerPending}`,
      for: '10m',
      severity: 'warning',
      summary: 'A JetStream consumer is falling behind',
      description: `Consumer {{ $labels.consumer_name }} of stream {{ $labels.stream_name }} has {{ $value }} pending messages.`,
    },
    {
      name: 'NatsConsumerRedeliveries',
      expr: `jetstream_consumer_num_redelivered{${sel}} > ${t.redeliveries}`,
      for: '10m',
      severity: 'warning',
      summary: 'A JetStream consumer keeps redelivering',
      description: `Consumer {{ $labels.consumer_name }} has {{ $value }} redelivered messages not yet acknowledged: its handler fails or exceeds the ack wait.`,
    },
  ];
  return alerts.map((a) => alertingRule(stack, a));
}

/** Creates the PodMonitor of the exporter and the PrometheusRule of the alerts. */
export function natsMonitoring(scope: Construct, stack: ResolvedStack): [PodMonitor, PrometheusRule] {
  return [
    new PodMonitor(scope, 'PodMonitor', {
      metadata: { name: NATS_NAME, namespace: stack.namespace, labels: monitoringLabels(stack) },
      spec: {
        selector: { matchLabels: selectorLabels(stack.name, NATS_NAME) },
        podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: stack.monitoring.scrapeInterval }],
      },
    }),
    ruleObject(scope, 'Rules', stack, NATS_NAME, [{ name: `${stack.name}.nats`, rules: natsAlerts(stack) }]),
  ];
}
