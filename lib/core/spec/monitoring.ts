/** Prometheus Operator, alerting and tracing settings for the stack. */
import type { SecretKeyRef } from './service';

export interface MonitoringSpec {
  /**
   * Labels the Prometheus instance selects ServiceMonitors, PodMonitors and rules by.
   * @default { release: 'kube-prometheus-stack' }
   */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
  /**
   * Namespace of the Prometheus that scrapes the stack (admitted by NetworkPolicy).
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * OpenTelemetry traces: OTLP endpoint and sampling ratio, injected as `OTEL_*` variables.
   * @default - no tracing
   */
  readonly tracing?: TracingSpec;
  /**
   * Thresholds of the standard alerts.
   * @default - see {@link AlertThresholds}
   */
  readonly thresholds?: AlertThresholds;
  /**
   * Where alerts go, by severity. Credentials come from the stack's secrets.
   * @default - no AlertmanagerConfig (alerts reach only the cluster's default route)
   */
  readonly alerting?: AlertRoutingSpec;
  /**
   * Base URL of the runbooks; each alert links to `<base>#<alert name in lower case>`.
   * @default - alerts carry no runbook URL
   */
  readonly runbookBaseUrl?: string;
  /**
   * How often Prometheus evaluates the stack's rule groups (each group's `interval`), e.g. `15s`.
   * @default - the Prometheus's global evaluation interval (30s in kube-prometheus-stack)
   */
  readonly ruleInterval?: string;
  /**
   * Labels of the ConfigMaps the Grafana sidecar loads dashboards from.
   * @default { grafana_dashboard: '1' }
   */
  readonly grafanaDashboardLabels?: Readonly<Record<string, string>>;
}

/** OpenTelemetry tracing. */
export interface TracingSpec {
  /** OTLP gRPC endpoint, e.g. `http://otel-collector.observability:4317`. */
  readonly endpoint: string;
  /**
   * Fraction of traces sampled, 0 to 1.
   * @default 0.1
   */
  readonly sampleRatio?: number;
}

/** Thresholds of the standard workload and datastore alerts. */
export interface AlertThresholds {
  /**
   * Memory working set over the limit that warns.
   * @default 0.9
   */
  readonly memoryRatio?: number;
  /**
   * Share of CPU periods throttled that warns.
   * @default 0.25
   */
  readonly cpuThrottlingRatio?: number;
  /**
   * Share of a volume in use that warns.
   * @default 0.85
   */
  readonly volumeUsageRatio?: number;
  /**
   * Days before a TLS certificate expires that warns.
   * @default 14
   */
  readonly certificateExpiryDays?: number;
  /**
   * Share of PostgreSQL's max_connections in use that warns (pool exhaustion).
   * @default 0.8
   */
  readonly postgresConnectionRatio?: number;
  /**
   * Seconds of replication lag that warns.
   * @default 30
   */
  readonly replicationLagSeconds?: number;
  /**
   * Share of Redis maxmemory in use that warns.
   * @default 0.9
   */
  readonly redisMemoryRatio?: number;
}

/** One receiver of alerts. */
export type ReceiverSpec =
  | { readonly type: 'pagerduty'; readonly routingKey: SecretKeyRef }
  | { readonly type: 'slack'; readonly webhookUrl: SecretKeyRef; readonly channel: string }
  | { readonly type: 'msteams'; readonly webhookUrl: SecretKeyRef }
  | { readonly type: 'webhook'; readonly url: SecretKeyRef };

/** Routing of the stack's alerts: critical pages, warnings notify; criticals inhibit warnings of the same alert. */
export interface AlertRoutingSpec {
  /** Receivers of `severity: critical` (pages). */
  readonly critical: readonly ReceiverSpec[];
  /**
   * Receivers of `severity: warning`.
   * @default - the critical receivers
   */
  readonly warning?: readonly ReceiverSpec[];
  /**
   * Labels alerts are grouped by.
   * @default ['alertname', 'service']
   */
  readonly groupBy?: readonly string[];
  /**
   * Weekly windows (UTC) in which warnings are muted, e.g. `{ weekdays: ['saturday', 'sunday'] }`.
   * @default - never muted
   */
  readonly muteWarnings?: readonly MuteWindow[];
}

/** A weekly window. */
export interface MuteWindow {
  /**
   * Days, e.g. `monday`, `monday:friday`; a range runs from Sunday to Saturday, as Alertmanager reads it (the weekend
   * is `['saturday', 'sunday']`, not `saturday:sunday`, which Alertmanager refuses).
   */
  readonly weekdays?: readonly string[];
  /**
   * Times of day (UTC), `HH:MM` to `HH:MM`, the end after the start (`24:00` for midnight): a window across midnight
   * is two, `22:00`-`24:00` and `00:00`-`06:00`.
   */
  readonly times?: readonly { readonly start: string; readonly end: string }[];
}

/** Service level objectives of one service, computed from its request metrics. */
export interface SloSpec {
  /**
   * Availability objective in percent over the window, e.g. 99.9 (less than 100).
   * @default - no availability objective
   */
  readonly availability?: number;
  /**
   * Latency objective: `percent` of requests faster than `thresholdSeconds`, e.g. p95 < 0.5 s.
   * @default - no latency objective
   */
  readonly latency?: { readonly thresholdSeconds: number; readonly percent: number };
  /**
   * Length of the SLO window in days.
   * @default 30
   */
  readonly windowDays?: number;
}

/** How a service exposes its request metrics (the Prometheus client conventions by default). */
export interface RequestMetricsSpec {
  /**
   * Counter of requests with a status label.
   * @default 'http_requests_total'
   */
  readonly requests?: string;
  /**
   * Histogram of request durations in seconds.
   * @default 'http_request_duration_seconds'
   */
  readonly duration?: string;
  /**
   * Label holding the HTTP status code.
   * @default 'code'
   */
  readonly statusLabel?: string;
  /**
   * The duration histogram's bucket boundaries (`le`), in seconds, as the application's client library
   * declares them. A latency SLO's `thresholdSeconds` must be one of them: its rules count the requests in
   * that bucket, and a threshold between boundaries would match no series.
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] (the Prometheus client libraries' default buckets)
   */
  readonly buckets?: readonly number[];
}

/** An application alert a guide names, written in PromQL. */
export interface AlertSpec {
  /** Alert name, in UpperCamelCase. */
  readonly name: string;
  /** PromQL expression; the alert fires while it returns series. */
  readonly expr: string;
  /**
   * How long the expression must hold, e.g. `5m`.
   * @default '5m'
   */
  readonly for?: string;
  /** Severity. */
  readonly severity: 'critical' | 'warning' | 'info';
  /** One-line summary. */
  readonly summary: string;
  /** What it means and where to look; may use `{{ $value }}` and `{{ $labels.x }}`. */
  readonly description: string;
}
