/** Scraping and alerts of the NATS cluster: a PodMonitor on the exporter, and a PrometheusRule. */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedStack } from '../core/defaults';
import { selectorLabels, stackLabels } from '../k8s/labels';
import { NATS_NAME } from '../k8s/nats-address';
import { withInterval } from '../monitoring/rules';
import { ROUTE_POOL_SIZE } from './config';

/** Alerting thresholds of the NATS rules. */
export const NATS_ALERT_THRESHOLDS = {
  /** Share of the JetStream file store in use. */
  storageRatio: 0.8,
  /** Messages waiting for a consumer. */
  consumerPending: 10000,
  /** Redeliveries of a consumer over 10 minutes. */
  redeliveries: 100,
} as const;

/** One Prometheus alerting rule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  /** `namespace` is set on alerts whose expression aggregates it away, so routing by namespace still works. */
  readonly labels: { readonly severity: 'critical' | 'warning' | 'info'; readonly namespace?: string };
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** The alerts of a stack's NATS cluster. */
export function natsAlerts(stack: ResolvedStack): AlertRule[] {
  const n = stack.nats!;
  const sel = `namespace="${stack.namespace}", pod=~"${NATS_NAME}-[0-9]+"`;
  const quorum = Math.floor(n.replicas / 2) + 1;
  const t = NATS_ALERT_THRESHOLDS;
  return [
    {
      alert: 'NatsJetStreamStorageNearLimit',
      expr: `gnatsd_varz_jetstream_stats_storage{${sel}} / gnatsd_varz_jetstream_config_max_storage{${sel}} > ${t.storageRatio}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'JetStream storage is nearly full',
        description: `{{ $labels.pod }} uses more than ${t.storageRatio * 100}% of its JetStream file store; streams will start discarding or rejecting messages.`,
      },
    },
    {
      alert: 'NatsQuorumLost',
      expr: `(count(gnatsd_healthz_status{${sel}} == 0) or vector(0)) < ${quorum}`,
      for: '2m',
      labels: { severity: 'critical', namespace: stack.namespace },
      annotations: {
        summary: 'NATS JetStream has lost quorum',
        description: `Fewer than ${quorum} of ${n.replicas} NATS servers are healthy: replicated streams cannot accept writes.`,
      },
    },
    {
      alert: 'NatsRouteDisconnected',
      expr: `gnatsd_varz_routes{${sel}} < ${(n.replicas - 1) * ROUTE_POOL_SIZE}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A NATS server lost a cluster route',
        description: `{{ $labels.pod }} has {{ $value }} route connections, expected ${(n.replicas - 1) * ROUTE_POOL_SIZE}.`,
      },
    },
    {
      alert: 'NatsConsumerLagHigh',
      expr: `jetstream_consumer_num_pending{${sel}} > ${t.consumerPending}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A JetStream consumer is falling behind',
        description: `Consumer {{ $labels.consumer_name }} of stream {{ $labels.stream_name }} has {{ $value }} pending messages.`,
      },
    },
    {
      alert: 'NatsConsumerRedeliveries',
      expr: `increase(jetstream_consumer_num_redelivered{${sel}}[10m]) > ${t.redeliveries}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A JetStream consumer keeps redelivering',
        description: `Consumer {{ $labels.consumer_name }} redelivered {{ $value }} messages in 10 minutes: its handler fails or exceeds the ack wait.`,
      },
    },
  ];
}

/** Creates the PodMonitor of the exporter and the PrometheusRule of the alerts. */
export function natsMonitoring(scope: Construct, stack: ResolvedStack): ApiObject[] {
  const labels = { ...stackLabels(stack.name), ...stack.monitoring.prometheusSelector };
  return [
    new ApiObject(scope, 'PodMonitor', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: NATS_NAME, namespace: stack.namespace, labels },
      spec: {
        selector: { matchLabels: selectorLabels(stack.name, NATS_NAME) },
        podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    }),
    new ApiObject(scope, 'Rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: NATS_NAME, namespace: stack.namespace, labels },
      spec: { groups: withInterval(stack, [{ name: `${stack.name}.nats`, rules: natsAlerts(stack) }]) },
    }),
  ];
}
